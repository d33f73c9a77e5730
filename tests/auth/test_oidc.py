import pytest

from quartier.auth import Role
from quartier.auth.oidc import OidcMapping, role_from_claims, sign_in
from quartier.errors import PermissionDenied, ValidationError

SECTION = {
    "role_claim": "groups",
    "roles": {"qm-nord": "coordinator", "ag": "member", "it": "admin"},
    "quartiere": {"qm-nord": ["nord"], "ag": ["nord", "sued"]},
}


def test_mapping_from_secrets_and_highest_role_wins():
    mapping = OidcMapping.from_secrets(SECTION)
    assert role_from_claims({"groups": ["ag", "qm-nord"]}, mapping) is Role.COORDINATOR
    assert role_from_claims({"groups": "it"}, mapping) is Role.ADMIN
    assert role_from_claims({"groups": ["gäste"]}, mapping) is None
    assert role_from_claims({}, mapping) is None


def test_unknown_role_in_secrets_is_named():
    with pytest.raises(ValidationError, match="„chef“ ist keine Rolle"):
        OidcMapping.from_secrets({"roles": {"x": "chef"}})
    with pytest.raises(ValidationError):
        OidcMapping.from_secrets({"roles": {"x": "resident"}})


def test_sign_in_creates_then_updates_the_account(world):
    mapping = OidcMapping.from_secrets(SECTION)
    claims = {"sub": "abc", "email": "Kim.Weber@stadt.example", "name": "Kim", "groups": ["ag"]}
    user = sign_in(world.db, "https://idp", "abc", claims, mapping)
    assert (user.username, user.role) == ("kim.weber", Role.MEMBER)
    assert user.quartier_ids == {world.nord.id, world.sued.id}
    again = sign_in(world.db, "https://idp", "abc", {**claims, "groups": ["qm-nord"]}, mapping)
    assert again.id == user.id and again.role is Role.COORDINATOR
    assert again.quartier_ids == {world.nord.id}


def test_sign_in_without_mapped_role_is_refused(world):
    mapping = OidcMapping.from_secrets(SECTION)
    with pytest.raises(PermissionDenied) as err:
        sign_in(world.db, "https://idp", "zzz", {"groups": ["gäste"]}, mapping)
    assert err.value.code == "oidc_no_role"

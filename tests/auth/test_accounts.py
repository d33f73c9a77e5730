import pytest

from quartier.auth import Role, sessions
from quartier.auth import accounts as acc
from quartier.errors import PermissionDenied, ValidationError
from tests.conftest import PASSWORD


def test_admin_creates_member_with_quartiere(world):
    user = acc.create_user(
        world.db, world.admin, " Neu.Mitglied ", PASSWORD, Role.MEMBER, "Nia Neu", [world.nord.id]
    )
    assert user.username == "neu.mitglied"
    assert user.role is Role.MEMBER
    assert user.quartier_ids == {world.nord.id}
    with world.db.read() as cur:
        stored = cur.execute("SELECT password_hash FROM users WHERE id = ?", [user.id]).fetchone()[
            0
        ]
    assert stored.startswith("$argon2id$")


@pytest.mark.parametrize("by", ["coordinator", "member"])
def test_only_admins_manage_accounts(world, by):
    with pytest.raises(PermissionDenied):
        acc.create_user(world.db, getattr(world, by), "neu", PASSWORD, Role.MEMBER)
    with pytest.raises(PermissionDenied):
        acc.list_accounts(world.db, getattr(world, by))


def test_duplicate_and_malformed_usernames_are_named(world):
    with pytest.raises(ValidationError) as err:
        acc.create_user(world.db, world.admin, "Koordination", PASSWORD, Role.MEMBER)
    assert "„koordination“ gibt es schon" in err.value.message
    with pytest.raises(ValidationError) as err:
        acc.create_user(world.db, world.admin, "<b>x</b>", PASSWORD, Role.MEMBER)
    assert err.value.field == "username" and "<b>x</b>" in err.value.message


def test_nothing_is_stored_when_a_quartier_is_unknown(world):
    with pytest.raises(ValidationError):
        acc.create_user(world.db, world.admin, "neu", PASSWORD, Role.MEMBER, "", [999])
    assert "neu" not in {a.username for a in acc.list_accounts(world.db, world.admin)}


def test_deactivation_ends_sessions_and_protects_the_last_admin(world):
    token = sessions.start_session(world.db, world.coordinator.id)
    acc.set_active(world.db, world.admin, world.coordinator.id, False)
    assert sessions.user_for_token(world.db, token) is None
    with pytest.raises(ValidationError, match="eigenes Konto"):
        acc.set_active(world.db, world.admin, world.admin.id, False)
    with pytest.raises(ValidationError, match="letzte aktive Admin-Konto"):
        acc.update_account(world.db, world.admin, world.admin.id, role=Role.MEMBER, quartier_ids=[])
    assert acc.set_active(world.db, world.admin, world.coordinator.id, True).is_active


def test_reset_password_replaces_it_and_logs_out(world):
    token = sessions.start_session(world.db, world.member.id)
    acc.reset_password(world.db, world.admin, world.member.id, "Neues-Passwort-77")
    assert sessions.user_for_token(world.db, token) is None
    assert sessions.log_in(world.db, "mitglied", "Neues-Passwort-77", client="t").user


def test_update_account_changes_role_and_quartiere(world):
    user = acc.update_account(
        world.db, world.admin, world.member.id, role=Role.COORDINATOR,
        quartier_ids=[world.nord.id, world.sued.id], display_name="  Mo   Neu ",
    )  # fmt: skip
    assert user.role is Role.COORDINATOR
    assert user.quartier_ids == {world.nord.id, world.sued.id}
    assert user.display_name == "Mo Neu"


def test_first_admin_only_once(db):
    assert acc.needs_onboarding(db)
    acc.create_first_admin(db, "chefin", PASSWORD)
    assert not acc.needs_onboarding(db)
    with pytest.raises(PermissionDenied) as err:
        acc.create_first_admin(db, "zweite", PASSWORD)
    assert err.value.code == "already_onboarded"


def test_change_own_password_needs_the_old_one(world):
    with pytest.raises(ValidationError, match="bisherige Passwort"):
        acc.change_own_password(world.db, world.member, "falsch-falsch-1", "Neues-Passwort-77")
    acc.change_own_password(world.db, world.member, PASSWORD, "Neues-Passwort-77")
    assert sessions.log_in(world.db, "mitglied", "Neues-Passwort-77", client="t").user

"""Optional single sign-on through an OpenID Connect provider (Streamlit's ``st.login``).

The provider says who someone is; this module decides what role they get, from a
claim such as ``groups`` or ``roles`` and a mapping configured in ``secrets.toml``::

    [quartier_oidc]
    role_claim = "groups"
    [quartier_oidc.roles]
    "quartier-admins" = "admin"
    "quartiersbuero" = "coordinator"
    "ag-mitglieder" = "member"
    [quartier_oidc.quartiere]
    "quartiersbuero" = ["musterviertel"]

Someone whose claims map to no role is refused; the highest mapped role wins.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from quartier.auth.accounts import create_user_in, load_user, replace_quartiers_in
from quartier.auth.permissions import ACCOUNT_ROLES, Role, User
from quartier.errors import PermissionDenied, ValidationError
from quartier.storage import Database

_RANK = {role: i for i, role in enumerate(ACCOUNT_ROLES)}


@dataclass(frozen=True)
class OidcMapping:
    role_claim: str = "groups"
    roles: Mapping[str, Role] = field(default_factory=dict)
    quartiere: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_secrets(cls, section: Mapping[str, Any]) -> OidcMapping:
        """Read the ``[quartier_oidc]`` section; ValidationError names a bad role."""
        roles: dict[str, Role] = {}
        for value, role in dict(section.get("roles", {})).items():
            try:
                roles[str(value)] = Role(str(role))
            except ValueError as exc:
                raise ValidationError(
                    "errors.oidc_role_unknown", field="roles", value=role
                ) from exc
            if roles[str(value)] not in ACCOUNT_ROLES:
                raise ValidationError("errors.oidc_role_unknown", field="roles", value=role)
        quartiere = {
            str(k): tuple(str(s) for s in v) for k, v in dict(section.get("quartiere", {})).items()
        }
        return cls(str(section.get("role_claim", "groups")), roles, quartiere)


def _claim_values(claims: Mapping[str, Any], claim: str) -> list[str]:
    value = claims.get(claim)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def role_from_claims(claims: Mapping[str, Any], mapping: OidcMapping) -> Role | None:
    """The highest role any claim value maps to, or ``None``.

    >>> m = OidcMapping("groups", {"qm": Role.COORDINATOR, "it": Role.ADMIN})
    >>> role_from_claims({"groups": ["qm", "it"]}, m)
    <Role.ADMIN: 'admin'>
    >>> role_from_claims({"groups": "qm"}, m)
    <Role.COORDINATOR: 'coordinator'>
    >>> role_from_claims({"groups": ["gast"]}, m) is None
    True
    """
    found = [
        mapping.roles[v] for v in _claim_values(claims, mapping.role_claim) if v in mapping.roles
    ]
    return max(found, key=lambda r: _RANK[r]) if found else None


def quartier_slugs_from_claims(claims: Mapping[str, Any], mapping: OidcMapping) -> set[str]:
    """Slugs of the Quartiere the claim values grant.

    >>> m = OidcMapping("groups", {}, {"qm": ("nord", "sued")})
    >>> sorted(quartier_slugs_from_claims({"groups": ["qm"]}, m))
    ['nord', 'sued']
    """
    slugs: set[str] = set()
    for value in _claim_values(claims, mapping.role_claim):
        slugs.update(mapping.quartiere.get(value, ()))
    return slugs


def _username_for(claims: Mapping[str, Any], subject: str) -> str:
    base = str(claims.get("preferred_username") or claims.get("email") or subject)
    base = re.sub(r"[^a-z0-9._-]", "-", base.split("@")[0].lower()).strip("-._") or "sso"
    return (base + "-sso")[:40] if len(base) < 3 else base[:40]


def sign_in(
    db: Database, issuer: str, subject: str, claims: Mapping[str, Any], mapping: OidcMapping
) -> User:
    """Find or create the account for an OIDC identity; role and Quartiere follow the
    claims on every login. Raises PermissionDenied when no claim maps to a role."""
    role = role_from_claims(claims, mapping)
    if role is None:
        raise PermissionDenied("errors.oidc_no_role", code="oidc_no_role")
    slugs = sorted(quartier_slugs_from_claims(claims, mapping))
    with db.transaction() as cur:
        ids = [
            int(r[0])
            for r in cur.execute(
                "SELECT id FROM quartiers WHERE slug IN (SELECT unnest(?))", [slugs]
            ).fetchall()
        ]
        row = cur.execute(
            "SELECT user_id FROM user_identities WHERE issuer = ? AND subject = ?",
            [issuer, subject],
        ).fetchone()
        if row is None:
            name = _username_for(claims, subject)
            suffix = 1
            candidate = name
            while cur.execute("SELECT 1 FROM users WHERE username = ?", [candidate]).fetchone():
                suffix += 1
                candidate = f"{name[:36]}-{suffix}"
            user = create_user_in(cur, candidate, None, role, str(claims.get("name", "")), ids)
            cur.execute("INSERT INTO user_identities VALUES (?, ?, ?)", [issuer, subject, user.id])
            return user
        user_id = int(row[0])
        cur.execute("UPDATE users SET role = ? WHERE id = ?", [role.value, user_id])
        replace_quartiers_in(cur, user_id, ids)
        user_or_none = load_user(cur, user_id)
    if user_or_none is None or not user_or_none.is_active:
        raise PermissionDenied("errors.account_inactive", code="account_inactive")
    return user_or_none

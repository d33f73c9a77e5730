"""Accounts of working-group members, coordinators and admins.

Residents never have an account. Every function here that changes an account takes
the acting user ``by`` and checks :func:`can` itself, so no page can forget it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from quartier.auth.passwords import check_password_rule, hash_password, verify_password
from quartier.auth.permissions import ACCOUNT_ROLES, Action, Role, User, can, ensure
from quartier.errors import NotFoundError, PermissionDenied, ValidationError
from quartier.storage import Database
from quartier.storage.db import Cursor

_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{2,39}")


@dataclass(frozen=True)
class Account:
    """One row of the user list an admin sees."""

    id: int
    username: str
    display_name: str
    role: Role
    is_active: bool
    quartier_ids: tuple[int, ...]


def normalise_username(username: str) -> str:
    """Lower-case, trimmed; ValidationError naming the rule when it does not fit.

    >>> normalise_username("  Koordination.Nord ")
    'koordination.nord'
    """
    name = username.strip().lower()
    if not _USERNAME.fullmatch(name):
        raise ValidationError("errors.username_format", field="username", value=username.strip())
    return name


def load_user(cur: Cursor, user_id: int) -> User | None:
    row = cur.execute(
        "SELECT id, username, display_name, role, is_active FROM users WHERE id = ?", [user_id]
    ).fetchone()
    if row is None:
        return None
    quartier_ids = cur.execute(
        "SELECT quartier_id FROM user_quartiers WHERE user_id = ?", [user_id]
    ).fetchall()
    return User(
        id=int(row[0]),
        username=str(row[1]),
        display_name=str(row[2]),
        role=Role(row[3]),
        quartier_ids=frozenset(int(q[0]) for q in quartier_ids),
        is_active=bool(row[4]),
    )


def needs_onboarding(db: Database) -> bool:
    """True while the installation has no active admin: the app then shows onboarding."""
    with db.read() as cur:
        row = cur.execute(
            "SELECT count(*) FROM users WHERE role = 'admin' AND is_active"
        ).fetchone()
    return row is None or int(row[0]) == 0


def _check_quartiers(cur: Cursor, quartier_ids: Iterable[int]) -> list[int]:
    ids = sorted(set(quartier_ids))
    if ids:
        found = cur.execute(
            "SELECT count(*) FROM quartiers WHERE id IN (SELECT unnest(?))", [ids]
        ).fetchone()
        if found is None or int(found[0]) != len(ids):
            raise ValidationError("errors.unknown_quartier", field="quartiers")
    return ids


def replace_quartiers_in(cur: Cursor, user_id: int, quartier_ids: Iterable[int]) -> None:
    """Make ``quartier_ids`` (checked to exist) the Quartiere of ``user_id``."""
    ids = _check_quartiers(cur, quartier_ids)
    cur.execute("DELETE FROM user_quartiers WHERE user_id = ?", [user_id])
    for qid in ids:
        cur.execute("INSERT INTO user_quartiers VALUES (?, ?)", [user_id, qid])


def create_user_in(
    cur: Cursor,
    username: str,
    password: str | None,
    role: Role,
    display_name: str = "",
    quartier_ids: Iterable[int] = (),
) -> User:
    """Insert an account inside an open transaction; ``password=None`` for OIDC-only."""
    name = normalise_username(username)
    if role not in ACCOUNT_ROLES:
        raise ValidationError("errors.role_invalid", field="role")
    display_name = " ".join(display_name.split())
    if len(display_name) > 80:
        raise ValidationError("errors.display_name_long", field="display_name")
    if password is not None:
        check_password_rule(password, name)
    if cur.execute("SELECT 1 FROM users WHERE username = ?", [name]).fetchone():
        raise ValidationError("errors.username_taken", field="username", value=name)
    row = cur.execute(
        "INSERT INTO users (username, display_name, role, password_hash)"
        " VALUES (?, ?, ?, ?) RETURNING id",
        [name, display_name, role.value, hash_password(password) if password else None],
    ).fetchone()
    assert row is not None
    user_id = int(row[0])
    # An unknown Quartier raises here and the caller's transaction drops the new row too.
    replace_quartiers_in(cur, user_id, quartier_ids)
    user = load_user(cur, user_id)
    assert user is not None
    return user


def create_admin(db: Database, username: str, password: str, display_name: str = "") -> User:
    """Create an admin account. For the command line (which has the file anyway) and
    for onboarding; pages use :func:`create_user`."""
    with db.transaction() as cur:
        return create_user_in(cur, username, password, Role.ADMIN, display_name)


def create_first_admin(db: Database, username: str, password: str, display_name: str = "") -> User:
    """Onboarding: create the first admin, refused once an admin exists."""
    with db.transaction() as cur:
        row = cur.execute(
            "SELECT count(*) FROM users WHERE role = 'admin' AND is_active"
        ).fetchone()
        if row is not None and int(row[0]) > 0:
            raise PermissionDenied("errors.already_onboarded", code="already_onboarded")
        return create_user_in(cur, username, password, Role.ADMIN, display_name)


def _require_admin(by: User) -> None:
    if not can(by, Action.MANAGE_USERS):
        raise PermissionDenied("errors.admin_only_accounts")


def create_user(
    db: Database,
    by: User,
    username: str,
    password: str,
    role: Role,
    display_name: str = "",
    quartier_ids: Iterable[int] = (),
) -> User:
    """An admin creates an account for a member, coordinator or admin."""
    _require_admin(by)
    with db.transaction() as cur:
        return create_user_in(cur, username, password, role, display_name, quartier_ids)


def _existing(cur: Cursor, user_id: int) -> User:
    user = load_user(cur, user_id)
    if user is None:
        raise NotFoundError("errors.account_missing", field="user")
    return user


def _other_active_admins(cur: Cursor, user_id: int) -> int:
    row = cur.execute(
        "SELECT count(*) FROM users WHERE role = 'admin' AND is_active AND id <> ?", [user_id]
    ).fetchone()
    return 0 if row is None else int(row[0])


def _revoke_sessions(cur: Cursor, user_id: int) -> None:
    cur.execute(
        "UPDATE auth_sessions SET revoked_at = now() WHERE user_id = ? AND revoked_at IS NULL",
        [user_id],
    )


def set_active(db: Database, by: User, user_id: int, active: bool) -> User:
    """Deactivate (logging the account out everywhere) or reactivate an account."""
    _require_admin(by)
    with db.transaction() as cur:
        target = _existing(cur, user_id)
        if not active:
            if target.id == by.id:
                raise ValidationError("errors.deactivate_self", field="user")
            if target.role is Role.ADMIN and _other_active_admins(cur, user_id) == 0:
                raise ValidationError("errors.last_admin_deactivate", field="user")
            _revoke_sessions(cur, user_id)
        cur.execute("UPDATE users SET is_active = ? WHERE id = ?", [active, user_id])
        return _existing(cur, user_id)


def reset_password(db: Database, by: User, user_id: int, new_password: str) -> User:
    """Set a new password for someone; their open logins end."""
    _require_admin(by)
    if user_id == by.id:
        # Resetting would end the admin's own session before the new password is shown.
        raise ValidationError("errors.reset_self", field="user")
    with db.transaction() as cur:
        target = _existing(cur, user_id)
        check_password_rule(new_password, target.username)
        cur.execute(
            "UPDATE users SET password_hash = ? WHERE id = ?",
            [hash_password(new_password), user_id],
        )
        _revoke_sessions(cur, user_id)
        return target


def update_account(
    db: Database,
    by: User,
    user_id: int,
    *,
    role: Role,
    quartier_ids: Iterable[int],
    display_name: str | None = None,
) -> User:
    """Change role, Quartiere and display name of an account."""
    _require_admin(by)
    if role not in ACCOUNT_ROLES:
        raise ValidationError("errors.role_invalid", field="role")
    with db.transaction() as cur:
        target = _existing(cur, user_id)
        demotes_last_admin = (
            target.role is Role.ADMIN
            and role is not Role.ADMIN
            and _other_active_admins(cur, user_id) == 0
        )
        if demotes_last_admin:
            raise ValidationError("errors.last_admin_role", field="role")
        replace_quartiers_in(cur, user_id, quartier_ids)
        name = target.display_name if display_name is None else " ".join(display_name.split())
        if len(name) > 80:
            raise ValidationError("errors.display_name_long", field="display_name")
        cur.execute(
            "UPDATE users SET role = ?, display_name = ? WHERE id = ?", [role.value, name, user_id]
        )
        return _existing(cur, user_id)


def change_own_password(db: Database, user: User, old_password: str, new_password: str) -> None:
    """A logged-in person changes their own password (the old one is required)."""
    if not can(user, Action.MANAGE_OWN_ACCOUNT) or user.id is None:
        raise PermissionDenied("errors.login_required")
    with db.transaction() as cur:
        row = cur.execute("SELECT password_hash FROM users WHERE id = ?", [user.id]).fetchone()
        if row is None or not verify_password(row[0], old_password):
            raise ValidationError("errors.old_password_wrong", field="old_password")
        check_password_rule(new_password, user.username)
        cur.execute(
            "UPDATE users SET password_hash = ? WHERE id = ?",
            [hash_password(new_password), user.id],
        )


def list_accounts(db: Database, by: User) -> list[Account]:
    """Every account with its Quartiere, for admins."""
    _require_admin(by)
    with db.read() as cur:
        rows = cur.execute(
            "SELECT u.id, u.username, u.display_name, u.role, u.is_active,"
            " list(uq.quartier_id ORDER BY uq.quartier_id)"
            " FILTER (WHERE uq.quartier_id IS NOT NULL)"
            " FROM users u LEFT JOIN user_quartiers uq ON uq.user_id = u.id"
            " GROUP BY ALL ORDER BY u.username"
        ).fetchall()
    return [Account(int(r[0]), r[1], r[2], Role(r[3]), bool(r[4]), tuple(r[5] or ())) for r in rows]


def accounts_of_quartier(db: Database, by: User, quartier_id: int) -> list[Account]:
    """The active accounts of one Quartier, by name: who may join its working groups
    or sit on a fund jury. For the Quartier's coordinators and admins."""
    ensure(by, Action.MANAGE_QUARTIER_CONTENT, quartier_id)
    with db.read() as cur:
        rows = cur.execute(
            "SELECT u.id, u.username, u.display_name, u.role FROM users u"
            " JOIN user_quartiers q ON q.user_id = u.id"
            " WHERE q.quartier_id = ? AND u.is_active"
            " ORDER BY lower(coalesce(nullif(u.display_name, ''), u.username)), u.id",
            [quartier_id],
        ).fetchall()
    return [
        Account(int(r[0]), str(r[1]), str(r[2]), Role(r[3]), True, (quartier_id,)) for r in rows
    ]

"""Roles, permissions, accounts, passwords and login sessions."""

from quartier.auth.permissions import (
    ACCOUNT_ROLES,
    ANONYMOUS,
    Action,
    InQuartier,
    Role,
    User,
    can,
    ensure,
)

__all__ = [
    "ACCOUNT_ROLES",
    "ANONYMOUS",
    "Action",
    "InQuartier",
    "Role",
    "User",
    "can",
    "ensure",
]

"""Roles, actions and the one place that decides who may do what.

Pages ask :func:`can`; they never re-implement a rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, runtime_checkable

from quartier.errors import PermissionDenied


class Role(StrEnum):
    RESIDENT = "resident"  # anonymous, never has an account
    MEMBER = "member"  # member of one or more working groups
    COORDINATOR = "coordinator"  # Quartiersmanagement
    ADMIN = "admin"


ACCOUNT_ROLES: tuple[Role, ...] = (Role.MEMBER, Role.COORDINATOR, Role.ADMIN)


class Action(StrEnum):
    VIEW_PUBLIC = "view_public"
    LOG_IN = "log_in"
    MANAGE_OWN_ACCOUNT = "manage_own_account"
    VIEW_QUARTIER_INTERNAL = "view_quartier_internal"
    MANAGE_QUARTIER_CONTENT = "manage_quartier_content"
    MANAGE_USERS = "manage_users"
    MANAGE_QUARTIERS = "manage_quartiers"
    DOWNLOAD_BACKUP = "download_backup"
    SEED_DEMO = "seed_demo"
    VIEW_GROUP = "view_group"  # a working group's ideas, rounds and measures
    VOTE_IN_ROUND = "vote_in_round"


@runtime_checkable
class InQuartier(Protocol):
    """Anything that belongs to one Quartier."""

    @property
    def quartier_id(self) -> int: ...


@runtime_checkable
class HasMembers(Protocol):
    """A working group: its Quartier and the accounts that belong to it."""

    @property
    def quartier_id(self) -> int: ...

    @property
    def member_ids(self) -> frozenset[int]: ...


@runtime_checkable
class HasVoters(Protocol):
    """A prioritisation round: its Quartier and who may vote (members or jury)."""

    @property
    def quartier_id(self) -> int: ...

    @property
    def voter_ids(self) -> frozenset[int]: ...


@dataclass(frozen=True)
class User:
    """Who is using the app. Residents are the anonymous user with id ``None``."""

    id: int | None
    username: str
    display_name: str
    role: Role
    quartier_ids: frozenset[int] = field(default_factory=frozenset)
    is_active: bool = True

    @property
    def is_authenticated(self) -> bool:
        return self.id is not None and self.role is not Role.RESIDENT


ANONYMOUS = User(id=None, username="", display_name="", role=Role.RESIDENT)

Resource = InQuartier | HasMembers | HasVoters | int | None


def _quartier_of(resource: Resource) -> int | None:
    if isinstance(resource, bool):
        return None
    if isinstance(resource, int):
        return resource
    if isinstance(resource, InQuartier):
        return resource.quartier_id
    return None


def _serves(user: User, resource: Resource) -> bool:
    """Whether ``user`` works in the Quartier of ``resource`` (admins work in all)."""
    if user.role is Role.ADMIN:
        return True
    quartier_id = _quartier_of(resource)
    return quartier_id is not None and quartier_id in user.quartier_ids


def _active(user: User) -> bool:
    return user.is_authenticated and user.is_active


def _manages(user: User, resource: Resource) -> bool:
    return _active(user) and user.role in (Role.COORDINATOR, Role.ADMIN) and _serves(user, resource)


def _views_group(user: User, group: Resource) -> bool:
    """Staff of the Quartier, or a member of this very group."""
    if _manages(user, group):
        return True
    return (
        isinstance(group, HasMembers)
        and _active(user)
        and _serves(user, group)
        and user.id in group.member_ids
    )


def _votes(user: User, round_: Resource) -> bool:
    """Only those on the round's voter list (the group's members or the jury) vote."""
    return (
        isinstance(round_, HasVoters)
        and _active(user)
        and _serves(user, round_)
        and user.id in round_.voter_ids
    )


_RULES: dict[Action, Callable[[User, Resource], bool]] = {
    Action.VIEW_PUBLIC: lambda user, _: True,
    Action.LOG_IN: lambda user, _: not user.is_authenticated,
    Action.MANAGE_OWN_ACCOUNT: lambda user, _: _active(user),
    Action.VIEW_QUARTIER_INTERNAL: lambda user, res: _active(user) and _serves(user, res),
    Action.MANAGE_QUARTIER_CONTENT: _manages,
    Action.MANAGE_USERS: lambda user, _: _active(user) and user.role is Role.ADMIN,
    Action.MANAGE_QUARTIERS: lambda user, _: _active(user) and user.role is Role.ADMIN,
    Action.DOWNLOAD_BACKUP: lambda user, _: _active(user) and user.role is Role.ADMIN,
    Action.SEED_DEMO: lambda user, _: _active(user) and user.role is Role.ADMIN,
    Action.VIEW_GROUP: _views_group,
    Action.VOTE_IN_ROUND: _votes,
}


def can(user: User, action: Action, resource: Resource = None) -> bool:
    """Whether ``user`` may do ``action`` on ``resource`` (a Quartier id or a record in one).

    >>> coordinator = User(1, "koordination", "K", Role.COORDINATOR, frozenset({7}))
    >>> can(coordinator, Action.MANAGE_QUARTIER_CONTENT, 7)
    True
    >>> can(coordinator, Action.MANAGE_QUARTIER_CONTENT, 8)
    False
    >>> can(ANONYMOUS, Action.MANAGE_USERS)
    False
    >>> can(ANONYMOUS, Action.VIEW_PUBLIC)
    True
    """
    return _RULES[action](user, resource)


def ensure(user: User, action: Action, resource: Resource = None) -> None:
    """Raise PermissionDenied unless ``user`` may do ``action`` on ``resource``: the
    first line of every domain function that writes.

    >>> ensure(ANONYMOUS, Action.MANAGE_USERS)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    quartier.errors.PermissionDenied: ...
    """
    if not can(user, action, resource):
        raise PermissionDenied("errors.not_allowed")

"""What a Quartier shows: the public start page and the internal team view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from quartier.auth import Action, Role, User, can
from quartier.errors import PermissionDenied
from quartier.network import Actor, ActorType, actor_counts_by_type, list_actors
from quartier.quartiers import Quartier
from quartier.storage import Database


@dataclass(frozen=True)
class PublicOverview:
    quartier: Quartier
    active_actors: int
    actors_by_type: list[tuple[ActorType, int]]


def public_overview(db: Database, quartier: Quartier, today: date) -> PublicOverview:
    """What anyone may see about ``quartier`` on ``today``."""
    counts = actor_counts_by_type(db, quartier.id, today)
    return PublicOverview(quartier, sum(n for _, n in counts), counts)


@dataclass(frozen=True)
class TeamMember:
    username: str
    display_name: str
    role: Role


@dataclass(frozen=True)
class InternalOverview:
    quartier: Quartier
    team: list[TeamMember]
    actors: list[Actor]


def internal_overview(db: Database, user: User, quartier: Quartier) -> InternalOverview:
    """The team and actors of ``quartier``, for people who work in it."""
    if not can(user, Action.VIEW_QUARTIER_INTERNAL, quartier):
        raise PermissionDenied("errors.not_your_quartier")
    with db.read() as cur:
        rows = cur.execute(
            "SELECT u.username, u.display_name, u.role FROM users u"
            " JOIN user_quartiers uq ON uq.user_id = u.id"
            " WHERE uq.quartier_id = ? AND u.is_active"
            " ORDER BY CASE u.role WHEN 'coordinator' THEN 0 WHEN 'member' THEN 1 ELSE 2 END,"
            " u.username",
            [quartier.id],
        ).fetchall()
    team = [TeamMember(r[0], r[1], Role(r[2])) for r in rows]
    return InternalOverview(quartier, team, list_actors(db, quartier.id))

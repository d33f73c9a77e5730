"""Links from actors to events (organiser, partner, venue) and measures (funder, partner).

The link tables carry no foreign key to events and measures, so those stay editable
(see migration 0004); the code checks here that the event or measure exists and that
the actor belongs to the same Quartier. Working-group members standing for an actor
are added with ``quartier.ideas.add_member``; the responsible actor of a measure is a
field of the measure (``quartier.measures.update_measure``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from quartier.auth.permissions import Action, User, ensure
from quartier.errors import NotFoundError, ValidationError
from quartier.network.actors import get_actor_in
from quartier.network.model import Actor, EventRole, MeasureRole
from quartier.storage import Database
from quartier.storage.db import Cursor


@dataclass(frozen=True)
class EventLink:
    event_id: int
    title: str
    starts_on: date
    actor_id: int
    role: EventRole


@dataclass(frozen=True)
class MeasureLink:
    measure_id: int
    title: str
    actor_id: int
    role: MeasureRole


@dataclass(frozen=True)
class _Target:
    """The event or measure a link points to."""

    id: int
    quartier_id: int
    title: str
    starts_on: date | None


# Constants only: which table a link lives in and which record it points to.
_EVENT_SQL = "SELECT id, quartier_id, title, starts_on FROM events WHERE id = ?"
_MEASURE_SQL = "SELECT id, quartier_id, title, starts_on FROM measures WHERE id = ?"


def _target(cur: Cursor, sql: str, target_id: int, key: str, field: str) -> _Target:
    row = cur.execute(sql, [target_id]).fetchone()
    if row is None:
        raise NotFoundError(key, field=field, value=target_id)
    return _Target(int(row[0]), int(row[1]), str(row[2]), row[3])


def _checked(cur: Cursor, user: User, target: _Target, actor_id: int) -> Actor:
    """The actor, once the user may manage the target's Quartier and the actor is in it."""
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, target.quartier_id)
    actor = get_actor_in(cur, actor_id)
    if actor is None or actor.quartier_id != target.quartier_id:
        raise NotFoundError("errors.actor_unknown", field="actor", value=actor_id)
    return actor


def _event(cur: Cursor, event_id: int) -> _Target:
    return _target(cur, _EVENT_SQL, event_id, "errors.event_unknown", "event")


def _measure(cur: Cursor, measure_id: int) -> _Target:
    return _target(cur, _MEASURE_SQL, measure_id, "errors.measure_unknown", "measure")


#: The link tables and the column naming their target; identifiers only from here.
_EVENTS = ("event_actors", "event_id", "event_role")
_MEASURES = ("measure_actors", "measure_id", "measure_role")


def _add_link(
    cur: Cursor, links: tuple[str, str, str], target: _Target, actor: Actor, role: str
) -> None:
    """Insert one link row, refusing one that exists (``errors.link_exists``)."""
    table, column, role_keys = links
    exists = cur.execute(
        f"SELECT 1 FROM {table} WHERE {column} = ? AND actor_id = ? AND role = ?",
        [target.id, actor.id, role],
    ).fetchone()
    if exists:
        raise ValidationError(
            "errors.link_exists", field="actor", name=actor.name, title=target.title,
            label=f"{role_keys}.{role}",
        )  # fmt: skip
    cur.execute(
        f"INSERT INTO {table} (quartier_id, {column}, actor_id, role) VALUES (?, ?, ?, ?)",
        [target.quartier_id, target.id, actor.id, role],
    )


def _remove_link(
    cur: Cursor, links: tuple[str, str, str], target: _Target, actor: Actor, role: str
) -> None:
    """Delete one link row (``errors.link_unknown`` when there is none)."""
    table, column, _ = links
    params = [target.id, actor.id, role]
    where = f"WHERE {column} = ? AND actor_id = ? AND role = ?"
    if cur.execute(f"SELECT 1 FROM {table} {where}", params).fetchone() is None:
        raise NotFoundError("errors.link_unknown", field="actor", name=actor.name,
                            title=target.title)  # fmt: skip
    cur.execute(f"DELETE FROM {table} {where}", params)


# --- events ----------------------------------------------------------------------------


def link_event(
    db: Database, user: User, event_id: int, actor_id: int, role: EventRole
) -> EventLink:
    """Record the actor as organiser, partner or venue of the event.

    Raises NotFoundError (``errors.event_unknown``, or ``errors.actor_unknown`` for an
    actor of another Quartier), PermissionDenied, or ValidationError
    (``errors.link_exists``) when the actor has that role at the event already.
    """
    role = EventRole(role)
    with db.transaction() as cur:
        event = _event(cur, event_id)
        actor = _checked(cur, user, event, actor_id)
        _add_link(cur, _EVENTS, event, actor, role.value)
    assert event.starts_on is not None  # events.starts_on is NOT NULL
    return EventLink(event.id, event.title, event.starts_on, actor.id, role)


def unlink_event(db: Database, user: User, event_id: int, actor_id: int, role: EventRole) -> None:
    """Remove the actor's role at the event.

    Raises NotFoundError (unknown event, actor or link) or PermissionDenied.
    """
    role = EventRole(role)
    with db.transaction() as cur:
        event = _event(cur, event_id)
        actor = _checked(cur, user, event, actor_id)
        _remove_link(cur, _EVENTS, event, actor, role.value)


def event_links(db: Database, quartier_id: int) -> list[EventLink]:
    """Every actor–event link of the Quartier: newest event first, then organisers,
    partners and venues, each by actor name."""
    with db.read() as cur:
        rows = cur.execute(
            "SELECT l.event_id, e.title, e.starts_on, l.actor_id, l.role"
            " FROM event_actors l JOIN events e ON e.id = l.event_id"
            " JOIN actors a ON a.id = l.actor_id"
            " WHERE l.quartier_id = ? AND e.quartier_id = l.quartier_id"
            " ORDER BY e.starts_on DESC, l.event_id DESC,"
            " CASE l.role WHEN 'veranstalter' THEN 0 WHEN 'partner' THEN 1 ELSE 2 END,"
            " lower(a.name), l.actor_id",
            [quartier_id],
        ).fetchall()
    return [EventLink(int(r[0]), str(r[1]), r[2], int(r[3]), EventRole(r[4])) for r in rows]


# --- measures --------------------------------------------------------------------------


def link_measure(
    db: Database, user: User, measure_id: int, actor_id: int, role: MeasureRole
) -> MeasureLink:
    """Record the actor as funder or partner of the measure (the responsible actor is a
    field of the measure itself).

    Raises NotFoundError (``errors.measure_unknown``, or ``errors.actor_unknown`` for an
    actor of another Quartier), PermissionDenied, or ValidationError
    (``errors.link_exists``).
    """
    role = MeasureRole(role)
    with db.transaction() as cur:
        measure = _measure(cur, measure_id)
        actor = _checked(cur, user, measure, actor_id)
        _add_link(cur, _MEASURES, measure, actor, role.value)
    return MeasureLink(measure.id, measure.title, actor.id, role)


def unlink_measure(
    db: Database, user: User, measure_id: int, actor_id: int, role: MeasureRole
) -> None:
    """Remove the actor's role at the measure.

    Raises NotFoundError (unknown measure, actor or link) or PermissionDenied.
    """
    role = MeasureRole(role)
    with db.transaction() as cur:
        measure = _measure(cur, measure_id)
        actor = _checked(cur, user, measure, actor_id)
        _remove_link(cur, _MEASURES, measure, actor, role.value)


def measure_links(db: Database, quartier_id: int) -> list[MeasureLink]:
    """Every funder and partner link of the Quartier's measures (not the responsible
    actor, a field of the measure), by measure, funders first, then by actor name."""
    with db.read() as cur:
        rows = cur.execute(
            "SELECT l.measure_id, m.title, l.actor_id, l.role"
            " FROM measure_actors l JOIN measures m ON m.id = l.measure_id"
            " JOIN actors a ON a.id = l.actor_id"
            " WHERE l.quartier_id = ? AND m.quartier_id = l.quartier_id"
            " ORDER BY l.measure_id, CASE l.role WHEN 'foerderer' THEN 0 ELSE 1 END,"
            " lower(a.name), l.actor_id",
            [quartier_id],
        ).fetchall()
    return [MeasureLink(int(r[0]), str(r[1]), int(r[2]), MeasureRole(r[3])) for r in rows]

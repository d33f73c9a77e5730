"""Events (Veranstaltungen) of a Quartier: plan, change, read.

An event is a row in ``events`` (id, Quartier, title, day, place — the tag surveys and
ideas carry) plus its ``event_details`` row and languages, written in one transaction.
Reads join them in one query.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from quartier.auth.permissions import Action, User, ensure
from quartier.errors import NotFoundError, ValidationError
from quartier.events import checks
from quartier.events.model import Event, EventDraft, EventType
from quartier.i18n import berlin_today
from quartier.storage import Database
from quartier.storage.db import Cursor

__all__ = [
    "Event",
    "berlin_today",
    "create_event",
    "event_of_quartier",
    "event_participation",
    "participation_by_event",
    "events_needing_attendance",
    "get_event",
    "list_events",
    "plan_event",
    "public_calendar",
    "update_event",
]

# One row per event: the tag, its details (defaults where an old event has none yet)
# and its languages, aggregated over the join.
_EVENT_SQL = """
SELECT e.id, e.quartier_id, e.title, e.starts_on, e.place,
    coalesce(d.event_type, 'sonstiges'), d.starts_at, d.ends_on, d.ends_at,
    coalesce(d.organisers, ''), coalesce(d.partners, ''),
    list(l.language) FILTER (WHERE l.language IS NOT NULL),
    d.group_id, coalesce(d.is_public, true), d.attendance, d.attendance_at
FROM events e
LEFT JOIN event_details d ON d.event_id = e.id
LEFT JOIN event_languages l ON l.event_id = e.id
WHERE {where}
GROUP BY ALL
ORDER BY {order}
"""
Params = Sequence[object] | dict[str, object]
_NEWEST_FIRST = "e.starts_on DESC, d.starts_at DESC NULLS LAST, e.id DESC"
_SOONEST_FIRST = "e.starts_on, d.starts_at NULLS FIRST, e.id"


def _event(row: tuple[Any, ...]) -> Event:
    (
        id_,
        quartier_id,
        title,
        starts_on,
        place,
        event_type,
        starts_at,
        ends_on,
        ends_at,
        organisers,
        partners,
        languages,
        group_id,
        is_public,
        attendance,
        attendance_at,
    ) = row
    return Event(
        id=int(id_),
        quartier_id=int(quartier_id),
        title=str(title),
        starts_on=starts_on,
        place=str(place),
        event_type=EventType(event_type),
        starts_at=starts_at,
        ends_on=ends_on,
        ends_at=ends_at,
        organisers=str(organisers),
        partners=str(partners),
        languages=tuple(sorted(map(str, languages or ()), key=checks.language_rank)),
        group_id=None if group_id is None else int(group_id),
        is_public=bool(is_public),
        attendance=None if attendance is None else int(attendance),
        attendance_at=attendance_at,
    )


def fetch_events(
    cur: Cursor, where: str, params: Params, order: str = _NEWEST_FIRST
) -> list[Event]:
    """Events matching ``where`` (SQL over ``e`` = events, ``d`` = event_details; a
    constant of this package, never user text), with details and languages."""
    rows = cur.execute(_EVENT_SQL.format(where=where, order=order), params).fetchall()
    return [_event(r) for r in rows]


def load_event(cur: Cursor, event_id: int) -> Event:
    """One event; NotFoundError if there is none."""
    events = fetch_events(cur, "e.id = ?", [event_id])
    if not events:
        raise NotFoundError("errors.event_unknown", field="event", value=event_id)
    return events[0]


def _check_group(cur: Cursor, quartier_id: int, group_id: int | None) -> None:
    if group_id is None:
        return
    row = cur.execute(
        "SELECT count(*) FROM working_groups WHERE id = ? AND quartier_id = ?",
        [group_id, quartier_id],
    ).fetchone()
    if not row or not row[0]:
        raise ValidationError("errors.event_group_unknown", field="group_id", value=group_id)


def _write_details(cur: Cursor, user: User, event_id: int, quartier_id: int, d: EventDraft) -> None:
    """The details row (created if an older event has none) and the languages, replaced."""
    cur.execute(
        "INSERT INTO event_details (event_id, quartier_id, created_by) SELECT $id, $q, $user"
        " WHERE NOT EXISTS (SELECT 1 FROM event_details WHERE event_id = $id)",
        {"id": event_id, "q": quartier_id, "user": user.id},
    )
    cur.execute(
        "UPDATE event_details SET event_type = ?, starts_at = ?, ends_on = ?, ends_at = ?,"
        " organisers = ?, partners = ?, group_id = ?, is_public = ?, updated_by = ?,"
        " updated_at = now() WHERE event_id = ?",
        [d.event_type.value, d.starts_at, d.ends_on, d.ends_at, d.organisers, d.partners,
         d.group_id, d.is_public, user.id, event_id],
    )  # fmt: skip
    cur.execute("DELETE FROM event_languages WHERE event_id = ?", [event_id])
    if d.languages:
        cur.execute(
            "INSERT INTO event_languages (quartier_id, event_id, language)"
            " SELECT ?, ?, unnest(?::VARCHAR[])",
            [quartier_id, event_id, list(d.languages)],
        )


def plan_event(db: Database, user: User, quartier_id: int, draft: EventDraft) -> Event:
    """Plan an event with its details and languages.

    Raises PermissionDenied, or ValidationError (title, texts, type, languages, end
    before start, a working group of another Quartier) — then nothing is stored.
    """
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, quartier_id)
    clean = checks.event_draft(draft)
    with db.transaction() as cur:
        _check_group(cur, quartier_id, clean.group_id)
        row = cur.execute(
            "INSERT INTO events (quartier_id, title, starts_on, place) VALUES (?, ?, ?, ?)"
            " RETURNING id",
            [quartier_id, clean.title, clean.starts_on, clean.place],
        ).fetchone()
        assert row is not None
        _write_details(cur, user, int(row[0]), quartier_id, clean)
        return load_event(cur, int(row[0]))


def create_event(
    db: Database, user: User, quartier_id: int, title: str, starts_on: date, place: str = ""
) -> Event:
    """Plan an event from title, day and place only (type 'sonstiges', public).

    Raises PermissionDenied or ValidationError (title, place)."""
    return plan_event(db, user, quartier_id, EventDraft(title, starts_on, place=place))


def update_event(db: Database, user: User, event_id: int, draft: EventDraft) -> Event:
    """Change an event: title, day, place, details; its languages are replaced.

    Attendance stays as recorded. Raises NotFoundError, PermissionDenied or
    ValidationError (as :func:`plan_event`)."""
    event = get_event(db, event_id)
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, event.quartier_id)
    clean = checks.event_draft(draft)
    with db.transaction() as cur:
        _check_group(cur, event.quartier_id, clean.group_id)
        # Only non-indexed columns: surveys and ideas reference the row.
        cur.execute(
            "UPDATE events SET title = ?, starts_on = ?, place = ? WHERE id = ?",
            [clean.title, clean.starts_on, clean.place, event_id],
        )
        _write_details(cur, user, event_id, event.quartier_id, clean)
        return load_event(cur, event_id)


def get_event(db: Database, event_id: int) -> Event:
    """The event with details, languages and attendance total; NotFoundError if none."""
    with db.read() as cur:
        return load_event(cur, event_id)


def list_events(
    db: Database, quartier_id: int, *, start: date | None = None, end: date | None = None
) -> list[Event]:
    """The Quartier's events, newest first; ``start`` inclusive, ``end`` exclusive."""
    with db.read() as cur:
        return fetch_events(
            cur,
            "e.quartier_id = $q AND ($start IS NULL OR e.starts_on >= $start)"
            " AND ($end IS NULL OR e.starts_on < $end)",
            {"q": quartier_id, "start": start, "end": end},
        )


def public_calendar(
    db: Database, quartier_id: int, *, today: date | None = None, days: int = 120
) -> list[Event]:
    """Public events still to come (or still running) within ``days``, soonest first."""
    today = today or berlin_today()
    with db.read() as cur:
        return fetch_events(
            cur,
            "e.quartier_id = $q AND coalesce(d.is_public, true)"
            " AND greatest(e.starts_on, coalesce(d.ends_on, e.starts_on)) >= $today"
            " AND e.starts_on < $until",
            {"q": quartier_id, "today": today, "until": today + timedelta(days=days)},
            _SOONEST_FIRST,
        )


def events_needing_attendance(
    db: Database, quartier_id: int, *, today: date | None = None
) -> list[Event]:
    """Events that have started (on or before today) without attendance, newest first."""
    today = today or berlin_today()
    with db.read() as cur:
        return fetch_events(
            cur,
            "e.quartier_id = $q AND e.starts_on <= $today AND d.attendance IS NULL",
            {"q": quartier_id, "today": today},
        )


def event_participation(db: Database, event_id: int) -> tuple[int, int]:
    """(survey responses, ideas) tagged with the event."""
    with db.read() as cur:
        row = cur.execute(
            "SELECT (SELECT count(*) FROM responses WHERE event_id = $id),"
            " (SELECT count(*) FROM ideas WHERE event_id = $id)",
            {"id": event_id},
        ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


def participation_by_event(db: Database, quartier_id: int) -> dict[int, tuple[int, int]]:
    """(survey responses, ideas) per event of the Quartier that has any, in one query."""
    with db.read() as cur:
        rows = cur.execute(
            """
            SELECT event_id, sum(responses)::BIGINT, sum(ideas)::BIGINT FROM (
                SELECT event_id, count(*) AS responses, 0 AS ideas FROM responses
                WHERE quartier_id = $q AND event_id IS NOT NULL GROUP BY event_id
                UNION ALL
                SELECT event_id, 0, count(*) FROM ideas
                WHERE quartier_id = $q AND event_id IS NOT NULL GROUP BY event_id
            ) GROUP BY event_id
            """,
            {"q": quartier_id},
        ).fetchall()
    return {int(e): (int(r), int(i)) for e, r, i in rows}


def event_of_quartier(db: Database, raw_id: str, quartier_id: int) -> int:
    """The id of the event ``raw_id`` (from a link) if it is one of the Quartier's.

    Raises NotFoundError for anything else: not a number, unknown, or another Quartier's.
    """
    raw_id = raw_id.strip()
    if not (raw_id.isascii() and raw_id.isdigit()):
        raise NotFoundError("errors.event_unknown", field="event", value=raw_id)
    event = get_event(db, int(raw_id))
    if event.quartier_id != quartier_id:
        raise NotFoundError("errors.event_unknown", field="event", value=raw_id)
    return event.id

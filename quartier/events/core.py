"""Events (Veranstaltungen) of a Quartier.

For now an event is what surveys are tagged with: title, day and place. The events
issue grows it (types, attendance, offerings).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from quartier.auth.permissions import Action, User, can
from quartier.errors import NotFoundError, PermissionDenied, ValidationError
from quartier.storage import Database

_COLUMNS = "id, quartier_id, title, starts_on, place"


@dataclass(frozen=True)
class Event:
    id: int
    quartier_id: int
    title: str
    starts_on: date
    place: str


def create_event(
    db: Database, user: User, quartier_id: int, title: str, starts_on: date, place: str = ""
) -> Event:
    """Plan an event; raises PermissionDenied or ValidationError (title, place)."""
    if not can(user, Action.MANAGE_QUARTIER_CONTENT, quartier_id):
        raise PermissionDenied("errors.not_allowed")
    title = " ".join(title.split())
    if not title:
        raise ValidationError("errors.event_title_missing", field="title")
    for value, label, limit in ((title, "field.title", 120), (place.strip(), "field.place", 120)):
        if len(value) > limit:
            raise ValidationError(
                "errors.text_too_long", field=label, label=label, length=len(value), limit=limit
            )
    with db.transaction() as cur:
        row = cur.execute(
            f"INSERT INTO events (quartier_id, title, starts_on, place) VALUES (?, ?, ?, ?)"
            f" RETURNING {_COLUMNS}",
            [quartier_id, title, starts_on, place.strip()],
        ).fetchone()
    assert row is not None
    return Event(*row)


def list_events(db: Database, quartier_id: int) -> list[Event]:
    """The Quartier's events, newest first."""
    with db.read() as cur:
        rows = cur.execute(
            f"SELECT {_COLUMNS} FROM events WHERE quartier_id = ? ORDER BY starts_on DESC, id DESC",
            [quartier_id],
        ).fetchall()
    return [Event(*r) for r in rows]


def get_event(db: Database, event_id: int) -> Event:
    with db.read() as cur:
        row = cur.execute(f"SELECT {_COLUMNS} FROM events WHERE id = ?", [event_id]).fetchone()
    if row is None:
        raise NotFoundError("errors.event_unknown", field="event", value=event_id)
    return Event(*row)


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

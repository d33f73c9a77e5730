"""Attendance after an event: the total and the optional breakdowns by age band and by
language. Recording replaces what was there, in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from quartier.auth.permissions import Action, User, ensure
from quartier.errors import ValidationError
from quartier.events import checks
from quartier.events.core import berlin_today, get_event, load_event
from quartier.events.model import AgeBand, Attendance, Dimension
from quartier.storage import Database
from quartier.storage.db import Cursor

__all__ = ["attendance_of", "record_attendance"]


def record_attendance(
    db: Database,
    user: User,
    event_id: int,
    total: int,
    by_age: Mapping[str, int] | None = None,
    by_language: Mapping[str, int] | None = None,
    *,
    confirmed: bool = False,
    today: date | None = None,
) -> Attendance:
    """Record (or correct) how many came: replaces the total and both breakdowns.

    Zeros or None in a breakdown mean "not counted" and store no row. Raises
    NotFoundError, PermissionDenied, ValidationError (negative, above the limit, a
    breakdown above the total, an unknown age band or language, an event that has not
    started yet) or NeedsConfirmation (unusually many for this type of event; call again
    with ``confirmed=True``). Nothing is stored when anything is refused.
    """
    event = get_event(db, event_id)
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, event.quartier_id)
    today = today or berlin_today()
    if event.starts_on > today:
        raise ValidationError(
            "errors.attendance_before_event", field="attendance",
            day=event.starts_on.strftime("%d.%m.%Y"),
        )  # fmt: skip
    total = checks.attendance_total(total, event.event_type, confirmed)
    ages = checks.breakdown(by_age, "by_age", total, by_language=False)
    languages = checks.breakdown(by_language, "by_language", total, by_language=True)
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO event_details (event_id, quartier_id) SELECT $id, $q"
            " WHERE NOT EXISTS (SELECT 1 FROM event_details WHERE event_id = $id)",
            {"id": event_id, "q": event.quartier_id},
        )
        cur.execute(
            "UPDATE event_details SET attendance = ?, attendance_at = now(), attendance_by = ?"
            " WHERE event_id = ?",
            [total, user.id, event_id],
        )
        cur.execute("DELETE FROM event_attendance WHERE event_id = ?", [event_id])
        cells = [(Dimension.AGE.value, c, n) for c, n in ages.items()] + [
            (Dimension.LANGUAGE.value, c, n) for c, n in languages.items()
        ]
        if cells:
            dims, categories, people = (list(column) for column in zip(*cells, strict=True))
            cur.execute(
                "INSERT INTO event_attendance (quartier_id, event_id, dimension, category, people)"
                " SELECT ?, ?, unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::INTEGER[])",
                [event.quartier_id, event_id, dims, categories, people],
            )
        return _attendance(cur, event_id)


def _attendance(cur: Cursor, event_id: int) -> Attendance:
    row = cur.execute(
        "SELECT d.attendance,"
        " list(a.dimension ORDER BY a.category) FILTER (WHERE a.dimension IS NOT NULL),"
        " list(a.category ORDER BY a.category) FILTER (WHERE a.dimension IS NOT NULL),"
        " list(a.people ORDER BY a.category) FILTER (WHERE a.dimension IS NOT NULL)"
        " FROM events e LEFT JOIN event_details d ON d.event_id = e.id"
        " LEFT JOIN event_attendance a ON a.event_id = e.id"
        " WHERE e.id = ? GROUP BY ALL",
        [event_id],
    ).fetchone()
    assert row is not None
    total, dims, categories, people = row
    by_age: dict[str, int] = {}
    by_language: dict[str, int] = {}
    for dim, category, n in zip(dims or [], categories or [], people or [], strict=True):
        (by_age if dim == Dimension.AGE.value else by_language)[str(category)] = int(n)
    age_order = [band.value for band in AgeBand]
    return Attendance(
        event_id=event_id,
        total=None if total is None else int(total),
        by_age=dict(sorted(by_age.items(), key=lambda item: age_order.index(item[0]))),
        by_language=dict(
            sorted(by_language.items(), key=lambda item: checks.language_rank(item[0]))
        ),
    )


def attendance_of(db: Database, event_id: int) -> Attendance:
    """The event's attendance (total None = not recorded yet); NotFoundError if no event."""
    with db.read() as cur:
        load_event(cur, event_id)
        return _attendance(cur, event_id)

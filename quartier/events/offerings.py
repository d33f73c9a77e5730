"""Recurring offerings (Angebote) and their session log.

Logging a session must take a coordinator under a minute and survive a double click:
the form's token makes a second submit return the stored session instead of adding one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import duckdb

from quartier.auth.permissions import Action, User, ensure
from quartier.errors import NotFoundError, ValidationError
from quartier.events import checks
from quartier.events.core import berlin_today
from quartier.events.model import Offering, OfferingDraft, OfferingKind, Session
from quartier.storage import Database
from quartier.storage.db import Cursor

__all__ = [
    "create_offering",
    "delete_session",
    "get_offering",
    "list_offerings",
    "list_sessions",
    "log_session",
    "update_offering",
]

_OFFERING_SQL = """
SELECT o.id, o.quartier_id, o.title, o.kind, o.place, o.schedule, o.organisers,
    list(l.language) FILTER (WHERE l.language IS NOT NULL), o.is_active
FROM offerings o LEFT JOIN offering_languages l ON l.offering_id = o.id
WHERE {where}
GROUP BY o.id, o.quartier_id, o.title, o.kind, o.place, o.schedule, o.organisers, o.is_active
ORDER BY lower(o.title), o.id
"""

_SESSION_SQL = """
SELECT s.id, s.quartier_id, s.offering_id, s.held_on, s.people,
    list(l.language) FILTER (WHERE l.language IS NOT NULL), s.note
FROM offering_sessions s LEFT JOIN offering_session_languages l ON l.session_id = s.id
WHERE {where}
GROUP BY ALL
ORDER BY s.held_on DESC, s.id DESC
"""

TOKEN_LENGTH = (16, 64)


def _codes(values: object) -> tuple[str, ...]:
    codes = [str(c) for c in values or []]  # type: ignore[attr-defined]
    return tuple(sorted(codes, key=checks.language_rank))


def _offerings(cur: Cursor, where: str, params: Sequence[object]) -> list[Offering]:
    rows = cur.execute(_OFFERING_SQL.format(where=where), params).fetchall()
    return [
        Offering(int(r[0]), int(r[1]), str(r[2]), OfferingKind(r[3]), str(r[4]), str(r[5]),
                 str(r[6]), _codes(r[7]), bool(r[8]))
        for r in rows
    ]  # fmt: skip


def _sessions(
    cur: Cursor, where: str, params: Sequence[object] | dict[str, object], suffix: str = ""
) -> list[Session]:
    rows = cur.execute(_SESSION_SQL.format(where=where) + suffix, params).fetchall()
    return [
        Session(int(r[0]), int(r[1]), int(r[2]), r[3], int(r[4]), _codes(r[5]), str(r[6]))
        for r in rows
    ]


def _load_offering(cur: Cursor, offering_id: int) -> Offering:
    found = _offerings(cur, "o.id = ?", [offering_id])
    if not found:
        raise NotFoundError("errors.offering_unknown", field="offering", value=offering_id)
    return found[0]


def _write_languages(cur: Cursor, offering: int, quartier_id: int, codes: Sequence[str]) -> None:
    cur.execute("DELETE FROM offering_languages WHERE offering_id = ?", [offering])
    if codes:
        cur.execute(
            "INSERT INTO offering_languages (quartier_id, offering_id, language)"
            " SELECT ?, ?, unnest(?::VARCHAR[])",
            [quartier_id, offering, list(codes)],
        )


def create_offering(db: Database, user: User, quartier_id: int, draft: OfferingDraft) -> Offering:
    """Add a recurring offering. Raises PermissionDenied or ValidationError (title,
    kind, texts, languages)."""
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, quartier_id)
    clean = checks.offering_draft(draft)
    with db.transaction() as cur:
        row = cur.execute(
            "INSERT INTO offerings (quartier_id, title, kind, place, schedule, organisers,"
            " is_active, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [quartier_id, clean.title, clean.kind.value, clean.place, clean.schedule,
             clean.organisers, clean.is_active, user.id],
        ).fetchone()  # fmt: skip
        assert row is not None
        _write_languages(cur, int(row[0]), quartier_id, clean.languages)
        return _load_offering(cur, int(row[0]))


def update_offering(db: Database, user: User, offering_id: int, draft: OfferingDraft) -> Offering:
    """Change an offering; its languages are replaced. Its sessions stay. Raises
    NotFoundError, PermissionDenied or ValidationError."""
    offering = get_offering(db, offering_id)
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, offering.quartier_id)
    clean = checks.offering_draft(draft)
    with db.transaction() as cur:
        cur.execute(
            "UPDATE offerings SET title = ?, kind = ?, place = ?, schedule = ?, organisers = ?,"
            " is_active = ?, updated_by = ?, updated_at = now() WHERE id = ?",
            [clean.title, clean.kind.value, clean.place, clean.schedule, clean.organisers,
             clean.is_active, user.id, offering_id],
        )  # fmt: skip
        _write_languages(cur, offering_id, offering.quartier_id, clean.languages)
        return _load_offering(cur, offering_id)


def get_offering(db: Database, offering_id: int) -> Offering:
    """One offering; NotFoundError if there is none."""
    with db.read() as cur:
        return _load_offering(cur, offering_id)


def list_offerings(db: Database, quartier_id: int, *, active_only: bool = False) -> list[Offering]:
    """The Quartier's offerings by title."""
    with db.read() as cur:
        return _offerings(cur, "o.quartier_id = ? AND (o.is_active OR NOT ?)",
                          [quartier_id, active_only])  # fmt: skip


def _by_token(cur: Cursor, token: str, offering_id: int) -> Session | None:
    found = _sessions(cur, "s.token = ?", [token])
    if not found:
        return None
    if found[0].offering_id != offering_id:
        raise ValidationError("errors.session_token_reused", field="token")
    return found[0]


def _check_token(token: str | None) -> str | None:
    if token is None:
        return None
    token = token.strip()
    if not TOKEN_LENGTH[0] <= len(token) <= TOKEN_LENGTH[1]:
        raise ValidationError("errors.session_token_invalid", field="token")
    return token


def log_session(
    db: Database,
    user: User,
    offering_id: int,
    held_on: date,
    people: int,
    languages: Sequence[str] = (),
    note: str = "",
    *,
    token: str | None = None,
    confirmed: bool = False,
    today: date | None = None,
) -> Session:
    """Log one held session of an offering.

    The same ``token`` again returns the stored session and writes nothing (a double
    click). Raises NotFoundError, PermissionDenied, ValidationError (a day in the future,
    negative or too many people, an unknown language, a note too long) or
    NeedsConfirmation (unusually many people; call again with ``confirmed=True``).
    """
    offering = get_offering(db, offering_id)
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, offering.quartier_id)
    token = _check_token(token)
    checks.session_day(held_on, today or berlin_today())
    people = checks.session_people(people, offering.kind, confirmed)
    codes = checks.languages(languages)
    text = checks.note(note)
    try:
        with db.transaction() as cur:
            if token is not None and (stored := _by_token(cur, token, offering_id)):
                return stored
            row = cur.execute(
                "INSERT INTO offering_sessions (quartier_id, offering_id, held_on, people, note,"
                " token, created_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [offering.quartier_id, offering_id, held_on, people, text, token, user.id],
            ).fetchone()
            assert row is not None
            if codes:
                cur.execute(
                    "INSERT INTO offering_session_languages (quartier_id, session_id, language)"
                    " SELECT ?, ?, unnest(?::VARCHAR[])",
                    [offering.quartier_id, int(row[0]), list(codes)],
                )
            return _sessions(cur, "s.id = ?", [int(row[0])])[0]
    except duckdb.ConstraintException:
        # Another process stored the same token between our look-up and insert.
        if token is None:
            raise
        with db.read() as cur:
            stored = _by_token(cur, token, offering_id)
        if stored is None:
            raise
        return stored


def delete_session(db: Database, user: User, session_id: int) -> None:
    """Remove a wrongly logged session. Raises NotFoundError or PermissionDenied.

    DuckDB refuses to delete a row whose children are deleted in the same transaction,
    so the languages go first, in a transaction of their own.
    """
    with db.read() as cur:
        row = cur.execute(
            "SELECT quartier_id FROM offering_sessions WHERE id = ?", [session_id]
        ).fetchone()
    if row is None:
        raise NotFoundError("errors.session_unknown", field="session", value=session_id)
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, int(row[0]))
    with db.transaction() as cur:
        cur.execute("DELETE FROM offering_session_languages WHERE session_id = ?", [session_id])
    with db.transaction() as cur:
        cur.execute("DELETE FROM offering_sessions WHERE id = ?", [session_id])


def list_sessions(
    db: Database,
    quartier_id: int,
    *,
    offering_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int | None = None,
) -> list[Session]:
    """The Quartier's sessions, newest first; ``start`` inclusive, ``end`` exclusive."""
    where = (
        "s.quartier_id = $q AND ($offering IS NULL OR s.offering_id = $offering)"
        " AND ($start IS NULL OR s.held_on >= $start) AND ($end IS NULL OR s.held_on < $end)"
    )
    params: dict[str, object] = {"q": quartier_id, "offering": offering_id, "start": start,
                                 "end": end}  # fmt: skip
    if limit is not None:
        params["limit"] = max(0, int(limit))
    with db.read() as cur:
        return _sessions(cur, where, params, " LIMIT $limit" if limit is not None else "")

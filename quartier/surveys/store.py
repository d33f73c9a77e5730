"""Surveys in the database: create, edit (as versions), open, close, look up.

A survey with responses is never changed in place: saving an edit then creates a new
version, and every response keeps the version it answered. A version without
responses is simply replaced.
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from quartier.auth.permissions import Action, User, ensure
from quartier.errors import NotFoundError, ValidationError
from quartier.storage import Database
from quartier.storage.db import Cursor
from quartier.surveys.model import SurveyDefinition, check_definition, text_in


class SurveyStatus(StrEnum):
    """Mirrors the CHECK constraint on ``surveys.status``."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class Survey:
    id: int
    quartier_id: int
    status: SurveyStatus
    version: int
    opens_at: datetime | None
    closes_at: datetime | None
    definition: SurveyDefinition
    skipped: tuple[dict[str, Any], ...]
    responses: int

    def title(self, language: str) -> str:
        d = self.definition
        return text_in(d.title, language, d.default_language)

    def is_accepting(self, now: datetime | None = None) -> bool:
        """Whether residents can answer right now."""
        return _accepting(self.status, self.opens_at, self.closes_at, now)


def _accepting(
    status: SurveyStatus, opens_at: datetime | None, closes_at: datetime | None,
    now: datetime | None,
) -> bool:  # fmt: skip
    now = now or datetime.now(UTC)
    return (
        status is SurveyStatus.OPEN
        and (opens_at is None or opens_at <= now)
        and (closes_at is None or now < closes_at)
    )


@dataclass(frozen=True)
class SurveyState:
    """What answering needs to know of a survey — one cheap lookup on every submit."""

    id: int
    quartier_id: int
    status: SurveyStatus
    version: int
    opens_at: datetime | None
    closes_at: datetime | None

    def is_accepting(self, now: datetime | None = None) -> bool:
        return _accepting(self.status, self.opens_at, self.closes_at, now)


def survey_state(db: Database, survey_id: int) -> SurveyState:
    """Status, version and period of a survey; NotFoundError if there is none."""
    with db.read() as cur:
        row = cur.execute(
            "SELECT id, quartier_id, status, current_version, opens_at, closes_at"
            " FROM surveys WHERE id = ?",
            [survey_id],
        ).fetchone()
    if row is None:
        raise NotFoundError("errors.survey_unknown", field="survey", value=survey_id)
    return SurveyState(int(row[0]), int(row[1]), SurveyStatus(row[2]), int(row[3]), row[4], row[5])


_DEFINITIONS: dict[tuple[str, int, int], SurveyDefinition] = {}
_DEFINITIONS_LOCK = threading.Lock()


def definition_of(db: Database, survey_id: int, version: int) -> SurveyDefinition:
    """The definition of one version (immutable once it has responses; cached)."""
    key = (db.path, survey_id, version)
    with _DEFINITIONS_LOCK:
        cached = _DEFINITIONS.get(key)
    if cached is not None:
        return cached
    with db.read() as cur:
        row = cur.execute(
            "SELECT definition FROM survey_versions WHERE survey_id = ? AND version = ?",
            [survey_id, version],
        ).fetchone()
    if row is None:
        raise NotFoundError("errors.survey_unknown", field="survey", value=survey_id)
    definition = SurveyDefinition.from_json(str(row[0]))
    with _DEFINITIONS_LOCK:
        _DEFINITIONS[key] = definition
    return definition


def _forget(db: Database, survey_id: int, version: int) -> None:
    with _DEFINITIONS_LOCK:
        _DEFINITIONS.pop((db.path, survey_id, version), None)


_SELECT = """
    SELECT s.id, s.quartier_id, s.status, s.current_version, s.opens_at, s.closes_at,
           v.definition, v.skipped,
           (SELECT count(*) FROM responses r WHERE r.survey_id = s.id) AS responses
    FROM surveys s JOIN survey_versions v ON v.survey_id = s.id AND v.version = s.current_version
"""


def _survey(row: tuple[Any, ...]) -> Survey:
    return Survey(
        id=int(row[0]),
        quartier_id=int(row[1]),
        status=SurveyStatus(row[2]),
        version=int(row[3]),
        opens_at=row[4],
        closes_at=row[5],
        definition=SurveyDefinition.from_json(str(row[6])),
        skipped=tuple(json.loads(str(row[7]))),
        responses=int(row[8]),
    )


def get_survey(db: Database, survey_id: int) -> Survey:
    """The survey with its current version; NotFoundError if there is none."""
    with db.read() as cur:
        row = cur.execute(f"{_SELECT} WHERE s.id = ?", [survey_id]).fetchone()
    if row is None:
        raise NotFoundError("errors.survey_unknown", field="survey", value=survey_id)
    return _survey(row)


def list_surveys(db: Database, quartier_id: int) -> list[Survey]:
    """The surveys of one Quartier, newest first."""
    with db.read() as cur:
        rows = cur.execute(
            f"{_SELECT} WHERE s.quartier_id = ? ORDER BY s.id DESC", [quartier_id]
        ).fetchall()
    return [_survey(r) for r in rows]


def create_survey_in(
    cur: Cursor,
    quartier_id: int,
    definition: SurveyDefinition,
    *,
    created_by: int | None,
    source: str = "builder",
    skipped: tuple[dict[str, Any], ...] = (),
) -> int:
    """Insert a draft survey with its first version inside an open transaction."""
    check_definition(definition)
    row = cur.execute(
        "INSERT INTO surveys (quartier_id, created_by) VALUES (?, ?) RETURNING id",
        [quartier_id, created_by],
    ).fetchone()
    assert row is not None
    survey_id = int(row[0])
    cur.execute(
        "INSERT INTO survey_versions (survey_id, version, quartier_id, definition, skipped,"
        " source, created_by) VALUES (?, 1, ?, ?, ?, ?, ?)",
        [survey_id, quartier_id, definition.to_json(), json.dumps(skipped), source, created_by],
    )
    return survey_id


def create_survey(
    db: Database,
    user: User,
    quartier_id: int,
    definition: SurveyDefinition,
    *,
    source: str = "builder",
    skipped: tuple[dict[str, Any], ...] = (),
) -> Survey:
    """Create a draft survey; raises PermissionDenied or ValidationError."""
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, quartier_id)
    with db.transaction() as cur:
        survey_id = create_survey_in(
            cur, quartier_id, definition, created_by=user.id, source=source, skipped=skipped
        )
    return get_survey(db, survey_id)


def save_definition(
    db: Database, user: User, survey_id: int, definition: SurveyDefinition
) -> Survey:
    """Save an edited survey: a new version when the current one has responses, else in place."""
    survey = get_survey(db, survey_id)
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, survey.quartier_id)
    check_definition(definition)
    with db.transaction() as cur:
        answered = cur.execute(
            "SELECT count(*) FROM responses WHERE survey_id = ? AND version = ?",
            [survey_id, survey.version],
        ).fetchone()
        assert answered is not None
        if answered[0]:
            version = survey.version + 1
            cur.execute(
                "INSERT INTO survey_versions (survey_id, version, quartier_id, definition,"
                " source, created_by) VALUES (?, ?, ?, ?, 'builder', ?)",
                [survey_id, version, survey.quartier_id, definition.to_json(), user.id],
            )
            cur.execute("UPDATE surveys SET current_version = ? WHERE id = ?", [version, survey_id])
        else:
            cur.execute(
                "UPDATE survey_versions SET definition = ?, created_by = ?, created_at = now()"
                " WHERE survey_id = ? AND version = ?",
                [definition.to_json(), user.id, survey_id, survey.version],
            )
    _forget(db, survey_id, survey.version)
    return get_survey(db, survey_id)


def open_survey(
    db: Database,
    user: User,
    survey_id: int,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    *,
    now: datetime | None = None,
) -> Survey:
    """Open a survey for answers (optionally only between two times).

    Raises ValidationError when the period ends before it begins or has ended already
    (the survey would be "open" and still refuse every answer).
    """
    survey = get_survey(db, survey_id)
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, survey.quartier_id)
    if opens_at and closes_at and closes_at <= opens_at:
        raise ValidationError("errors.survey_period", field="closes_at")
    if closes_at and closes_at <= (now or datetime.now(UTC)):
        raise ValidationError("errors.survey_closes_in_past", field="closes_at")
    with db.transaction() as cur:
        cur.execute(
            "UPDATE surveys SET status = 'open', opens_at = ?, closes_at = ? WHERE id = ?",
            [opens_at, closes_at, survey_id],
        )
    return get_survey(db, survey_id)


def close_survey(db: Database, user: User, survey_id: int) -> Survey:
    """Stop accepting answers; results stay."""
    survey = get_survey(db, survey_id)
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, survey.quartier_id)
    with db.transaction() as cur:
        cur.execute("UPDATE surveys SET status = 'closed' WHERE id = ?", [survey_id])
    return get_survey(db, survey_id)


def import_xlsform(
    db: Database,
    user: User,
    quartier_id: int,
    source: bytes | Path,
    *,
    open_now: bool = False,
) -> Survey:
    """Create a draft survey from an XLSForm (open it at once with ``open_now``).

    Rows we cannot offer residents are kept with the survey (``Survey.skipped``) and
    listed to the coordinator. Raises XLSFormError naming sheet, row and problem.
    """
    from quartier.surveys.xlsform import read_xlsform

    ensure(user, Action.MANAGE_QUARTIER_CONTENT, quartier_id)
    imported = read_xlsform(source)
    skipped = tuple(asdict(item) for item in imported.skipped)
    with db.transaction() as cur:
        survey_id = create_survey_in(
            cur, quartier_id, imported.definition, created_by=user.id, source="xlsform",
            skipped=skipped,
        )  # fmt: skip
        if open_now:
            cur.execute("UPDATE surveys SET status = 'open' WHERE id = ?", [survey_id])
    return get_survey(db, survey_id)


def export_xlsform(db: Database, user: User, survey_id: int) -> bytes:
    """The survey's current version as an XLSForm workbook."""
    from quartier.surveys.xlsform import write_xlsform

    survey = get_survey(db, survey_id)
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, survey.quartier_id)
    return write_xlsform(survey.definition)

"""Answering a survey: check answers, submit once, keep a half-filled form as a draft.

A form instance has one random key. It is the resume key in the URL (a reload finds
the draft) and the submission token (a double tap or a retried request finds the
stored response instead of adding a second one). Stored per response: survey
version, channel, event, language and time — nothing that identifies a person or a
device.
"""

from __future__ import annotations

import functools
import json
import re
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

from quartier import config
from quartier.errors import NotFoundError, QuartierError, ValidationError
from quartier.storage import Database
from quartier.storage.db import Cursor
from quartier.surveys.expressions import Value, is_true, parse
from quartier.surveys.model import (
    MAX_TEXT_ANSWER,
    Question,
    QuestionType,
    SurveyDefinition,
    text_in,
)
from quartier.surveys.store import Survey, definition_of, get_survey, survey_state

Answers = dict[str, Value]
_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")


class Channel(StrEnum):
    """Mirrors the CHECK constraint on ``responses.channel``."""

    ONLINE = "online"
    QR = "qr"
    KIOSK = "kiosk"
    PAPER = "papier"


def new_form_key() -> str:
    """A fresh, unguessable key for one form instance (resume key and submit token)."""
    return secrets.token_urlsafe(18)


def is_form_key(value: str | None) -> bool:
    return bool(value) and bool(_KEY.fullmatch(str(value)))


@dataclass(frozen=True)
class Problem:
    """One answer that must be fixed: the question and a message already in the
    resident's language."""

    question: str
    message: str


class AnswersInvalid(QuartierError):
    code = "answers_invalid"

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__("resident.error_summary", count=len(problems))
        self.problems = problems


#: Expressions of a survey are parsed once per process (surveys hold few distinct ones).
compiled = functools.lru_cache(maxsize=4096)(parse)


def _is_empty(value: Value) -> bool:
    return value is None or value == "" or value == ()


def visible_questions(definition: SurveyDefinition, answers: Mapping[str, Value]) -> list[str]:
    """Names of the questions shown for these answers, in order.

    Skip logic is applied in order: a hidden question counts as unanswered for the
    questions after it, so chains of conditions behave as residents expect.
    """
    effective: dict[str, Value] = {}
    shown: list[str] = []
    for page in definition.pages:
        page_visible = not page.relevant or is_true(compiled(page.relevant), effective)
        for q in page.questions:
            if page_visible and (not q.relevant or is_true(compiled(q.relevant), effective)):
                shown.append(q.name)
                effective[q.name] = answers.get(q.name)
    return shown


def page_is_visible(definition: SurveyDefinition, index: int, answers: Mapping[str, Value]) -> bool:
    shown = set(visible_questions(definition, answers))
    return any(q.name in shown for q in definition.pages[index].questions)


def _coerce(q: Question, value: Value) -> Value:
    """The answer in its stored form, or raise ValueError with a catalogue key."""
    if q.type in (QuestionType.TEXT, QuestionType.LONG_TEXT):
        text = str(value).strip()
        if len(text) > MAX_TEXT_ANSWER:
            raise ValueError("resident.error_too_long")
        return text
    if q.type is QuestionType.INTEGER:
        try:
            return int(str(value).strip())
        except ValueError:
            raise ValueError("resident.error_integer") from None
    if q.type is QuestionType.DECIMAL:
        try:
            number = float(str(value).strip().replace(",", "."))
        except ValueError:
            raise ValueError("resident.error_decimal") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError("resident.error_decimal")
        return number
    if q.type is QuestionType.DATE:
        try:
            return date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            raise ValueError("resident.error_date") from None
    names = q.choice_names()
    if q.type in (QuestionType.SELECT_ONE, QuestionType.LIKERT):
        if value not in names:
            raise ValueError("resident.error_choice")
        return str(value)
    codes = tuple(value) if isinstance(value, (tuple, list)) else tuple(str(value).split())
    if len(set(codes)) != len(codes) or any(c not in names for c in codes):
        raise ValueError("resident.error_choice")
    if q.type is QuestionType.SELECT_MULTIPLE:
        return tuple(c for c in names if c in codes)  # stored in the list's order
    return codes  # ranking: the resident's order


def check_answers(
    definition: SurveyDefinition,
    answers: Mapping[str, Value],
    language: str,
    *,
    enforce_required: bool = True,
) -> Answers:
    """The answers to store: only shown questions, in stored form.

    Raises AnswersInvalid listing every problem (required, wrong type, constraint) with
    a message in ``language`` — the survey's own constraint message where it has one.
    ``enforce_required=False`` is for paper forms: a question left blank on paper stays
    blank, it cannot be asked again.
    """
    from quartier.i18n import translator

    t = translator(language)
    clean: Answers = {}
    problems: list[Problem] = []
    for name in visible_questions(definition, answers):
        q = definition.question(name)
        value = answers.get(name)
        if not q.type.is_answerable:
            continue
        if _is_empty(value) or (isinstance(value, str) and not value.strip()):
            if q.required and enforce_required:
                problems.append(Problem(name, t("resident.error_required")))
            continue
        try:
            stored = _coerce(q, value)
        except ValueError as exc:
            problems.append(Problem(name, t(str(exc.args[0]), limit=MAX_TEXT_ANSWER)))
            continue
        # Only answers to shown questions count: a hidden question is unanswered here as
        # in skip logic, even when its stale answer is still in ``answers``.
        if q.constraint and not is_true(compiled(q.constraint), clean, stored):
            own = text_in(q.constraint_message, language, definition.default_language)
            problems.append(Problem(name, own or t("resident.error_constraint")))
            continue
        clean[name] = stored
    if problems:
        raise AnswersInvalid(tuple(problems))
    return clean


@dataclass(frozen=True)
class Submission:
    response_id: int
    created: bool  # False when this form was already submitted (double tap, retry)


def answer_rows(definition: SurveyDefinition, answers: Answers) -> Iterator[tuple[Any, ...]]:
    """(question, choice, position, number, text) per stored answer row."""
    for name, value in answers.items():
        q = definition.question(name)
        if isinstance(value, tuple):
            for position, code in enumerate(value, start=1):
                rank = position if q.type is QuestionType.RANKING else None
                yield (name, code, rank, None, None)
        elif q.type in (QuestionType.SELECT_ONE, QuestionType.LIKERT):
            number = (
                q.choice_names().index(str(value)) + 1 if q.type is QuestionType.LIKERT else None
            )
            yield (name, value, None, number, None)
        elif isinstance(value, (int, float)):
            yield (name, None, None, float(value), None)
        else:
            yield (name, None, None, None, value)


def submit(
    db: Database,
    survey_id: int,
    answers: Mapping[str, Value],
    *,
    token: str,
    channel: Channel,
    language: str,
    event_id: int | None = None,
    version: int | None = None,
    entered_by: int | None = None,
    now: datetime | None = None,
) -> Submission:
    """Store one response exactly once per ``token``.

    Raises NotFoundError (unknown survey or event), ValidationError (survey not open,
    bad token, bad language) or AnswersInvalid (answers to fix).
    """
    if not is_form_key(token):
        raise ValidationError("resident.error_form_expired", field="token")
    with db.read() as cur:
        stored = cur.execute("SELECT id FROM responses WHERE token = ?", [token]).fetchone()
    if stored is not None:  # a retry after the survey closed still finds its response
        return Submission(int(stored[0]), created=False)
    survey = survey_state(db, survey_id)  # not get_survey: no response count, no JSON
    if channel is not Channel.PAPER and not survey.is_accepting(now):
        raise ValidationError("resident.error_closed", field="survey")
    version = version or survey.version
    definition = definition_of(db, survey_id, version)
    if language not in definition.languages:
        language = definition.default_language
    clean = check_answers(
        definition, answers, language, enforce_required=channel is not Channel.PAPER
    )
    with db.transaction() as cur:
        existing = cur.execute("SELECT id FROM responses WHERE token = ?", [token]).fetchone()
        if existing is not None:
            return Submission(int(existing[0]), created=False)
        if event_id is not None:
            found = cur.execute(
                "SELECT 1 FROM events WHERE id = ? AND quartier_id = ?",
                [event_id, survey.quartier_id],
            ).fetchone()
            if found is None:
                raise NotFoundError("resident.error_event_unknown", field="event")
        response_id = insert_response_in(
            cur, survey.quartier_id, survey_id, version, definition, clean, token=token,
            channel=channel, language=language, event_id=event_id, entered_by=entered_by,
            submitted_at=now or datetime.now(UTC),
        )  # fmt: skip
        cur.execute("DELETE FROM survey_drafts WHERE resume_key = ?", [token])
    return Submission(response_id, created=True)


def insert_response_in(
    cur: Cursor,
    quartier_id: int,
    survey_id: int,
    version: int,
    definition: SurveyDefinition,
    clean: Answers,
    *,
    token: str,
    channel: Channel,
    language: str,
    event_id: int | None,
    entered_by: int | None,
    submitted_at: datetime,
) -> int:
    """Insert one checked response and its answers inside an open transaction."""
    row = cur.execute(
        "INSERT INTO responses (token, quartier_id, survey_id, version, channel, event_id,"
        " language, submitted_at, entered_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [token, quartier_id, survey_id, version, channel.value, event_id, language,
         submitted_at, entered_by],
    ).fetchone()  # fmt: skip
    assert row is not None
    response_id = int(row[0])
    rows = list(answer_rows(definition, clean))
    if rows:
        columns = list(zip(*rows, strict=True))
        cur.execute(
            "INSERT INTO answers SELECT ?, ?, ?, unnest(?::VARCHAR[]), unnest(?::VARCHAR[]),"
            " unnest(?::INTEGER[]), unnest(?::DOUBLE[]), unnest(?::VARCHAR[])",
            [response_id, quartier_id, survey_id, *[list(c) for c in columns]],
        )
    return response_id


# --- drafts -------------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    survey_id: int
    version: int
    answers: Answers
    page: int


def _draft_lifetime() -> timedelta:
    return timedelta(hours=config.get_int("QUARTIER_DRAFT_HOURS"))


def save_draft(
    db: Database,
    survey: Survey,
    resume_key: str,
    answers: Mapping[str, Value],
    page: int,
    *,
    version: int | None = None,
    now: datetime | None = None,
) -> None:
    """Keep a half-filled form under ``resume_key`` (replacing the previous state)."""
    if not is_form_key(resume_key):
        raise ValidationError("resident.error_form_expired", field="resume_key")
    data = {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()}
    with db.transaction() as cur:
        cur.execute(
            "INSERT OR REPLACE INTO survey_drafts (resume_key, quartier_id, survey_id, version,"
            " answers, page, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [resume_key, survey.quartier_id, survey.id, version or survey.version,
             json.dumps(data, ensure_ascii=False), page, now or datetime.now(UTC)],
        )  # fmt: skip


def load_draft(
    db: Database, resume_key: str, survey_id: int, *, now: datetime | None = None
) -> Draft | None:
    """The draft under ``resume_key`` for this survey, unless it has expired."""
    if not is_form_key(resume_key):
        return None
    oldest = (now or datetime.now(UTC)) - _draft_lifetime()
    with db.read() as cur:
        row = cur.execute(
            "SELECT version, answers, page FROM survey_drafts"
            " WHERE resume_key = ? AND survey_id = ? AND updated_at >= ?",
            [resume_key, survey_id, oldest],
        ).fetchone()
    if row is None:
        return None
    definition = definition_of(db, survey_id, int(row[0]))
    raw = json.loads(str(row[1]))
    answers: Answers = {}
    for name, value in raw.items():
        try:
            q = definition.question(name)
        except KeyError:
            continue
        is_list = q.type in (QuestionType.SELECT_MULTIPLE, QuestionType.RANKING)
        answers[name] = tuple(value) if is_list and isinstance(value, list) else value
    return Draft(survey_id, int(row[0]), answers, int(row[2]))


def discard_draft(db: Database, resume_key: str) -> None:
    with db.transaction() as cur:
        cur.execute("DELETE FROM survey_drafts WHERE resume_key = ?", [resume_key])


def purge_expired_drafts(db: Database, *, now: datetime | None = None) -> int:
    """Delete drafts older than QUARTIER_DRAFT_HOURS; returns how many."""
    oldest = (now or datetime.now(UTC)) - _draft_lifetime()
    with db.transaction() as cur:
        row = cur.execute(
            "DELETE FROM survey_drafts WHERE updated_at < ? RETURNING 1", [oldest]
        ).fetchall()
    return len(row)


def response_exists(db: Database, token: str) -> bool:
    with db.read() as cur:
        return (
            cur.execute("SELECT 1 FROM responses WHERE token = ?", [token]).fetchone() is not None
        )


def ensure_survey(db: Database, survey_id: int) -> Survey:
    """The survey for a resident link; NotFoundError with a resident message if unknown."""
    try:
        return get_survey(db, survey_id)
    except NotFoundError:
        raise NotFoundError("resident.error_survey_unknown", field="survey") from None

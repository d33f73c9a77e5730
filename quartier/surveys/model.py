"""The survey model: a closed set of question types, texts in several languages.

A :class:`SurveyDefinition` is what one *version* of a survey says: its title, its
languages and its pages of questions. It is immutable and serialises to JSON (stored
in ``survey_versions.definition``). Answers refer to questions and choices by their
``name`` — stable codes, never translated labels.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from quartier.errors import ValidationError

#: Names of questions and choices: XLSForm-style identifiers.
NAME_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,63}")
#: Choice codes may start with a digit (Likert scales are often coded 1–5); never spaces,
#: because a multiple-choice answer is stored XLSForm-style as codes joined by spaces.
CHOICE_PATTERN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:-]{0,63}")
MAX_TEXT_ANSWER = 5000


class QuestionType(StrEnum):
    """The closed set of question types (mirrors nothing in SQL: stored inside JSON)."""

    TEXT = "text"
    LONG_TEXT = "long_text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    SELECT_ONE = "select_one"
    SELECT_MULTIPLE = "select_multiple"
    LIKERT = "likert"
    RANKING = "ranking"
    DATE = "date"
    NOTE = "note"

    @property
    def has_choices(self) -> bool:
        return self in CHOICE_TYPES

    @property
    def is_answerable(self) -> bool:
        return self is not QuestionType.NOTE


CHOICE_TYPES = frozenset(
    {QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE, QuestionType.LIKERT,
     QuestionType.RANKING}
)  # fmt: skip

#: A text in several languages: language code → text.
Texts = Mapping[str, str]


def text_in(texts: Texts, language: str, default_language: str) -> str:
    """``texts`` in ``language``, else the default language, else any non-empty one.

    >>> text_in({"de": "Ja", "en": "Yes"}, "en", "de"), text_in({"de": "Ja"}, "ar", "de")
    ('Yes', 'Ja')
    >>> text_in({}, "de", "de")
    ''
    """
    for code in (language, default_language):
        if texts.get(code):
            return texts[code]
    return next((v for v in texts.values() if v), "")


@dataclass(frozen=True)
class Choice:
    name: str
    label: Texts


@dataclass(frozen=True)
class Question:
    """One question. ``relevant`` and ``constraint`` are XLSForm expressions ("" for none)."""

    name: str
    type: QuestionType
    label: Texts
    hint: Texts = field(default_factory=dict)
    required: bool = False
    relevant: str = ""
    constraint: str = ""
    constraint_message: Texts = field(default_factory=dict)
    choices: tuple[Choice, ...] = ()

    def choice_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.choices)


@dataclass(frozen=True)
class Page:
    """A group of questions shown together; an unnamed page holds ungrouped questions."""

    name: str
    label: Texts
    questions: tuple[Question, ...]
    relevant: str = ""


@dataclass(frozen=True)
class SurveyDefinition:
    title: Texts
    default_language: str
    languages: tuple[str, ...]
    pages: tuple[Page, ...]
    description: Texts = field(default_factory=dict)

    def questions(self) -> Iterator[Question]:
        for page in self.pages:
            yield from page.questions

    def question(self, name: str) -> Question:
        for q in self.questions():
            if q.name == name:
                return q
        raise KeyError(name)

    def to_json(self) -> str:
        return json.dumps(_definition_dict(self), ensure_ascii=False, sort_keys=True)

    @staticmethod
    def from_json(text: str) -> SurveyDefinition:
        return definition_from_dict(json.loads(text))


def _question_dict(q: Question) -> dict[str, Any]:
    return {
        "name": q.name,
        "type": q.type.value,
        "label": dict(q.label),
        "hint": dict(q.hint),
        "required": q.required,
        "relevant": q.relevant,
        "constraint": q.constraint,
        "constraint_message": dict(q.constraint_message),
        "choices": [{"name": c.name, "label": dict(c.label)} for c in q.choices],
    }


def _definition_dict(d: SurveyDefinition) -> dict[str, Any]:
    return {
        "title": dict(d.title),
        "description": dict(d.description),
        "default_language": d.default_language,
        "languages": list(d.languages),
        "pages": [
            {
                "name": p.name,
                "label": dict(p.label),
                "relevant": p.relevant,
                "questions": [_question_dict(q) for q in p.questions],
            }
            for p in d.pages
        ],
    }


def definition_from_dict(data: Mapping[str, Any]) -> SurveyDefinition:
    return SurveyDefinition(
        title=dict(data["title"]),
        description=dict(data.get("description", {})),
        default_language=str(data["default_language"]),
        languages=tuple(data["languages"]),
        pages=tuple(
            Page(
                name=str(p["name"]),
                label=dict(p["label"]),
                relevant=str(p.get("relevant", "")),
                questions=tuple(
                    Question(
                        name=str(q["name"]),
                        type=QuestionType(q["type"]),
                        label=dict(q["label"]),
                        hint=dict(q.get("hint", {})),
                        required=bool(q.get("required", False)),
                        relevant=str(q.get("relevant", "")),
                        constraint=str(q.get("constraint", "")),
                        constraint_message=dict(q.get("constraint_message", {})),
                        choices=tuple(
                            Choice(str(c["name"]), dict(c["label"])) for c in q.get("choices", [])
                        ),
                    )
                    for q in p["questions"]
                ),
            )
            for p in data["pages"]
        ),
    )


def check_definition(d: SurveyDefinition) -> None:
    """Raise ValidationError for the first structural problem of ``d``.

    Checks names (valid, unique), choice lists (present, unique), labels in the default
    language, and that every expression parses and refers only to earlier questions.
    """
    if d.default_language not in d.languages:
        raise ValidationError("errors.survey_default_language", field="default_language")
    if not text_in(d.title, d.default_language, d.default_language).strip():
        raise ValidationError("errors.survey_title_missing", field="title")
    if not any(True for _ in d.questions()):
        raise ValidationError("errors.survey_empty", field="questions")
    seen: set[str] = set()
    for page in d.pages:
        if page.relevant and page.questions:
            _check_expression(page.questions[0].name, "relevant", page.relevant, seen)
        for q in page.questions:
            _check_question(q, d, seen)
            seen.add(q.name)


def _check_question(q: Question, d: SurveyDefinition, seen: set[str]) -> None:
    if not NAME_PATTERN.fullmatch(q.name):
        raise ValidationError("errors.survey_bad_name", field=q.name, name=q.name)
    if q.name in seen:
        raise ValidationError("errors.survey_duplicate_name", field=q.name, name=q.name)
    if not text_in(q.label, d.default_language, d.default_language).strip():
        raise ValidationError("errors.survey_label_missing", field=q.name, name=q.name)
    if q.type.has_choices:
        names = q.choice_names()
        if not names:
            raise ValidationError("errors.survey_no_choices", field=q.name, name=q.name)
        if len(set(names)) != len(names):
            raise ValidationError("errors.survey_duplicate_choice", field=q.name, name=q.name)
        for c in names:
            if not CHOICE_PATTERN.fullmatch(c):
                raise ValidationError(
                    "errors.survey_bad_choice", field=q.name, name=q.name, choice=c
                )
    if q.relevant:
        _check_expression(q.name, "relevant", q.relevant, seen)
    if q.constraint:
        _check_expression(q.name, "constraint", q.constraint, seen | {q.name})


def _check_expression(name: str, column: str, text: str, known: set[str]) -> None:
    """The expression parses and refers only to ``known`` questions."""
    from quartier.surveys.expressions import ExpressionError, parse, references

    try:
        refs = references(parse(text))
    except ExpressionError as exc:
        raise ValidationError(
            "errors.survey_bad_expression",
            field=name,
            name=name,
            column=column,
            expression=text,
            position=exc.position + 1,
            token=exc.token,
        ) from exc
    unknown = sorted(refs - known)
    if unknown:
        raise ValidationError(
            "errors.survey_unknown_reference",
            field=name,
            name=name,
            column=column,
            reference=unknown[0],
        )

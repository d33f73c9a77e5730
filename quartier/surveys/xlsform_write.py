"""Writing a :class:`SurveyDefinition` as an XLSForm workbook that pyxform, ODK and Kobo read.

Sheets ``survey``, ``choices``, ``settings`` and ``quartier_texts`` (title and description
in every language, see :mod:`quartier.surveys.xlsform`). Every language gets its
``label::<Name> (<code>)``, ``hint::…`` and ``constraint_message::…`` column. Identical
choice lists are written once, named after their first question. Cells are always text,
so a label starting with ``=`` stays a label and never becomes a formula.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from babel import Locale, UnknownLocaleError
from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]

from quartier.i18n import LANGUAGES
from quartier.surveys.model import (
    NAME_PATTERN,
    Choice,
    Page,
    Question,
    QuestionType,
    SurveyDefinition,
    Texts,
    text_in,
)
from quartier.surveys.xlsform_read import CHOICES, SETTINGS, SURVEY, TEXTS

_TYPES = {
    QuestionType.TEXT: "text", QuestionType.LONG_TEXT: "text",
    QuestionType.INTEGER: "integer", QuestionType.DECIMAL: "decimal",
    QuestionType.DATE: "date", QuestionType.NOTE: "note",
    QuestionType.SELECT_ONE: "select_one", QuestionType.LIKERT: "select_one",
    QuestionType.SELECT_MULTIPLE: "select_multiple", QuestionType.RANKING: "rank",
}  # fmt: skip
_APPEARANCE = {QuestionType.LONG_TEXT: "multiline", QuestionType.LIKERT: "likert"}
#: Characters that XML 1.0 (and so XLSX) cannot hold.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
Row = Sequence[str]


def language_header(code: str) -> str:
    """The XLSForm language suffix for ``code``.

    >>> language_header("de"), language_header("sw"), language_header("xx")
    ('Deutsch (de)', 'Swahili (sw)', 'xx (xx)')
    """
    if code in LANGUAGES:
        return f"{LANGUAGES[code].native_name} ({code})"
    try:
        name = Locale.parse(code).english_name or code
    except (ValueError, UnknownLocaleError):
        name = code
    return f"{name} ({code})"


def write_xlsform(definition: SurveyDefinition) -> bytes:
    """``definition`` as an .xlsx XLSForm that :func:`read_xlsform` reads back unchanged."""
    headers = [language_header(code) for code in definition.languages]
    lists = _choice_lists(definition)
    book = Workbook()
    survey = book.active
    survey.title = SURVEY
    _put(survey, _survey_rows(definition, headers, lists))
    _put(book.create_sheet(CHOICES), _choice_rows(definition, headers, lists))
    _put(book.create_sheet(SETTINGS), _settings_rows(definition))
    _put(book.create_sheet(TEXTS), _texts_rows(definition, headers))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _put(sheet: Any, rows: Iterable[Row]) -> None:
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if value:
                cell = sheet.cell(row=r, column=c, value=_ILLEGAL_XML.sub("", value))
                cell.data_type = "s"  # text, never a formula


def _in(texts: Texts, languages: Sequence[str]) -> list[str]:
    return [texts.get(code, "") for code in languages]


def _survey_rows(
    d: SurveyDefinition, headers: Sequence[str], lists: dict[str, str]
) -> Iterable[Row]:
    yield [
        "type", "name", *(f"label::{h}" for h in headers), *(f"hint::{h}" for h in headers),
        "required", "relevant", "constraint",
        *(f"constraint_message::{h}" for h in headers), "appearance",
    ]  # fmt: skip
    taken = {q.name for q in d.questions()}
    for index, page in enumerate(d.pages, start=1):
        group = _group_name(page, index, taken)
        if group:
            yield ["begin group", group, *_in(page.label, d.languages), *_blank(headers), "",
                   page.relevant]  # fmt: skip
        for question in page.questions:
            yield _question_row(question, d.languages, lists)
        if group:
            yield ["end group", group]


def _blank(headers: Sequence[str]) -> list[str]:
    return [""] * len(headers)


def _group_name(page: Page, index: int, taken: set[str]) -> str:
    """The group name for ``page``; '' writes its questions without a group."""
    if not (page.name or page.label or page.relevant):
        return ""
    base = page.name if NAME_PATTERN.fullmatch(page.name) else f"page_{index}"
    name = base
    while name in taken:
        name = f"{name}_page"
    taken.add(name)
    return name


def _question_row(q: Question, languages: Sequence[str], lists: dict[str, str]) -> Row:
    qtype = _TYPES[q.type] + (f" {lists[q.name]}" if q.type.has_choices else "")
    return [
        qtype,
        q.name,
        *_in(q.label, languages),
        *_in(q.hint, languages),
        "yes" if q.required else "",
        q.relevant,
        q.constraint,
        *_in(q.constraint_message, languages),
        _APPEARANCE.get(q.type, ""),
    ]


def _choice_lists(d: SurveyDefinition) -> dict[str, str]:
    """Question name → choice list name; identical lists share the first question's name."""
    by_content: dict[tuple[tuple[str, tuple[tuple[str, str], ...]], ...], str] = {}
    result: dict[str, str] = {}
    for q in d.questions():
        if q.type.has_choices:
            key = tuple((c.name, tuple(sorted(c.label.items()))) for c in q.choices)
            result[q.name] = by_content.setdefault(key, q.name)
    return result


def _choice_rows(
    d: SurveyDefinition, headers: Sequence[str], lists: dict[str, str]
) -> Iterable[Row]:
    yield ["list_name", "name", *(f"label::{h}" for h in headers)]
    written: set[str] = set()
    for q in d.questions():
        if q.type.has_choices and lists[q.name] not in written:
            written.add(lists[q.name])
            yield from (_choice_row(lists[q.name], c, d.languages) for c in q.choices)


def _choice_row(list_name: str, choice: Choice, languages: Sequence[str]) -> Row:
    return [list_name, choice.name, *_in(choice.label, languages)]


def _settings_rows(d: SurveyDefinition) -> Iterable[Row]:
    title = text_in(d.title, d.default_language, d.default_language)
    form_id = re.sub(r"[^A-Za-z0-9_]+", "_", title).strip("_").lower()[:60]
    if not form_id or not (form_id[0].isalpha() or form_id[0] == "_"):
        form_id = f"quartier_{form_id}".rstrip("_")
    yield ["form_title", "form_id", "default_language", "clean_text_values"]
    # clean_text_values=no: ODK keeps line breaks and spaces in labels as written.
    yield [title, form_id, language_header(d.default_language), "no"]


def _texts_rows(d: SurveyDefinition, headers: Sequence[str]) -> Iterable[Row]:
    yield ["name", *(f"text::{h}" for h in headers)]
    yield ["form_title", *_in(d.title, d.languages)]
    if any(d.description.values()):
        yield ["description", *_in(d.description, d.languages)]

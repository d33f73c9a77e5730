"""XLSForm import and export: the spreadsheets of KoboToolbox, ODK and SurveyCTO.

:func:`read_xlsform` turns an ``.xlsx`` into a :class:`SurveyDefinition` plus the rows it
could not offer to residents (:class:`SkippedItem`, shown to the coordinator before
publishing); :func:`write_xlsform` writes a definition back. Every refusal is an
:class:`~quartier.errors.XLSFormError` naming the sheet, the row (as Excel numbers it) and
the fix. pyxform's converter has the last word on whether a file is an XLSForm at all.

Decisions:

* Top-level groups become pages; questions outside groups form unnamed pages; nested
  groups flatten into their page, their ``relevant`` AND-ed into each question's.
  Pages left without questions are dropped.
* Repeats (``begin repeat``/``begin loop``) are skipped with everything inside; so are
  unsupported types, questions without any label (unless required: refused), selects
  with a ``choice_filter`` (they would offer every choice), and device or personal
  metadata (start, deviceid, phonenumber, …), which Quartier never stores.
* ``or_other`` / ``or specify other`` expand as pyxform does: a choice ``other`` and a
  text question ``<name>_other`` shown when ``other`` is selected, labelled from the
  catalogue (English for languages without one). The export writes both explicitly.
* Expressions keep their text; typographic quotes become straight ones, as in pyxform.
* XLSForm has one untranslated ``form_title``: it holds the title in the default language;
  all translations of title and description go to an extra sheet ``quartier_texts``
  (``name`` = form_title/description, ``text::<Language> (<code>)``), which pyxform and
  ODK ignore and which is read back.
* Language suffixes (``label::Deutsch (de)``): the code in parentheses, else a known name
  (Deutsch, English, Türkçe, Arabic, …) or a bare known code; anything else is refused
  naming sheet and column. Unsuffixed columns are in the settings' ``default_language``,
  else in the caller's.
* A form needs at least one question to answer; notes alone are refused.
* A choice without any label gets its name as label in the default language; media
  columns (image, audio, video) are left out silently.
* Export: an unnamed page is written without a group, so it reads back as it was, unless
  it has a label or condition: then it becomes the group ``page_<n>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pyxform.errors import PyXFormError  # type: ignore[import-untyped, unused-ignore]
from pyxform.xls2json import workbook_to_json  # type: ignore[import-untyped, unused-ignore]

from quartier.errors import ValidationError, XLSFormError
from quartier.i18n import available_languages, translator
from quartier.surveys.expressions import ExpressionError, parse, references
from quartier.surveys.model import (
    CHOICE_PATTERN,
    NAME_PATTERN,
    Choice,
    Page,
    Question,
    QuestionType,
    SurveyDefinition,
    check_definition,
)
from quartier.surveys.xlsform_read import (
    CHOICES,
    CONSTRAINT_COLUMNS,
    HINT_COLUMNS,
    LABEL_COLUMNS,
    MESSAGE_COLUMNS,
    RELEVANT_COLUMNS,
    SURVEY,
    Languages,
    RawRow,
    Workbook,
    languages,
    read_workbook,
    texts,
)
from quartier.surveys.xlsform_rows import REFERENCE, Kind, RowType, check_rows, classify
from quartier.surveys.xlsform_write import write_xlsform

_SMART_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_YES = frozenset({"yes", "true", "true()"})
_NO = frozenset({"", "no", "false", "false()"})
_REPORTED_ERRORS = (KeyError, IndexError, TypeError, ValueError, AttributeError)


@dataclass(frozen=True)
class SkippedItem:
    """A row that residents will not see, and why (``reason_key``: an ``xlsform.skip_*`` key)."""

    sheet: str
    row: int
    name: str
    type: str
    reason_key: str


@dataclass(frozen=True)
class ImportedForm:
    definition: SurveyDefinition
    skipped: tuple[SkippedItem, ...]
    form_id: str


def read_xlsform(source: bytes | Path, *, default_language: str = "de") -> ImportedForm:
    """Import an XLSForm; ``default_language`` is the language of unsuffixed columns
    unless the form's settings name one. Raises XLSFormError for anything we refuse."""
    if isinstance(source, Path):
        try:
            data, stem = source.read_bytes(), source.stem
        except OSError as exc:
            raise XLSFormError("errors.xlsform_unreadable", path=str(source)) from exc
    else:
        data, stem = bytes(source), ""
    book = read_workbook(data)
    langs = languages(book, default_language)
    check_rows(book)
    _pyxform_gate(book)
    builder = _Builder(book, langs)
    pages, skipped = builder.build()
    if not any(q.type.is_answerable for page in pages for q in page.questions):
        raise XLSFormError(
            "errors.xlsform_no_questions", sheet=book.sheet(SURVEY), skipped=len(skipped)
        )
    title, description, form_id = _form_texts(book, langs, stem)
    definition = SurveyDefinition(title, langs.default, langs.order, pages, description)
    try:
        check_definition(definition)
    except ValidationError as exc:  # our checks come first; this is the safety net
        raise XLSFormError(
            "errors.xlsform_invalid",
            sheet=book.sheet(SURVEY),
            row=builder.done.get(exc.field or "", 1),
            problem=exc.message,
        ) from exc
    return ImportedForm(definition, skipped, form_id)


def _pyxform_gate(book: Workbook) -> None:
    """Let pyxform refuse what is no XLSForm (unmatched groups, bad names, …)."""
    data = book.pyxform_data
    try:
        workbook_to_json(workbook_dict=data, fallback_form_name=data.fallback_form_name)
    except PyXFormError as exc:
        raise _pyxform_error(book, str(exc)) from exc
    except _REPORTED_ERRORS as exc:  # pyxform failing on odd input is still a refusal
        raise XLSFormError(
            "errors.xlsform_pyxform_no_row", detail=f"{type(exc).__name__}: {exc}"
        ) from exc


def _pyxform_error(book: Workbook, message: str) -> XLSFormError:
    row = re.search(r"\[row : (\d+)\]", message)
    sheet = re.search(r"'(\w+)' sheet", message)
    detail = re.sub(r"^\s*\[row : \d+\]\s*", "", message).strip().partition("\n")[0]
    if row is None:
        return XLSFormError("errors.xlsform_pyxform_no_row", detail=detail)
    return XLSFormError(
        "errors.xlsform_pyxform",
        sheet=book.sheet(sheet[1].casefold() if sheet else SURVEY),
        row=int(row[1]),
        detail=detail,
    )


def _form_texts(
    book: Workbook, langs: Languages, stem: str
) -> tuple[dict[str, str], dict[str, str], str]:
    """Title, description and form id from the settings and the ``quartier_texts`` sheet."""
    title: dict[str, str] = {}
    description: dict[str, str] = {}
    for raw in book.texts:
        target = {"form_title": title, "description": description}.get(raw.get("name"))
        if target is not None:
            target.update(texts(raw, ("text",), langs))
    if setting := book.settings.get("form_title", "").strip():
        title[langs.default] = setting
    form_id = book.settings.get("form_id", "").strip() or stem
    if not title:
        t = translator(langs.default).t
        title = {langs.default: form_id or t("xlsform.untitled")}
    return title, description, form_id


def combine(*conditions: str) -> str:
    """AND the non-empty conditions, each in parentheses when there are several.

    >>> combine("", "${a} = 1"), combine("${a} = 1", "${b} > 2")
    ('${a} = 1', '(${a} = 1) and (${b} > 2)')
    """
    parts = [c for c in conditions if c]
    return parts[0] if len(parts) == 1 else " and ".join(f"({p})" for p in parts)


@dataclass
class _Draft:
    name: str
    label: dict[str, str]
    relevant: str
    questions: list[Question] = field(default_factory=list)


class _Builder:
    """Walks the survey rows in order and builds pages; refuses at the first problem."""

    def __init__(self, book: Workbook, langs: Languages) -> None:
        self.book, self.langs, self.sheet = book, langs, book.sheet(SURVEY)
        self.rows_by_name = {r.name: r.row for r in book.survey if r.name}
        self.lists: dict[str, list[RawRow]] = {}
        for choice in book.choices:
            self.lists.setdefault(choice.get("list_name", "list name"), []).append(choice)
        self.pages: list[Page] = []
        self.loose: list[Question] = []
        self.draft: _Draft | None = None
        self.nested: list[str] = []  # relevant of each open group inside the page
        self.depth = self.repeat_depth = 0
        self.skipped: list[SkippedItem] = []
        self.skipped_rows: dict[str, int] = {}
        self.done: dict[str, int] = {}

    def build(self) -> tuple[tuple[Page, ...], tuple[SkippedItem, ...]]:
        for raw in self.book.survey:
            if raw.type:
                self._row(raw, classify(raw.type))
        self._flush()
        return tuple(self.pages), tuple(self.skipped)

    def _row(self, raw: RawRow, row_type: RowType) -> None:
        kind = row_type.kind
        if self.repeat_depth:
            self._inside_repeat(raw, kind)
        elif kind is Kind.REPEAT:
            self._skip(raw, "xlsform.skip_repeat")
            self.repeat_depth = 1
        elif kind is Kind.GROUP:
            self._begin_group(raw)
        elif kind is Kind.END:
            self._end_group()
        elif kind is Kind.DEVICE:
            self._skip(raw, "xlsform.skip_device_data")
        elif kind is Kind.UNSUPPORTED:
            self._skip(raw, "xlsform.skip_unsupported_type")
        else:
            self._question(raw, row_type)

    def _inside_repeat(self, raw: RawRow, kind: Kind) -> None:
        if kind is Kind.END:
            self.repeat_depth -= 1
            return
        if kind in (Kind.GROUP, Kind.REPEAT):
            self.repeat_depth += 1
        self._skip(raw, "xlsform.skip_in_repeat")

    def _skip(self, raw: RawRow, reason_key: str) -> None:
        self.skipped.append(SkippedItem(self.sheet, raw.row, raw.name, raw.type, reason_key))
        if raw.name:
            self.skipped_rows[raw.name] = raw.row

    def _begin_group(self, raw: RawRow) -> None:
        relevant = self._expression(raw, RELEVANT_COLUMNS, own=None)
        if self.depth == 0:
            self._flush()
            self.draft = _Draft(raw.name, texts(raw, LABEL_COLUMNS, self.langs), relevant)
        else:
            self.nested.append(relevant)
        self.depth += 1

    def _end_group(self) -> None:
        if self.depth == 0:
            return
        self.depth -= 1
        if self.depth:
            self.nested.pop()
        else:
            self._flush()

    def _flush(self) -> None:
        """Close the open page, or the run of questions outside any group."""
        if self.draft is not None and self.draft.questions:
            d = self.draft
            self.pages.append(Page(d.name, d.label, tuple(d.questions), d.relevant))
        elif self.draft is None and self.loose:
            self.pages.append(Page("", {}, tuple(self.loose)))
        self.draft, self.loose = None, []

    def _add(self, question: Question, row: int) -> None:
        (self.draft.questions if self.draft is not None else self.loose).append(question)
        self.done[question.name] = row

    def _question(self, raw: RawRow, row_type: RowType) -> None:
        if row_type.list_name and raw.get("choice_filter"):
            return self._skip(raw, "xlsform.skip_choice_filter")
        name = raw.name or f"generated_note_name_{raw.row}"  # as pyxform names them
        label, required = texts(raw, LABEL_COLUMNS, self.langs), self._required(raw)
        if not label and required:
            raise XLSFormError(
                "errors.xlsform_required_no_label", sheet=self.sheet, row=raw.row, name=name
            )
        if not label:
            return self._skip(raw, "xlsform.skip_no_label")
        for checked in (name, f"{name}_other") if row_type.or_other else (name,):
            if not NAME_PATTERN.fullmatch(checked):
                raise XLSFormError(
                    "errors.xlsform_bad_name", sheet=self.sheet, row=raw.row, name=checked
                )
        relevant = self._expression(raw, RELEVANT_COLUMNS, own=None)
        question = Question(
            name=name,
            type=self._type(raw, row_type),
            label=label,
            hint=texts(raw, HINT_COLUMNS, self.langs),
            required=required,
            relevant=combine(*self.nested, relevant),
            constraint=self._expression(raw, CONSTRAINT_COLUMNS, own=name),
            constraint_message=texts(raw, MESSAGE_COLUMNS, self.langs),
            choices=self._choices(row_type),
        )
        if self._mentions_skipped(question):
            return self._skip(raw, "xlsform.skip_mentions_skipped")
        self._add(question, raw.row)
        if row_type.or_other:
            self._add(self._other_question(name), raw.row)

    def _mentions_skipped(self, q: Question) -> bool:
        """Whether a text shows the answer of a skipped row (``${start}`` in a note)."""
        shown = [*q.label.values(), *q.hint.values(), *q.constraint_message.values()]
        shown += [text for choice in q.choices for text in choice.label.values()]
        return any(ref.strip() in self.skipped_rows for t in shown for ref in REFERENCE.findall(t))

    def _required(self, raw: RawRow) -> bool:
        value = raw.get("required", "bind::required").strip()
        if value.casefold() in _YES | _NO:
            return value.casefold() in _YES
        raise XLSFormError(
            "errors.xlsform_required_value",
            sheet=self.sheet,
            row=raw.row,
            column=raw.header_of("required", "bind::required"),
            value=value,
        )

    @staticmethod
    def _type(raw: RawRow, row_type: RowType) -> QuestionType:
        appearance = raw.get("appearance", "control::appearance").casefold()
        qtype = row_type.question_type or QuestionType.TEXT
        if qtype is QuestionType.SELECT_ONE and "likert" in appearance:
            return QuestionType.LIKERT
        if qtype is QuestionType.TEXT and "multiline" in appearance:
            return QuestionType.LONG_TEXT
        return qtype

    def _choices(self, row_type: RowType) -> tuple[Choice, ...]:
        result: list[Choice] = []
        for raw in self.lists.get(row_type.list_name, []) if row_type.list_name else []:
            name = raw.get("name")
            if not name:
                continue
            if not CHOICE_PATTERN.fullmatch(name):
                raise XLSFormError(
                    "errors.xlsform_bad_choice_name",
                    sheet=self.book.sheet(CHOICES),
                    row=raw.row,
                    name=name,
                    list_name=row_type.list_name,
                )
            label = texts(raw, LABEL_COLUMNS, self.langs) or {self.langs.default: name}
            result.append(Choice(name, label))
        if row_type.or_other and "other" not in {c.name for c in result}:
            result.append(Choice("other", self._localised("xlsform.other_choice")))
        return tuple(result)

    def _other_question(self, name: str) -> Question:
        return Question(
            name=f"{name}_other",
            type=QuestionType.TEXT,
            label=self._localised("xlsform.other_specify"),
            relevant=combine(*self.nested, f"selected(${{{name}}}, 'other')"),
        )

    def _localised(self, key: str) -> dict[str, str]:
        """``key`` in every language of the form; English where no catalogue translates it."""
        german, english = translator("de").t(key), translator("en").t(key)
        result = {}
        for code in self.langs.order:
            text = translator(code).t(key) if code in available_languages() else english
            result[code] = english if code != "de" and text == german else text
        return result

    def _expression(self, raw: RawRow, columns: tuple[str, ...], own: str | None) -> str:
        text = raw.get(*columns).translate(_SMART_QUOTES).strip()
        if not text:
            return ""
        column = raw.header_of(*columns)
        try:
            refs = references(parse(text))
        except ExpressionError as exc:
            raise XLSFormError(
                "errors.xlsform_expression" if exc.token else "errors.xlsform_expression_end",
                sheet=self.sheet,
                row=raw.row,
                column=column,
                expression=text,
                token=exc.token,
                position=exc.position + 1,
            ) from exc
        for ref in sorted(refs - {own} if own else refs):
            self._check_reference(raw, column, ref)
        return text

    def _check_reference(self, raw: RawRow, column: str, ref: str) -> None:
        if ref in self.done:
            return
        key, other = "errors.xlsform_reference_unknown", 0
        if ref in self.skipped_rows:
            key, other = "errors.xlsform_reference_skipped", self.skipped_rows[ref]
        elif self.rows_by_name.get(ref, 0) >= raw.row:
            key, other = "errors.xlsform_reference_later", self.rows_by_name[ref]
        raise XLSFormError(
            key, sheet=self.sheet, row=raw.row, column=column, reference=ref, reference_row=other
        )


__all__ = ["ImportedForm", "SkippedItem", "read_xlsform", "write_xlsform"]

"""Reading an XLSForm workbook: sheets, header rows, raw data rows and their languages.

pyxform's reader supplies the data rows; a row's index gives its spreadsheet row
(``index + 2``, the header being row 1). openpyxl reads the header rows again only when
they need a precise message (a duplicate or non-text header: sheet and column letter) and
for our own ``quartier_texts`` sheet. Texts come from these raw cells, not from pyxform's
JSON, because pyxform rewrites typographic quotes (the German closing quote among them).
"""

from __future__ import annotations

import io
import re
import struct
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils.exceptions import (  # type: ignore[import-untyped, unused-ignore]
    InvalidFileException,
)
from pyxform.errors import PyXFormError  # type: ignore[import-untyped, unused-ignore]
from pyxform.xls2json_backends import get_xlsform  # type: ignore[import-untyped, unused-ignore]

from quartier.errors import XLSFormError

# Workbooks saved by newer Excel versions carry extensions openpyxl skips; its warning
# says nothing the coordinator could act on.
warnings.filterwarnings(
    "ignore", message="Unknown extension is not supported", category=UserWarning
)

SURVEY, CHOICES, SETTINGS = "survey", "choices", "settings"
#: The sheets pyxform reads (it ignores all others).
PYXFORM_SHEETS = (SURVEY, CHOICES, SETTINGS, "external_choices", "entities", "osm")
#: Our own sheet (pyxform ignores it): title and description in every language.
TEXTS = "quartier_texts"
#: Everything openpyxl or pyxform raise on a damaged workbook.
READ_ERRORS = (
    PyXFormError, InvalidFileException, zipfile.BadZipFile, zlib.error, struct.error,
    ParseError, LookupError, OSError, EOFError, TypeError, ValueError, AttributeError,
    NotImplementedError, RuntimeError,  # zipfile: unknown compression, encrypted member
)  # fmt: skip

#: Translatable columns per sheet (header without the ``::language`` suffix, casefolded).
LABEL_COLUMNS = ("label", "caption")
HINT_COLUMNS = ("hint",)
MESSAGE_COLUMNS = (
    "constraint_message", "constraint message", "constraining_message", "jr:constraintmsg",
    "bind::jr:constraintmsg",
)  # fmt: skip
TEXT_COLUMNS = {
    SURVEY: LABEL_COLUMNS + HINT_COLUMNS + MESSAGE_COLUMNS,
    CHOICES: LABEL_COLUMNS,
    TEXTS: ("text",),
}
RELEVANT_COLUMNS = ("relevant", "relevance", "bind::relevant")
CONSTRAINT_COLUMNS = ("constraint", "bind::constraint")

#: Common language names → code (casefolded); the code in parentheses always wins.
LANGUAGE_NAMES = {
    "deutsch": "de", "german": "de", "english": "en", "englisch": "en", "türkçe": "tr",
    "turkish": "tr", "türkisch": "tr", "العربية": "ar", "arabic": "ar", "arabisch": "ar",
    "русский": "ru", "russian": "ru", "russisch": "ru", "українська": "uk", "ukrainian": "uk",
    "ukrainisch": "uk", "polski": "pl", "polish": "pl", "polnisch": "pl",
}  # fmt: skip
_CODE_IN_PARENS = re.compile(r"\(\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)\s*\)\s*$")


def language_code(name: str) -> str | None:
    """The language code for a column suffix such as ``Deutsch (de)``; None if unknown.

    >>> language_code("Deutsch (de)"), language_code("English"), language_code("EN")
    ('de', 'en', 'en')
    >>> language_code("Swahili (sw)"), language_code("Portuguese (pt_BR)"), language_code("chinese")
    ('sw', 'pt-BR', None)
    """
    text = name.strip()
    if match := _CODE_IN_PARENS.search(text):
        primary, *rest = match.group(1).replace("_", "-").split("-")
        return "-".join([primary.lower(), *rest])
    key = text.casefold()
    if key in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[key]
    return key if key in LANGUAGE_NAMES.values() else None


def column_language(header: str, bases: Iterable[str]) -> tuple[str, str | None] | None:
    """``(base, language)`` of a translatable header (language None when plain), else None.

    >>> column_language("label::English (en)", LABEL_COLUMNS), column_language("hint", ["hint"])
    (('label', 'English (en)'), ('hint', None))
    >>> column_language("label:English", LABEL_COLUMNS), column_language("labels", ["label"])
    (('label', 'English'), None)
    """
    folded = header.strip().casefold()
    for base in bases:
        if folded == base:
            return base, None
        for sep in ("::", ":"):
            if folded.startswith(base + sep):
                return base, header.strip()[len(base) + len(sep) :].strip()
    return None


@dataclass(frozen=True)
class RawRow:
    """One non-empty data row: its spreadsheet row, and its cells by header as written."""

    row: int
    cells: Mapping[str, str]

    def get(self, *columns: str) -> str:
        """The first non-empty cell among ``columns`` (casefolded header names)."""
        for header, value in self.cells.items():
            if header.casefold() in columns and value:
                return value
        return ""

    def header_of(self, *columns: str) -> str:
        return next((h for h in self.cells if h.casefold() in columns), columns[0])

    @property
    def type(self) -> str:
        return " ".join(self.get("type").split())

    @property
    def name(self) -> str:
        return self.get("name")


@dataclass(frozen=True)
class Workbook:
    """What Quartier reads of an XLSForm file."""

    sheet_names: Mapping[str, str]  # casefolded → as in the file
    headers: Mapping[str, tuple[str, ...]]  # casefolded sheet name → header cells ('' if empty)
    survey: tuple[RawRow, ...]
    choices: tuple[RawRow, ...]
    settings: Mapping[str, str]  # casefolded header → value of row 2
    texts: tuple[RawRow, ...]
    pyxform_data: Any  # pyxform's DefinitionData, handed on to its converter

    def sheet(self, key: str) -> str:
        return self.sheet_names.get(key, key)


def read_workbook(data: bytes) -> Workbook:
    """Open ``data`` as an XLSForm; refuse files that are no readable .xlsx with a survey."""
    if not data.strip():
        raise XLSFormError("errors.xlsform_empty")
    if not data.startswith(b"PK"):
        raise XLSFormError("errors.xlsform_not_xlsx")
    try:
        book = get_xlsform(xlsform=data, file_type=".xlsx")
    except READ_ERRORS as exc:
        names, headers, _ = _header_pass(data)
        _require_survey(names)
        _check_headers(names, headers)  # a bad header row is the usual cause
        raise XLSFormError("errors.xlsform_corrupt") from exc
    names = {str(title).strip().casefold(): str(title) for title in book.sheet_names or ()}
    _require_survey(names)
    headers = {key: _pyxform_header(book, key) for key in PYXFORM_SHEETS if key in names}
    texts: tuple[RawRow, ...] = ()
    if TEXTS in names or any(_has_duplicates(cells) for cells in headers.values()):
        _, headers, texts = _header_pass(data)  # empty cells kept: columns get their letter
    _check_headers(names, headers)
    settings = _raw_rows(book.settings)
    return Workbook(
        sheet_names=names,
        headers=headers,
        survey=_raw_rows(book.survey),
        choices=_raw_rows(book.choices),
        settings={k.casefold(): v for k, v in settings[0].cells.items()} if settings else {},
        texts=texts,
        pyxform_data=book,
    )


def _require_survey(names: Mapping[str, str]) -> None:
    if SURVEY not in names:
        raise XLSFormError("errors.xlsform_no_survey_sheet", sheets=", ".join(names.values()))


def _pyxform_header(book: Any, key: str) -> tuple[str, ...]:
    rows = getattr(book, f"{key}_header", None) or [{}]
    return tuple(str(header) for header in rows[0])


def _has_duplicates(cells: Sequence[str]) -> bool:
    folded = [" ".join(c.split()).casefold() for c in cells if c]
    return len(set(folded)) < len(folded)


def _header_pass(
    data: bytes,
) -> tuple[dict[str, str], dict[str, tuple[str, ...]], tuple[RawRow, ...]]:
    """Sheet names, header rows as written (empty cells kept) and our texts sheet, by openpyxl."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except READ_ERRORS as exc:
        raise XLSFormError("errors.xlsform_corrupt") from exc
    try:
        names = {str(title).strip().casefold(): str(title) for title in book.sheetnames}
        headers: dict[str, tuple[str, ...]] = {}
        texts: tuple[RawRow, ...] = ()
        for key in (*PYXFORM_SHEETS, TEXTS):
            if key in names:
                rows = book[names[key]].iter_rows(values_only=True)
                first = next(rows, ())
                _check_header_cells(names[key], first)
                headers[key] = tuple("" if v is None else " ".join(str(v).split()) for v in first)
                texts = tuple(_texts_rows(headers[key], rows)) if key == TEXTS else texts
        return names, headers, texts
    except READ_ERRORS as exc:
        raise XLSFormError("errors.xlsform_corrupt") from exc
    finally:
        book.close()


def _check_header_cells(sheet: str, cells: Sequence[Any]) -> None:
    """pyxform needs every header cell to be text (a number or TRUE there breaks it)."""
    for index, value in enumerate(cells):
        if value is not None and not isinstance(value, str):
            raise XLSFormError(
                "errors.xlsform_header_not_text",
                sheet=sheet,
                column=get_column_letter(index + 1),
                value=str(value),
            )


def _texts_rows(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterable[RawRow]:
    for index, values in enumerate(rows, start=2):
        cells = {
            h: str(v).strip() for h, v in zip(header, values, strict=False) if h and v is not None
        }
        if any(cells.values()):
            yield RawRow(index, cells)


def _raw_rows(rows: Sequence[Mapping[str, Any]] | None) -> tuple[RawRow, ...]:
    return tuple(
        RawRow(index, {str(k): str(v) for k, v in cells.items() if v is not None})
        for index, cells in enumerate(rows or (), start=2)
        if cells
    )


def _check_headers(names: Mapping[str, str], headers: Mapping[str, tuple[str, ...]]) -> None:
    for key, cells in headers.items():
        seen: dict[str, int] = {}
        for index, cell in enumerate(cells):
            if not cell:
                continue
            folded = cell.casefold()
            if folded in seen:
                raise XLSFormError(
                    "errors.xlsform_duplicate_column",
                    sheet=names[key],
                    column=cell,
                    first=get_column_letter(seen[folded] + 1),
                    second=get_column_letter(index + 1),
                )
            seen[folded] = index
    required = {SURVEY: ("type", "name"), CHOICES: ("list_name", "name")}
    for key, columns in required.items():
        present = {c.casefold().replace("list name", "list_name") for c in headers.get(key, ())}
        if key not in headers or (key == CHOICES and not present - {""}):
            continue  # an empty choices sheet is fine until a question needs a list
        for column in columns:
            if column not in present:
                raise XLSFormError("errors.xlsform_column_missing", sheet=names[key], column=column)


@dataclass(frozen=True)
class Languages:
    """How the language suffixes of this workbook map to codes."""

    plain: str  # the code of columns without a language suffix
    default: str
    order: tuple[str, ...]
    codes: Mapping[str, str]  # suffix as written → code

    def code(self, suffix: str | None) -> str | None:
        return self.plain if suffix is None else self.codes.get(suffix)


def languages(book: Workbook, fallback: str) -> Languages:
    """The languages of the workbook's columns; refuses a suffix without a known code."""
    setting = book.settings.get("default_language", "").strip()
    default = language_code(setting) if setting else None
    if setting and default is None:
        raise XLSFormError(
            "errors.xlsform_unknown_language",
            sheet=book.sheet(SETTINGS),
            row=2,
            column="default_language",
            language=setting,
        )
    plain = default or fallback
    codes: dict[str, str] = {}
    order: list[str] = []
    for key, bases in TEXT_COLUMNS.items():
        for header in book.headers.get(key, ()):
            parsed = column_language(header, bases) if header else None
            if parsed is None:
                continue
            suffix = parsed[1]
            code = plain if suffix is None else language_code(suffix)
            if code is None:
                raise XLSFormError(
                    "errors.xlsform_unknown_language",
                    sheet=book.sheet(key),
                    row=1,
                    column=header,
                    language=suffix,
                )
            if suffix is not None:
                codes[suffix] = code
            if code not in order:
                order.append(code)
    if default is None:
        default = plain if plain in order or not order else order[0]
    if default not in order:
        order.insert(0, default)
    return Languages(plain=plain, default=default, order=tuple(order), codes=codes)


def texts(row: RawRow, bases: Sequence[str], langs: Languages) -> dict[str, str]:
    """The texts of ``row`` in the columns ``bases`` by language code (explicit beats plain)."""
    result: dict[str, str] = {}
    for plain_pass in (True, False):
        for header, value in row.cells.items():
            parsed = column_language(header, bases)
            if parsed is None or (parsed[1] is None) != plain_pass or not value.strip():
                continue
            code = langs.code(parsed[1])
            if code is not None:
                result[code] = value.strip()
    return result

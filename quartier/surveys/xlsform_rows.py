"""What the rows of an XLSForm mean: each ``type`` cell classified, and the checks on rows
that must refuse a form before pyxform's converter sees it (so that the message is ours).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from quartier.errors import XLSFormError
from quartier.surveys.model import QuestionType
from quartier.surveys.xlsform_read import CHOICES, SURVEY, RawRow, Workbook


class Kind(StrEnum):
    QUESTION = "question"
    GROUP = "group"
    REPEAT = "repeat"
    END = "end"
    DEVICE = "device"
    UNSUPPORTED = "unsupported"


@dataclass(frozen=True)
class RowType:
    kind: Kind
    question_type: QuestionType | None = None
    list_name: str = ""
    or_other: bool = False


_SELECTS = {
    "select_one": QuestionType.SELECT_ONE, "select one": QuestionType.SELECT_ONE,
    "select1": QuestionType.SELECT_ONE, "select one from": QuestionType.SELECT_ONE,
    "select_multiple": QuestionType.SELECT_MULTIPLE,
    "select all that apply": QuestionType.SELECT_MULTIPLE,
    "select all that apply from": QuestionType.SELECT_MULTIPLE,
    "select multiple from": QuestionType.SELECT_MULTIPLE, "rank": QuestionType.RANKING,
}  # fmt: skip
_RE_SELECT = re.compile(
    r"^(?P<command>"
    + "|".join(re.escape(c) for c in sorted(_SELECTS, key=len, reverse=True))
    + r")\s+(?P<list>\S+)(?:\s+(?P<other>or_other|or specify other|or other))?$",
    re.IGNORECASE,
)
_RE_BEGIN = re.compile(r"^begin[ _](group|repeat|loop|looped group|lgroup)\b", re.IGNORECASE)
_RE_END = re.compile(r"^end[ _](group|repeat|loop|looped group|lgroup)$", re.IGNORECASE)
_SIMPLE = {
    "text": QuestionType.TEXT, "string": QuestionType.TEXT, "integer": QuestionType.INTEGER,
    "int": QuestionType.INTEGER, "decimal": QuestionType.DECIMAL, "date": QuestionType.DATE,
    "note": QuestionType.NOTE,
}  # fmt: skip
#: Metadata that describes the device or the person: never stored (no fingerprints).
DEVICE_TYPES = frozenset({
    "start", "end", "today", "deviceid", "imei", "subscriberid", "simserial", "phonenumber",
    "username", "email", "audit", "start-geopoint", "background-geopoint", "start time",
    "end time", "get start time", "get end time", "get today", "device id", "get device id",
    "subscriber id", "get subscriber id", "sim id", "get sim id", "get phone number",
    "uri:deviceid", "uri:subscriberid", "uri:simserial", "uri:phonenumber", "uri:username",
    "uri:email",
})  # fmt: skip


def classify(raw_type: str) -> RowType:
    """What a ``type`` cell means for Quartier.

    >>> classify("select_one yes_no or_other")
    RowType(kind=<Kind.QUESTION: 'question'>, question_type=<QuestionType.SELECT_ONE: \
'select_one'>, list_name='yes_no', or_other=True)
    >>> [classify(t).kind.value for t in ("begin repeat", "end_group", "deviceid", "geopoint")]
    ['repeat', 'end', 'device', 'unsupported']
    """
    text = " ".join(raw_type.split())
    if match := _RE_SELECT.match(text):
        command = " ".join(match["command"].casefold().split())
        return RowType(Kind.QUESTION, _SELECTS[command], match["list"], bool(match["other"]))
    if match := _RE_BEGIN.match(text):
        return RowType(Kind.GROUP if match[1].casefold() == "group" else Kind.REPEAT)
    if _RE_END.match(text):
        return RowType(Kind.END)
    folded = text.casefold()
    if folded in _SIMPLE:
        return RowType(Kind.QUESTION, _SIMPLE[folded])
    return RowType(Kind.DEVICE if folded in DEVICE_TYPES else Kind.UNSUPPORTED)


#: A reference to the answer of another question, in any cell.
REFERENCE = re.compile(r"\$\{([^}]*)\}")


def check_rows(book: Workbook) -> None:
    """Refuse duplicate names, missing or broken choice lists and references to no question.

    These run before pyxform's converter so that the message is ours and names the row.
    """
    names = _unique_names(book)
    lists: dict[str, list[RawRow]] = {}
    for choice in book.choices:
        lists.setdefault(choice.get("list_name", "list name"), []).append(choice)
    for raw in book.survey:
        row_type = classify(raw.type) if raw.type else None
        if row_type and row_type.kind is Kind.QUESTION and row_type.list_name:
            _check_list(book, raw, row_type.list_name, lists.get(row_type.list_name))
    for key, rows in ((SURVEY, book.survey), (CHOICES, book.choices)):
        for raw in rows:
            _check_references(book.sheet(key), raw, names)


def _unique_names(book: Workbook) -> set[str]:
    first: dict[str, int] = {}
    for raw in book.survey:
        row_type = classify(raw.type)
        if not raw.name or row_type.kind is Kind.END:
            continue
        if raw.name in first:
            raise XLSFormError(
                "errors.xlsform_duplicate_name",
                sheet=book.sheet(SURVEY),
                row=raw.row,
                name=raw.name,
                first_row=first[raw.name],
            )
        first[raw.name] = raw.row
        if row_type.or_other:
            first.setdefault(f"{raw.name}_other", raw.row)
    return set(first)


def _check_list(book: Workbook, raw: RawRow, list_name: str, rows: list[RawRow] | None) -> None:
    first: dict[str, int] = {}
    for choice in rows or ():
        name = choice.get("name")
        if name in first:
            raise XLSFormError(
                "errors.xlsform_duplicate_choice",
                sheet=book.sheet(CHOICES),
                row=choice.row,
                name=name,
                list_name=list_name,
                first_row=first[name],
            )
        if name:
            first[name] = choice.row
    if not first:
        raise XLSFormError(
            "errors.xlsform_choice_list_empty" if rows else "errors.xlsform_choice_list_missing",
            sheet=book.sheet(SURVEY),
            row=raw.row,
            name=raw.name,
            list_name=list_name,
        )


def _check_references(sheet: str, raw: RawRow, names: set[str]) -> None:
    for column, value in raw.cells.items():
        for reference in REFERENCE.findall(value):
            if reference.strip() not in names and not reference.startswith("last-saved#"):
                raise XLSFormError(
                    "errors.xlsform_reference_unknown",
                    sheet=sheet,
                    row=raw.row,
                    column=column,
                    reference=reference,
                )

"""Export a survey's responses as one wide table: CSV, XLSX or Parquet.

One row per response: the response's metadata (``_id``, ``_submitted_at`` as ISO time
in Europe/Berlin, ``_channel``, ``_event`` title, ``_language``, ``_version``), then per
question of the current version, in its order (notes skipped), a column named by the
question's name with the stored answer — choice codes (several codes space-separated,
as XLSForm tools do; rankings in rank order), numbers as numbers, text as text — and
for choice questions a column ``<name>_label`` with the choice labels in the chosen
language (joined with ``"; "``). Free text hidden by moderation is left empty.

The wide table is built by one DuckDB query; question names and labels only ever
travel as bound parameters. Text cells that a spreadsheet would run as a formula are
neutralised in CSV and XLSX (OWASP "CSV injection"); Parquet keeps values as they are.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from duckdb import ColumnExpression, DuckDBPyRelation

from quartier.storage import Database
from quartier.storage.db import Cursor
from quartier.surveys.model import Question, QuestionType, SurveyDefinition, text_in
from quartier.surveys.store import Survey, definition_of, get_survey


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    PARQUET = "parquet"


#: Metadata columns first; the underscore keeps them apart from question names (as Kobo).
META_COLUMNS = ("_id", "_submitted_at", "_channel", "_event", "_language", "_version")
ANSWERS_SHEET = "Antworten"
QUESTIONS_SHEET = "Fragen"

_ONE = "WHERE a.question = ?"
_ORDER = "ORDER BY a.position NULLS LAST, l.idx NULLS LAST, a.choice"
#: Aggregate templates per kind of column; each has exactly one ``?``: the question name.
_TEXT = f"max(a.text) FILTER ({_ONE} AND h.response_id IS NULL)"
_INTEGER = f"CAST(max(a.number) FILTER ({_ONE}) AS BIGINT)"
_DECIMAL = f"max(a.number) FILTER ({_ONE})"
_DATE = f"TRY_CAST(max(a.text) FILTER ({_ONE}) AS DATE)"
_CODE = f"max(a.choice) FILTER ({_ONE})"
_LABEL = f"max(coalesce(l.label, a.choice)) FILTER ({_ONE})"
_CODES = f"string_agg(a.choice, ' ' {_ORDER}) FILTER ({_ONE})"
_LABELS = f"string_agg(coalesce(l.label, a.choice), '; ' {_ORDER}) FILTER ({_ONE})"

_TEMPLATES: dict[QuestionType, tuple[str, ...]] = {
    QuestionType.TEXT: (_TEXT,),
    QuestionType.LONG_TEXT: (_TEXT,),
    QuestionType.INTEGER: (_INTEGER,),
    QuestionType.DECIMAL: (_DECIMAL,),
    QuestionType.DATE: (_DATE,),
    QuestionType.SELECT_ONE: (_CODE, _LABEL),
    QuestionType.LIKERT: (_CODE, _LABEL),
    QuestionType.SELECT_MULTIPLE: (_CODES, _LABELS),
    QuestionType.RANKING: (_CODES, _LABELS),
}

_LOCAL_TIME = (
    "strftime(timezone('Europe/Berlin', r.submitted_at), '%Y-%m-%dT%H:%M:%S')"
    " || printf('%+03d:00', date_diff('hour', timezone('UTC', r.submitted_at),"
    " timezone('Europe/Berlin', r.submitted_at)))"
)

_QUERY = """
WITH labels AS (
    SELECT unnest(?::VARCHAR[]) AS question, unnest(?::VARCHAR[]) AS choice,
           unnest(?::VARCHAR[]) AS label, unnest(?::INTEGER[]) AS idx
),
wide AS (
    SELECT a.response_id{columns}
    FROM answers a
    LEFT JOIN labels l ON l.question = a.question AND l.choice = a.choice
    LEFT JOIN hidden_answers h ON h.response_id = a.response_id AND h.question = a.question
    WHERE a.survey_id = ?
    GROUP BY a.response_id
)
SELECT r.id, {local_time}, r.channel, e.title, r.language, r.version{picks}
FROM responses r
LEFT JOIN wide w ON w.response_id = r.id
LEFT JOIN events e ON e.id = r.event_id
WHERE r.survey_id = ?
ORDER BY r.submitted_at, r.id
"""

#: A spreadsheet runs cells starting with these as formulas (also after blanks).
_FORMULA_START = ("=", "+", "-", "@")
_CONTROL_START = ("\t", "\r")
#: Characters that XML 1.0 (and so XLSX) cannot hold; openpyxl refuses them.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class _Table:
    """The export's header and the DuckDB query (with its parameters) that fills it."""

    headers: tuple[str, ...]
    sql: str
    params: list[Any]


def neutralise(value: object) -> object:
    """``value`` safe for a spreadsheet cell: formula-like text gets a leading ``'``.

    Numbers stay numbers (a real ``-3`` is no formula).

    >>> neutralise("=1+1"), neutralise("  @SUM(A1)"), neutralise("\\tx"), neutralise(-3)
    ("'=1+1", "'  @SUM(A1)", "'\\tx", -3)
    >>> neutralise("Bänke am Platz")
    'Bänke am Platz'
    """
    if isinstance(value, str) and (
        value.startswith(_CONTROL_START) or value.lstrip().startswith(_FORMULA_START)
    ):
        return "'" + value
    return value


def export_filename(survey: Survey, fmt: ExportFormat) -> str:
    """A safe file name such as ``umfrage-12-spielplatz-am-anger.xlsx``.

    The title (default language) becomes ASCII; a title without Latin letters
    leaves just ``umfrage-<id>``.
    """
    title = text_in(survey.definition.title, survey.definition.default_language, "de")
    ascii_title = unicodedata.normalize("NFKD", title.replace("ß", "ss"))
    ascii_title = ascii_title.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")[:50].rstrip("-")
    stem = f"umfrage-{survey.id}" + (f"-{slug}" if slug else "")
    return f"{stem}.{fmt.value}"


def export_responses(
    db: Database, survey_id: int, fmt: ExportFormat, language: str, out: Path
) -> int:
    """Write every response of a survey to ``out`` in ``fmt``; returns the rows written.

    Labels are in ``language`` (else the survey's default language). The caller checks
    that the user may see the responses. Raises NotFoundError for an unknown survey
    and OSError when ``out`` cannot be written.
    """
    survey = get_survey(db, survey_id)
    table = _table(db, survey, language)
    part = out.with_name(out.name + ".part")
    try:
        count = _write(db, survey, table, fmt, language, part)
        part.replace(out)
    finally:
        part.unlink(missing_ok=True)
    return count


def _write(
    db: Database, survey: Survey, table: _Table, fmt: ExportFormat, language: str, path: Path
) -> int:
    with db.read() as cur:
        relation = cur.sql(table.sql, params=table.params)
        if fmt is ExportFormat.PARQUET:
            return _write_parquet(cur, relation, table.headers, path)
        rows = relation.fetchall()
    if fmt is ExportFormat.CSV:
        _write_csv(table.headers, rows, path)
    else:
        _write_xlsx(table.headers, rows, _question_rows(survey, language), path)
    return len(rows)


def _answered(definition: SurveyDefinition) -> Iterator[Question]:
    return (q for q in definition.questions() if q.type.is_answerable)


def _labels(db: Database, survey: Survey, language: str) -> list[list[Any]]:
    """Columns (question, choice, label, index) of every choice in any version.

    The current version comes first and wins; codes dropped since keep their old label.
    """
    found: dict[tuple[str, str], tuple[str, int]] = {}
    for version in range(survey.version, 0, -1):
        definition = (
            survey.definition if version == survey.version
            else definition_of(db, survey.id, version)
        )  # fmt: skip
        for q in _answered(definition):
            for index, c in enumerate(q.choices, start=1):
                label = text_in(c.label, language, definition.default_language)
                found.setdefault((q.name, c.name), (label, index))
    keys = list(found)
    return [
        [k[0] for k in keys],
        [k[1] for k in keys],
        [found[k][0] for k in keys],
        [found[k][1] for k in keys],
    ]


def _unique(names: Sequence[str]) -> tuple[str, ...]:
    """The names with any repeat made unique by a suffix (``a_label`` may be a question).

    >>> _unique(["_id", "a", "a_label", "a_label"])
    ('_id', 'a', 'a_label', 'a_label_2')
    """
    seen: set[str] = set()
    result: list[str] = []
    for name in names:
        candidate, n = name, 1
        while candidate in seen:
            n += 1
            candidate = f"{name}_{n}"
        seen.add(candidate)
        result.append(candidate)
    return tuple(result)


def _table(db: Database, survey: Survey, language: str) -> _Table:
    names: list[str] = []
    columns: list[str] = []
    picks: list[str] = []
    question_params: list[str] = []
    for q in _answered(survey.definition):
        for position, template in enumerate(_TEMPLATES[q.type]):
            alias = f"c{len(columns)}"
            columns.append(f",\n        {template} AS {alias}")
            picks.append(f", w.{alias}")
            question_params.append(q.name)
            names.append(q.name if position == 0 else f"{q.name}_label")
    sql = _QUERY.format(columns="".join(columns), picks="".join(picks), local_time=_LOCAL_TIME)
    params = [*_labels(db, survey, language), *question_params, survey.id, survey.id]
    return _Table(_unique([*META_COLUMNS, *names]), sql, params)


def _question_rows(survey: Survey, language: str) -> list[tuple[str, str, str]]:
    d = survey.definition
    return [(q.name, q.type.value, text_in(q.label, language, d.default_language))
            for q in _answered(d)]  # fmt: skip


def _write_parquet(
    cursor: Cursor, relation: DuckDBPyRelation, headers: Sequence[str], path: Path
) -> int:
    """Write with DuckDB itself; the header names are identifiers, never SQL text."""
    named = relation.select(
        *(ColumnExpression(c).alias(h) for c, h in zip(relation.columns, headers, strict=True))
    )
    named.write_parquet(str(path))
    # A relation runs again on every call: count the written file, not the query.
    count = cursor.sql("SELECT count(*) FROM read_parquet(?)", params=[str(path)]).fetchall()
    return int(count[0][0])


def _csv_cell(value: object) -> object:
    return "" if value is None else neutralise(value)


def _write_csv(headers: Sequence[str], rows: Sequence[tuple[Any, ...]], path: Path) -> None:
    """UTF-8 with BOM (so Excel detects it), comma-separated, quoted where needed."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([_csv_cell(h) for h in headers])
        writer.writerows([_csv_cell(v) for v in row] for row in rows)


def _xlsx_cell(value: object) -> object:
    if isinstance(value, str):
        return neutralise(_ILLEGAL_XML.sub("", value))
    return value


def _write_xlsx(
    headers: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    questions: Sequence[tuple[str, str, str]],
    path: Path,
) -> None:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook(write_only=True)
    answers = book.create_sheet(ANSWERS_SHEET)
    answers.freeze_panes = "B2"
    answers.append([_xlsx_cell(h) for h in headers])
    for row in rows:
        answers.append([_xlsx_cell(v) for v in row])
    sheet = book.create_sheet(QUESTIONS_SHEET)
    sheet.append(["name", "type", "label"])
    for question in questions:
        sheet.append([_xlsx_cell(v) for v in question])
    book.save(path)


__all__ = ["ExportFormat", "export_filename", "export_responses", "neutralise"]

"""A Quartier's data for open data: XLSX (one sheet per table) or a ZIP of Parquet files.

Nothing personal leaves: no user ids ("created_by", "entered_by", …), no names or
contacts of residents, no tokens or receipt hashes, no free-text answers, no notes;
titles, descriptions and places of ideas only once they are published; moments
(submitted, supported, changed) only as their Berlin day. Attendance breakdowns by age
or language show cells below the Quartier's k as empty. Text that a spreadsheet would
run as a formula gets a leading ``'`` (in both formats, in SQL).

Every table is one constant query bound to the Quartier; DuckDB writes the Parquet
files itself.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from quartier.auth.permissions import Action, User, ensure
from quartier.errors import ValidationError
from quartier.i18n import berlin_today, translator
from quartier.privacy import min_group_size
from quartier.storage import Database

XLSX_MAX_ROWS = 1_048_575  # a sheet's rows, without the header
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe(column: str) -> str:
    """SQL: ``column`` as text, with a leading ``'`` where a spreadsheet would see a
    formula (as :func:`quartier.surveys.exports.neutralise`)."""
    return (
        f"CASE WHEN regexp_matches({column}, '^([\\t\\r]|\\s*[=+\\-@])')"
        f" THEN '''' || {column} ELSE {column} END"
    )


def berlin_day(column: str) -> str:
    """SQL: the Berlin calendar day of the TIMESTAMPTZ ``column``, without time-zone
    support in DuckDB: CEST (UTC+2) from the last Sunday of March to the last Sunday of
    October, 01:00 UTC each, else CET (UTC+1) — the EU rule since 1996."""
    u = f"CAST({column} AS TIMESTAMP)"

    def switch(month: int) -> str:
        last = f"make_date(year({u}), {month}, 31)"
        return f"make_timestamp(year({u}), {month}, 31, 1, 0, 0) - to_days(dayofweek({last}))"

    return (
        f"CAST({u} + CASE WHEN {u} >= {switch(3)} AND {u} < {switch(10)}"
        " THEN INTERVAL 2 HOUR ELSE INTERVAL 1 HOUR END AS DATE)"
    )


def _published(column: str) -> str:
    return f"CASE WHEN i.status = 'veroeffentlicht' THEN {safe(column)} END"


#: (table name, query); every query binds ``$q`` (the Quartier) and some ``$k``.
TABLES: tuple[tuple[str, str], ...] = (
    ("quartier", f"SELECT id, slug, {safe('name')} AS name, {safe('city')} AS city"
                 " FROM quartiers WHERE id = $q"),
    ("events", f"""SELECT e.id, {safe('e.title')} AS title, e.starts_on, d.starts_at, d.ends_on,
        d.ends_at, d.event_type, {safe('e.place')} AS place, {safe('d.organisers')} AS organisers,
        {safe('d.partners')} AS partners, d.group_id, d.is_public, d.attendance
        FROM events e LEFT JOIN event_details d ON d.event_id = e.id
        WHERE e.quartier_id = $q ORDER BY e.starts_on, e.id"""),
    ("event_languages", "SELECT event_id, language FROM event_languages WHERE quartier_id = $q"
                        " ORDER BY event_id, language"),
    ("event_attendance", """SELECT event_id, dimension, category,
        CASE WHEN people >= $k THEN people END AS people
        FROM event_attendance WHERE quartier_id = $q ORDER BY event_id, dimension, category"""),
    ("offerings", f"""SELECT id, {safe('title')} AS title, kind, {safe('place')} AS place,
        {safe('schedule')} AS schedule, {safe('organisers')} AS organisers, is_active
        FROM offerings WHERE quartier_id = $q ORDER BY id"""),
    ("offering_languages", "SELECT offering_id, language FROM offering_languages"
                           " WHERE quartier_id = $q ORDER BY offering_id, language"),
    ("offering_sessions", "SELECT id, offering_id, held_on, people FROM offering_sessions"
                          " WHERE quartier_id = $q ORDER BY held_on, id"),
    ("session_languages", "SELECT session_id, language FROM offering_session_languages"
                          " WHERE quartier_id = $q ORDER BY session_id, language"),
    ("population_shares", "SELECT language, CAST(share AS DOUBLE) AS share"
                          " FROM population_shares WHERE quartier_id = $q ORDER BY share DESC"),
    ("population_source", f"SELECT {safe('source')} AS source, as_of_year"
                          " FROM population_sources WHERE quartier_id = $q"),
    ("surveys", f"""SELECT s.id, {safe("coalesce(json_extract_string(v.definition, '$.title.de'),"
        " CAST(json_extract(v.definition, '$.title') AS VARCHAR))")} AS title,
        s.status, s.current_version, {berlin_day('s.opens_at')} AS opens_on,
        {berlin_day('s.closes_at')} AS closes_on
        FROM surveys s LEFT JOIN survey_versions v
          ON v.survey_id = s.id AND v.version = s.current_version
        WHERE s.quartier_id = $q ORDER BY s.id"""),
    ("responses", f"""SELECT id, survey_id, version, channel, event_id, language,
        {berlin_day('submitted_at')} AS submitted_on
        FROM responses WHERE quartier_id = $q ORDER BY id"""),
    ("answers", f"""SELECT response_id, survey_id, {safe('question')} AS question,
        {safe('choice')} AS choice, position, number
        FROM answers WHERE quartier_id = $q AND text IS NULL
        ORDER BY response_id, question, position NULLS FIRST, choice"""),
    ("ideas", f"""SELECT i.id, {_published('i.title')} AS title,
        {_published('i.description')} AS description, {_published('i.place')} AS place,
        i.field_of_action, i.language, i.channel, i.event_id,
        {berlin_day('i.submitted_at')} AS submitted_on, i.status, i.group_id, i.duplicate_of
        FROM ideas i WHERE i.quartier_id = $q ORDER BY i.id"""),
    ("idea_supports", f"""SELECT idea_id, channel, {berlin_day('supported_at')} AS supported_on
        FROM idea_supports WHERE quartier_id = $q ORDER BY supported_at"""),
    ("working_groups", f"""SELECT id, {safe('name')} AS name, {safe('theme')} AS theme,
        is_archived FROM working_groups WHERE quartier_id = $q ORDER BY id"""),
    ("rounds", f"""SELECT id, group_id, {safe('title')} AS title, method, winners,
        dots_per_member, max_dots_per_idea, budget_cents, cap_cents,
        {berlin_day('closes_at')} AS closes_on, {berlin_day('closed_at')} AS closed_on
        FROM rounds WHERE quartier_id = $q ORDER BY id"""),
    ("round_ideas", "SELECT round_id, idea_id, requested_cents FROM round_ideas"
                    " WHERE quartier_id = $q ORDER BY round_id, idea_id"),
    ("round_results", f"""SELECT round_id, idea_id, rank, score, outcome,
        {safe('reason')} AS reason FROM round_results WHERE quartier_id = $q
        ORDER BY round_id, rank, idea_id"""),
    ("measures", f"""SELECT id, idea_id, group_id, {safe('title')} AS title,
        {safe('description')} AS description, responsible_actor_id,
        {safe('partners')} AS partners, budget_cents, starts_on, ends_on, status,
        {berlin_day('created_at')} AS created_on
        FROM measures WHERE quartier_id = $q ORDER BY id"""),
    ("milestones", f"""SELECT id, measure_id, {safe('title')} AS title, due_on, done_on
        FROM milestones WHERE quartier_id = $q ORDER BY measure_id, due_on, id"""),
    ("measure_status_changes", f"""SELECT measure_id, status,
        {berlin_day('changed_at')} AS changed_on FROM measure_status_changes
        WHERE quartier_id = $q ORDER BY measure_id, changed_at"""),
    ("actors", f"""SELECT id, {safe('name')} AS name, actor_type,
        array_to_string(fields_of_action, ' ') AS fields_of_action, active_from, active_to
        FROM actors WHERE quartier_id = $q ORDER BY id"""),
    ("ties", """SELECT id, source_id, target_id, tie_type, strength, starts_on, ends_on
        FROM ties WHERE quartier_id = $q ORDER BY id"""),
    ("event_actors", "SELECT event_id, actor_id, role FROM event_actors WHERE quartier_id = $q"
                     " ORDER BY event_id, actor_id, role"),
    ("measure_actors", "SELECT measure_id, actor_id, role FROM measure_actors"
                       " WHERE quartier_id = $q ORDER BY measure_id, actor_id, role"),
)  # fmt: skip


def _params(sql: str, quartier_id: int, k: int) -> dict[str, int]:
    return {"q": quartier_id, "k": k} if "$k" in sql else {"q": quartier_id}


def _xlsx_cell(value: object) -> object:
    if isinstance(value, str):
        return _ILLEGAL_XML.sub("", value)
    return value


def _sheets(db: Database, quartier_id: int) -> Iterator[tuple[str, list[str], list[Any]]]:
    k = min_group_size(db, quartier_id)
    with db.read() as cur:
        for name, sql in TABLES:
            params = _params(sql, quartier_id, k)
            count = cur.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()
            rows = int(count[0]) if count else 0
            if rows > XLSX_MAX_ROWS:
                raise ValidationError(
                    "errors.export_too_large", field="format", table=name, rows=rows,
                    limit=XLSX_MAX_ROWS,
                )  # fmt: skip
            result = cur.execute(sql, params)
            headers = [d[0] for d in result.description]
            yield name, headers, result.fetchall()


def export_xlsx(db: Database, user: User, quartier_id: int) -> bytes:
    """The Quartier's data as an XLSX workbook, one sheet per table of TABLES.

    Raises PermissionDenied unless ``user`` manages the Quartier's content and
    ValidationError ``errors.export_too_large`` when a table has more rows than a sheet
    can hold (the Parquet export has no such limit).
    """
    from openpyxl import Workbook  # type: ignore[import-untyped]

    ensure(user, Action.MANAGE_QUARTIER_CONTENT, quartier_id)
    book = Workbook(write_only=True)
    for name, headers, rows in _sheets(db, quartier_id):
        sheet = book.create_sheet(name)
        sheet.freeze_panes = "A2"
        sheet.append(headers)
        for row in rows:
            sheet.append([_xlsx_cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def readme(quartier_name: str, today: date, k: int) -> str:
    """The German LIESMICH.txt that travels in the ZIP."""
    t = translator("de")
    tables = ", ".join(f"{name}.parquet" for name, _ in TABLES)
    return t("open_data.readme", name=quartier_name, date=t.date(today), k=k, tables=tables)


def export_parquet_zip(
    db: Database, user: User, quartier_id: int, *, today: date | None = None
) -> bytes:
    """The Quartier's data as a ZIP with one Parquet file per table of TABLES and a
    LIESMICH.txt. Raises PermissionDenied unless ``user`` manages the Quartier."""
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, quartier_id)
    k = min_group_size(db, quartier_id)
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="quartier-open-data-") as tmp:
        with db.read() as cur:
            names = cur.execute("SELECT name FROM quartiers WHERE id = ?", [quartier_id]).fetchall()
            for name, sql in TABLES:
                path = Path(tmp) / f"{name}.parquet"
                cur.sql(sql, params=_params(sql, quartier_id, k)).write_parquet(str(path))
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, _ in TABLES:
                archive.write(Path(tmp) / f"{name}.parquet", f"{name}.parquet")
            text = readme(str(names[0][0]) if names else "", today or berlin_today(), k)
            archive.writestr("LIESMICH.txt", text)
    return buffer.getvalue()


def export_filename(slug: str, fmt: str, today: date) -> str:
    """``offene-daten-musterviertel-2026-05-17.xlsx`` (``fmt``: xlsx or parquet → .zip).

    >>> export_filename("musterviertel", "parquet", date(2026, 5, 17))
    'offene-daten-musterviertel-2026-05-17.zip'
    """
    suffix = "xlsx" if fmt == "xlsx" else "zip"
    return f"offene-daten-{slug}-{today.isoformat()}.{suffix}"


__all__ = ["TABLES", "export_filename", "export_parquet_zip", "export_xlsx"]

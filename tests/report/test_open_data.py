"""Open-data exports: every table, nothing personal, formulas neutralised, small
attendance cells hidden, Berlin days computed without time-zone support."""

from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quartier.errors import PermissionDenied
from quartier.events import get_event, list_events, record_attendance
from quartier.open_data import TABLES, berlin_day, export_parquet_zip, export_xlsx
from tests.report.conftest import AUTHOR, CONTACT, FORMULA_TITLE, ReportWorld

PERSONAL_COLUMNS = {
    "author_name", "author_contact", "consent_at", "entered_by", "created_by", "updated_by",
    "attendance_by", "changed_by", "decided_by", "by_user", "user_id", "token", "receipt_hash",
    "text", "notes", "note", "contact_role", "responsible", "password_hash", "username",
    "display_name", "submitted_at", "supported_at", "changed_at",
}  # fmt: skip
SECRETS = (AUTHOR, CONTACT, "Frau Beispiel", "vertraulich", "geheim", "Leitung", "Mehr Bänke")
NAMES = [name for name, _ in TABLES]


def xlsx_tables(content: bytes) -> dict[str, list[dict[str, Any]]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    out = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        out[sheet.title] = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
        out[sheet.title + "#columns"] = [{"name": c} for c in rows[0]]
    return out


def parquet_tables(content: bytes) -> tuple[list[str], dict[str, list[dict[str, Any]]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    with zipfile.ZipFile(io.BytesIO(content)) as archive, tempfile.TemporaryDirectory() as tmp:
        names = archive.namelist()
        archive.extractall(tmp)
        con = duckdb.connect()
        for name in NAMES:
            rel = con.sql(
                "SELECT * FROM read_parquet(?)", params=[str(Path(tmp) / f"{name}.parquet")]
            )
            out[name] = [dict(zip(rel.columns, r, strict=True)) for r in rel.fetchall()]
            out[name + "#columns"] = [{"name": c} for c in rel.columns]
    return names, out


def check_nothing_personal(tables: dict[str, list[dict[str, Any]]]) -> None:
    columns = {row["name"] for key, rows in tables.items() if key.endswith("#columns")
               for row in rows}  # fmt: skip
    assert columns & PERSONAL_COLUMNS == set()
    cells = [str(v) for key, rows in tables.items() for row in rows for v in row.values()]
    assert [s for s in SECRETS if any(s in c for c in cells)] == []


def check_content(tables: dict[str, list[dict[str, Any]]]) -> None:
    titles = {row["title"] for row in tables["events"]}
    assert "'" + FORMULA_TITLE in titles and FORMULA_TITLE not in titles
    assert "Internationales Kinderfest" in titles
    assert [r["name"] for r in tables["quartier"]] == ["Quartier Nord"]
    assert {r["name"] for r in tables["actors"]} >= {"Kita Sonnenschein"}
    ideas = tables["ideas"]
    assert len(ideas) == 1 and ideas[0]["title"] is None  # not published: no text
    cells = {(r["dimension"], r["category"]): r["people"] for r in tables["event_attendance"]}
    assert cells[("sprache", "tr")] == 70
    assert cells[("alter", "65+")] is None  # 3 < k
    assert sum(r["people"] for r in tables["offering_sessions"]) == 65


@pytest.fixture
def small_cell(report_world: ReportWorld) -> ReportWorld:
    w = report_world.world
    fest = next(e for e in list_events(w.db, w.nord.id) if e.title == "Internationales Kinderfest")
    record_attendance(w.db, w.coordinator, fest.id, 240, by_age={"0-5": 40, "65+": 3},
                      by_language={"de": 120, "tr": 70, "ar": 30})  # fmt: skip
    assert get_event(w.db, fest.id).attendance == 240
    return report_world


def test_xlsx_has_one_sheet_per_table_and_nothing_personal(small_cell: ReportWorld) -> None:
    w = small_cell.world
    tables = xlsx_tables(export_xlsx(w.db, w.coordinator, w.nord.id))
    assert [k for k in tables if not k.endswith("#columns")] == NAMES
    check_nothing_personal(tables)
    check_content(tables)


def test_parquet_zip_has_one_file_per_table_and_nothing_personal(small_cell: ReportWorld) -> None:
    w = small_cell.world
    names, tables = parquet_tables(export_parquet_zip(w.db, w.admin, w.nord.id))
    assert names == [f"{n}.parquet" for n in NAMES] + ["LIESMICH.txt"]
    check_nothing_personal(tables)
    check_content(tables)
    assert all(isinstance(r["submitted_on"], type(datetime.now().date()))
               for r in tables["ideas"])  # fmt: skip


def test_the_other_quartier_gets_none_of_nords_rows(report_world: ReportWorld) -> None:
    w = report_world.world
    tables = xlsx_tables(export_xlsx(w.db, w.coordinator_sued, w.sued.id))
    assert all(not rows for key, rows in tables.items()
               if key not in ("quartier",) and not key.endswith("#columns"))  # fmt: skip


@pytest.mark.parametrize("export", [export_xlsx, export_parquet_zip])
@pytest.mark.parametrize("role", ["member", "coordinator_sued"])
def test_only_staff_of_the_quartier_may_export(report_world: ReportWorld, export: Any,
                                               role: str) -> None:  # fmt: skip
    w = report_world.world
    with pytest.raises(PermissionDenied):
        export(w.db, getattr(w, role), w.nord.id)


BERLIN = ZoneInfo("Europe/Berlin")
CON = duckdb.connect()
DAY_SQL = f"SELECT {berlin_day('x')} FROM (SELECT CAST(? AS TIMESTAMPTZ) AS x)"


@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=datetime(1996, 1, 1), max_value=datetime(2099, 12, 31)))
def test_berlin_day_in_sql_matches_zoneinfo(moment: datetime) -> None:
    instant = moment.replace(tzinfo=UTC)
    assert CON.execute(DAY_SQL, [instant]).fetchone() == (instant.astimezone(BERLIN).date(),)


@pytest.mark.parametrize("utc", ["2026-03-29 00:59:59", "2026-03-29 01:00:00",
                                 "2026-10-25 00:59:59", "2026-10-25 01:00:00",
                                 "2026-06-30 22:00:00", "2026-12-31 23:00:00"])  # fmt: skip
def test_berlin_day_around_the_switches(utc: str) -> None:
    instant = datetime.fromisoformat(utc).replace(tzinfo=UTC)
    for moment in (instant, instant - timedelta(seconds=1)):
        assert CON.execute(DAY_SQL, [moment]).fetchone() == (moment.astimezone(BERLIN).date(),)

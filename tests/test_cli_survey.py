"""``quartier survey import|export``: XLSForm in, forms and responses out."""

from __future__ import annotations

import contextlib
import csv
import io
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import pytest
from openpyxl import load_workbook

from quartier.cli import main
from quartier.quartiers import create_quartier_in
from quartier.storage import migrate, open_database
from quartier.surveys.demo_survey import DEFINITION as DEMO
from quartier.surveys.demo_survey import RESPONSES
from quartier.surveys.exports import META_COLUMNS
from quartier.surveys.store import SurveyStatus, get_survey
from tests.conftest import SHARED

FIXTURES = SHARED / "fixtures" / "xlsform"


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def query(path: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    db = open_database(path)
    try:
        with db.read() as cur:
            return cur.execute(sql, params or []).fetchall()
    finally:
        db.close()


def survey_of(path: Path, survey_id: int) -> Any:
    db = open_database(path)
    try:
        return get_survey(db, survey_id)
    finally:
        db.close()


@pytest.fixture
def dbfile(tmp_path: Path) -> Path:
    """A database with the Quartier "nord" (the command line creates no Quartiere)."""
    path = tmp_path / "q.duckdb"
    db = open_database(path)
    try:
        migrate(db)
        with db.transaction() as cur:
            create_quartier_in(cur, "nord", "Quartier Nord", "Musterstadt")
    finally:
        db.close()
    return path


@pytest.fixture(scope="module")
def seeded_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo, seeded once per module through the command line (a few seconds)."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["demo", "--db", str(path)]) == 0
    return path


@pytest.fixture
def demo_db(seeded_demo: Path, tmp_path: Path) -> Path:
    """The Musterviertel with its demo survey (id 1) and its 300 responses: a fresh copy
    for each test."""
    path = tmp_path / "demo.duckdb"
    shutil.copyfile(seeded_demo, path)
    return path


# --- Import --------------------------------------------------------------------------------


def test_import_prints_the_new_surveys_id_last(capsys: pytest.CaptureFixture[str],
                                               dbfile: Path) -> None:  # fmt: skip
    code, out, err = run(capsys, "survey", "import", FIXTURES / "text_and_integer.xlsx",
                         "--quartier", "nord", "--db", dbfile)  # fmt: skip
    assert code == 0
    survey_id = int(out.strip().splitlines()[-1])
    assert "Umfrage „text_and_integer“ angelegt (Entwurf)." in err
    survey = survey_of(dbfile, survey_id)
    assert survey.status is SurveyStatus.DRAFT
    assert [q.name for q in survey.definition.questions()] == ["your_name", "your_age"]
    assert query(dbfile, "SELECT q.slug FROM surveys s JOIN quartiers q ON q.id = s.quartier_id"
                 " WHERE s.id = ?", [survey_id]) == [("nord",)]  # fmt: skip


def test_import_with_open_opens_it(capsys: pytest.CaptureFixture[str], dbfile: Path) -> None:
    code, out, err = run(capsys, "survey", "import", FIXTURES / "text_and_integer.xlsx",
                         "--quartier", "nord", "--open", "--db", dbfile)  # fmt: skip
    assert code == 0 and "(offen)" in err
    survey = survey_of(dbfile, int(out.strip().splitlines()[-1]))
    assert survey.status is SurveyStatus.OPEN and survey.is_accepting()


def test_import_lists_skipped_rows(capsys: pytest.CaptureFixture[str], dbfile: Path) -> None:
    code, out, err = run(capsys, "survey", "import", FIXTURES / "ODKValidateWarnings.xlsx",
                         "--quartier", "nord", "--db", dbfile)  # fmt: skip
    assert code == 0
    skipped = [line for line in err.splitlines() if "phone_number" in line]
    assert len(skipped) == 1 and "Zeile 3" in skipped[0] and "survey" in skipped[0]
    survey = survey_of(dbfile, int(out.strip().splitlines()[-1]))
    assert [s["name"] for s in survey.skipped] == ["phone_number"]


@pytest.mark.parametrize(
    ("fixture", "says"),
    [
        ("UCL_Biomass_Plot_Form.xlsx", ("Tabellenblatt „survey“", "Zeile 10", "„regex“")),
        ("bad_calc.xlsx", ("Tabellenblatt „survey“", "Zeilen: 1")),
        ("choice_filter_test.xlsx", ("Tabellenblatt „choices“", "Zeile 6")),
    ],
)
def test_refused_form_exits_1_naming_sheet_and_row(
    capsys: pytest.CaptureFixture[str], dbfile: Path, fixture: str, says: tuple[str, ...]
) -> None:
    code, out, err = run(capsys, "survey", "import", FIXTURES / fixture, "--quartier", "nord",
                         "--db", dbfile)  # fmt: skip
    assert code == 1 and out == ""
    assert err.startswith("Fehler: ")
    for part in says:
        assert part in err, (part, err)
    assert "Traceback" not in err
    assert query(dbfile, "SELECT count(*) FROM surveys") == [(0,)]


def test_unknown_quartier_slug(capsys: pytest.CaptureFixture[str], dbfile: Path) -> None:
    code, out, err = run(capsys, "survey", "import", FIXTURES / "text_and_integer.xlsx",
                         "--quartier", "sued", "--db", dbfile)  # fmt: skip
    assert code == 1 and out == ""
    assert "sued" in err and err.startswith("Fehler: ")
    assert query(dbfile, "SELECT count(*) FROM surveys") == [(0,)]


@pytest.mark.parametrize("name", ["fehlt.xlsx", "README.md"])
def test_missing_or_non_excel_file(capsys: pytest.CaptureFixture[str], dbfile: Path,
                                   name: str) -> None:  # fmt: skip
    path = dbfile.parent / name
    if name == "README.md":
        path.write_text("# Kein Formular\n")
    code, out, err = run(capsys, "survey", "import", path, "--quartier", "nord", "--db", dbfile)
    assert code == 1 and out == "" and "Traceback" not in err
    assert err.startswith("Fehler: ")
    assert query(dbfile, "SELECT count(*) FROM surveys") == [(0,)]


def test_english_messages_with_lang_en(capsys: pytest.CaptureFixture[str], dbfile: Path) -> None:
    form = FIXTURES / "text_and_integer.xlsx"
    code, out, err = run(capsys, "survey", "import", form, "--quartier", "nord", "--open",
                         "--lang", "en", "--db", dbfile)  # fmt: skip
    assert code == 0 and "angelegt" not in err and "text_and_integer" in err
    assert out.strip().splitlines()[-1].isdigit()


# --- Export ----------------------------------------------------------------------------------


def test_export_csv(capsys: pytest.CaptureFixture[str], demo_db: Path, tmp_path: Path) -> None:
    out_path = tmp_path / "antworten.csv"
    code, out, _ = run(capsys, "survey", "export", 1, "--format", "csv", "--out", out_path,
                       "--language", "en", "--db", demo_db)  # fmt: skip
    assert code == 0 and f"{RESPONSES} Antworten nach {out_path} geschrieben." in out
    with out_path.open(encoding="utf-8-sig", newline="") as handle:
        records = list(csv.DictReader(handle))
    assert len(records) == RESPONSES
    header = list(records[0])
    assert tuple(header[: len(META_COLUMNS)]) == META_COLUMNS
    assert header[len(META_COLUMNS) : len(META_COLUMNS) + 2] == ["wohnen_seit", "wohnen_seit_label"]
    assert {r["_channel"] for r in records} == {"online", "qr", "kiosk", "papier"}
    english = {c.name: c.label["en"] for c in DEMO.question("wohnen_seit").choices}
    assert all(r["wohnen_seit_label"] == english[r["wohnen_seit"]] for r in records)
    assert {r["_version"] for r in records} == {"1"}
    assert Counter(r["_language"] for r in records).keys() <= set(DEMO.languages)


def test_export_xlsx(capsys: pytest.CaptureFixture[str], demo_db: Path, tmp_path: Path) -> None:
    out_path = tmp_path / "antworten.xlsx"
    code, out, _ = run(capsys, "survey", "export", 1, "--format", "xlsx", "--out", out_path,
                       "--db", demo_db)  # fmt: skip
    assert code == 0 and f"{RESPONSES} Antworten" in out
    book = load_workbook(out_path, read_only=True)
    sheet = book["Antworten"]
    table = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert len(table) == RESPONSES + 1
    assert tuple(table[0][: len(META_COLUMNS)]) == META_COLUMNS
    column = table[0].index("zufriedenheit_label")
    german = {c.label["de"] for c in DEMO.question("zufriedenheit").choices}
    assert {r[column] for r in table[1:]} <= german
    book.close()


def test_export_parquet(capsys: pytest.CaptureFixture[str], demo_db: Path,
                        tmp_path: Path) -> None:  # fmt: skip
    out_path = tmp_path / "antworten.parquet"
    code, out, _ = run(capsys, "survey", "export", 1, "--format", "parquet", "--out", out_path,
                       "--db", demo_db)  # fmt: skip
    assert code == 0 and f"{RESPONSES} Antworten" in out
    con = duckdb.connect()
    try:
        relation = con.read_parquet(str(out_path))
        assert tuple(relation.columns[: len(META_COLUMNS)]) == META_COLUMNS
        by_channel = dict(
            con.execute(
                f"SELECT _channel, count(*) FROM read_parquet('{out_path}') GROUP BY 1"
            ).fetchall()
        )
    finally:
        con.close()
    stored = dict(query(demo_db, "SELECT channel, count(*) FROM responses GROUP BY 1"))
    assert by_channel == stored and sum(by_channel.values()) == RESPONSES


def test_xlsform_export_reimports_to_the_same_definition(
    capsys: pytest.CaptureFixture[str], dbfile: Path, tmp_path: Path
) -> None:
    _, out, _ = run(capsys, "survey", "import", FIXTURES / "yes_or_no_question.xlsx",
                    "--quartier", "nord", "--db", dbfile)  # fmt: skip
    first = int(out.strip().splitlines()[-1])
    form = tmp_path / "formular.xlsx"
    code, out, _ = run(capsys, "survey", "export", first, "--format", "xlsform", "--out", form,
                       "--db", dbfile)  # fmt: skip
    assert code == 0 and f"XLSForm nach {form} geschrieben." in out
    code, out, err = run(capsys, "survey", "import", form, "--quartier", "nord", "--db", dbfile)
    assert code == 0, err
    second = int(out.strip().splitlines()[-1])
    assert second != first
    assert survey_of(dbfile, second).definition == survey_of(dbfile, first).definition


def test_demo_survey_round_trips_through_xlsform(
    capsys: pytest.CaptureFixture[str], demo_db: Path, tmp_path: Path
) -> None:
    form = tmp_path / "demo-formular.xlsx"
    assert run(capsys, "survey", "export", 1, "--format", "xlsform", "--out", form,
               "--db", demo_db)[0] == 0  # fmt: skip
    code, out, err = run(capsys, "survey", "import", form, "--quartier", "musterviertel",
                         "--db", demo_db)  # fmt: skip
    assert code == 0, err
    assert survey_of(demo_db, int(out.strip().splitlines()[-1])).definition == DEMO


def test_export_of_an_unknown_survey(capsys: pytest.CaptureFixture[str], dbfile: Path,
                                     tmp_path: Path) -> None:  # fmt: skip
    for fmt in ("xlsform", "csv"):
        out_path = tmp_path / f"x.{fmt}"
        code, out, err = run(capsys, "survey", "export", 42, "--format", fmt, "--out", out_path,
                             "--db", dbfile)  # fmt: skip
        assert code == 1 and out == "" and "42" in err and err.startswith("Fehler: ")
        assert not out_path.exists()


@pytest.mark.parametrize("fmt", ["xlsform", "csv", "xlsx", "parquet"])
def test_export_into_a_missing_folder_is_refused_in_german(
    capsys: pytest.CaptureFixture[str], demo_db: Path, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / "gibt-es-nicht" / f"antworten.{fmt}"
    code, out, err = run(capsys, "survey", "export", 1, "--format", fmt, "--out", target,
                         "--db", demo_db)  # fmt: skip
    assert code == 1 and out == ""
    assert f"In {target} kann nicht geschrieben werden" in err
    assert "Traceback" not in err and not target.parent.exists()


def test_export_refuses_an_unknown_format(capsys: pytest.CaptureFixture[str], dbfile: Path,
                                          tmp_path: Path) -> None:  # fmt: skip
    with pytest.raises(SystemExit) as done:
        main(["survey", "export", "1", "--format", "json", "--out", str(tmp_path / "x"),
              "--db", str(dbfile)])  # fmt: skip
    assert done.value.code == 2
    assert "json" in capsys.readouterr().err

"""``quartier report`` and ``quartier export-data`` end to end: files out, German
messages on stderr and exit status 1 for what is refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from quartier.storage import migrate, open_database
from tests.conftest import build_world
from tests.report.conftest import build_report_world
from tests.test_cli_survey import run


@pytest.fixture
def dbfile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, int]:
    """Quartier "nord" with a year of events, offerings, measures and network; the year.
    No Chromium: the report is made without charts (and the CLI says so)."""
    monkeypatch.setenv("QUARTIER_CHROMIUM", str(tmp_path / "kein-chromium"))
    path = tmp_path / "q.duckdb"
    db = open_database(path)
    try:
        migrate(db)
        year = build_report_world(build_world(db)).year
    finally:
        db.close()
    return path, year


@pytest.mark.parametrize("suffix", ["pdf", "html"])
def test_report_is_written_and_missing_charts_are_noted(
    dbfile: tuple[Path, int], tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    path, year = dbfile
    out = tmp_path / f"bericht.{suffix}"
    code, stdout, err = run(capsys, "report", "--quartier", "nord", "--year", year, "--out", out,
                            "--db", path)  # fmt: skip
    assert code == 0, err
    assert f"Sachbericht {year} für Quartier Nord geschrieben: {out}" in stdout
    assert "Chromium konnte nicht gestartet werden" in err
    if suffix == "pdf":
        text = "".join(p.extract_text() for p in PdfReader(out).pages)
        assert "Internationales Kinderfest" in text and "Quartier Nord" in text
    else:
        assert "<h2>Veranstaltungen</h2>" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--quartier", "west", "--out", "{tmp}/b.pdf"], "west"),
        (["--quartier", "nord", "--out", "{tmp}/b.docx"], "„.docx“"),
        (["--quartier", "nord", "--out", "{tmp}/b"], ".pdf oder .html"),
        (["--quartier", "nord", "--out", "{tmp}/fehlt/b.pdf"], "fehlt"),
    ],
)
def test_report_refuses_with_a_german_message(
    dbfile: tuple[Path, int], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    args: list[str], message: str,
) -> None:  # fmt: skip
    path, year = dbfile
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    code, _, err = run(capsys, "report", "--year", year, *args, "--db", path)
    assert code == 1
    assert message in err
    assert not any(tmp_path.glob("b*"))


@pytest.mark.parametrize("year", ["20x5", "25", "2999", "1899"])
def test_report_refuses_a_bad_year(
    dbfile: tuple[Path, int], tmp_path: Path, capsys: pytest.CaptureFixture[str], year: str
) -> None:
    path, _ = dbfile
    code, _, err = run(capsys, "report", "--quartier", "nord", "--year", year, "--out",
                       tmp_path / "b.pdf", "--db", path)  # fmt: skip
    assert code == 1
    assert year in err and "Bitte" in err
    assert not (tmp_path / "b.pdf").exists()


def test_export_data_xlsx_and_parquet(
    dbfile: tuple[Path, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = dbfile
    xlsx, parquet = tmp_path / "daten.xlsx", tmp_path / "daten.zip"
    for fmt, out in (("xlsx", xlsx), ("parquet", parquet)):
        code, stdout, err = run(capsys, "export-data", "--quartier", "nord", "--format", fmt,
                                "--out", out, "--db", path)  # fmt: skip
        assert code == 0, err
        assert str(out) in stdout
    assert "events" in openpyxl.load_workbook(xlsx).sheetnames
    names = zipfile.ZipFile(io.BytesIO(parquet.read_bytes())).namelist()
    assert "events.parquet" in names and "LIESMICH.txt" in names
    code, _, err = run(capsys, "export-data", "--quartier", "west", "--format", "xlsx",
                       "--out", xlsx, "--db", path)  # fmt: skip
    assert code == 1 and "west" in err

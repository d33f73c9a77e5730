"""The yearly report: what it counts, the PDF and HTML read back, the charts (with and
without Chromium), permissions and refused input."""

from __future__ import annotations

import base64
import io
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from quartier.dashboard.model import Kpi
from quartier.errors import PermissionDenied, ValidationError
from quartier.i18n import translator
from quartier.report import build_report, produce, report_data, write_report
from quartier.report.images import PNG_MAGIC
from tests.report.conftest import FORMULA_TITLE, SCRIPT_TITLE, ReportWorld

DE = translator("de")
CHROMIUM = Path("/usr/bin/chromium")
HEADINGS = [
    "Kennzahlen {year} im Vergleich zu {previous}",
    "Beteiligung nach Kanal",
    "Reichweite der Sprachgemeinschaften",
    "Ideen-Pipeline",
    "Veranstaltungen",
    "Angebote",
    "Maßnahmen",
    "Akteursnetzwerk",
    "Hinweis zum Datenschutz",
]


def headings(year: int) -> list[str]:
    return [h.format(year=year, previous=year - 1) for h in HEADINGS]


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def in_order(text: str, parts: list[str]) -> bool:
    position = 0
    for part in parts:
        found = text.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


def test_report_data_counts_the_year(report_world: ReportWorld) -> None:
    w, year = report_world.world, report_world.year
    data = report_data(w.db, w.nord.id, year)
    assert [(e.title, e.attendance) for e in data.events] == [
        ("Internationales Kinderfest", 240), (SCRIPT_TITLE, 35), (FORMULA_TITLE, None),
    ]  # fmt: skip
    assert [(o.title, o.sessions, o.people) for o in data.offerings] == [
        ("Sozialberatung im Büro", 3, 15)
    ]
    kpis = {v.kpi: v for v in data.kpis}
    assert (kpis[Kpi.PEOPLE_REACHED].value, kpis[Kpi.PEOPLE_REACHED].previous) == (290, 149)
    assert [(m.title, m.status) for m in data.measures] == [("Bänke am Lindenplatz", "umgesetzt")]
    n = data.network
    assert (n.day, n.actors, n.ties, n.new_ties, n.ended_ties) == (date(year, 12, 31), 3, 1, 1, 0)
    assert (n.components, n.isolates) == (2, 1)


def test_pdf_has_title_page_headings_and_numbers(report_world: ReportWorld) -> None:
    w, year = report_world.world, report_world.year
    content = build_report(w.db, w.coordinator, w.nord.id, year, "pdf")
    assert content.startswith(b"%PDF")
    pages, text = pdf_text(content)
    assert pages >= 3
    assert in_order(text, [f"Sachbericht {year}", "Quartier Nord", *headings(year)])
    assert re.search(r"Erreichte Personen\s+290\s+149\s+\+141", text)
    assert re.search(r"Internationales Kinderfest\s+Fest\s+Lindenplatz\s+240", text)
    assert "Seite 2 von" in text
    assert "Diagramm nicht verfügbar" in text  # no Chromium in this test


def test_html_is_self_contained_and_escapes_user_text(report_world: ReportWorld) -> None:
    w, year = report_world.world, report_world.year
    html = build_report(w.db, w.admin, w.nord.id, year, "html").decode("utf-8")
    assert in_order(
        html, [f"<h1>Sachbericht {year}</h1>", *(f"<h2>{h}</h2>" for h in headings(year))]
    )
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Spieleabend" in html
    assert "Café &lt;b&gt;Linde&lt;/b&gt;" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing loaded from outside
    assert "@media print" in html
    assert html.count(DE("report.chart_missing")) == 4
    assert "<img" not in html


@pytest.mark.skipif(not CHROMIUM.is_file(), reason="needs Debian's Chromium")
def test_charts_are_png_images_with_chromium(
    report_world: ReportWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUARTIER_CHROMIUM", str(CHROMIUM))
    w, year = report_world.world, report_world.year
    files = produce(w.db, w.nord.id, year)
    assert not files.charts_missing
    assert files.html is not None and files.pdf is not None
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', files.html.decode())
    assert len(images) == 4
    assert all(base64.b64decode(i).startswith(PNG_MAGIC) for i in images)
    reader = PdfReader(io.BytesIO(files.pdf))
    assert sum(len(page.images) for page in reader.pages) == 4
    assert "Diagramm nicht verfügbar" not in "".join(p.extract_text() for p in reader.pages)


@pytest.mark.parametrize("browser", ["missing", "/bin/false"])
def test_without_chromium_the_report_is_still_made(
    report_world: ReportWorld, monkeypatch: pytest.MonkeyPatch, browser: str
) -> None:
    if browser != "missing":  # there, but not a browser: it fails to start
        monkeypatch.setenv("QUARTIER_CHROMIUM", browser)
    w, year = report_world.world, report_world.year
    files = produce(w.db, w.nord.id, year)
    assert files.charts_missing
    assert files.pdf is not None and files.pdf.startswith(b"%PDF")
    _, text = pdf_text(files.pdf)
    assert text.count("Diagramm nicht verfügbar") == 4


def test_a_quartier_without_data_gets_an_honest_report(report_world: ReportWorld) -> None:
    w, year = report_world.world, report_world.year
    _, text = pdf_text(build_report(w.db, w.coordinator_sued, w.sued.id, year, "pdf"))
    assert "Quartier Süd" in text and "Quartier Nord" not in text
    assert f"Für {year} sind keine Veranstaltungen erfasst." in text
    assert "Internationales Kinderfest" not in text


@pytest.mark.parametrize("role", ["member", "coordinator_sued"])
def test_only_staff_of_the_quartier_may_build_it(report_world: ReportWorld, role: str) -> None:
    w = report_world.world
    with pytest.raises(PermissionDenied):
        build_report(w.db, getattr(w, role), w.nord.id, report_world.year, "pdf")


@pytest.mark.parametrize(
    ("year_offset", "fmt", "key"),
    [(0, "docx", "errors.report_format"), (1, "pdf", "errors.report_year"),
     (-3000, "html", "errors.report_year")],
)  # fmt: skip
def test_refused_input(report_world: ReportWorld, year_offset: int, fmt: str, key: str) -> None:
    w = report_world.world
    with pytest.raises(ValidationError) as caught:
        build_report(w.db, w.admin, w.nord.id, report_world.year + 1 + year_offset, fmt)
    assert caught.value.key == key
    assert "Bitte" in caught.value.message


def test_write_report_takes_the_format_from_the_suffix(
    report_world: ReportWorld, tmp_path: Path
) -> None:
    w, year = report_world.world, report_world.year
    out = write_report(w.db, w.nord.id, year, tmp_path / "bericht.html")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    with pytest.raises(ValidationError) as caught:
        write_report(w.db, w.nord.id, year, tmp_path / "bericht.txt")
    assert "„.txt“" in caught.value.message
    assert not (tmp_path / "bericht.txt").exists()


def test_labels_built_at_run_time_exist() -> None:
    from quartier.dashboard import FUNNEL
    from quartier.dashboard.model import Kpi
    from quartier.events.model import EventType, OfferingKind
    from quartier.i18n import catalogue_keys
    from quartier.measures.model import MeasureStatus

    keys = [
        *(f"dashboard.kpi.{k.value}" for k in Kpi),
        *(f"event_type.{e.value}" for e in EventType),
        *(f"offering_kind.{o.value}" for o in OfferingKind),
        *(f"measure.status.{s.value}" for s in MeasureStatus),
        *(f"report.funnel_{stage}" for stage in FUNNEL),
        "language.other",
    ]
    assert [k for k in keys if k not in catalogue_keys("de")] == []

"""Events to dashboard to report in a real browser: the coordinator records the attendance
of an event that is still open, the dashboard's "Erreichte Personen" for that year grows
by exactly that number, and the yearly report of that year lists the event with it.

The demo leaves the events of the last fortnight without attendance (see
quartier/demo_events.py), so there is always one to record. Screenshots of the dashboard
(desktop and 360-pixel phone) and of the report's first page land in the test's folder
and in /tmp/dashboard-shots/ for a human to look at.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page, expect
from pypdf import PdfReader

from .conftest import QuartierApp
from .test_network import PHONE_AGENT
from .test_surveys import PHONE, full_height_screenshot, log_in

SHOTS = Path("/tmp/dashboard-shots")
PEOPLE = 37  # plausible for every event type: no confirmation asked
OPEN_EVENT = re.compile(r"^(\d\d)\.(\d\d)\.(\d{4}) · (.+) · Teilnahme noch offen$")
# The report draws its charts in Chromium: allow for a slow, busy machine.
REPORT_TIMEOUT_MS = 180_000


def settle(page: Page) -> None:
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)


def select_text(page: Page, label: str) -> str:
    """What the selectbox labelled ``label`` shows (its label, then its value)."""
    box = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True))
    expect(box).to_have_count(1)
    shown: str = box.evaluate(
        "el => el.innerText + '\\n' + Array.from(el.querySelectorAll('input'))"
        ".map(i => i.value || i.getAttribute('aria-label') || '').join('\\n')"
    )
    return shown


def choose(page: Page, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox labelled ``label`` unless it is chosen already."""
    if option in select_text(page, label):
        return
    box = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True))
    box.get_by_role("combobox").click()
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)
    assert option in select_text(page, label)


def save_shot(page: Page, folder: Path, name: str) -> None:
    full_height_screenshot(page, folder / name)
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(folder / name, SHOTS / name)


def open_event(page: Page, app: QuartierApp) -> tuple[str, str]:
    """The first event waiting for its attendance: (title, year)."""
    page.goto(app.url("/veranstaltungen"))
    page.get_by_role("tab", name="Teilnahme erfassen").click()
    settle(page)
    shown = select_text(page, "Veranstaltung")
    found = next(filter(None, map(OPEN_EVENT.search, shown.splitlines())), None)
    assert found, shown
    return found[4], found[3]


def record_attendance(page: Page, people: int) -> None:
    page.get_by_label("Teilnehmende insgesamt", exact=True).fill(str(people))
    page.get_by_role("button", name="Teilnahme speichern").click()
    expect(page.get_by_text(f"Gespeichert: {people} Teilnehmende")).to_be_visible()


def people_reached(page: Page, app: QuartierApp, year: str) -> int:
    """The "Erreichte Personen" tile of the dashboard for ``year``."""
    page.goto(app.url("/dashboard"))
    settle(page)
    page.get_by_test_id("stMain").get_by_text("Jahr", exact=True).click()
    settle(page)
    choose(page, "Welches Jahr", year)
    tile = page.get_by_test_id("stMetric").filter(has_text="Erreichte Personen")
    value = tile.get_by_test_id("stMetricValue").inner_text()
    return int(value.replace(".", ""))


def report_pdf(page: Page, app: QuartierApp, year: str) -> bytes:
    page.goto(app.url("/bericht"))
    settle(page)
    choose(page, "Berichtsjahr", year)
    page.get_by_role("button", name="Bericht erstellen").click()
    download_button = page.get_by_role("button", name="PDF herunterladen")
    expect(download_button).to_be_visible(timeout=REPORT_TIMEOUT_MS)
    with page.expect_download() as download:
        download_button.click()
    path = download.value.path()
    return Path(path).read_bytes()


def first_page_png(pdf: bytes, folder: Path) -> Path | None:
    """Page 1 of the PDF as PNG, when poppler's pdftoppm is installed."""
    if shutil.which("pdftoppm") is None:
        return None
    source = folder / "report.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(source),
         str(folder / "report-page-1")],
        check=True, timeout=60,
    )  # fmt: skip
    return folder / "report-page-1.png"


def test_recorded_attendance_reaches_dashboard_and_report(
    new_context: Any, quartier_app: QuartierApp, tmp_path: Path
) -> None:
    context: BrowserContext = new_context()
    page = context.new_page()
    log_in(page, quartier_app, quartier_app.coordinator)

    title, year = open_event(page, quartier_app)
    before = people_reached(page, quartier_app, year)
    open_event(page, quartier_app)
    record_attendance(page, PEOPLE)
    after = people_reached(page, quartier_app, year)
    assert after == before + PEOPLE
    save_shot(page, tmp_path, "dashboard-desktop.png")

    pdf = report_pdf(page, quartier_app, year)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 3
    first = reader.pages[0].extract_text()
    assert "Musterviertel" in first and year in first
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Veranstaltungen" in text and title in " ".join(text.split())
    shot = first_page_png(pdf, tmp_path)
    if shot is not None:
        SHOTS.mkdir(exist_ok=True)
        shutil.copy(shot, SHOTS / "report-page-1.png")
    else:
        print("pdftoppm is not installed: no picture of the report's first page")


def test_dashboard_on_a_phone(new_context: Any, quartier_app: QuartierApp, tmp_path: Path) -> None:
    context: BrowserContext = new_context(**PHONE, user_agent=PHONE_AGENT)
    page = context.new_page()
    log_in(page, quartier_app, quartier_app.coordinator)
    page.goto(quartier_app.url("/dashboard"))
    settle(page)
    expect(page.get_by_test_id("stMetric").first).to_be_visible()
    assert page.get_by_test_id("stMetric").count() == 8
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the dashboard scrolls sideways on a phone ({width} px)"
    save_shot(page, tmp_path, "dashboard-phone.png")

"""The actor network in a real browser: the coordinator opens /netzwerk, keeps only
schools, Kitas and providers, moves the "Stand am" slider back two years — and sees fewer
ties, with every actor still in the same place (the layout is of all dates at once).

The demo's Musterviertel network has ties from 2021 to 2026: among its two schools, two
Kitas and four providers six ties hold today and four held two years ago (seen from
2026; see quartier/demo_network.py). Screenshots of both states, on a desktop and on a
phone, land in the test's folder and in /tmp/network-shots/ for a human to look at.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Locator, Page, expect

from .conftest import DESKTOP, QuartierApp
from .test_surveys import PHONE, full_height_screenshot, log_in

SHOTS = Path("/tmp/network-shots")
TYPES = ("Schule", "Kita", "Träger")
SUMMARY = re.compile(r"^(\d+) Akteure?, (\d+) Beziehung(?:en)? am (\d\d\.\d\d\.\d{4})")
# Real phones say "Mobile" in their user agent; the page then lays the legend out in two
# columns (Playwright's is_mobile alone keeps a desktop user agent).
PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.0.0 Mobile Safari/537.36"
)
# Node traces of the plotly figure: actor id (customdata) -> (x, y).
POSITIONS_JS = """el => el._fullData
    .filter(t => (t.mode || '').includes('markers') && t.customdata)
    .flatMap(t => Array.from(t.customdata).map((id, i) => [id, t.x[i], t.y[i]]))"""
EDGES_JS = """el => el._fullData
    .filter(t => t.mode === 'lines')
    .reduce((n, t) => n + Array.from(t.x).filter(v => v === null).length, 0)"""


@dataclass(frozen=True)
class Summary:
    actors: int
    ties: int
    day: str


def two_years_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 2)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 2, day=28)


class NetworkPage:
    """The coordinator's tab on /netzwerk."""

    def __init__(self, page: Page, app: QuartierApp) -> None:
        self.page = page
        self.app = app

    def open(self) -> None:
        self.page.goto(self.app.url("/netzwerk"))
        # The title carries a soft hyphen for phones.
        heading = self.page.get_by_role("heading", name=re.compile("Akteurs\u00ad?netzwerk"))
        expect(heading).to_be_visible()
        expect(self.graph).to_be_visible()
        self.settle()

    def settle(self) -> None:
        expect(self.page.get_by_test_id("stApp")).to_have_attribute(
            "data-test-script-state", "notRunning"
        )
        expect(self.page.get_by_test_id("stSkeleton")).to_have_count(0)

    @property
    def graph(self) -> Locator:
        return self.page.locator(".js-plotly-plot")

    @property
    def summary_line(self) -> Locator:
        return self.page.get_by_test_id("stMarkdownContainer").get_by_text(SUMMARY)

    def summary(self) -> Summary:
        expect(self.summary_line).to_have_count(1)
        found = SUMMARY.search(self.summary_line.inner_text())
        assert found is not None
        return Summary(int(found[1]), int(found[2]), found[3])

    def positions(self) -> dict[int, tuple[float, float]]:
        rows: list[list[Any]] = self.graph.evaluate(POSITIONS_JS)
        return {int(i): (float(x), float(y)) for i, x, y in rows}

    def edges(self) -> int:
        return int(self.graph.evaluate(EDGES_JS))

    def keep_types(self, names: tuple[str, ...]) -> None:
        """Open the filter popover and pick actor types in "Akteurstypen"."""
        self.page.get_by_role("button", name="Filter").click()
        popover = self.page.get_by_test_id("stPopoverBody")
        box = popover.get_by_role("combobox", name="Akteurstypen", exact=True)
        for name in names:
            before = self.summary_line.inner_text()
            box.fill(name)
            listed = self.page.get_by_role("option")
            expect(listed.first).to_have_text(name)  # the list is filtered down to it
            listed.first.click()
            expect(box.locator("xpath=..")).to_contain_text(name)
            # Every added type adds actors: the summary changes when the rerun is drawn.
            expect(self.summary_line).not_to_have_text(before)
            self.settle()
        expect(self.summary_line).to_contain_text("(gefiltert)")
        self.page.keyboard.press("Escape")  # close the list, then the popover
        self.page.keyboard.press("Escape")
        expect(popover).to_be_hidden()
        # No help tooltip of the focused "Filter" button in the screenshots.
        self.page.evaluate("document.activeElement && document.activeElement.blur()")
        self.summary_line.hover()
        expect(self.page.get_by_test_id("stTooltipContent")).to_have_count(0)

    def move_slider_to(self, target: date) -> None:
        """Drag the "Stand am" thumb to about ``target``, then step day by day with the
        arrow keys until the slider shows exactly that day."""
        slider = self.page.get_by_test_id("stSlider")
        handle = slider.locator("input[type=range]")
        low, high = float(handle.get_attribute("min") or 0), float(handle.get_attribute("max") or 0)
        wanted = datetime(target.year, target.month, target.day, tzinfo=UTC).timestamp() * 1e6
        thumb = slider.get_by_test_id("stSliderThumbValue").locator("..")
        track = slider.locator("[data-orientation=horizontal]").nth(1)
        thumb_box, track_box = thumb.bounding_box(), track.bounding_box()
        assert thumb_box is not None and track_box is not None
        y = thumb_box["y"] + thumb_box["height"] / 2
        self.page.mouse.move(thumb_box["x"] + thumb_box["width"] / 2, y)
        self.page.mouse.down()
        share = (wanted - low) / (high - low)
        self.page.mouse.move(track_box["x"] + share * track_box["width"], y, steps=12)
        self.page.mouse.up()
        text = target.strftime("%d.%m.%Y")
        for _ in range(40):
            shown = handle.get_attribute("aria-valuetext") or ""
            if shown == text:
                break
            day = datetime.strptime(shown, "%d.%m.%Y").date()
            before = shown
            handle.press("ArrowRight" if day < target else "ArrowLeft")
            expect(handle).not_to_have_attribute("aria-valuetext", before)
        expect(handle).to_have_attribute("aria-valuetext", text)
        expect(self.summary_line).to_contain_text(f"am {text}")
        self.settle()


def shoot(page: Page, folder: Path, name: str) -> None:
    path = folder / f"{name}.png"
    full_height_screenshot(page, path)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


def filter_and_go_back(
    page: Page, app: QuartierApp, folder: Path, device: str
) -> tuple[Summary, Summary, dict[int, tuple[float, float]], dict[int, tuple[float, float]]]:
    network = NetworkPage(page, app)
    viewport = page.viewport_size
    assert viewport is not None
    page.set_viewport_size(DESKTOP)  # log in where the sidebar shows who is logged in
    log_in(page, app, app.coordinator)
    page.set_viewport_size(viewport)
    network.open()
    everything = network.summary()
    network.keep_types(TYPES)
    now = network.summary()
    assert now.actors < everything.actors
    assert network.edges() == now.ties
    positions_now = network.positions()
    assert len(positions_now) == now.actors
    shoot(page, folder, f"netzwerk-{device}-heute")

    back = two_years_before(date.today())
    network.move_slider_to(back)
    then = network.summary()
    assert then.day == back.strftime("%d.%m.%Y")
    assert network.edges() == then.ties
    positions_then = network.positions()
    shoot(page, folder, f"netzwerk-{device}-vor-zwei-jahren")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    return now, then, positions_now, positions_then


def test_coordinator_filters_by_type_and_goes_back_two_years(
    new_context: Any, quartier_app: QuartierApp, tmp_path: Path
) -> None:
    context: BrowserContext = new_context()
    now, then, positions_now, positions_then = filter_and_go_back(
        context.new_page(), quartier_app, tmp_path, "desktop"
    )
    assert then.ties < now.ties
    shared = positions_now.keys() & positions_then.keys()
    assert shared, "no actor is shown at both dates"
    assert {i: positions_then[i] for i in shared} == {i: positions_now[i] for i in shared}


def test_network_on_a_phone(new_context: Any, quartier_app: QuartierApp, tmp_path: Path) -> None:
    context: BrowserContext = new_context(**PHONE, user_agent=PHONE_AGENT)
    now, then, positions_now, positions_then = filter_and_go_back(
        context.new_page(), quartier_app, tmp_path, "phone"
    )
    assert then.ties < now.ties
    shared = positions_now.keys() & positions_then.keys()
    assert shared and all(positions_then[i] == positions_now[i] for i in shared)
    width = context.pages[0].evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways on a phone ({width} px)"

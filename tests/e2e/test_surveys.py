"""The demo survey as residents meet it in a real browser: a phone in Arabic (right to
left, skip logic), a double tap on "Absenden", a reload mid-form, a kiosk at a festival,
a QR poster's link, broken links — and the coordinator's response count as the witness
that a submission was stored (exactly once).

The demo seeds survey 1 "Zusammenleben im Musterviertel" (open, seven languages) and
two events (1 "Internationales Kinderfest", 2 "Stadtteilfest Musterviertel").
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, WebSocket, expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from .conftest import DESKTOP, UI_TIMEOUT_MS, Account, QuartierApp

PHONE: dict[str, Any] = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
TABLET: dict[str, Any] = {
    "viewport": {"width": 800, "height": 1280},
    "is_mobile": True,
    "has_touch": True,
}
SURVEY = "/umfrage?survey=1"
TITLE_DE = "Zusammenleben im Musterviertel"
THANKS_DE = "Vielen Dank!"
# The plain st.write line on /umfragen for the chosen survey.
STATE_LINE = re.compile(r"Status: offen · Version 1 · ([\d.\s\u202f]+) Antworten")


# --------------------------------------------------------------------------- helpers


class Resident:
    """One browser tab on the survey page, with a way to wait for Streamlit's reruns.

    A click on a radio button changes nothing the server sends back that a test could
    wait for, yet the answer reaches the server-side draft only when the rerun it
    triggers has finished. So we listen on the app's websocket: a rerun is done when,
    after a run started (``new_session``), a ``script_finished`` with
    FINISHED_SUCCESSFULLY arrives (fragment runs and interrupted runs do not count).
    """

    def __init__(self, page: Page, app: QuartierApp) -> None:
        self.page = page
        self.app = app
        self._ws: WebSocket | None = None
        page.on("websocket", self._connected)

    def _connected(self, ws: WebSocket) -> None:
        if ws.url.endswith("/_stcore/stream"):
            self._ws = ws

    def open(self, path: str) -> None:
        self.page.goto(self.app.url(path))
        self.settle()

    def reload(self) -> None:
        self.page.reload()
        self.settle()

    def settle(self) -> None:
        """Wait until no run is going. After a (re)load this is the first run's end: the
        state is "initial" until that run starts, so it cannot pass too early."""
        expect(self.page.get_by_test_id("stApp")).to_have_attribute(
            "data-test-script-state", "notRunning"
        )

    @contextlib.contextmanager
    def rerun(self) -> Iterator[None]:
        """Wrap one interaction: returns when the rerun it caused has finished."""
        assert self._ws is not None, "the page has no Streamlit websocket yet"
        started = False

        def finished(payload: str | bytes) -> bool:
            nonlocal started
            if isinstance(payload, str):
                return False
            msg = ForwardMsg()
            msg.ParseFromString(payload)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                started = True
            return (
                started
                and kind == "script_finished"
                and msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY
            )

        with self._ws.expect_event("framereceived", predicate=finished, timeout=UI_TIMEOUT_MS):
            yield

    # ------------------------------------------------------------------ widgets

    def radio(self, name: str) -> Locator:
        return self.page.get_by_role("radio", name=name, exact=True)

    def checkbox(self, name: str) -> Locator:
        return self.page.get_by_role("checkbox", name=name, exact=True)

    def button(self, name: str) -> Locator:
        return self.page.get_by_role("button", name=name, exact=True)

    def choose(self, label: str) -> None:
        """Tap a radio option or a checkbox by its visible text; wait for the rerun."""
        with self.rerun():
            self.page.get_by_text(label, exact=True).click()

    def press(self, name: str) -> None:
        with self.rerun():
            self.button(name).click()

    def expect_no_exception(self) -> None:
        expect(self.page.get_by_test_id("stException")).to_have_count(0)


def resident(
    new_context: Callable[..., BrowserContext], app: QuartierApp, **options: Any
) -> Resident:
    return Resident(new_context(**options).new_page(), app)


def full_height_screenshot(page: Page, path: Path) -> None:
    """Streamlit scrolls inside its own container: grow the viewport (same width) to
    the content height for the shot, then restore it."""
    viewport = page.viewport_size
    assert viewport is not None
    height = page.get_by_test_id("stMain").evaluate("el => el.scrollHeight")
    page.set_viewport_size({"width": viewport["width"], "height": max(viewport["height"], height)})
    page.screenshot(path=path)
    page.set_viewport_size(viewport)


def resume_key(page: Page) -> str | None:
    values = parse_qs(urlsplit(page.url).query).get("r")
    return values[0] if values else None


def log_in(page: Page, app: QuartierApp, account: Account) -> None:
    page.goto(app.url("/anmelden"))
    page.get_by_label("Benutzername", exact=True).fill(account.username)
    page.get_by_label("Passwort", exact=True).fill(account.password)
    page.get_by_role("button", name="Anmelden", exact=True).click()
    expect(page.get_by_test_id("stSidebar").get_by_text("Angemeldet als")).to_be_visible()


class Coordinator:
    """A coordinator's tab on /umfragen: reads "… · N Antworten" of survey 1 (DuckDB
    lets no second process open the file while the server runs)."""

    def __init__(self, page: Page, app: QuartierApp) -> None:
        self.page = page
        self.app = app
        self._logged_in = False

    def responses(self) -> int:
        if not self._logged_in:
            log_in(self.page, self.app, self.app.coordinator)
            self._logged_in = True
        self.page.goto(self.app.url("/umfragen?survey=1"))
        line = self.page.get_by_text(STATE_LINE)
        expect(line).to_be_visible()
        found = STATE_LINE.search(line.inner_text())
        assert found is not None, line.inner_text()
        expect(self.page.get_by_test_id("stException")).to_have_count(0)
        return int(re.sub(r"\D", "", found.group(1)))


@pytest.fixture(scope="module")
def coordinator(browser: Browser, quartier_app: QuartierApp) -> Iterator[Coordinator]:
    """One logged-in coordinator tab for the module (logging in costs seconds)."""
    context = browser.new_context(viewport=DESKTOP, locale="de-DE")
    context.set_default_timeout(UI_TIMEOUT_MS)
    try:
        yield Coordinator(context.new_page(), quartier_app)
    finally:
        context.close()


def answer_page_one_de(r: Resident) -> None:
    r.choose("weniger als 1 Jahr")
    r.choose("sehr zufrieden")
    expect(r.radio("weniger als 1 Jahr")).to_be_checked()
    expect(r.radio("sehr zufrieden")).to_be_checked()
    r.press("Weiter")
    expect(r.page.get_by_text("Seite 2 von 2")).to_be_visible()


def answer_page_two_minimally_de(r: Resident) -> None:
    r.choose("Nein")
    expect(r.radio("Nein")).to_be_checked()
    expect(r.button("Absenden")).to_be_enabled()


# --------------------------------------------------------------------------- 1. Arabic phone

AR_FOLLOW_UP = "أيّها استخدمت؟"  # welche_angebote
AR_FOLLOW_UP_CHOICE = "الاستشارة الاجتماعية"  # beratung


def test_phone_resident_answers_in_arabic_right_to_left_with_skip_logic(
    new_context: Callable[..., BrowserContext], quartier_app: QuartierApp, artifacts_dir: Path
) -> None:
    r = resident(new_context, quartier_app, **PHONE)
    page = r.page
    r.open(f"{SURVEY}&lang=ar")

    expect(page.get_by_role("heading", name="العيش المشترك في حي Musterviertel")).to_be_visible()
    expect(page.get_by_text("الصفحة 1 من 2")).to_be_visible()
    direction = page.get_by_test_id("stMain").evaluate("el => getComputedStyle(el).direction")
    assert direction == "rtl"

    r.choose("أقل من سنة")
    r.choose("راضٍ جدًا")
    r.choose("ملعب الأطفال")
    expect(r.radio("أقل من سنة")).to_be_checked()
    expect(r.radio("راضٍ جدًا")).to_be_checked()
    expect(r.checkbox("ملعب الأطفال")).to_be_checked()
    page.screenshot(path=artifacts_dir / "survey-ar-phone-page1.png")
    r.press("التالي")

    expect(page.get_by_text("الصفحة 2 من 2")).to_be_visible()
    expect(page.get_by_text("هل تعرف خدمات مكتب الحي؟", exact=False)).to_be_visible()
    r.choose("لا")
    expect(r.radio("لا")).to_be_checked()
    # The run after the tap is finished: the follow-up question is not in it.
    expect(page.get_by_text(AR_FOLLOW_UP, exact=True)).to_have_count(0)
    expect(r.checkbox(AR_FOLLOW_UP_CHOICE)).to_have_count(0)

    r.choose("نعم")
    expect(r.radio("نعم")).to_be_checked()
    expect(page.get_by_text(AR_FOLLOW_UP, exact=True)).to_be_visible()
    expect(r.checkbox(AR_FOLLOW_UP_CHOICE)).to_be_visible()
    r.choose(AR_FOLLOW_UP_CHOICE)
    expect(r.checkbox(AR_FOLLOW_UP_CHOICE)).to_be_checked()
    assert page.get_by_test_id("stMain").evaluate("el => getComputedStyle(el).direction") == "rtl"
    full_height_screenshot(page, artifacts_dir / "survey-ar-phone.png")

    r.press("إرسال")
    expect(page.get_by_role("heading", name="شكرًا جزيلًا!")).to_be_visible()
    expect(page.get_by_text("تم حفظ إجاباتك.", exact=False)).to_be_visible()
    page.screenshot(path=artifacts_dir / "survey-ar-phone-thanks.png")
    r.expect_no_exception()


TEXT_EXTENT = """el => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const text = range.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    return {textLeft: text.left, textRight: text.right, boxLeft: box.left, boxRight: box.right};
}"""


def test_arabic_headings_are_right_aligned(
    new_context: Callable[..., BrowserContext], quartier_app: QuartierApp
) -> None:
    r = resident(new_context, quartier_app, **PHONE)
    r.open(f"{SURVEY}&lang=ar")
    heading = r.page.get_by_role("heading", name="حيّك", exact=True)  # the page's subheader
    expect(heading).to_be_visible()
    # The page's direction style arrives as its own element; wait until it applies.
    expect(heading).to_have_css("text-align", "right", timeout=UI_TIMEOUT_MS)

    extent = heading.evaluate(TEXT_EXTENT)
    # A short heading: its text ends at the right edge of its box, far from the left.
    assert abs(extent["boxRight"] - extent["textRight"]) <= 2, extent
    assert extent["textLeft"] - extent["boxLeft"] > 100, extent


# --------------------------------------------------------------------------- 2. double tap


def test_double_click_on_absenden_stores_one_response(
    new_context: Callable[..., BrowserContext], quartier_app: QuartierApp, coordinator: Coordinator
) -> None:
    before = coordinator.responses()

    r = resident(new_context, quartier_app)
    r.open(SURVEY)
    answer_page_one_de(r)
    answer_page_two_minimally_de(r)
    r.button("Absenden").dblclick()
    expect(r.page.get_by_role("heading", name=THANKS_DE)).to_be_visible()
    r.settle()
    r.expect_no_exception()

    assert coordinator.responses() == before + 1

    # Two separate, rapid taps at the same spot (the second lands on whatever the
    # first one left there).
    r = resident(new_context, quartier_app)
    r.open(SURVEY)
    answer_page_one_de(r)
    answer_page_two_minimally_de(r)
    submit = r.button("Absenden")
    submit.scroll_into_view_if_needed()  # the mouse clicks at viewport coordinates
    box = submit.bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= DESKTOP["height"], box
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    r.page.mouse.click(x, y)
    r.page.mouse.click(x, y)
    expect(r.page.get_by_role("heading", name=THANKS_DE)).to_be_visible()
    r.settle()
    r.expect_no_exception()

    assert coordinator.responses() == before + 2


# --------------------------------------------------------------------------- 3. reload


def test_reload_mid_form_keeps_answers_and_page(
    new_context: Callable[..., BrowserContext], quartier_app: QuartierApp
) -> None:
    r = resident(new_context, quartier_app)
    page = r.page
    r.open(SURVEY)
    key = resume_key(page)
    assert key, f"no resume key r= in {page.url}"

    r.choose("1 bis 5 Jahre")
    r.choose("eher zufrieden")
    r.choose("Park am Lindenplatz")
    expect(r.radio("1 bis 5 Jahre")).to_be_checked()

    r.reload()
    assert resume_key(page) == key
    expect(page.get_by_text("Seite 1 von 2")).to_be_visible()
    expect(r.radio("1 bis 5 Jahre")).to_be_checked()
    expect(r.radio("eher zufrieden")).to_be_checked()
    expect(r.checkbox("Park am Lindenplatz")).to_be_checked()
    # The control: what was not chosen is not checked.
    expect(r.radio("weniger als 1 Jahr")).not_to_be_checked()
    expect(r.checkbox("Spielplatz")).not_to_be_checked()

    # On page 2, the page itself survives a reload too.
    r.press("Weiter")
    expect(page.get_by_text("Seite 2 von 2")).to_be_visible()
    r.choose("Ja")
    r.choose("Sprachkurs")
    expect(r.checkbox("Sprachkurs")).to_be_checked()

    r.reload()
    assert resume_key(page) == key
    expect(page.get_by_text("Seite 2 von 2")).to_be_visible()
    expect(r.radio("Ja")).to_be_checked()
    expect(r.checkbox("Sprachkurs")).to_be_checked()
    expect(r.checkbox("Sozialberatung")).not_to_be_checked()

    r.press("Zurück")
    expect(page.get_by_text("Seite 1 von 2")).to_be_visible()
    expect(r.radio("1 bis 5 Jahre")).to_be_checked()
    expect(r.radio("eher zufrieden")).to_be_checked()
    expect(r.checkbox("Park am Lindenplatz")).to_be_checked()
    r.expect_no_exception()


# --------------------------------------------------------------------------- 4. kiosk


def test_kiosk_resets_for_the_next_person(
    new_context: Callable[..., BrowserContext], quartier_app: QuartierApp, artifacts_dir: Path
) -> None:
    r = resident(new_context, quartier_app, **TABLET)
    page = r.page
    r.open(f"{SURVEY}&event=1&kiosk=1")

    expect(page.get_by_role("heading", name=TITLE_DE)).to_be_visible()
    expect(page.get_by_text("Bitte wählen Sie Ihre Sprache")).to_be_visible()
    for native in ("Deutsch", "English", "Türkçe", "العربية", "Русский", "Українська", "Polski"):
        expect(r.button(native)).to_be_visible()
    # Nothing leads away from the survey (test_survey_page_desktop_and_phone has the
    # control: the same elements are visible outside the kiosk).
    for chrome in ("stHeader", "stToolbar", "stSidebar", "stSidebarCollapsedControl"):
        expect(page.get_by_test_id(chrome)).to_be_hidden()
    page.screenshot(path=artifacts_dir / "kiosk-tablet.png")

    r.press("Deutsch")
    expect(page.get_by_text("Seite 1 von 2")).to_be_visible()
    r.choose("mehr als 5 Jahre")
    r.choose("teils, teils")
    expect(r.radio("mehr als 5 Jahre")).to_be_checked()
    r.press("Weiter")
    r.choose("Nein")
    r.press("Absenden")
    expect(page.get_by_role("heading", name=THANKS_DE)).to_be_visible()
    page.screenshot(path=artifacts_dir / "kiosk-tablet-thanks.png")

    r.press("Nächste Person")
    expect(page.get_by_text("Bitte wählen Sie Ihre Sprache")).to_be_visible()
    expect(r.button("Deutsch")).to_be_visible()
    expect(r.button("Nächste Person")).to_have_count(0)

    r.press("Deutsch")
    expect(page.get_by_text("Seite 1 von 2")).to_be_visible()
    expect(r.radio("mehr als 5 Jahre")).to_be_visible()
    expect(page.locator("input[type=radio]:checked")).to_have_count(0)
    expect(page.locator("input[type=checkbox]:checked")).to_have_count(0)
    for chrome in ("stHeader", "stToolbar", "stSidebar"):
        expect(page.get_by_test_id(chrome)).to_be_hidden()
    r.expect_no_exception()


# --------------------------------------------------------------------------- 5. QR link


def test_qr_link_opens_survey_in_turkish_for_the_event(
    new_context: Callable[..., BrowserContext], quartier_app: QuartierApp, coordinator: Coordinator
) -> None:
    before = coordinator.responses()

    r = resident(new_context, quartier_app, **PHONE)
    page = r.page
    r.open(f"{SURVEY}&lang=tr&event=2&via=qr")

    expect(page.get_by_role("heading", name="Musterviertel'de birlikte yaşam")).to_be_visible()
    expect(r.button("İleri")).to_be_visible()
    expect(r.button("Weiter")).to_have_count(0)
    # Event 2 exists: no "unknown event" warning (test_bad_urls has the control).
    expect(page.get_by_test_id("stAlert")).to_have_count(0)
    assert "lang=tr" in page.url and "event=2" in page.url and "via=qr" in page.url

    r.choose("1 yıldan az")
    r.choose("çok memnunum")
    r.press("İleri")
    expect(
        page.get_by_text("Mahalle ofisinin hizmetlerini biliyor musunuz?", exact=False)
    ).to_be_visible()
    r.choose("Hayır")
    r.press("Gönder")
    expect(page.get_by_role("heading", name="Çok teşekkürler!")).to_be_visible()
    r.expect_no_exception()

    assert coordinator.responses() == before + 1


# --------------------------------------------------------------------------- 6. bad URLs


def test_bad_urls_explain_themselves_in_german(
    new_context: Callable[..., BrowserContext], quartier_app: QuartierApp
) -> None:
    r = resident(new_context, quartier_app)
    page = r.page

    r.open("/umfrage?survey=999")
    expect(page.get_by_text("Diese Umfrage gibt es nicht", exact=False)).to_be_visible()
    expect(r.button("Weiter")).to_have_count(0)
    r.expect_no_exception()

    r.open(f"{SURVEY}&lang=xx")
    expect(page.get_by_role("heading", name=TITLE_DE)).to_be_visible()
    expect(page.get_by_test_id("stAlert").filter(has_text="„xx“")).to_be_visible()
    expect(
        page.get_by_text("Die Sprache „xx“ gibt es für diese Umfrage nicht", exact=False)
    ).to_be_visible()
    expect(r.button("Weiter")).to_be_visible()
    expect(r.radio("weniger als 1 Jahr")).to_be_visible()
    r.expect_no_exception()

    # The control for the QR test: an event that does not exist is pointed out.
    r.open(f"{SURVEY}&event=999")
    expect(
        page.get_by_text("Die Veranstaltung aus dem Link gibt es nicht", exact=False)
    ).to_be_visible()
    expect(r.button("Weiter")).to_be_visible()
    r.expect_no_exception()


# --------------------------------------------------------------------------- 7. screenshots


def test_survey_page_desktop_and_phone(
    new_context: Callable[..., BrowserContext], quartier_app: QuartierApp, artifacts_dir: Path
) -> None:
    for name, options in (("desktop", {}), ("phone", PHONE)):
        r = resident(new_context, quartier_app, **options)
        page = r.page
        r.open(SURVEY)
        expect(page.get_by_role("heading", name=TITLE_DE)).to_be_visible()
        expect(page.get_by_text("Seite 1 von 2")).to_be_visible()
        expect(r.radio("weniger als 1 Jahr")).to_be_visible()
        expect(r.checkbox("Quartiersbüro")).to_be_visible()
        expect(r.button("Weiter")).to_be_visible()
        assert (
            page.get_by_test_id("stMain").evaluate("el => getComputedStyle(el).direction") == "ltr"
        )
        # Outside the kiosk the header is there (the control for the kiosk test).
        expect(page.get_by_test_id("stHeader")).to_be_visible()
        r.expect_no_exception()
        page.screenshot(path=artifacts_dir / f"survey-de-{name}.png")
        if name == "phone":
            full_height_screenshot(page, artifacts_dir / "survey-de-phone-full.png")

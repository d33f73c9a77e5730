"""The foundation as a resident and a coordinator see it in a real browser:
start page, login with the HttpOnly cookie, language, logout, refused admin pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Locator, Page, expect

from .conftest import SESSION_COOKIE, Account, QuartierApp

LOGIN_FAILED = "Benutzername oder Passwort ist falsch."
PHONE: dict[str, Any] = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


# --------------------------------------------------------------------------- helpers


def sidebar(page: Page) -> Locator:
    return page.get_by_test_id("stSidebar")


def nav_link(page: Page, name: str) -> Locator:
    return sidebar(page).get_by_role("link", name=name, exact=True)


def start_heading(page: Page) -> Locator:
    return page.get_by_role("heading", name="Musterviertel", level=1)


def session_cookie(context: BrowserContext) -> dict[str, Any] | None:
    found = [c for c in context.cookies() if c["name"] == SESSION_COOKIE]
    assert len(found) <= 1, f"more than one {SESSION_COOKIE} cookie: {found}"
    return dict(found[0]) if found else None


def expect_logged_in(page: Page, *, english: bool = False) -> None:
    expect(nav_link(page, "My neighbourhood" if english else "Mein Quartier")).to_be_visible()
    expect(
        sidebar(page).get_by_text("Logged in as" if english else "Angemeldet als")
    ).to_be_visible()


def expect_anonymous(page: Page) -> None:
    """The navigation of this very run offers "Anmelden" (built from the resolved user),
    so once it is visible the absence of the logged-in items is settled."""
    expect(nav_link(page, "Anmelden")).to_be_visible()
    expect(sidebar(page).get_by_text("Angemeldet als")).to_have_count(0)
    expect(nav_link(page, "Abmelden")).to_have_count(0)
    expect(nav_link(page, "Mein Quartier")).to_have_count(0)


def fill_login(page: Page, app: QuartierApp, username: str, password: str) -> None:
    page.goto(app.url("/anmelden"))
    page.get_by_label("Benutzername", exact=True).fill(username)
    page.get_by_label("Passwort", exact=True).fill(password)


def log_in(page: Page, app: QuartierApp, account: Account) -> None:
    fill_login(page, app, account.username, account.password)
    page.get_by_role("button", name="Anmelden", exact=True).click()
    expect_logged_in(page)


def full_height_screenshot(page: Page, path: Path) -> None:
    """Streamlit scrolls inside its own container, so a "full page" screenshot is only
    the viewport: grow the viewport (same width) to the content height for the shot."""
    viewport = page.viewport_size
    assert viewport is not None
    height = page.get_by_test_id("stMain").evaluate("el => el.scrollHeight")
    page.set_viewport_size({"width": viewport["width"], "height": max(viewport["height"], height)})
    page.screenshot(path=path)
    page.set_viewport_size(viewport)


# --------------------------------------------------------------------------- 1. start page


def test_start_page_desktop(page: Page, quartier_app: QuartierApp, artifacts_dir: Path) -> None:
    page.goto(quartier_app.url("/"))

    expect(start_heading(page)).to_be_visible()
    expect(page.get_by_text("Lindenplatz 1")).to_be_visible()
    expect_anonymous(page)
    page.screenshot(path=artifacts_dir / "start-desktop.png")


def test_start_page_phone_has_no_horizontal_overflow(
    new_context: Callable[..., BrowserContext], quartier_app: QuartierApp, artifacts_dir: Path
) -> None:
    page = new_context(**PHONE).new_page()
    page.goto(quartier_app.url("/"))

    expect(start_heading(page)).to_be_visible()
    expect(page.get_by_text("Lindenplatz 1")).to_be_visible()
    page.screenshot(path=artifacts_dir / "start-phone.png")
    widths = page.evaluate(
        """() => {
            const main = document.querySelector("[data-testid='stMain']");
            return {
                document: document.documentElement.scrollWidth,
                main: main ? main.scrollWidth : 0,
                mainVisible: main ? main.clientWidth : 0,
            };
        }"""
    )
    assert widths["document"] <= 360 + 1, widths
    # Streamlit scrolls inside stMain: overflow there would not show on the document.
    assert widths["main"] <= widths["mainVisible"] + 1, widths
    full_height_screenshot(page, artifacts_dir / "start-phone-full.png")


# --------------------------------------------------------------------------- 2. login


def test_login_sets_httponly_cookie_and_survives_reload_and_second_tab(
    page: Page, context: BrowserContext, quartier_app: QuartierApp, artifacts_dir: Path
) -> None:
    log_in(page, quartier_app, quartier_app.coordinator)

    cookie = session_cookie(context)
    assert cookie is not None, "no login cookie after a successful login"
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"
    assert cookie["path"] == "/"
    assert SESSION_COOKIE not in page.evaluate("document.cookie"), "script can read the cookie"

    page.reload()
    expect_logged_in(page)

    second = context.new_page()
    second.goto(quartier_app.url("/"))
    expect_logged_in(second)
    expect(start_heading(second)).to_be_visible()

    page.bring_to_front()
    page.screenshot(path=artifacts_dir / "logged-in.png")


# --------------------------------------------------------------------------- 3. language


def test_language_switch_to_english_is_kept_in_url_and_on_reload(
    page: Page, quartier_app: QuartierApp, artifacts_dir: Path
) -> None:
    log_in(page, quartier_app, quartier_app.coordinator)

    # The picker sits at the foot of a long sidebar; at 800 px its list may open where
    # no click reaches, so choose by typing, as a keyboard user would.
    page.get_by_label(re.compile(r"^Sprache · Language")).click()
    page.keyboard.type("English")
    page.keyboard.press("Enter")

    expect(nav_link(page, "Home")).to_be_visible()
    expect(nav_link(page, "Log out")).to_be_visible()
    expect(nav_link(page, "Abmelden")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"[?&]lang=en(&|$)"))

    page.reload()
    expect(nav_link(page, "Home")).to_be_visible()
    expect(nav_link(page, "Log out")).to_be_visible()
    expect_logged_in(page, english=True)
    expect(page).to_have_url(re.compile(r"[?&]lang=en(&|$)"))
    page.screenshot(path=artifacts_dir / "logged-in-english.png")


# --------------------------------------------------------------------------- 4. logout


def test_logout_clears_cookie_and_ends_session_on_server(
    page: Page, context: BrowserContext, quartier_app: QuartierApp
) -> None:
    log_in(page, quartier_app, quartier_app.coordinator)
    old_cookie = session_cookie(context)
    assert old_cookie is not None

    nav_link(page, "Abmelden").click()

    expect_anonymous(page)
    expect(start_heading(page)).to_be_visible()
    assert session_cookie(context) is None, "logout left the login cookie in the browser"

    # A copy of the old cookie (stolen, or restored by a backup of the profile) must
    # not log anyone in again: the session ended on the server.
    context.add_cookies([old_cookie])  # type: ignore[list-item]
    page.reload()
    expect(start_heading(page)).to_be_visible()
    expect_anonymous(page)
    restored = session_cookie(context)
    assert restored is not None and restored["value"] == old_cookie["value"], (
        "the old cookie was not sent, so this test would prove nothing"
    )


# --------------------------------------------------------------------------- 5. admin pages


def test_admin_page_url_is_refused_for_anonymous(page: Page, quartier_app: QuartierApp) -> None:
    page.goto(quartier_app.url("/benutzer"))

    expect(start_heading(page)).to_be_visible()
    expect_anonymous(page)
    expect(page.get_by_text("Neues Konto anlegen")).to_have_count(0)
    expect(page.get_by_role("heading", name="Benutzer", exact=True)).to_have_count(0)


def test_admin_page_urls_are_refused_for_coordinator(
    page: Page, quartier_app: QuartierApp, artifacts_dir: Path
) -> None:
    log_in(page, quartier_app, quartier_app.coordinator)

    page.goto(quartier_app.url("/benutzer"))
    expect(start_heading(page)).to_be_visible()
    expect_logged_in(page)
    expect(page.get_by_text("Neues Konto anlegen")).to_have_count(0)
    expect(page.get_by_role("heading", name="Benutzer", exact=True)).to_have_count(0)
    page.screenshot(path=artifacts_dir / "coordinator-benutzer-refused.png")

    page.goto(quartier_app.url("/sicherung"))
    expect(start_heading(page)).to_be_visible()
    expect_logged_in(page)
    expect(page.get_by_role("button", name="Sicherung erstellen")).to_have_count(0)
    expect(page.get_by_role("heading", name="Sicherung", exact=True)).to_have_count(0)


def test_admin_sees_the_admin_pages(
    page: Page, quartier_app: QuartierApp, artifacts_dir: Path
) -> None:
    """The control for the refusals above: the texts they look for do exist."""
    log_in(page, quartier_app, quartier_app.admin)

    page.goto(quartier_app.url("/benutzer"))
    expect(page.get_by_role("heading", name="Benutzer", exact=True)).to_be_visible()
    expect(page.get_by_text("Neues Konto anlegen")).to_be_visible()
    # Lazily loaded widgets show grey placeholders first: wait for them before the shot.
    expect(page.get_by_role("textbox", name="Anzeigename", exact=True)).to_be_visible()
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    page.screenshot(path=artifacts_dir / "admin-benutzer.png")

    page.goto(quartier_app.url("/sicherung"))
    expect(page.get_by_role("heading", name="Sicherung", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Sicherung erstellen")).to_be_visible()


# --------------------------------------------------------------------------- 6. wrong password


def test_wrong_password_shows_german_error_and_sets_no_cookie(
    page: Page, context: BrowserContext, quartier_app: QuartierApp, artifacts_dir: Path
) -> None:
    account = quartier_app.coordinator
    fill_login(page, quartier_app, account.username, account.password + "-falsch")
    page.get_by_role("button", name="Anmelden", exact=True).click()

    expect(page.get_by_text(LOGIN_FAILED)).to_be_visible()
    expect_anonymous(page)
    expect(page.get_by_label("Benutzername", exact=True)).to_be_visible()
    assert session_cookie(context) is None
    page.screenshot(path=artifacts_dir / "login-wrong-password.png")


# --------------------------------------------------------------------------- 7. double click


def test_double_click_on_login_logs_in_once(
    page: Page, context: BrowserContext, quartier_app: QuartierApp
) -> None:
    account = quartier_app.coordinator
    fill_login(page, quartier_app, account.username, account.password)
    page.get_by_role("button", name="Anmelden", exact=True).dblclick()

    expect_logged_in(page)
    # The handoff went to the start page; a second, failed handoff would have landed
    # on /anmelden (which a logged-in user cannot open).
    expect(page).to_have_url(re.compile(r"/\?lang=de$"))
    expect(start_heading(page)).to_be_visible()
    expect(page.get_by_text(LOGIN_FAILED)).to_have_count(0)
    expect(page.get_by_text("Zu viele fehlgeschlagene Anmeldungen")).to_have_count(0)
    expect(page.get_by_role("alert")).to_have_count(0)
    assert session_cookie(context) is not None


# --------------------------------------------------------------------------- privacy


def test_start_page_contacts_no_third_party(page: Page, quartier_app: QuartierApp) -> None:
    origin = urlsplit(quartier_app.base_url).netloc
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(quartier_app.url("/"))
    expect(start_heading(page)).to_be_visible()

    # The page config (with the favicon) arrives before the first element of the run.
    linked = page.eval_on_selector_all(
        "link[href], script[src], img[src]", "els => els.map(e => e.href || e.src)"
    )
    foreign = sorted(
        {
            url
            for url in [*requested, *linked]
            if urlsplit(url).scheme in {"http", "https", "ws", "wss"}
            and urlsplit(url).netloc != origin
        }
    )
    assert foreign == [], f"the browser was sent to third parties: {foreign}"

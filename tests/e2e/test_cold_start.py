"""The first visitor after a (re)start: each test gets a server no browser has opened yet.

Streamlit decides once per process whether the app uses the legacy ``pages/``
directory (``PagesManager.uses_pages_directory``, set from ``Path("pages").exists()``)
and only clears that flag when ``st.navigation`` is called. Our page files live in
``pages/`` beside ``app.py``; app.py clears the flag before any session starts, so even
the first visitor goes through the router. These tests hold that line.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .conftest import QuartierApp

# Only for the negative checks, once a positive wait has shown the run arrived.
SETTLED_MS = 5_000


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context().new_page()


def test_first_visitor_on_login_link_gets_a_usable_form(
    page: Page, cold_quartier_app: QuartierApp
) -> None:
    """A bookmarked /anmelden right after a restart: the legacy mode does not know the
    URL "anmelden", so an English "Page not found" dialog covers the form and makes it
    inert (the router's second navigation then shows the login page behind it)."""
    account = cold_quartier_app.coordinator
    page.goto(cold_quartier_app.url("/anmelden"))

    expect(page.get_by_role("heading", name="Anmelden", level=1)).to_be_visible()
    # The page-not-found message arrives before the heading, so it would show by now.
    expect(page.get_by_test_id("stDialog")).to_have_count(0, timeout=SETTLED_MS)
    page.get_by_label("Benutzername", exact=True).fill(account.username)
    page.get_by_label("Passwort", exact=True).fill(account.password)
    page.get_by_role("button", name="Anmelden", exact=True).click()
    expect(page.get_by_test_id("stSidebar").get_by_text("Angemeldet als")).to_be_visible()


def test_first_visitor_cannot_open_page_files_past_the_router(
    page: Page, cold_quartier_app: QuartierApp
) -> None:
    """Right after a restart /users runs pages/users.py without the router: the sidebar
    lists every page file (users, backup, onboarding, ...) by its English file name and
    has no language picker; only the page's own role check stops the anonymous visitor.
    The router would not know "users" and show the start page."""
    page.goto(cold_quartier_app.url("/users"))

    nav = page.get_by_test_id("stSidebarNav")
    expect(nav).to_be_visible()
    # The navigation arrives in one message: once visible, its links are complete.
    for file_page in ("users", "backup", "onboarding", "account"):
        assert nav.get_by_role("link", name=file_page, exact=True).count() == 0, file_page
    expect(nav.get_by_role("link", name="Anmelden", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Musterviertel", level=1)).to_be_visible()
    expect(page.get_by_label("Sprache · Language", exact=False)).to_be_visible()
    expect(page.get_by_text("Bitte melden Sie sich an")).to_have_count(0, timeout=SETTLED_MS)

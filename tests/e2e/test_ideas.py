"""From idea to measure in a real browser: a resident submits an idea on a phone and
looks it up by its receipt code; the coordinator publishes it, assigns it to "Kinder &
Jugend" and opens a dot-voting round; a member of the group gives it three dots; the
coordinator closes the round and turns the winner into a measure — and the resident's
status page then shows the measure.

The demo's "Kinder & Jugend" has five members and six ideas from a closed round; the
three that round did not choose are still "veröffentlicht", so a new round offers them
next to the new idea. With three dots from one member the new idea is the only one with
points: chosen, whatever happens to the others (they tie at zero for the other places).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import BrowserContext, Locator, Page, expect

from .conftest import Account, QuartierApp
from .test_surveys import PHONE, Resident, full_height_screenshot, log_in, resident

# Markup in a resident's text must reach the screen as typed, never as markup.
IDEA_TITLE = "Trinkbrunnen am Bolzplatz <b>bitte</b>"
IDEA_TEXT = "Im Sommer haben die Kinder beim Kicken nichts zu trinken. *Danke!*"
GROUP = "Kinder & Jugend"
ROUND_TITLE = "Herbst 2026: Trinkwasser und mehr"
MEASURE_TITLE = "Trinkbrunnen am Bolzplatz aufstellen"
RESPONSIBLE = "Jugendtreff"
MEMBER = "demo-mitglied-kinder"
RECEIPT_CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$")
UNKNOWN_CODE = "Zu diesem Code haben wir keine Idee gefunden."


# --------------------------------------------------------------------------- helpers


def account(app: QuartierApp, username: str) -> Account:
    found = [a for a in app.accounts if a.username == username]
    assert found, f"the demo printed no account {username!r}: {app.accounts}"
    return found[0]


def flash(page: Page, text: str) -> Locator:
    """The green confirmation a page shows once after a successful write."""
    return page.get_by_test_id("stAlertContentSuccess").filter(has_text=text)


def card(page: Page, title: str) -> Locator:
    """The bordered box around an idea whose bold title is ``title``."""
    heading = page.get_by_test_id("stMarkdownContainer").get_by_text(title, exact=True)
    return heading.locator("xpath=ancestor::div[@data-testid='stVerticalBlock'][1]")


def pick(page: Page, scope: Page | Locator, label: str, option: str | re.Pattern[str]) -> None:
    """Choose ``option`` in the selectbox labelled ``label`` (the list opens in a popover
    at the page's root, outside ``scope``)."""
    box = scope.get_by_role("combobox", name=label, exact=True)
    box.click()
    page.get_by_role("option", name=option).click()
    expect(box).to_have_value(option)


def stage_line(page: Page) -> Locator:
    """The "Stand: **…**" line of the status page."""
    return page.get_by_test_id("stMarkdownContainer").filter(has_text=re.compile(r"^Stand: "))


def expect_no_exception(page: Page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)


# --------------------------------------------------------------------------- the steps


def submit_idea_on_phone(r: Resident, artifacts_dir: Path) -> str:
    """Fill in /idee and return the receipt code shown after "Idee absenden"."""
    page = r.page
    r.open("/idee")
    expect(page.get_by_role("heading", name="Idee einreichen", exact=True)).to_be_visible()
    with r.rerun():
        page.get_by_label("Ihre Idee in einem Satz", exact=True).fill(IDEA_TITLE)
        page.keyboard.press("Tab")
    with r.rerun():
        page.get_by_label("Beschreibung (freiwillig)", exact=True).fill(IDEA_TEXT)
        page.keyboard.press("Tab")
    r.press("Idee absenden")

    expect(page.get_by_text("Danke! Ihre Idee ist angekommen.")).to_be_visible()
    code_block = page.get_by_test_id("stCode").locator("code")
    expect(code_block).to_have_text(RECEIPT_CODE)
    code = code_block.inner_text().strip()
    expect(page.get_by_role("link", name="Status jetzt ansehen")).to_have_attribute(
        "href", re.compile(f"code={code}")
    )
    expect_no_exception(page)
    full_height_screenshot(page, artifacts_dir / "idea-receipt-phone.png")
    return code


def expect_status(page: Page, stage: str) -> None:
    title = page.get_by_role("heading", name=IDEA_TITLE, exact=True)
    expect(title).to_be_visible()
    expect(title.locator("b")).to_have_count(0)  # the tag was not interpreted
    expect(page.get_by_text(IDEA_TEXT, exact=True)).to_be_visible()
    expect(stage_line(page)).to_have_text(f"Stand: {stage}")
    expect(stage_line(page).locator("strong")).to_have_text(stage)
    expect_no_exception(page)


def publish_and_assign(page: Page, app: QuartierApp) -> None:
    page.goto(app.url("/ideen-moderation"))
    new = card(page, IDEA_TITLE)
    expect(new).to_contain_text("Stand: eingereicht")
    new.get_by_role("button", name="Veröffentlichen", exact=True).click()
    expect(flash(page, f"„{IDEA_TITLE}“ ist veröffentlicht.")).to_be_visible()

    page.get_by_role("radio", name=re.compile(r"^veröffentlicht \(\d+\)$")).click()
    published = card(page, IDEA_TITLE)
    expect(published).to_contain_text("Stand: veröffentlicht")
    published.get_by_text(re.compile(r"^Weitere Schritte: ")).click()
    published.get_by_role("tab", name="Arbeitsgruppe", exact=True).click()
    pick(page, published, "Arbeitsgruppe", GROUP)
    published.get_by_role("button", name="Zuweisen").click()
    expect(
        flash(page, f"„{IDEA_TITLE}“ ist jetzt der Arbeitsgruppe „{GROUP}“ zugewiesen.")
    ).to_be_visible()
    expect_no_exception(page)


def open_dot_round(page: Page, app: QuartierApp) -> None:
    """A dot-voting round for the group with the defaults (its fresh ideas, all members,
    five dots, at most three on one idea, three winners, closing in two weeks)."""
    page.goto(app.url("/priorisierung"))
    page.get_by_test_id("stExpander").get_by_text("Neue Runde eröffnen").click()
    section = page.get_by_test_id("stExpander").filter(has_text="Neue Runde eröffnen")
    pick(page, section, "Arbeitsgruppe", GROUP)
    pick(page, section, "Verfahren", "Punkte verteilen")
    form = section.get_by_test_id("stForm")
    ideas = form.get_by_test_id("stMultiSelect").filter(has_text="Ideen der Runde")
    expect(ideas).to_contain_text(IDEA_TITLE)
    # The form of the group picked before is gone once the run has finished.
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
    voters = form.get_by_test_id("stMultiSelect").filter(has_text="Wer darf abstimmen?")
    expect(voters).to_contain_text("Jonas Becker")
    form.get_by_label("Titel", exact=True).fill(ROUND_TITLE)
    form.get_by_role("button", name="Runde eröffnen", exact=True).click()
    expect(flash(page, f"Die Runde „{ROUND_TITLE}“ ist eröffnet.")).to_be_visible()
    expect(page.get_by_role("heading", name=ROUND_TITLE, exact=True)).to_be_visible()
    expect_no_exception(page)


def choose_round(page: Page) -> None:
    """Pick the new round (the newest open round, so also the one shown first)."""
    pick(page, page, "Runde", re.compile(f"^{re.escape(ROUND_TITLE)} · {re.escape(GROUP)}"))
    expect(page.get_by_role("heading", name=ROUND_TITLE, exact=True)).to_be_visible()


def dots_input(page: Page) -> Locator:
    """The new idea's dots field, found by the label on screen: its aria-label is the raw
    Markdown source, with a backslash before every < and > of the title."""
    widget = page.get_by_test_id("stNumberInput").filter(has_text=f"Punkte für „{IDEA_TITLE}“")
    return widget.locator("input")


def give_three_dots(page: Page, app: QuartierApp) -> None:
    page.goto(app.url("/priorisierung"))
    choose_round(page)
    expect(page.get_by_text("Noch 5 von 5 Punkten zu verteilen.").first).to_be_visible()
    dots = dots_input(page)
    dots.fill("3")
    dots.press("Enter")
    # The counter is recomputed by the run that received the 3: only then save.
    expect(page.get_by_text("Noch 2 von 5 Punkten zu verteilen.").first).to_be_visible()
    page.get_by_role("button", name="Stimme speichern", exact=True).click()
    expect(flash(page, "Danke! Ihre Stimme ist gespeichert.")).to_be_visible()
    expect(page.get_by_text("Ihre Stimme ist gespeichert – Sie können sie bis")).to_be_visible()
    # The saved ballot fills the form again.
    expect(dots_input(page)).to_have_value("3")
    expect_no_exception(page)


def close_round(page: Page, app: QuartierApp) -> dict[str, str]:
    """Close the round; return the new idea's row of the result (from the table's CSV,
    since st.dataframe draws its cells on a canvas)."""
    page.goto(app.url("/priorisierung"))
    choose_round(page)
    expect(page.get_by_role("heading", name="Zwischenstand", exact=True)).to_be_visible()
    expect(page.get_by_text("1 von 5 haben abgestimmt.")).to_be_visible()
    page.get_by_role("button", name="Runde abschließen …", exact=True).click()
    page.get_by_role("button", name="Ja, abschließen", exact=True).click()
    expect(flash(page, f"Die Runde „{ROUND_TITLE}“ ist abgeschlossen.")).to_be_visible()
    expect(page.get_by_role("heading", name="Ergebnis", exact=True)).to_be_visible()
    expect_no_exception(page)

    with page.expect_download() as download:
        page.get_by_role("button", name="Daten als CSV herunterladen").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = [row for row in csv.DictReader(io.StringIO(text)) if row["Idee"] == IDEA_TITLE]
    assert len(rows) == 1, text
    return rows[0]


def create_measure(page: Page) -> None:
    """Follow the round's "Maßnahme anlegen" link; the idea comes preselected."""
    page.get_by_role("link", name=f"Maßnahme anlegen: {IDEA_TITLE}", exact=True).click()
    expect(page.get_by_role("heading", name="Maßnahmen", exact=True)).to_be_visible()
    new = page.get_by_test_id("stExpander").filter(has_text="Neue Maßnahme anlegen")
    expect(new.get_by_role("combobox", name="Aus welcher Idee?")).to_have_value(IDEA_TITLE)
    form = new.get_by_test_id("stForm")
    title = form.get_by_label("Titel", exact=True)
    expect(title).to_have_value(IDEA_TITLE)
    title.fill(MEASURE_TITLE)
    form.get_by_label("Verantwortlich", exact=True).fill(RESPONSIBLE)
    form.get_by_role("button", name="Maßnahme anlegen", exact=True).click()
    expect(flash(page, f"Die Maßnahme „{MEASURE_TITLE}“ ist angelegt.")).to_be_visible()
    expect(page.get_by_role("heading", name=MEASURE_TITLE, exact=True)).to_be_visible()
    expect(page.get_by_text(f"Aus der Idee: {IDEA_TITLE}", exact=False)).to_be_visible()
    expect_no_exception(page)


# --------------------------------------------------------------------------- the journey


def test_idea_from_phone_to_measure_and_back_on_the_status_page(
    new_context: Callable[..., BrowserContext], quartier_app: QuartierApp, artifacts_dir: Path
) -> None:
    r = resident(new_context, quartier_app, **PHONE)
    code = submit_idea_on_phone(r, artifacts_dir)
    r.open(f"/status?code={code}")
    expect_status(r.page, "eingereicht")
    expect(r.page.get_by_text("Daraus wird:")).to_have_count(0)

    coordinator = new_context().new_page()
    log_in(coordinator, quartier_app, quartier_app.coordinator)
    publish_and_assign(coordinator, quartier_app)
    open_dot_round(coordinator, quartier_app)
    r.reload()
    expect_status(r.page, "in Priorisierung")

    member = new_context().new_page()
    log_in(member, quartier_app, account(quartier_app, MEMBER))
    give_three_dots(member, quartier_app)

    result = close_round(coordinator, quartier_app)
    assert (result["Rang"], result["Punkte"], result["Ergebnis"]) == ("1", "3", "ausgewählt")
    r.reload()
    expect_status(r.page, "ausgewählt")

    create_measure(coordinator)

    r.reload()
    expect_status(r.page, "Maßnahme")
    box = r.page.get_by_test_id("stMarkdownContainer").filter(
        has_text=re.compile(r"^Daraus wird: ")
    )
    expect(box).to_have_text(f"Daraus wird: {MEASURE_TITLE}")
    expect(r.page.get_by_text("geplant", exact=True)).to_be_visible()
    full_height_screenshot(r.page, artifacts_dir / "idea-status-measure-phone.png")


def test_status_page_gives_one_answer_for_unknown_and_malformed_codes(
    new_context: Callable[..., BrowserContext], quartier_app: QuartierApp
) -> None:
    r = resident(new_context, quartier_app, **PHONE)
    for code in ("K7QM-4XR9-PT", "<script>alert(1)</script>", "zu-kurz"):
        r.open(f"/status?code={code}")
        expect(r.page.get_by_role("heading", name="Status einer Idee")).to_be_visible()
        expect(r.page.get_by_label("Code", exact=True)).to_have_value(code)
        expect(r.page.get_by_text(UNKNOWN_CODE, exact=False)).to_be_visible()
        expect(stage_line(r.page)).to_have_count(0)
        expect_no_exception(r.page)

"""The residents' idea pages: /idee (submit), /status?code=… and the board /ideen."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from quartier.i18n import LANGUAGES, translator
from quartier.ideas import publish_idea, reject_idea, submit_idea
from quartier.storage import Database
from quartier.surveys.responses import Channel
from quartier.ui.components import plain
from tests.conftest import World
from tests.ui.conftest import APP, DE, button, errors, titles, values

SUBMIT = "pages/idea_submit.py"
STATUS = "pages/idea_status.py"
BOARD = "pages/ideas_board.py"
CODE = re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$")


def resident(page: str, **params: str) -> AppTest:
    """``page`` opened by a resident with these link parameters (see test_survey_public)."""
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params.update(params)
    at.run()
    at.query_params.clear()
    at.query_params.update(params)
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def ideas_in(db: Database) -> list[tuple[object, ...]]:
    with db.read() as cur:
        return cur.execute(
            "SELECT title, description, language, channel, author_name, author_contact, status,"
            " event_id FROM ideas ORDER BY id"
        ).fetchall()


def fill(at: AppTest, title: str, description: str = "") -> AppTest:
    at.text_input(key="idea_title").set_value(title)
    at.text_area(key="idea_description").set_value(description)
    return at.run()


def test_a_resident_submits_an_idea_anonymously_and_gets_a_receipt(app_world: World) -> None:
    at = resident(SUBMIT, q="nord")
    assert titles(at) == [DE("resident.idea.title")]
    fill(at, "Bänke am Spielplatz", "Schatten für Eltern <b>bitte</b>")
    button(at, DE("resident.idea.submit")).click().run()

    assert values(at.success) == [DE("resident.idea.thanks")]
    [code] = values(at.code)
    assert CODE.match(code)
    assert ideas_in(app_world.db) == [
        ("Bänke am Spielplatz", "Schatten für Eltern <b>bitte</b>", "de", "online", None, None,
         "eingereicht", None)
    ]  # fmt: skip

    # "Noch eine Idee" clears the form and prepares a new receipt code.
    button(at, DE("resident.idea.another")).click().run()
    assert at.text_input(key="idea_title").value == ""
    assert not values(at.code)


def test_a_name_needs_consent_and_nothing_is_stored_without_it(app_world: World) -> None:
    at = resident(SUBMIT, q="nord")
    fill(at, "Nachbarschaftscafé")
    at.toggle(key="idea_named").set_value(True).run()
    at.text_input(key="idea_name").set_value("Ayşe Yılmaz")
    at.text_input(key="idea_contact").set_value("0151 234567")
    at.run()
    button(at, DE("resident.idea.submit")).click().run()

    assert len(errors(at)) == 1
    assert ideas_in(app_world.db) == []

    at.checkbox(key="idea_consent").check().run()
    button(at, DE("resident.idea.submit")).click().run()
    [row] = ideas_in(app_world.db)
    assert row[4:6] == ("Ayşe Yılmaz", "0151 234567")


def test_an_empty_title_is_refused_with_a_german_message(app_world: World) -> None:
    at = resident(SUBMIT, q="nord")
    button(at, DE("resident.idea.submit")).click().run()
    assert len(errors(at)) == 1
    assert "Titel" in errors(at)[0] or "Idee" in errors(at)[0]
    assert ideas_in(app_world.db) == []


def test_an_idea_in_turkish_is_stored_with_its_language(app_world: World) -> None:
    at = resident(SUBMIT, q="nord", lang="tr")
    tr = translator("tr")
    assert titles(at) == [tr("resident.idea.title")]
    picker = at.selectbox[0]
    assert list(picker.options) == [lang.native_name for lang in LANGUAGES.values()]
    fill(at, "Mahalle kahvaltısı")
    button(at, tr("resident.idea.submit")).click().run()
    assert ideas_in(app_world.db)[0][2] == "tr"


def test_similar_ideas_are_shown_while_typing_and_can_be_supported(app_world: World) -> None:
    db = app_world.db
    original = submit_idea(db, app_world.nord.id, "Neuer Spielplatz am Lindenplatz", language="de")
    publish_idea(db, app_world.coordinator, original.idea.id)

    at = resident(SUBMIT, q="nord")
    fill(at, "Spielplatz Lindenplatz")
    assert "Neuer Spielplatz am Lindenplatz" in " ".join(values(at.markdown))
    button(at, DE("resident.idea.support")).click().run()
    assert DE("resident.idea.supported") in values(at.success)
    with db.read() as cur:
        assert cur.execute("SELECT count(*) FROM idea_supports").fetchone() == (1,)


def test_the_status_page_shows_the_path_and_a_rejection_reason(app_world: World) -> None:
    db = app_world.db
    receipt = submit_idea(db, app_world.nord.id, "Graffiti-Wand", language="de")
    at = resident(STATUS, code=receipt.code)
    assert plain("Graffiti-Wand") in values(at.subheader)
    assert DE("resident.status.now", stage=DE("resident.idea.stage.eingereicht")) in values(
        at.markdown
    )

    reject_idea(db, app_world.coordinator, receipt.idea.id, "Die Wand gehört der Bahn.")
    # Lower case and without hyphens still finds it.
    at = resident(STATUS, code=receipt.code.replace("-", "").lower())
    assert any(plain("Die Wand gehört der Bahn.") in w for w in values(at.warning))


@pytest.mark.parametrize("code", ["ABCD-EFGH-JK", "x", "<script>", "0" * 40])
def test_unknown_and_malformed_codes_get_the_same_answer(app_world: World, code: str) -> None:
    submit_idea(app_world.db, app_world.nord.id, "Irgendeine Idee", language="de")
    at = resident(STATUS, code=code)
    assert values(at.warning) == [DE("resident.status.unknown")]
    assert not at.subheader


def test_the_board_shows_published_ideas_only(app_world: World) -> None:
    db = app_world.db
    shown = submit_idea(db, app_world.nord.id, "Lesepatenschaften", language="ar",
                        channel=Channel.KIOSK)  # fmt: skip
    publish_idea(db, app_world.coordinator, shown.idea.id)
    submit_idea(db, app_world.nord.id, "Noch nicht geprüft", language="de")

    at = resident(BOARD, q="nord")
    text = " ".join(values(at.markdown))
    assert "Lesepatenschaften" in text
    assert "Noch nicht geprüft" not in text
    assert DE("resident.board.count", shown=1, total=1) in values(at.caption)
    assert any("العربية" in c for c in values(at.caption))


def test_with_several_quartiere_the_resident_picks_one(app_world: World) -> None:
    at = resident(SUBMIT)
    assert DE("resident.idea.choose_quartier") in [s.label for s in at.selectbox]
    assert not at.text_input


def test_at_a_kiosk_the_idea_is_tagged_and_the_receipt_has_no_link(app_world: World) -> None:
    at = resident(SUBMIT, q="nord", kiosk="1", survey="7", lang="de")
    assert DE("resident.idea.back_to_survey") in [b.label for b in at.button]
    fill(at, "Sitzbänke am Kiosk")
    button(at, DE("resident.idea.submit")).click().run()

    assert ideas_in(app_world.db)[0][3] == "kiosk"
    assert values(at.success) == [DE("resident.idea.thanks")]
    # The next person at the tablet must not reach this idea from the receipt screen.
    assert not at.get("page_link")
    assert DE("resident.idea.back_to_survey") in [b.label for b in at.button]

"""Umfrage: the resident's survey page at /umfrage?survey=ID&lang=xx (link, QR, kiosk)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from quartier.auth import User
from quartier.auth.sessions import start_session
from quartier.events import Event, create_event
from quartier.i18n import catalogue_keys, translator
from quartier.storage import Database
from quartier.surveys.demo_survey import DEFINITION, LANGS
from quartier.surveys.kiosk import set_kiosk_pin
from quartier.surveys.model import Choice, Page, Question, QuestionType, SurveyDefinition
from quartier.surveys.responses import Channel, submit
from quartier.surveys.store import Survey, close_survey, create_survey, open_survey
from quartier.ui.session import TOKEN_KEY
from tests.conftest import World
from tests.ui.conftest import APP, DE, EN, button, errors, labels, titles, values, visible_texts

PAGE = "pages/survey_public.py"
RESIDENT_KEYS = sorted(k for k in catalogue_keys("de") if k.startswith("resident."))


# --- Opening the page as a resident does -----------------------------------------------


def resident(*, logged_in: tuple[Database, User] | None = None, **params: str) -> AppTest:
    """The resident page opened with these query parameters, as from a link or QR code
    (``logged_in``: in the browser of a staff member who is logged in).

    AppTest always starts on the default page, whose staff language picker rewrites
    ``?lang=`` (staff pages exist in German and English only); a resident's browser
    opens /umfrage directly, so the link's parameters are set again before switching.
    """
    at = AppTest.from_file(APP, default_timeout=30)
    if logged_in is not None:
        db, user = logged_in
        assert user.id is not None
        at.session_state[TOKEN_KEY] = start_session(db, user.id)
    at.query_params.update(params)
    at.run()
    at.query_params.clear()
    at.query_params.update(params)
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    return at


def form_key(at: AppTest) -> str:
    return str(at.session_state["sf_key"])


def widget_key(at: AppTest, name: str) -> str:
    return f"a:{form_key(at)}:{name}"


def answer_first_page(at: AppTest, next_label: str = "Weiter") -> AppTest:
    """Page 1 of the demo survey: how long, how satisfied, where (park and club)."""
    at.radio(key=widget_key(at, "wohnen_seit")).set_value("1_5")
    at.radio(key=widget_key(at, "zufriedenheit")).set_value("4")
    at.checkbox(key=widget_key(at, "orte:verein")).check()
    at.checkbox(key=widget_key(at, "orte:park")).check()
    at.run()
    return button(at, next_label).click().run()


def answer_second_page(at: AppTest) -> AppTest:
    """Page 2: knows the services (then which: language course), ranking, age, wish."""
    at.radio(key=widget_key(at, "kennt_angebote")).set_value("ja")
    at.run()  # "which services" appears only now (skip logic)
    at.checkbox(key=widget_key(at, "welche_angebote:sprachkurs")).check()
    at.multiselect(key=widget_key(at, "wichtig")).set_value(["treffpunkte", "sauberkeit"])
    at.number_input(key=widget_key(at, "alter")).set_value(41)
    at.text_area(key=widget_key(at, "idee")).input("Mehr Bänke")
    return at.run()


def responses(db: Database) -> list[dict[str, Any]]:
    with db.read() as cur:
        cursor = cur.execute(
            "SELECT id, token, survey_id, version, channel, event_id, language, entered_by"
            " FROM responses ORDER BY id"
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def stored_answers(db: Database, response_id: int) -> dict[str, Any]:
    """question -> choice code(s) / number / text of one stored response."""
    with db.read() as cur:
        rows = cur.execute(
            "SELECT question, choice, position, number, text FROM answers WHERE response_id = ?"
            " ORDER BY question, position NULLS LAST, rowid",
            [response_id],
        ).fetchall()
    found: dict[str, Any] = {}
    for question, choice, _position, number, text in rows:
        value = choice if choice is not None else number if number is not None else text
        if question in found:
            found[question] = (*found[question], value) if isinstance(found[question], tuple) else (
                found[question], value)  # fmt: skip
        elif question in ("orte", "welche_angebote", "wichtig"):
            found[question] = (value,)
        else:
            found[question] = value
    return found


def drafts(db: Database) -> list[str]:
    with db.read() as cur:
        return [r[0] for r in cur.execute("SELECT resume_key FROM survey_drafts").fetchall()]


def all_texts(at: AppTest) -> list[str]:
    """What a resident reads, including every question widget's label and options."""
    texts = visible_texts(at)
    for kind in ("radio", "checkbox", "number_input", "text_area", "multiselect"):
        for w in getattr(at, kind):
            texts.append(str(w.label))
            texts.extend(str(o) for o in getattr(w, "options", ()))
    return [t for t in texts if t]


def asks_for_language(at: AppTest) -> bool:
    """The kiosk's first stage: "choose your language" heads the page."""
    heading = values(at.subheader)
    return len(heading) == 1 and DE("resident.choose_language") in heading[0]


def is_rtl(at: AppTest) -> bool:
    return any("direction: rtl" in h.proto.body for h in at.html)


EXPECTED = {
    "wohnen_seit": "1_5",
    "zufriedenheit": "4",
    "orte": ("park", "verein"),  # the list's order, not the order they were ticked
    "kennt_angebote": "ja",
    "welche_angebote": ("sprachkurs",),
    "wichtig": ("treffpunkte", "sauberkeit"),  # the resident's order
    "alter": 41.0,
    "idee": "Mehr Bänke",
}


# --- Fixtures ---------------------------------------------------------------------------


@pytest.fixture
def survey(app_world: World) -> Survey:
    """The demo survey (seven languages, two pages, skip logic), open, in Nord."""
    created = create_survey(app_world.db, app_world.coordinator, app_world.nord.id, DEFINITION)
    return open_survey(app_world.db, app_world.coordinator, created.id)


@pytest.fixture
def navigation_positions(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Where each run's st.navigation puts the menu ("sidebar" or "hidden")."""
    seen: list[str] = []
    real = st.navigation

    def recording(pages: Any, **kwargs: Any) -> Any:
        seen.append(kwargs.get("position", "sidebar"))
        return real(pages, **kwargs)

    monkeypatch.setattr(st, "navigation", recording)
    yield seen


# --- Answering online -------------------------------------------------------------------


def test_page_shows_title_and_submit_only_on_the_last_page(survey: Survey) -> None:
    at = resident(survey=str(survey.id), lang="de")
    assert titles(at) == ["Zusammenleben im Musterviertel"]
    assert "Weiter" in labels(at) and "Absenden" not in labels(at)
    assert DE("resident.anonymous_note") in values(at.caption)
    assert at.radio(key=widget_key(at, "wohnen_seit")).label.endswith("(Pflichtfrage)")
    answer_first_page(at)
    assert "Absenden" in labels(at) and "Weiter" not in labels(at)
    assert "Zurück" in labels(at)
    assert values(at.subheader) == ["Angebote"]


def test_required_question_unanswered_shows_german_error_next_to_it(
    survey: Survey, app_db: Database
) -> None:
    at = resident(survey=str(survey.id), lang="de")
    at.radio(key=widget_key(at, "wohnen_seit")).set_value("ueber_5")
    at.run()
    button(at, "Weiter").click().run()
    # Still page 1; the error stands right under the unanswered question, not the other.
    assert values(at.subheader) == ["Ihr Viertel"]
    main = [n for n in at.main if getattr(n, "type", None) in ("radio", "error")]
    kinds = [(n.type, getattr(n, "key", None) or n.value) for n in main]
    assert kinds[:3] == [
        ("radio", widget_key(at, "wohnen_seit")),
        ("radio", widget_key(at, "zufriedenheit")),
        ("error", "Bitte beantworten Sie diese Frage."),
    ]
    assert errors(at)[-1] == DE("resident.error_summary", count=1)

    # Page 2 left without its required answer: submitting stores nothing.
    at.radio(key=widget_key(at, "zufriedenheit")).set_value("2")
    at.run()
    button(at, "Weiter").click().run()
    button(at, "Absenden").click().run()
    assert "Bitte beantworten Sie diese Frage." in errors(at)
    assert titles(at) == ["Zusammenleben im Musterviertel"]
    assert responses(app_db) == []


def test_full_answer_thanks_and_stores_one_online_response_as_codes(
    survey: Survey, app_db: Database
) -> None:
    at = resident(survey=str(survey.id), lang="de")
    token = form_key(at)
    assert at.query_params["r"] == token
    answer_first_page(at)
    answer_second_page(at)
    assert drafts(app_db) == [token]  # kept while answering
    button(at, "Absenden").click().run()
    assert titles(at) == [DE("resident.thanks_title")]
    assert DE("resident.thanks_text") in values(at.success)
    assert "r" not in at.query_params
    [row] = responses(app_db)
    assert row["channel"] == "online" and row["language"] == "de" and row["token"] == token
    assert row["event_id"] is None and row["entered_by"] is None and row["version"] == 1
    assert stored_answers(app_db, row["id"]) == EXPECTED
    assert drafts(app_db) == []
    at.run()  # a later rerun of the thank-you page adds nothing
    assert titles(at) == [DE("resident.thanks_title")] and len(responses(app_db)) == 1


def test_skip_logic_hides_question_and_drops_its_answer(survey: Survey, app_db: Database) -> None:
    at = resident(survey=str(survey.id), lang="de")
    answer_first_page(at)
    answer_second_page(at)
    at.radio(key=widget_key(at, "kennt_angebote")).set_value("nein")
    at.run()
    assert not any(c.key.startswith(widget_key(at, "welche_angebote")) for c in at.checkbox)
    button(at, "Absenden").click().run()
    [row] = responses(app_db)
    assert "welche_angebote" not in stored_answers(app_db, row["id"])


def test_qr_link_stores_channel_qr(survey: Survey, app_db: Database) -> None:
    at = resident(survey=str(survey.id), lang="de", via="qr")
    answer_first_page(at)
    answer_second_page(at)
    button(at, "Absenden").click().run()
    assert [r["channel"] for r in responses(app_db)] == ["qr"]


@pytest.fixture
def events(app_world: World) -> tuple[Event, Event]:
    nord = create_event(app_world.db, app_world.coordinator, app_world.nord.id, "Sommerfest",
                        date(2026, 6, 20))  # fmt: skip
    sued = create_event(app_world.db, app_world.coordinator_sued, app_world.sued.id, "Flohmarkt",
                        date(2026, 6, 21))  # fmt: skip
    return nord, sued


def test_event_in_the_link_tags_the_response(
    survey: Survey, app_db: Database, events: tuple[Event, Event]
) -> None:
    at = resident(survey=str(survey.id), lang="de", via="qr", event=str(events[0].id))
    assert at.warning.len == 0
    answer_first_page(at)
    answer_second_page(at)
    button(at, "Absenden").click().run()
    [row] = responses(app_db)
    assert row["event_id"] == events[0].id and row["channel"] == "qr"


@pytest.mark.parametrize("event", ["other_quartier", "999", "abc", "²"])
def test_unknown_event_is_named_and_the_response_untagged(
    survey: Survey, app_db: Database, events: tuple[Event, Event], event: str
) -> None:
    value = str(events[1].id) if event == "other_quartier" else event
    at = resident(survey=str(survey.id), lang="en", event=value)
    assert values(at.warning) == [EN("resident.error_event_unknown")]
    answer_first_page(at, "Next")
    answer_second_page(at)
    button(at, "Submit").click().run()
    [row] = responses(app_db)
    assert row["event_id"] is None and row["language"] == "en"


# --- Kiosk --------------------------------------------------------------------------------


def test_kiosk_language_first_then_form_then_next_person(
    survey: Survey, app_world: World, app_db: Database, navigation_positions: list[str]
) -> None:
    # The coordinator starts the kiosk in her own browser: without kiosk=1 the menu and
    # her name are there.
    staff = (app_db, app_world.coordinator)
    normal = resident(logged_in=staff, survey=str(survey.id), lang="de")
    assert navigation_positions[-1] == "sidebar" and normal.sidebar.children != {}
    assert not any('[data-testid="stSidebar"]' in h.proto.body for h in normal.html)

    at = resident(logged_in=staff, survey=str(survey.id), kiosk="1")
    assert navigation_positions[-1] == "hidden"
    assert any('[data-testid="stSidebar"]' in h.proto.body for h in at.html)  # sidebar hidden
    assert at.sidebar.children == {}  # no name, no language picker
    native = ["Deutsch", "English", "Türkçe", "العربية", "Русский", "Українська", "Polski"]
    assert [b.label for b in at.button if b.key and b.key.startswith("pick:")] == native
    assert at.radio.len == 0  # no question before a language is chosen
    assert asks_for_language(at)

    button(at, "Türkçe").click().run()
    tr = translator("tr")
    assert titles(at) == [DEFINITION.title["tr"]]
    answer_first_page(at, tr("resident.next"))
    answer_second_page(at)
    first_key = form_key(at)
    button(at, tr("resident.submit")).click().run()
    assert titles(at) == [tr("resident.thanks_title")]
    [row] = responses(app_db)
    assert row["channel"] == "kiosk" and row["language"] == "tr" and row["token"] == first_key
    # The thank-you screen offers an idea, tagged like the survey (kiosk, Quartier, language).
    [idea_link] = [p.proto for p in at.get("page_link")]
    assert idea_link.label == tr("resident.kiosk_idea")
    assert parse_qs(idea_link.query_string) == {
        "kiosk": ["1"], "q": [app_world.nord.slug], "survey": [str(survey.id)], "lang": ["tr"]
    }  # fmt: skip

    button(at, tr("resident.next_person")).click().run()
    assert [b.label for b in at.button if b.key and b.key.startswith("pick:")] == native
    assert at.radio.len == 0
    assert "sf_answers" not in at.session_state
    button(at, "Deutsch").click().run()
    assert form_key(at) != first_key
    assert at.session_state["sf_answers"] == {
        "wohnen_seit": None,
        "zufriedenheit": None,
        "orte": (),
    }
    assert at.radio(key=widget_key(at, "wohnen_seit")).value is None
    assert all(c.value is False for c in at.checkbox if c.key.startswith(widget_key(at, "orte")))
    assert navigation_positions[-1] == "hidden"


def test_kiosk_idle_form_is_discarded_with_its_draft(survey: Survey, app_db: Database) -> None:
    at = resident(survey=str(survey.id), kiosk="1")
    button(at, "Deutsch").click().run()
    at.radio(key=widget_key(at, "wohnen_seit")).set_value("unter_1")
    at.run()
    abandoned = form_key(at)
    assert drafts(app_db) == [abandoned]
    at.run()  # no new input: the form is still there
    assert at.radio(key=widget_key(at, "wohnen_seit")).value == "unter_1"

    at.session_state["sf_last_input"] = datetime.now(UTC) - timedelta(hours=1)
    at.run()
    assert asks_for_language(at)
    assert at.radio.len == 0
    assert drafts(app_db) == []
    assert "sf_answers" not in at.session_state and "sf_key" not in at.session_state
    button(at, "Deutsch").click().run()
    assert form_key(at) != abandoned
    assert at.radio(key=widget_key(at, "wohnen_seit")).value is None
    assert responses(app_db) == []


def test_kiosk_is_left_only_with_the_pin(
    survey: Survey, app_world: World, navigation_positions: list[str]
) -> None:
    set_kiosk_pin(app_world.db, app_world.coordinator, app_world.nord.id, "2468")
    at = resident(survey=str(survey.id), kiosk="1")
    at.text_input[0].input("1357")
    button(at, DE("resident.kiosk_leave")).click().run()
    assert errors(at) == [DE("resident.kiosk_pin_wrong")]
    assert at.query_params["kiosk"] == "1" and navigation_positions[-1] == "hidden"
    at.text_input[0].input("2468")
    button(at, DE("resident.kiosk_leave")).click().run()
    assert "kiosk" not in at.query_params and navigation_positions[-1] == "sidebar"
    assert at.radio.len == 2  # the ordinary page: the form at once, no language stage


def test_normal_page_has_no_idle_discard(survey: Survey, app_db: Database) -> None:
    at = resident(survey=str(survey.id), lang="de")
    at.radio(key=widget_key(at, "wohnen_seit")).set_value("unter_1")
    at.run()
    at.session_state["sf_last_input"] = datetime.now(UTC) - timedelta(hours=1)
    at.run()
    assert at.radio(key=widget_key(at, "wohnen_seit")).value == "unter_1"
    assert drafts(app_db) == [form_key(at)]


# --- Resume, double submit ----------------------------------------------------------------


def test_reload_with_resume_key_brings_the_answers_back(survey: Survey, app_db: Database) -> None:
    at = resident(survey=str(survey.id), lang="de")
    answer_first_page(at)
    at.radio(key=widget_key(at, "kennt_angebote")).set_value("nein")
    at.run()
    resume = at.query_params["r"]
    assert resume == form_key(at)

    again = resident(survey=str(survey.id), lang="de", r=resume)  # a new browser session
    assert form_key(again) == resume
    assert values(again.subheader) == ["Angebote"]  # the page it was on
    assert again.radio(key=widget_key(again, "kennt_angebote")).value == "nein"
    button(again, "Zurück").click().run()
    assert again.radio(key=widget_key(again, "wohnen_seit")).value == "1_5"
    assert again.radio(key=widget_key(again, "zufriedenheit")).value == "4"
    ticked = {c.key.rsplit(":", 1)[1] for c in again.checkbox if c.value}
    assert ticked == {"park", "verein"}


@pytest.mark.parametrize("resume", ["kurz", "../../etc/passwd", "x" * 200])
def test_invalid_resume_key_starts_a_new_form(survey: Survey, resume: str) -> None:
    at = resident(survey=str(survey.id), lang="de", r=resume)
    assert form_key(at) != resume and at.query_params["r"] == form_key(at)
    assert at.radio(key=widget_key(at, "wohnen_seit")).value is None


def test_resume_key_of_a_submitted_form_shows_thanks_and_stores_nothing_more(
    survey: Survey, app_db: Database
) -> None:
    at = resident(survey=str(survey.id), lang="de")
    resume = form_key(at)
    answer_first_page(at)
    answer_second_page(at)
    button(at, "Absenden").click().run()
    # The same form again (a reload of the old URL, a second tap that arrives late).
    again = resident(survey=str(survey.id), lang="de", r=resume)
    assert titles(again) == [DE("resident.thanks_title")]
    assert "Absenden" not in labels(again)
    assert len(responses(app_db)) == 1


def test_submitted_token_whose_thanks_never_arrived_is_not_stored_twice(
    survey: Survey, app_db: Database
) -> None:
    at = resident(survey=str(survey.id), lang="de")
    answer_first_page(at)
    answer_second_page(at)
    # The first tap reached the server, its answer did not reach the browser:
    submit(app_db, survey.id, dict(at.session_state["sf_answers"]), token=form_key(at),
           channel=Channel.ONLINE, language="de")  # fmt: skip
    button(at, "Absenden").click().run()
    assert titles(at) == [DE("resident.thanks_title")]
    assert len(responses(app_db)) == 1


# --- Messages for links that lead nowhere -------------------------------------------------


def test_unknown_survey_in_english(app_world: World) -> None:
    at = resident(survey="999", lang="en")
    assert errors(at) == [EN("resident.error_survey_unknown")]
    assert titles(at) == [] and at.radio.len == 0


@pytest.mark.parametrize("raw", ["abc", "", "1; DROP TABLE responses", "-1", "²", "1.0"])
def test_non_numeric_survey_id_in_turkish(app_world: World, raw: str) -> None:
    at = resident(survey=raw, lang="tr")
    message = translator("tr")("resident.error_survey_unknown")
    assert message != DE("resident.error_survey_unknown")
    assert errors(at) == [message]


def test_closed_survey_says_so_in_arabic(survey: Survey, app_world: World) -> None:
    close_survey(app_world.db, app_world.coordinator, survey.id)
    at = resident(survey=str(survey.id), lang="ar")
    assert titles(at) == [DEFINITION.title["ar"]]
    assert errors(at) == [translator("ar")("resident.error_closed")]
    assert at.radio.len == 0 and labels(at) == []
    assert is_rtl(at)


def test_draft_survey_is_not_open_to_residents(app_world: World) -> None:
    draft = create_survey(app_world.db, app_world.coordinator, app_world.nord.id, DEFINITION)
    at = resident(survey=str(draft.id), lang="de")
    assert errors(at) == [DE("resident.error_closed")] and at.radio.len == 0


def test_unknown_language_code_falls_back_to_the_default_language(survey: Survey) -> None:
    at = resident(survey=str(survey.id), lang="xx")
    assert values(at.warning) == [DE("resident.error_language", code="xx")]
    assert titles(at) == [DEFINITION.title["de"]]


def test_language_the_survey_lacks_is_explained_in_that_language(app_world: World) -> None:
    two = SurveyDefinition(
        title={"de": "Spielplatz", "en": "Playground"},
        default_language="de",
        languages=("de", "en"),
        pages=(Page("", {}, (Question("a", QuestionType.TEXT, {"de": "Wunsch", "en": "Wish"}),)),),
    )
    created = create_survey(app_world.db, app_world.coordinator, app_world.nord.id, two)
    open_survey(app_world.db, app_world.coordinator, created.id)
    at = resident(survey=str(created.id), lang="tr")
    assert values(at.warning) == [translator("tr")("resident.error_language", code="tr")]
    assert titles(at) == ["Spielplatz"] and "Absenden" in labels(at)


# --- Seven languages -------------------------------------------------------------------------


def test_every_resident_text_is_translated_in_the_catalogues() -> None:
    for code in LANGS:
        own = catalogue_keys(code)
        missing = [k for k in RESIDENT_KEYS if not own.get(k)]
        assert missing == [], (code, missing)


def _german_resident_pieces() -> list[str]:
    """Literal pieces (between placeholders) of every German resident text."""
    german = catalogue_keys("de")
    pieces = {p.strip() for k in RESIDENT_KEYS for p in re.split(r"\{[a-z_]+\}", german[k])}
    return sorted(p for p in pieces if len(p) >= 5)


def _german_survey_texts() -> set[str]:
    texts = {DEFINITION.title["de"], DEFINITION.description["de"]}
    for page in DEFINITION.pages:
        texts.add(page.label["de"])
        for q in page.questions:
            texts.add(q.label["de"])
            texts.update(c.label["de"] for c in q.choices)
    return texts


@pytest.mark.parametrize("code", LANGS)
def test_survey_page_in_every_language(survey: Survey, code: str) -> None:
    t = translator(code)
    at = resident(survey=str(survey.id), lang=code)
    first_page = all_texts(at)
    assert titles(at) == [DEFINITION.title[code]]
    assert t("resident.anonymous_note") in values(at.caption)
    required = at.radio(key=widget_key(at, "wohnen_seit"))
    assert required.label.endswith(t("resident.required_mark"))
    assert [c.label for c in at.checkbox][:2] == [
        DEFINITION.question("orte").choices[0].label[code],
        DEFINITION.question("orte").choices[1].label[code],
    ]
    answer_first_page(at, t("resident.next"))
    assert t("resident.submit") in labels(at) and t("resident.back") in labels(at)
    assert t("resident.ranking_hint") in values(at.caption)
    texts = first_page + all_texts(at)
    assert is_rtl(at) is (code == "ar")
    if code == "de":
        return
    german = [p for p in _german_resident_pieces() for text in texts if p in text]
    assert german == [], f"German resident text on the {code} page: {german}"
    leaked = sorted(_german_survey_texts() & set(texts))
    assert leaked == [], f"German survey text on the {code} page: {leaked}"


def test_choice_codes_not_labels_are_stored_whatever_the_language(
    survey: Survey, app_db: Database
) -> None:
    at = resident(survey=str(survey.id), lang="uk")
    uk = translator("uk")
    answer_first_page(at, uk("resident.next"))
    answer_second_page(at)
    button(at, uk("resident.submit")).click().run()
    [row] = responses(app_db)
    assert row["language"] == "uk"
    assert stored_answers(app_db, row["id"]) == EXPECTED


def test_markup_in_a_survey_is_shown_literally(app_world: World) -> None:
    tricky = SurveyDefinition(
        title={"de": "**Fett** <b>x</b>"},
        default_language="de",
        languages=("de",),
        pages=(
            Page("", {}, (
                Question("a", QuestionType.SELECT_ONE, {"de": "[Link](http://x.invalid)"},
                         choices=(Choice("j", {"de": "_kursiv_"}),)),
            )),
        ),
    )  # fmt: skip
    created = create_survey(app_world.db, app_world.coordinator, app_world.nord.id, tricky)
    open_survey(app_world.db, app_world.coordinator, created.id)
    at = resident(survey=str(created.id), lang="de")
    assert titles(at) == [r"\*\*Fett\*\* \<b\>x\</b\>"]
    assert at.radio[0].label == r"\[Link\]\(http\://x\.invalid\)"

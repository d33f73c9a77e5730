"""Papierbögen eingeben: coordinators type in paper forms, one sheet after another."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from quartier.events import Event, create_event
from quartier.surveys.demo_survey import DEFINITION
from quartier.surveys.store import Survey, close_survey, create_survey, open_survey
from tests.conftest import World
from tests.ui.conftest import DE, AppFactory, button, errors, navigation_of, successes, titles
from tests.ui.test_survey_public import responses, stored_answers

PAGE = "pages/paper_entry.py"
SAVE = DE("paper.save")


@pytest.fixture
def survey(app_world: World) -> Survey:
    created = create_survey(app_world.db, app_world.coordinator, app_world.nord.id, DEFINITION)
    return open_survey(app_world.db, app_world.coordinator, created.id)


@pytest.fixture
def page(app_world: World, survey: Survey, app_as: AppFactory) -> AppTest:
    at = app_as(app_world.coordinator, page=PAGE)
    assert not at.exception, at.exception
    assert titles(at) == [DE("paper.title")]
    return at


def sheet(at: AppTest) -> int:
    return int(at.session_state["paper_sheet"])


def field(at: AppTest, kind: str, name: str):  # type: ignore[no-untyped-def]
    return getattr(at, kind)(key=f"p:{sheet(at)}:{name}")


def test_paper_sheet_is_stored_with_channel_and_who_typed_it(
    app_world: World, app_db, page: AppTest
) -> None:
    field(page, "radio", "wohnen_seit").set_value("ueber_5")
    field(page, "radio", "zufriedenheit").set_value("5")
    field(page, "button_group", "orte").set_value(["verein", "spielplatz"])
    field(page, "radio", "kennt_angebote").set_value("ja")
    field(page, "button_group", "welche_angebote").set_value(["beratung"])
    field(page, "multiselect", "wichtig").set_value(["sauberkeit", "spielplaetze"])
    field(page, "number_input", "alter").set_value(67)
    field(page, "text_area", "idee").input("Mehr Licht im Park")
    button(page, SAVE).click().run()
    assert not page.exception
    [row] = responses(app_db)
    assert row["channel"] == "papier" and row["entered_by"] == app_world.coordinator.id
    assert row["language"] == "de" and row["event_id"] is None
    assert stored_answers(app_db, row["id"]) == {
        "wohnen_seit": "ueber_5",
        "zufriedenheit": "5",
        "orte": ("spielplatz", "verein"),
        "kennt_angebote": "ja",
        "welche_angebote": ("beratung",),
        "wichtig": ("sauberkeit", "spielplaetze"),
        "alter": 67.0,
        "idee": "Mehr Licht im Park",
    }
    assert successes(page) == [DE("paper.saved", number=row["id"])]
    # A new, blank sheet: new widget keys, nothing filled in.
    assert sheet(page) == 1
    assert field(page, "radio", "wohnen_seit").value is None
    assert field(page, "button_group", "orte").value == []
    assert field(page, "number_input", "alter").value is None
    assert field(page, "text_area", "idee").value == ""


def test_next_sheet_is_a_new_response(app_db, page: AppTest) -> None:
    field(page, "radio", "wohnen_seit").set_value("1_5")
    button(page, SAVE).click().run()
    field(page, "radio", "wohnen_seit").set_value("unter_1")
    button(page, SAVE).click().run()
    stored = [stored_answers(app_db, r["id"])["wohnen_seit"] for r in responses(app_db)]
    assert stored == ["1_5", "unter_1"]
    assert len({r["token"] for r in responses(app_db)}) == 2


def test_required_questions_left_blank_on_paper_are_accepted(app_db, page: AppTest) -> None:
    field(page, "text_area", "idee").input("Nur ein Wunsch, sonst nichts angekreuzt")
    button(page, SAVE).click().run()
    assert errors(page) == []
    [row] = responses(app_db)
    assert stored_answers(app_db, row["id"]) == {"idee": "Nur ein Wunsch, sonst nichts angekreuzt"}


def test_blank_sheet_is_not_stored(app_db, page: AppTest) -> None:
    """Enter pressed twice: the second lands on the next, blank sheet."""
    button(page, SAVE).click().run()
    assert DE("paper.empty") in [w.value for w in page.warning]
    assert responses(app_db) == [] and sheet(page) == 0


def test_constraint_violation_shows_german_error_and_stores_nothing(app_db, page: AppTest) -> None:
    field(page, "radio", "wohnen_seit").set_value("1_5")
    field(page, "number_input", "alter").set_value(5)
    button(page, SAVE).click().run()
    assert errors(page) == ["Bitte ein Alter zwischen 10 und 110."]
    assert responses(app_db) == []
    # The same sheet stays, with what was typed, for the correction.
    assert sheet(page) == 0
    assert field(page, "number_input", "alter").value == 5
    assert field(page, "radio", "wohnen_seit").value == "1_5"
    # The error stands at the age field.
    main = [n for n in page.main if getattr(n, "type", None) in ("number_input", "error")]
    assert [n.type for n in main][-2:] == ["number_input", "error"]
    field(page, "number_input", "alter").set_value(15)
    button(page, SAVE).click().run()
    assert errors(page) == []
    [row] = responses(app_db)
    assert stored_answers(app_db, row["id"]) == {"wohnen_seit": "1_5", "alter": 15.0}


def test_skip_logic_drops_answers_the_sheet_should_have_skipped(app_db, page: AppTest) -> None:
    field(page, "radio", "kennt_angebote").set_value("nein")
    field(page, "button_group", "welche_angebote").set_value(["beratung"])
    button(page, SAVE).click().run()
    [row] = responses(app_db)
    assert stored_answers(app_db, row["id"]) == {"kennt_angebote": "nein"}


@pytest.fixture
def event(app_world: World) -> Event:
    return create_event(app_world.db, app_world.coordinator, app_world.nord.id, "Sommerfest",
                        date(2026, 6, 20))  # fmt: skip


def test_sheet_language_and_event_are_stored(app_db, event: Event, page: AppTest) -> None:
    page.selectbox(key="paper_event").select(event.id)
    page.selectbox(key="paper_lang").select("tr")
    page.run()
    assert field(page, "radio", "wohnen_seit").label == DEFINITION.question(
        "wohnen_seit").label["tr"]  # fmt: skip
    field(page, "radio", "wohnen_seit").set_value("1_5")
    button(page, SAVE).click().run()
    [row] = responses(app_db)
    assert row["language"] == "tr" and row["event_id"] == event.id and row["channel"] == "papier"


def test_sheets_of_a_closed_survey_can_still_be_typed_in(
    app_world: World, app_db, survey: Survey, app_as: AppFactory
) -> None:
    close_survey(app_world.db, app_world.coordinator, survey.id)
    at = app_as(app_world.coordinator, page=PAGE)
    field(at, "radio", "wohnen_seit").set_value("1_5")
    button(at, SAVE).click().run()
    assert [r["channel"] for r in responses(app_db)] == ["papier"]


@pytest.mark.parametrize("role", ["member", "anonymous"])
def test_members_and_residents_cannot_type_in_sheets(
    app_world: World, survey: Survey, app_as: AppFactory, role: str
) -> None:
    user = None if role == "anonymous" else app_world.member
    assert PAGE not in navigation_of(app_as(user))

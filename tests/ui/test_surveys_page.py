"""Umfragen: the coordinators' list of surveys — create, import, open, close, events,
kiosk PIN, links."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from quartier.auth import ANONYMOUS
from quartier.auth.sessions import start_session
from quartier.events import list_events
from quartier.storage import Database
from quartier.surveys.demo_survey import DEFINITION
from quartier.surveys.kiosk import has_kiosk_pin, pin_matches
from quartier.surveys.responses import Channel, new_form_key, submit
from quartier.surveys.store import (
    Survey,
    SurveyStatus,
    create_survey,
    get_survey,
    list_surveys,
    open_survey,
)
from quartier.ui.router import CONTEXT_KEY, PageContext
from quartier.ui.session import TOKEN_KEY
from tests.conftest import ROOT, SHARED, World
from tests.ui.conftest import (
    APP,
    DE,
    AppFactory,
    button,
    errors,
    navigation_of,
    successes,
    table,
    titles,
    values,
)

PAGE = "pages/surveys.py"
FIXTURES = SHARED / "fixtures" / "xlsform"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def survey(app_world: World) -> Survey:
    """The demo survey in Nord, as a draft."""
    return create_survey(app_world.db, app_world.coordinator, app_world.nord.id, DEFINITION)


@pytest.fixture
def page(app_world: World, survey: Survey, app_as: AppFactory) -> AppTest:
    at = app_as(app_world.coordinator, page=PAGE)
    assert not at.exception, at.exception
    return at


def text_input(at: AppTest, label: str) -> Any:
    found = [w for w in at.text_input if w.label == label]
    assert len(found) == 1, [w.label for w in at.text_input]
    return found[0]


def selectbox(at: AppTest, label: str) -> Any:
    found = [w for w in at.selectbox if w.label == label]
    assert len(found) == 1, [w.label for w in at.selectbox]
    return found[0]


def answer(db: Database, survey_id: int) -> None:
    submit(db, survey_id, {"wohnen_seit": "1_5", "zufriedenheit": "3", "kennt_angebote": "nein"},
           token=new_form_key(), channel=Channel.ONLINE, language="de")  # fmt: skip


# --- The list -----------------------------------------------------------------------------


def test_coordinator_sees_the_surveys_of_the_quartier(
    app_world: World, survey: Survey, app_as: AppFactory
) -> None:
    renamed = replace(DEFINITION, title={"de": "Spielplätze 2027"})
    other = create_survey(app_world.db, app_world.coordinator, app_world.nord.id, renamed)
    open_survey(app_world.db, app_world.coordinator, other.id)
    answer(app_world.db, other.id)
    at = app_as(app_world.coordinator, page=PAGE)
    assert titles(at) == [DE("surveys.title")]
    assert table(at) == [
        {DE("surveys.col_id"): other.id, DE("field.title"): "Spielplätze 2027",
         DE("surveys.col_status"): DE("survey.status.open"), DE("surveys.col_version"): 1,
         DE("surveys.col_responses"): 1},
        {DE("surveys.col_id"): survey.id, DE("field.title"): "Zusammenleben im Musterviertel",
         DE("surveys.col_status"): DE("survey.status.draft"), DE("surveys.col_version"): 1,
         DE("surveys.col_responses"): 0},
    ]  # fmt: skip


def test_coordinator_of_sued_does_not_see_nords_survey(
    app_world: World, survey: Survey, app_as: AppFactory
) -> None:
    alone = app_as(app_world.coordinator_sued, page=PAGE)
    assert frames_titles(alone) == [] and DE("surveys.none") in values(alone.info)

    renamed = replace(DEFINITION, title={"de": "Umfrage Süd"})
    sued = create_survey(app_world.db, app_world.coordinator_sued, app_world.sued.id, renamed)
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["survey"] = str(survey.id)  # Nord's survey in the URL
    at.session_state[TOKEN_KEY] = start_session(app_world.db, app_world.coordinator_sued.id)
    at.run()
    at.switch_page(PAGE).run()
    assert frames_titles(at) == ["Umfrage Süd"]
    assert at.selectbox(key="survey_pick").value == sued.id
    assert at.selectbox(key="survey_pick").options == [f"{sued.id} · Umfrage Süd"]
    assert f"survey={sued.id}&" in at.code[0].value


def frames_titles(at: AppTest) -> list[str]:
    return [str(row[DE("field.title")]) for row in table(at)] if at.dataframe.len else []


@pytest.mark.parametrize("role", ["member", "anonymous"])
def test_members_and_residents_cannot_use_the_page(
    app_world: World, survey: Survey, app_as: AppFactory, role: str
) -> None:
    user = None if role == "anonymous" else app_world.member
    assert PAGE not in navigation_of(app_as(user))
    # Opened anyway (the router would refuse): the page itself refuses too.
    direct = AppTest.from_file(str(ROOT / PAGE), default_timeout=30)
    direct.session_state[CONTEXT_KEY] = PageContext(app_world.db, user or ANONYMOUS, DE)
    direct.run()
    assert not direct.exception
    shown = values(direct.error) + values(direct.warning) + values(direct.info)
    assert DE("common.not_allowed") in shown or DE("surveys.no_quartier") in shown
    assert direct.dataframe.len == 0 and direct.button.len == 0 and direct.code.len == 0


# --- Creating and importing --------------------------------------------------------------------


def test_create_a_survey_with_title_and_first_question(
    app_world: World, page: AppTest, survey: Survey
) -> None:
    text_input(page, DE("surveys.new_title")).input("Hofgarten")
    text_input(page, DE("surveys.new_first_question")).input("Was soll im Hof wachsen?")
    button(page, DE("surveys.create")).click().run()
    assert not page.exception
    created = list_surveys(app_world.db, app_world.nord.id)[0]
    assert created.id != survey.id and created.status is SurveyStatus.DRAFT
    assert created.title("de") == "Hofgarten"
    [question] = list(created.definition.questions())
    assert question.label == {"de": "Was soll im Hof wachsen?"}
    assert successes(page) == [DE("surveys.created", title="Hofgarten")]
    assert page.query_params["survey"] == str(created.id)
    assert "Hofgarten" in frames_titles(page)
    # The new survey is the one shown below the list.
    assert page.subheader[0].value == f"{created.id} · Hofgarten"


def test_create_without_title_shows_a_german_error(app_world: World, page: AppTest) -> None:
    text_input(page, DE("surveys.new_first_question")).input("Frage ohne Umfrage")
    button(page, DE("surveys.create")).click().run()
    assert errors(page) == [DE("errors.survey_title_missing")]
    assert len(list_surveys(app_world.db, app_world.nord.id)) == 1


def test_import_an_xlsform_through_the_uploader(app_world: World, page: AppTest) -> None:
    data = (FIXTURES / "ODKValidateWarnings.xlsx").read_bytes()
    page.file_uploader(key="xlsform_upload").upload("ODKValidateWarnings.xlsx", data, XLSX)
    page.run()
    button(page, DE("surveys.import_submit")).click().run()
    assert not page.exception, page.exception
    imported = list_surveys(app_world.db, app_world.nord.id)[0]
    assert [q.name for q in imported.definition.questions()] == ["family_name", "age"]
    assert len(imported.skipped) == 1
    assert page.query_params["survey"] == str(imported.id)
    assert any(DE("surveys.imported", title=imported.title("de"), skipped=1) == s
               for s in successes(page))  # fmt: skip
    # The skipped row is listed with sheet, row, name and reason.
    assert DE("surveys.skipped_intro", count=1) in values(page.warning)
    [row] = table(page, 1)
    assert row[DE("surveys.col_sheet")] == "survey" and row[DE("surveys.col_row")] == 3
    assert row[DE("field.name")] == "phone_number"
    assert row[DE("surveys.col_reason")] == DE(imported.skipped[0]["reason_key"])


def test_refused_xlsform_shows_sheet_and_row_and_creates_nothing(
    app_world: World, page: AppTest
) -> None:
    data = (FIXTURES / "UCL_Biomass_Plot_Form.xlsx").read_bytes()
    page.file_uploader(key="xlsform_upload").upload("UCL_Biomass_Plot_Form.xlsx", data, XLSX)
    page.run()
    button(page, DE("surveys.import_submit")).click().run()
    [message] = errors(page)
    assert "Tabellenblatt „survey“" in message and "Zeile 10" in message
    assert len(list_surveys(app_world.db, app_world.nord.id)) == 1


# --- Opening, closing, events, kiosk PIN ---------------------------------------------------------


def test_open_and_close(app_world: World, page: AppTest, survey: Survey) -> None:
    assert DE("surveys.not_open_hint") in values(page.caption)
    button(page, DE("surveys.open")).click().run()
    assert successes(page) == [DE("surveys.opened")]
    assert get_survey(app_world.db, survey.id).is_accepting()
    assert table(page)[0][DE("surveys.col_status")] == DE("survey.status.open")
    assert DE("surveys.not_open_hint") not in values(page.caption)
    button(page, DE("surveys.close")).click().run()
    assert successes(page) == [DE("surveys.closed")]
    assert get_survey(app_world.db, survey.id).status is SurveyStatus.CLOSED
    assert DE("surveys.open") in [b.label for b in page.button]


def test_open_until_a_day_in_the_past_is_refused(
    app_world: World, page: AppTest, survey: Survey
) -> None:
    until = [d for d in page.date_input if d.label == DE("surveys.open_until")][0]
    until.set_value(date(2020, 1, 31))
    button(page, DE("surveys.open")).click().run()
    assert errors(page) == [DE("errors.survey_closes_in_past")]
    assert get_survey(app_world.db, survey.id).status is SurveyStatus.DRAFT


def test_create_an_event(app_world: World, page: AppTest) -> None:
    text_input(page, DE("field.title")).input("Hoffest")
    [day] = [d for d in page.date_input if d.label == DE("surveys.event_day")]
    day.set_value(date(2026, 7, 4))
    text_input(page, DE("field.place")).input("Innenhof")
    button(page, DE("surveys.event_create")).click().run()
    assert successes(page) == [DE("surveys.event_created", title="Hoffest")]
    [event] = list_events(app_world.db, app_world.nord.id)
    assert (event.title, event.starts_on, event.place) == ("Hoffest", date(2026, 7, 4), "Innenhof")
    assert "Hoffest" in [row[DE("field.title")] for row in table(page, 1)]
    # The share section offers it, and the link then names it.
    selectbox(page, DE("surveys.event")).select(event.id).run()
    assert f"&event={event.id}&via=qr" in page.code[0].value


def test_event_without_title_is_refused(app_world: World, page: AppTest) -> None:
    button(page, DE("surveys.event_create")).click().run()
    assert errors(page) == [DE("errors.event_title_missing")]
    assert list_events(app_world.db, app_world.nord.id) == []


@pytest.mark.parametrize("pin", ["12a4", "123", "123456789"])
def test_kiosk_pin_in_the_wrong_format_is_refused(
    app_world: World, page: AppTest, pin: str
) -> None:
    text_input(page, DE("surveys.kiosk_pin_new")).input(pin)
    button(page, DE("common.save")).click().run()
    assert errors(page) == [DE("errors.kiosk_pin_rule")]
    assert not has_kiosk_pin(app_world.db, app_world.nord.id)


def test_set_the_kiosk_pin(app_world: World, page: AppTest) -> None:
    assert DE("surveys.kiosk_needs_pin") in values(page.caption)
    text_input(page, DE("surveys.kiosk_pin_new")).input("2468")
    button(page, DE("common.save")).click().run()
    assert successes(page)[0] == DE("surveys.kiosk_pin_saved")
    assert pin_matches(app_world.db, app_world.nord.id, "2468")
    assert DE("surveys.kiosk_pin_set") in successes(page)
    assert DE("surveys.kiosk_needs_pin") not in values(page.caption)


# --- Sharing ---------------------------------------------------------------------------------


def test_share_section_shows_the_qr_link_per_language(page: AppTest, survey: Survey) -> None:
    assert page.code[0].value == f"http://localhost:8501/umfrage?survey={survey.id}&lang=de&via=qr"
    selectbox(page, DE("surveys.language")).select("ar").run()
    assert page.code[0].value == f"http://localhost:8501/umfrage?survey={survey.id}&lang=ar&via=qr"
    assert page.image.len == 1
    kiosk = [b for b in page.get("link_button") if b.proto.label == DE("surveys.start_kiosk")]
    assert [b.proto.url for b in kiosk] == [f"/umfrage?survey={survey.id}&kiosk=1"]


def test_share_link_uses_the_public_address(
    app_world: World, survey: Survey, app_as: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUARTIER_PUBLIC_URL", "https://quartier.example.org/")
    at = app_as(app_world.coordinator, page=PAGE)
    assert at.code[0].value == (
        f"https://quartier.example.org/umfrage?survey={survey.id}&lang=de&via=qr"
    )

"""Angebote: a coordinator logs a session in a few fields (today and the offering's
languages by default; a double submit stores once), corrects or deletes the latest
entries, and creates and changes offerings."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from quartier.auth import User
from quartier.events import create_offering, get_offering, list_offerings, list_sessions
from quartier.events import log_session as log
from quartier.events.model import Offering, OfferingDraft, OfferingKind
from quartier.ui.offerings_ui import LOG_PICK, TOKEN
from tests.conftest import World
from tests.ui.conftest import DE, AppFactory, button, errors, successes, table, titles, values
from tests.ui.test_events_page import today, visible_texts, warnings, widget

PAGE = "pages/offerings.py"


def open_page(app_as: AppFactory, user: User) -> AppTest:
    at = app_as(user, page=PAGE)
    assert not at.exception, at.exception
    return at


def offering(world: World, title: str, kind: OfferingKind = OfferingKind.SOZIALBERATUNG,
             **kw: Any) -> Offering:  # fmt: skip
    return create_offering(world.db, world.coordinator, world.nord.id,
                           OfferingDraft(title, kind, **kw))  # fmt: skip


def session_key(at: AppTest, o: Offering) -> str:
    return f"session_{o.id}_{at.session_state[TOKEN]}"


# --- who may open the page ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_visitors_and_members_cannot_open_the_page(
    app_world: World, app_as: AppFactory, role: str
) -> None:
    at = app_as(None if role == "anonymous" else app_world.member)
    with pytest.raises(ValueError):
        at.switch_page(PAGE)


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_staff_see_the_offerings(app_world: World, app_as: AppFactory, role: str) -> None:
    offering(app_world, "Sozialberatung", schedule="dienstags 10–12 Uhr", languages=("de", "tr"))
    at = open_page(app_as, getattr(app_world, role))
    if role == "admin":
        at.selectbox(key="offerings_quartier").select(app_world.nord.id).run()
    assert titles(at) == [DE("offerings.title")]
    assert errors(at) == []
    assert table(at) == [
        {
            DE("offerings.col.title"): "Sozialberatung",
            DE("offerings.col.kind"): DE("offering_kind.sozialberatung"),
            DE("offerings.col.schedule"): "dienstags 10–12 Uhr",
            DE("offerings.col.place"): "",
            DE("offerings.col.languages"): "Deutsch, Türkisch",
            DE("offerings.col.organisers"): "",
            DE("offerings.col.active"): True,
        }
    ]


def test_the_other_quartiers_coordinator_sees_none_of_nords_offerings(
    app_world: World, app_as: AppFactory
) -> None:
    o = offering(app_world, "Geheime Beratung")
    log(app_world.db, app_world.coordinator, o.id, today(), 7, note="Nordnotiz")
    at = open_page(app_as, app_world.coordinator_sued)
    texts = visible_texts(at)
    assert not any("Geheime Beratung" in t or "Nordnotiz" in t for t in texts)
    assert values(at.info) == [DE("offerings.none_active")]


# --- the quick session log ------------------------------------------------------------------


def test_a_session_is_logged_with_the_defaults_and_the_form_stays_on_the_offering(
    app_world: World, app_as: AppFactory
) -> None:
    offering(app_world, "Hausaufgabenhilfe", OfferingKind.HAUSAUFGABENHILFE)
    o = offering(app_world, "Sprachkurs", OfferingKind.SPRACHKURS, languages=("de", "ar"))
    at = open_page(app_as, app_world.coordinator)
    at.selectbox(key=LOG_PICK).select(o.id).run()
    key = session_key(at, o)
    assert at.date_input(key=f"{key}_day").value == today()
    assert at.multiselect(key=f"{key}_languages").value == ["de", "ar"]
    at.number_input(key=f"{key}_people").set_value(12)
    button(at, DE("offerings.log")).click().run()

    assert errors(at) == []
    assert successes(at) == [DE("offerings.logged", title="Sprachkurs", people="12",
                                day=today().strftime("%d.%m.%Y"))]  # fmt: skip
    [stored] = list_sessions(app_world.db, app_world.nord.id)
    assert (stored.offering_id, stored.held_on, stored.people) == (o.id, today(), 12)
    assert stored.languages == ("de", "ar")
    # ready for the next entry: same offering, a fresh form
    assert at.selectbox(key=LOG_PICK).value == o.id
    new_key = session_key(at, o)
    assert new_key != key
    assert at.number_input(key=f"{new_key}_people").value is None


def test_a_second_submit_of_the_same_form_stores_once(app_world: World, app_as: AppFactory) -> None:
    o = offering(app_world, "Sozialberatung", languages=("de",))
    at = open_page(app_as, app_world.coordinator)
    token = at.session_state[TOKEN]
    at.number_input(key=f"session_{o.id}_{token}_people").set_value(5)
    button(at, DE("offerings.log")).click().run()
    assert len(list_sessions(app_world.db, app_world.nord.id)) == 1

    # The double click: the same form (same token) arrives a second time.
    at.session_state[TOKEN] = token
    at.run()
    at.number_input(key=f"session_{o.id}_{token}_people").set_value(5)
    button(at, DE("offerings.log")).click().run()

    assert errors(at) == []
    assert len(list_sessions(app_world.db, app_world.nord.id)) == 1


def test_an_implausible_session_asks_first(app_world: World, app_as: AppFactory) -> None:
    o = offering(app_world, "Sozialberatung")
    at = open_page(app_as, app_world.coordinator)
    key = session_key(at, o)
    at.number_input(key=f"{key}_people").set_value(250)
    at.text_input(key=f"{key}_note").input("Aktionstag")
    button(at, DE("offerings.log")).click().run()

    [warning] = warnings(at)
    assert "250" in warning
    assert list_sessions(app_world.db, app_world.nord.id) == []
    assert at.number_input(key=f"{key}_people").value == 250
    assert at.text_input(key=f"{key}_note").value == "Aktionstag"

    at.checkbox(key=f"{key}_confirmed").check()
    button(at, DE("offerings.log")).click().run()

    [stored] = list_sessions(app_world.db, app_world.nord.id)
    assert (stored.people, stored.note) == (250, "Aktionstag")


def test_a_session_without_people_is_named(app_world: World, app_as: AppFactory) -> None:
    offering(app_world, "Sozialberatung")
    at = open_page(app_as, app_world.coordinator)
    button(at, DE("offerings.log")).click().run()

    assert errors(at) == [DE("offerings.people_missing")]
    assert list_sessions(app_world.db, app_world.nord.id) == []


def test_a_session_is_deleted_after_a_confirmation(app_world: World, app_as: AppFactory) -> None:
    o = offering(app_world, "Sozialberatung")
    keep = log(app_world.db, app_world.coordinator, o.id, today() - timedelta(days=7), 4)
    wrong = log(app_world.db, app_world.coordinator, o.id, today(), 44)
    at = open_page(app_as, app_world.coordinator)
    at.button(key=f"session_delete_{wrong.id}").click().run()
    assert len(warnings(at)) == 1
    assert len(list_sessions(app_world.db, app_world.nord.id)) == 2

    at.button(key=f"session_delete_yes_{wrong.id}").click().run()

    assert errors(at) == []
    assert [s.id for s in list_sessions(app_world.db, app_world.nord.id)] == [keep.id]
    assert len(successes(at)) == 1


# --- the offerings --------------------------------------------------------------------------


def test_an_offering_is_created(app_world: World, app_as: AppFactory) -> None:
    at = open_page(app_as, app_world.coordinator)
    widget(at, "text_input", DE("offerings.field.title")).input("Behördenbegleitung")
    widget(at, "selectbox", DE("offerings.field.kind")).select(OfferingKind.BEHOERDENBEGLEITUNG)
    widget(at, "text_input", DE("offerings.field.schedule")).input("nach Absprache")
    widget(at, "multiselect", DE("offerings.field.languages")).set_value(["tr", "ru"])
    button(at, DE("offerings.create")).click().run()

    assert errors(at) == []
    assert successes(at) == [DE("offerings.created", title="Behördenbegleitung")]
    [stored] = list_offerings(app_world.db, app_world.nord.id)
    assert (stored.title, stored.kind, stored.schedule) == (
        "Behördenbegleitung", OfferingKind.BEHOERDENBEGLEITUNG, "nach Absprache")  # fmt: skip
    assert stored.languages == ("tr", "ru")
    # the session log offers it at once
    assert at.selectbox(key=LOG_PICK).value == stored.id


def test_an_offering_without_a_title_shows_the_domains_message(
    app_world: World, app_as: AppFactory
) -> None:
    at = open_page(app_as, app_world.coordinator)
    widget(at, "selectbox", DE("offerings.field.kind")).select(OfferingKind.SPRACHKURS)
    button(at, DE("offerings.create")).click().run()

    assert len(errors(at)) == 1
    assert list_offerings(app_world.db, app_world.nord.id) == []


def test_an_offering_is_changed_and_paused(app_world: World, app_as: AppFactory) -> None:
    o = offering(app_world, "Sprachkurs", OfferingKind.SPRACHKURS)
    at = open_page(app_as, app_world.coordinator)
    edit = [f for f in at.form if f.key == f"offering_edit_{o.id}"][0]
    widget(edit, "text_input", DE("offerings.field.title")).input("Sprachkurs Deutsch A1")
    widget(edit, "checkbox", DE("offerings.field.active")).uncheck()
    button(at, DE("offerings.save")).click().run()

    assert successes(at) == [DE("offerings.saved", title="Sprachkurs Deutsch A1")]
    stored = get_offering(app_world.db, o.id)
    assert (stored.title, stored.is_active) == ("Sprachkurs Deutsch A1", False)
    assert values(at.info) == [DE("offerings.none_active")]

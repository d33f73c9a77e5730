"""Veranstaltungen: coordinators plan events, record their attendance (with the
confirmation of unusual numbers) and change them; members and visitors cannot open the
page; another Quartier's coordinator sees none of Nord's events."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from quartier.auth import User
from quartier.events import attendance_of, get_event, list_events, plan_event, record_attendance
from quartier.events.model import Event, EventDraft, EventType
from quartier.i18n import DISPLAY_TZ
from quartier.ui.events_ui import AREA
from tests.conftest import World
from tests.ui.conftest import (
    DE,
    AppFactory,
    button,
    errors,
    successes,
    table,
    titles,
    values,
    visible_texts,
)

PAGE = "pages/events.py"


def today() -> date:
    return datetime.now(DISPLAY_TZ).date()


def open_page(app_as: AppFactory, user: User, tab: str | None = None) -> AppTest:
    at = app_as(user, page=PAGE)
    if tab is not None:
        at.session_state[AREA] = DE(tab)
        at.run()
    assert not at.exception, at.exception
    return at


def widget(block: AppTest | Block, kind: str, label: str) -> Any:
    found = [w for w in getattr(block, kind) if w.label == label]
    assert len(found) == 1, [w.label for w in getattr(block, kind)]
    return found[0]


def event(world: World, title: str, day: date, **kw: Any) -> Event:
    draft = EventDraft(title, day, **kw)
    return plan_event(world.db, world.coordinator, world.nord.id, draft)


def warnings(at: AppTest) -> list[str]:
    return values(at.warning)


# --- who may open the page ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_visitors_and_members_cannot_open_the_page(
    app_world: World, app_as: AppFactory, role: str
) -> None:
    at = app_as(None if role == "anonymous" else app_world.member)
    with pytest.raises(ValueError):
        at.switch_page(PAGE)


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_staff_see_the_events_of_the_quartier(
    app_world: World, app_as: AppFactory, role: str
) -> None:
    event(app_world, "Nachbarschaftsfest", date(today().year, 1, 1), event_type=EventType.FEST,
          place="Hof", languages=("de", "tr"))  # fmt: skip
    at = open_page(app_as, getattr(app_world, role), tab="events.tab.list")
    if role == "admin":
        at.selectbox(key="events_quartier").select(app_world.nord.id).run()
    assert titles(at) == [DE("events.title")]
    assert errors(at) == []
    [row] = table(at)
    assert row[DE("events.col.title")] == "Nachbarschaftsfest"
    assert row[DE("events.col.type")] == DE("event_type.fest")
    assert row[DE("events.col.date")] == f"01.01.{today().year}"
    assert row[DE("events.col.languages")] == "Deutsch, Türkisch"
    assert row[DE("events.col.responses")] == 0


def test_the_other_quartiers_coordinator_sees_none_of_nords_events(
    app_world: World, app_as: AppFactory
) -> None:
    event(app_world, "Geheimes Nordfest", today() - timedelta(days=2))
    for tab in ("events.tab.list", "events.tab.attendance"):
        at = open_page(app_as, app_world.coordinator_sued, tab=tab)
        assert not any("Geheimes Nordfest" in text for text in visible_texts(at))
    assert values(at.info) == [DE("events.no_past_events")]


# --- plan -----------------------------------------------------------------------------------


def test_a_coordinator_plans_an_event(app_world: World, app_as: AppFactory) -> None:
    day = today() + timedelta(days=10)
    at = open_page(app_as, app_world.coordinator)
    widget(at, "text_input", DE("events.field.title")).input("Kinderfest im Park")
    widget(at, "selectbox", DE("events.field.type")).select(EventType.FEST)
    widget(at, "date_input", DE("events.field.starts_on")).set_value(day)
    widget(at, "time_input", DE("events.field.starts_at")).set_value(time(15))
    widget(at, "time_input", DE("events.field.ends_at")).set_value(time(18))
    widget(at, "text_input", DE("events.field.place")).input("Lindenpark")
    widget(at, "multiselect", DE("events.field.languages")).set_value(["de", "ar"])
    button(at, DE("events.plan")).click().run()

    assert errors(at) == []
    assert successes(at) == [DE("events.planned", title="Kinderfest im Park")]
    [stored] = list_events(app_world.db, app_world.nord.id)
    assert (stored.title, stored.starts_on, stored.event_type) == ("Kinderfest im Park", day,
                                                                  EventType.FEST)  # fmt: skip
    assert (stored.starts_at, stored.ends_at, stored.place) == (time(15), time(18), "Lindenpark")
    assert stored.languages == ("de", "ar")
    assert stored.is_public
    # the form is empty again for the next event
    assert widget(at, "text_input", DE("events.field.title")).value == ""


def test_an_event_that_ends_before_it_starts_is_refused_and_nothing_stored(
    app_world: World, app_as: AppFactory
) -> None:
    at = open_page(app_as, app_world.coordinator)
    widget(at, "text_input", DE("events.field.title")).input("Infoabend")
    widget(at, "selectbox", DE("events.field.type")).select(EventType.INFO)
    widget(at, "time_input", DE("events.field.starts_at")).set_value(time(18))
    widget(at, "time_input", DE("events.field.ends_at")).set_value(time(14))
    button(at, DE("events.plan")).click().run()

    [message] = [m.replace("\\", "") for m in errors(at)]
    assert "Ende" in message and "18:00" in message and "14:00" in message
    assert list_events(app_world.db, app_world.nord.id) == []
    # what was typed is still there to fix
    assert widget(at, "text_input", DE("events.field.title")).value == "Infoabend"


def test_an_event_without_a_type_is_refused(app_world: World, app_as: AppFactory) -> None:
    at = open_page(app_as, app_world.coordinator)
    widget(at, "text_input", DE("events.field.title")).input("Irgendwas")
    button(at, DE("events.plan")).click().run()

    assert errors(at) == [DE("events.type_missing")]
    assert list_events(app_world.db, app_world.nord.id) == []


# --- attendance -----------------------------------------------------------------------------


def attendance_page(app_world: World, app_as: AppFactory, e: Event) -> AppTest:
    at = open_page(app_as, app_world.coordinator, tab="events.tab.attendance")
    at.selectbox(key="events_attendance_pick").select(e.id).run()
    return at


def form_of(at: AppTest, e: Event) -> str:
    [found] = [f.key for f in at.form if str(f.key).startswith(f"attendance_{e.id}_")]
    return str(found)


def test_attendance_is_recorded_with_its_breakdown(app_world: World, app_as: AppFactory) -> None:
    e = event(app_world, "Sprechstunde", today() - timedelta(days=1),
              event_type=EventType.SPRECHSTUNDE, languages=("ar",))  # fmt: skip
    at = attendance_page(app_world, app_as, e)
    key = form_of(at, e)
    at.number_input(key=f"{key}_total").set_value(25)
    at.number_input(key=f"{key}_age_30-64").set_value(20)
    at.number_input(key=f"{key}_lang_ar").set_value(9)
    at.number_input(key=f"{key}_lang_de").set_value(11)
    button(at, DE("events.save_attendance")).click().run()

    assert errors(at) == []
    assert successes(at) == [DE("events.attendance_saved", title="Sprechstunde", people="25")]
    stored = attendance_of(app_world.db, e.id)
    assert stored.total == 25
    assert stored.by_age == {"30-64": 20}
    assert stored.by_language == {"de": 11, "ar": 9}


def test_the_events_languages_come_first_in_the_breakdown(
    app_world: World, app_as: AppFactory
) -> None:
    e = event(app_world, "Werkstatt", today() - timedelta(days=1), languages=("uk", "ro"))
    at = attendance_page(app_world, app_as, e)
    key = form_of(at, e)
    language_keys = [str(n.key) for n in at.number_input if "_lang_" in str(n.key)]
    assert language_keys[:2] == [f"{key}_lang_uk", f"{key}_lang_ro"]
    assert language_keys[-1] == f"{key}_lang_andere"


def test_an_implausible_number_asks_for_confirmation_and_keeps_the_values(
    app_world: World, app_as: AppFactory
) -> None:
    e = event(app_world, "Deutschkurs", today() - timedelta(days=3), event_type=EventType.KURS)
    at = attendance_page(app_world, app_as, e)
    key = form_of(at, e)
    at.number_input(key=f"{key}_total").set_value(600)
    at.number_input(key=f"{key}_age_18-29").set_value(40)
    button(at, DE("events.save_attendance")).click().run()

    [warning] = warnings(at)
    assert "600" in warning
    assert attendance_of(app_world.db, e.id).total is None
    assert at.number_input(key=f"{key}_total").value == 600  # the typed values survive
    assert at.number_input(key=f"{key}_age_18-29").value == 40

    at.checkbox(key=f"{key}_confirmed").check()
    button(at, DE("events.save_attendance")).click().run()

    assert errors(at) == []
    assert successes(at) == [DE("events.attendance_saved", title="Deutschkurs", people="600")]
    stored = attendance_of(app_world.db, e.id)
    assert (stored.total, stored.by_age) == (600, {"18-29": 40})


def test_a_breakdown_above_the_total_is_refused(app_world: World, app_as: AppFactory) -> None:
    e = event(app_world, "Infoabend", today() - timedelta(days=3), event_type=EventType.INFO)
    at = attendance_page(app_world, app_as, e)
    key = form_of(at, e)
    at.number_input(key=f"{key}_total").set_value(30)
    at.number_input(key=f"{key}_lang_de").set_value(25)
    at.number_input(key=f"{key}_lang_tr").set_value(10)
    button(at, DE("events.save_attendance")).click().run()

    [message] = [m.replace("\\", "") for m in errors(at)]
    assert "35" in message and "30" in message
    assert attendance_of(app_world.db, e.id).total is None


def test_a_missing_total_is_named(app_world: World, app_as: AppFactory) -> None:
    e = event(app_world, "Infoabend", today() - timedelta(days=3))
    at = attendance_page(app_world, app_as, e)
    button(at, DE("events.save_attendance")).click().run()

    assert errors(at) == [DE("events.total_missing")]


def test_recorded_events_can_be_corrected_and_future_ones_are_not_offered(
    app_world: World, app_as: AppFactory
) -> None:
    done = event(app_world, "Fest", today() - timedelta(days=30), event_type=EventType.FEST)
    record_attendance(app_world.db, app_world.coordinator, done.id, 120, today=today())
    open_one = event(app_world, "AG", today() - timedelta(days=2))
    later = event(app_world, "Später", today() + timedelta(days=2))
    at = open_page(app_as, app_world.coordinator, tab="events.tab.attendance")

    options = at.selectbox(key="events_attendance_pick").options
    assert len(options) == 2
    assert options[0].endswith(DE("events.attendance_open"))  # the open one first
    assert "120" in options[1]
    assert not any("Später" in o for o in options)
    assert open_one.id != later.id


# --- the list and changing an event ---------------------------------------------------------


def test_an_event_is_changed(app_world: World, app_as: AppFactory) -> None:
    e = event(app_world, "Sommerfest", date(today().year, 1, 15), place="Hof")
    at = open_page(app_as, app_world.coordinator, tab="events.tab.list")
    widget(at, "text_input", DE("events.field.place")).input("Turnhalle")
    widget(at, "checkbox", DE("events.field.public")).uncheck()
    button(at, DE("events.save")).click().run()

    assert successes(at) == [DE("events.saved", title="Sommerfest")]
    stored = get_event(app_world.db, e.id)
    assert (stored.place, stored.is_public) == ("Turnhalle", False)

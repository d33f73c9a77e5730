"""Akteure & Beziehungen: coordinators add, edit and delete actors and ties one by one and
link actors to events and measures; members cannot open the page; another Quartier's
coordinator sees none of Nord's network."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from quartier.auth import User
from quartier.events import create_event
from quartier.i18n import DISPLAY_TZ
from quartier.measures import create_measure
from quartier.network.actions import create_actor, create_tie, get_tie
from quartier.network.actors import list_actors
from quartier.network.links import event_links, link_event, measure_links
from quartier.network.model import (
    Actor,
    ActorDraft,
    ActorType,
    EventRole,
    FieldOfAction,
    MeasureRole,
    TieDraft,
    TieType,
)
from quartier.network.ties import list_ties
from quartier.ui.actors_ui import AREA
from quartier.ui.components import plain
from tests.conftest import World
from tests.ui.conftest import (
    DE,
    EN,
    AppFactory,
    button,
    errors,
    labels,
    successes,
    table,
    titles,
    values,
    visible_texts,
)
from tests.ui.test_languages import assert_english, raw_keys

PAGE = "pages/actors.py"


def today() -> date:
    return datetime.now(DISPLAY_TZ).date()


def open_page(app_as: AppFactory, user: User, tab: str | None = None) -> AppTest:
    at = app_as(user, page=PAGE)
    if tab is not None:
        at.session_state[AREA] = DE(tab)
        at.run()
    assert not at.exception, at.exception
    return at


def expander(at: AppTest, label: str) -> Block:
    [found] = [e for e in at.expander if e.label == label]
    return found


def form(at: AppTest, prefix: str) -> Block:
    [found] = [f for f in at.form if str(f.key).startswith(prefix)]
    return found


def widget(block: AppTest | Block, kind: str, label: str) -> Any:
    found = [w for w in getattr(block, kind) if w.label == label]
    assert len(found) == 1, [w.label for w in getattr(block, kind)]
    return found[0]


def actor(world: World, name: str, kind: ActorType = ActorType.KITA, **kw: Any) -> Actor:
    return create_actor(world.db, world.coordinator, world.nord.id, ActorDraft(name, kind, **kw))


def names(world: World, quartier_id: int | None = None) -> list[str]:
    return [a.name for a in list_actors(world.db, quartier_id or world.nord.id)]


# --- who may open the page ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_anonymous_visitors_and_members_cannot_open_the_page(
    app_world: World, app_as: AppFactory, role: str
) -> None:
    at = app_as(None if role == "anonymous" else app_world.member)
    with pytest.raises(ValueError):
        at.switch_page(PAGE)


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_staff_see_the_actors_of_the_quartier(
    app_world: World, app_as: AppFactory, role: str
) -> None:
    actor(app_world, "Kita Regenbogen", fields_of_action=(FieldOfAction.EDUCATION,),
          contact_role="Leitung", active_from=date(2019, 8, 1))  # fmt: skip
    at = open_page(app_as, getattr(app_world, role))
    if role == "admin":
        at.selectbox(key="actors_quartier").select(app_world.nord.id).run()
    assert titles(at) == [DE("actors.title")]
    assert errors(at) == []
    assert table(at) == [
        {
            "Name": "Kita Regenbogen",
            "Art": "Kita",
            "Handlungsfelder": "Bildung",
            "Kontakt (Rolle)": "Leitung",
            "Aktiv": "seit 01.08.2019",
            "Beziehungen": 0,
            "Verknüpfungen": 0,
        }
    ]


def test_the_coordinator_of_another_quartier_sees_none_of_nords_network(
    app_world: World, app_as: AppFactory
) -> None:
    a = actor(app_world, "Nordlicht-Kita")
    b = actor(app_world, "Nordpark-Schule", ActorType.SCHOOL)
    create_tie(app_world.db, app_world.coordinator, app_world.nord.id,
               TieDraft(a.id, b.id, TieType.COOPERATION))  # fmt: skip
    for tab in ("actors.tab.actors", "actors.tab.ties", "actors.tab.links"):
        at = open_page(app_as, app_world.coordinator_sued, tab)
        shown = " ".join(visible_texts(at))
        assert "Nordlicht" not in shown and "Nordpark" not in shown, tab
    at = open_page(app_as, app_world.coordinator_sued)
    assert DE("actors.none") in values(at.info)


# --- actors one by one -------------------------------------------------------------------------


def fill_actor(block: Block, name: str, kind: ActorType | None) -> None:
    widget(block, "text_input", "Name").input(name)
    if kind is not None:
        widget(block, "selectbox", "Art").select(kind)


def test_a_coordinator_creates_an_actor_once_even_when_clicking_twice(
    app_world: World, app_as: AppFactory
) -> None:
    at = open_page(app_as, app_world.coordinator)
    new = expander(at, DE("actors.new"))
    fill_actor(new, "  Kita   Regenbogen ", ActorType.KITA)
    widget(new, "multiselect", "Handlungsfelder").select(FieldOfAction.EDUCATION).select(
        FieldOfAction.CHILDREN_YOUTH
    )
    widget(new, "text_input", "Kontakt (Rolle)").input("Leitung")
    widget(new, "date_input", "Aktiv seit").set_value(date(2019, 8, 1))
    widget(new, "text_area", "Notizen").input("Kita mit 60 Plätzen")
    button(new, "Anlegen").click().run()

    assert successes(at) == ["Der Akteur „Kita Regenbogen“ ist angelegt."]
    [stored] = list_actors(app_world.db, app_world.nord.id)
    assert (stored.name, stored.actor_type, set(stored.fields_of_action)) == (
        "Kita Regenbogen", ActorType.KITA, {FieldOfAction.EDUCATION, FieldOfAction.CHILDREN_YOUTH},
    )  # fmt: skip
    assert (stored.contact_role, stored.active_from, stored.notes) == (
        "Leitung", date(2019, 8, 1), "Kita mit 60 Plätzen",
    )  # fmt: skip
    assert at.selectbox(key="actors_pick").value == stored.id  # the new actor is shown

    new = expander(at, DE("actors.new"))
    fill_actor(new, "kita regenbogen", ActorType.KITA)
    button(new, "Anlegen").click().run()
    assert errors(at) == [DE("errors.actor_name_taken", name="Kita Regenbogen")]
    assert names(app_world) == ["Kita Regenbogen"]


def test_an_actor_needs_a_type(app_world: World, app_as: AppFactory) -> None:
    at = open_page(app_as, app_world.coordinator)
    new = expander(at, DE("actors.new"))
    fill_actor(new, "Kita Regenbogen", None)
    button(new, "Anlegen").click().run()
    assert errors(at) == [DE("actors.type_missing")]
    assert names(app_world) == []


def test_markup_in_names_is_shown_literally(app_world: World, app_as: AppFactory) -> None:
    name = "<b>Fett</b> *Kita* [Link](https://example.org)"
    at = open_page(app_as, app_world.coordinator)
    fill_actor(expander(at, DE("actors.new")), name, ActorType.KITA)
    button(expander(at, DE("actors.new")), "Anlegen").click().run()
    assert successes(at) == [DE("actors.created", name=plain(name))]
    assert table(at)[0]["Name"] == name
    assert not any("<b>" in m or "](" in m for m in values(at.markdown))


def test_a_coordinator_edits_an_actor(app_world: World, app_as: AppFactory) -> None:
    actor(app_world, "Kita Regenbogen")
    other = actor(app_world, "Jugendtreff", ActorType.PROVIDER)
    at = open_page(app_as, app_world.coordinator)
    at.selectbox(key="actors_pick").select(other.id).run()
    edit = form(at, f"actor_edit_{other.id}")
    widget(edit, "text_input", "Name").input("Jugendtreff Nord")
    widget(edit, "date_input", "Aktiv bis").set_value(date(2025, 12, 31))
    button(edit, "Änderungen speichern").click().run()

    assert successes(at) == ["Die Änderungen an „Jugendtreff Nord“ sind gespeichert."]
    changed = {a.name: a for a in list_actors(app_world.db, app_world.nord.id)}
    assert set(changed) == {"Kita Regenbogen", "Jugendtreff Nord"}
    assert changed["Jugendtreff Nord"].active_to == date(2025, 12, 31)
    assert changed["Jugendtreff Nord"].actor_type is ActorType.PROVIDER

    edit = form(at, f"actor_edit_{other.id}")
    widget(edit, "text_input", "Name").input("KITA Regenbogen")
    button(edit, "Änderungen speichern").click().run()
    assert errors(at) == [DE("errors.actor_name_taken", name="Kita Regenbogen")]


def test_an_unused_actor_is_deleted_after_a_confirmation(
    app_world: World, app_as: AppFactory
) -> None:
    keep = actor(app_world, "Kita Regenbogen")
    gone = actor(app_world, "Tippfehler-Akteur")
    at = open_page(app_as, app_world.coordinator)
    at.selectbox(key="actors_pick").select(gone.id).run()
    button(at, "Akteur löschen").click().run()
    assert values(at.warning) == [DE("actors.delete_confirm", name=plain(gone.name))]
    button(at, "Abbrechen").click().run()
    assert names(app_world) == ["Kita Regenbogen", "Tippfehler-Akteur"]

    button(at, "Akteur löschen").click().run()
    button(at, "Ja, löschen").click().run()
    assert successes(at) == ["Der Akteur „Tippfehler\\-Akteur“ ist gelöscht."]
    assert names(app_world) == [keep.name]


def test_an_actor_in_use_is_not_deleted_and_aktiv_bis_is_suggested(
    app_world: World, app_as: AppFactory
) -> None:
    a = actor(app_world, "Kita Regenbogen")
    b = actor(app_world, "Grundschule am Park", ActorType.SCHOOL)
    create_tie(app_world.db, app_world.coordinator, app_world.nord.id,
               TieDraft(a.id, b.id, TieType.COOPERATION))  # fmt: skip
    at = open_page(app_as, app_world.coordinator)
    at.selectbox(key="actors_pick").select(a.id).run()
    button(at, "Akteur löschen").click().run()
    button(at, "Ja, löschen").click().run()
    [message] = errors(at)
    assert "„Aktiv bis“" in message and "1 Beziehung" in message
    assert names(app_world) == ["Grundschule am Park", "Kita Regenbogen"]


# --- ties one by one ----------------------------------------------------------------------------


@pytest.fixture
def pair(app_world: World) -> tuple[Actor, Actor]:
    return actor(app_world, "Kita Regenbogen"), actor(app_world, "Grundschule", ActorType.SCHOOL)


def fill_tie(block: Block, source: int, target: int, kind: TieType, strength: int = 2) -> None:
    widget(block, "selectbox", "Von").select(source)
    widget(block, "selectbox", "An").select(target)
    widget(block, "selectbox", "Art").select(kind)
    [control] = block.get("segmented_control")
    control.set_value(strength)


def test_a_coordinator_enters_a_tie_and_a_duplicate_is_refused(
    app_world: World, app_as: AppFactory, pair: tuple[Actor, Actor]
) -> None:
    kita, school = pair
    at = open_page(app_as, app_world.coordinator, "actors.tab.ties")
    new = expander(at, DE("ties.new"))
    fill_tie(new, kita.id, school.id, TieType.COOPERATION, strength=3)
    widget(new, "date_input", "Beginn").set_value(date(2021, 3, 1))
    button(new, "Eintragen").click().run()

    label = plain("„Kita Regenbogen“ → „Grundschule“ (Kooperation)")
    assert successes(at) == [DE("ties.created", label=label)]
    [tie] = list_ties(app_world.db, app_world.nord.id)
    assert (tie.source_id, tie.target_id, tie.tie_type, tie.strength, tie.starts_on) == (
        kita.id, school.id, TieType.COOPERATION, 3, date(2021, 3, 1),
    )  # fmt: skip
    assert tie.created_by == app_world.coordinator.id
    assert table(at) == [
        {
            "Von": "Kita Regenbogen",
            "An": "Grundschule",
            "Art": "Kooperation",
            "Stärke": "stark",
            "Zeitraum": "seit 01.03.2021",
            "Eingetragen": f"eingetragen von Kim Koordination am {today():%d.%m.%Y}",
            "Notizen": "",
        }
    ]

    new = expander(at, DE("ties.new"))
    fill_tie(new, school.id, kita.id, TieType.COOPERATION)
    button(new, "Eintragen").click().run()
    [message] = errors(at)
    assert message == DE("errors.tie_duplicate", tie=tie.id)
    assert len(list_ties(app_world.db, app_world.nord.id)) == 1


def test_a_tie_needs_both_actors_and_a_type(
    app_world: World, app_as: AppFactory, pair: tuple[Actor, Actor]
) -> None:
    at = open_page(app_as, app_world.coordinator, "actors.tab.ties")
    widget(expander(at, DE("ties.new")), "selectbox", "Von").select(pair[0].id)
    button(expander(at, DE("ties.new")), "Eintragen").click().run()
    assert errors(at) == [DE("ties.choice_missing")]
    assert list_ties(app_world.db, app_world.nord.id) == []


def test_a_self_tie_is_refused(
    app_world: World, app_as: AppFactory, pair: tuple[Actor, Actor]
) -> None:
    at = open_page(app_as, app_world.coordinator, "actors.tab.ties")
    fill_tie(expander(at, DE("ties.new")), pair[0].id, pair[0].id, TieType.FUNDING)
    button(expander(at, DE("ties.new")), "Eintragen").click().run()
    assert errors(at) == [DE("errors.tie_self")]
    assert list_ties(app_world.db, app_world.nord.id) == []


def test_a_coordinator_edits_ends_and_deletes_a_tie(
    app_world: World, app_as: AppFactory, pair: tuple[Actor, Actor]
) -> None:
    kita, school = pair
    tie = create_tie(app_world.db, app_world.admin, app_world.nord.id,
                     TieDraft(kita.id, school.id, TieType.COOPERATION,
                              starts_on=date(2020, 1, 1)))  # fmt: skip
    at = open_page(app_as, app_world.coordinator, "actors.tab.ties")
    assert DE("ties.entered_by", name="Ada Admin", day=DE.date(today())) in values(at.caption)

    edit = form(at, f"tie_edit_{tie.id}")
    [control] = edit.get("segmented_control")
    control.set_value(1)
    widget(edit, "selectbox", "Art").select(TieType.CONTRACT)
    button(edit, "Änderungen speichern").click().run()
    label = plain("„Kita Regenbogen“ → „Grundschule“ (Kooperationsvertrag)")
    assert successes(at) == [DE("ties.saved", label=label)]
    stored = get_tie(app_world.db, tie.id)
    assert (stored.strength, stored.tie_type) == (1, TieType.CONTRACT)

    ending = form(at, f"tie_end_{tie.id}")
    widget(ending, "date_input", "Letzter Tag").set_value(date(2024, 6, 30))
    button(ending, "Beenden").click().run()
    assert get_tie(app_world.db, tie.id).ends_on == date(2024, 6, 30)
    assert table(at)[0]["Zeitraum"] == "01.01.2020 – 30.06.2024"

    ending = form(at, f"tie_end_{tie.id}")
    widget(ending, "date_input", "Letzter Tag").set_value(date(2019, 6, 30))
    button(ending, "Beenden").click().run()
    assert errors(at) == [
        DE("errors.tie_period", start=plain("01.01.2020"), end=plain("30.06.2019"))
    ]

    button(at, "Beziehung löschen").click().run()
    button(at, "Ja, löschen").click().run()
    assert list_ties(app_world.db, app_world.nord.id) == []
    assert DE("ties.none") in values(at.info)


def test_ties_need_two_actors(app_world: World, app_as: AppFactory) -> None:
    actor(app_world, "Kita Regenbogen")
    at = open_page(app_as, app_world.coordinator, "actors.tab.ties")
    assert values(at.info) == [DE("ties.need_actors")]
    assert "Eintragen" not in labels(at)


# --- links -----------------------------------------------------------------------------------


def test_a_coordinator_links_an_actor_to_an_event_and_a_measure_and_removes_a_link(
    app_world: World, app_as: AppFactory, pair: tuple[Actor, Actor]
) -> None:
    kita, school = pair
    w = app_world
    fest = create_event(w.db, w.coordinator, w.nord.id, "Sommerfest", date(2026, 6, 20))
    measure = create_measure(w.db, w.coordinator, w.nord.id, "Spielplatz erneuern")
    at = open_page(app_as, w.coordinator, "actors.tab.links")
    assert [p.proto.label for p in at.get("page_link")] == [
        DE("actors.links.to_groups"),
        DE("actors.links.to_measures"),
    ]
    assert DE("actors.links.intro") in values(at.caption)

    events = form(at, "link_events")
    widget(events, "selectbox", "Veranstaltung").select(fest.id)
    widget(events, "selectbox", "Akteur").select(kita.id)
    widget(events, "selectbox", "Rolle des Akteurs").select(EventRole.VENUE)
    button(events, "Verknüpfen").click().run()
    assert successes(at) == [
        "„Kita Regenbogen“ ist mit „Sommerfest \\(20\\.06\\.2026\\)“ verknüpft."
    ]
    assert [(x.event_id, x.actor_id, x.role) for x in event_links(w.db, w.nord.id)] == [
        (fest.id, kita.id, EventRole.VENUE)
    ]

    measures = form(at, "link_measures")
    widget(measures, "selectbox", "Maßnahme").select(measure.id)
    widget(measures, "selectbox", "Akteur").select(school.id)
    widget(measures, "selectbox", "Rolle des Akteurs").select(MeasureRole.FUNDER)
    button(measures, "Verknüpfen").click().run()
    assert [(x.measure_id, x.actor_id, x.role) for x in measure_links(w.db, w.nord.id)] == [
        (measure.id, school.id, MeasureRole.FUNDER)
    ]
    assert any("Förderer" in m and "Spielplatz erneuern" in m for m in values(at.markdown))

    at.button(key=f"unlink_event_{fest.id}_{kita.id}_ort").click().run()
    assert event_links(w.db, w.nord.id) == []
    at.button(key=f"unlink_measure_{measure.id}_{school.id}_foerderer").click().run()
    assert measure_links(w.db, w.nord.id) == []
    assert len(successes(at)) == 1


def test_linking_twice_is_refused(
    app_world: World, app_as: AppFactory, pair: tuple[Actor, Actor]
) -> None:
    w = app_world
    fest = create_event(w.db, w.coordinator, w.nord.id, "Sommerfest", date(2026, 6, 20))
    link_event(w.db, w.coordinator, fest.id, pair[0].id, EventRole.ORGANISER)
    at = open_page(app_as, w.coordinator, "actors.tab.links")
    events = form(at, "link_events")
    widget(events, "selectbox", "Veranstaltung").select(fest.id)
    widget(events, "selectbox", "Akteur").select(pair[0].id)
    button(events, "Verknüpfen").click().run()
    assert len(errors(at)) == 1
    assert len(event_links(w.db, w.nord.id)) == 1


# --- English -----------------------------------------------------------------------------------

TABS = ("actors.tab.actors", "actors.tab.ties", "actors.tab.tables", "actors.tab.links",
        "actors.tab.exchange")  # fmt: skip


@pytest.mark.parametrize("tab", TABS)
def test_every_tab_speaks_english(
    app_world: World, app_as: AppFactory, pair: tuple[Actor, Actor], tab: str
) -> None:
    w = app_world
    create_tie(w.db, w.coordinator, w.nord.id, TieDraft(pair[0].id, pair[1].id, TieType.FUNDING))
    fest = create_event(w.db, w.coordinator, w.nord.id, "Hoffest", date(2026, 6, 20))
    link_event(w.db, w.coordinator, fest.id, pair[0].id, EventRole.PARTNER)
    at = app_as(w.coordinator, page=PAGE, lang="en")
    at.session_state[AREA] = EN(tab)
    at.run()
    assert not at.exception, at.exception
    assert_english(at, PAGE, (*names(w), "Hoffest", w.coordinator.display_name, w.nord.name))
    assert raw_keys(visible_texts(at)) == []

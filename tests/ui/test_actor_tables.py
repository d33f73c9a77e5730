"""Akteure & Beziehungen, "Tabellen bearbeiten": the actors and the ties as two data
editors, saved all or nothing; a refused table names every bad row, stores nothing and
stays as the user left it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from quartier.network.actions import create_actor, create_tie
from quartier.network.actors import list_actors
from quartier.network.model import Actor, ActorDraft, ActorType, FieldOfAction, TieDraft, TieType
from quartier.network.ties import list_ties
from quartier.ui.actors_ui import AREA
from tests.conftest import World
from tests.ui.conftest import DE, AppFactory, errors, successes, values, visible_texts

PAGE = "pages/actors.py"


@pytest.fixture
def network(app_world: World) -> tuple[Actor, Actor, Actor]:
    w = app_world

    def add(name: str, kind: ActorType, **kw: Any) -> Actor:
        return create_actor(w.db, w.coordinator, w.nord.id, ActorDraft(name, kind, **kw))

    kita = add("Kita Regenbogen", ActorType.KITA, fields_of_action=(FieldOfAction.EDUCATION,))
    school = add("Grundschule am Park", ActorType.SCHOOL)
    club = add("SV Nord", ActorType.SPORTS_CLUB)
    create_tie(w.db, w.coordinator, w.nord.id,
               TieDraft(kita.id, school.id, TieType.COOPERATION, 2, date(2021, 3, 1)))  # fmt: skip
    return kita, school, club


def tables(app_as: AppFactory, world: World) -> AppTest:
    at = app_as(world.coordinator, page=PAGE)
    at.session_state[AREA] = DE("actors.tab.tables")
    at.run()
    assert not at.exception, at.exception
    return at


def editor_key(world: World, table: str) -> str:
    return f"bulk_{table}_{world.nord.id}_0"


def edit(at: AppTest, key: str, **changes: Any) -> None:
    at.session_state[key] = {
        "edited_rows": changes.get("edited", {}),
        "added_rows": changes.get("added", []),
        "deleted_rows": changes.get("deleted", []),
    }


def save(at: AppTest, key: str) -> AppTest:
    at.button(key=f"{key}_save").click().run()
    assert not at.exception, at.exception
    return at


def report_lines(at: AppTest) -> list[str]:
    """The row report: one Markdown list under the error."""
    lists = [m for m in values(at.markdown) if m.startswith("- ")]
    assert len(lists) == 1, lists
    return lists[0].split("\n")


def test_both_tables_show_the_stored_network(
    app_world: World, app_as: AppFactory, network: tuple[Actor, Actor, Actor]
) -> None:
    at = tables(app_as, app_world)
    actors, ties = (e.value for e in at.data_editor)
    assert list(actors["name"]) == ["Grundschule am Park", "Kita Regenbogen", "SV Nord"]
    assert list(actors["actor_type"]) == ["schule", "kita", "sportverein"]
    assert [list(f) for f in actors["fields_of_action"]] == [[], ["bildung"], []]
    assert [e.editing_mode for e in at.data_editor] == ["dynamic", "dynamic"]
    [tie] = ties.to_dict("records")
    assert (tie["source"], tie["target"], tie["tie_type"], tie["strength"]) == (
        "Kita Regenbogen", "Grundschule am Park", "kooperation", 2,
    )  # fmt: skip


def test_a_coordinator_adds_and_changes_actors_in_the_table(
    app_world: World, app_as: AppFactory, network: tuple[Actor, Actor, Actor]
) -> None:
    at = tables(app_as, app_world)
    key = editor_key(app_world, "actors")
    edit(
        at, key,
        edited={2: {"contact_role": "Jugendabteilung", "active_to": "2025-12-31"}},
        added=[{"name": "Stadtteilbibliothek", "actor_type": "bibliothek",
                "fields_of_action": ["bildung", "nachbarschaft"], "active_from": "2020-01-15"}],
    )  # fmt: skip
    at = save(at, key)

    assert errors(at) == []
    assert successes(at) == [DE("exchange.saved.actors", added=1, changed=1, deleted=0)]
    stored = {a.name: a for a in list_actors(app_world.db, app_world.nord.id)}
    assert set(stored) == {"Grundschule am Park", "Kita Regenbogen", "SV Nord",
                           "Stadtteilbibliothek"}  # fmt: skip
    assert (stored["SV Nord"].contact_role, stored["SV Nord"].active_to) == (
        "Jugendabteilung", date(2025, 12, 31),
    )  # fmt: skip
    library = stored["Stadtteilbibliothek"]
    assert library.actor_type is ActorType.LIBRARY
    assert set(library.fields_of_action) == {FieldOfAction.EDUCATION, FieldOfAction.NEIGHBOURHOOD}
    assert library.active_from == date(2020, 1, 15)
    # The editor starts afresh from the stored table.
    actors = at.data_editor[0].value
    assert "Stadtteilbibliothek" in list(actors["name"])


def test_a_coordinator_adds_changes_and_deletes_ties_in_the_table(
    app_world: World, app_as: AppFactory, network: tuple[Actor, Actor, Actor]
) -> None:
    kita, school, club = network
    at = tables(app_as, app_world)
    key = editor_key(app_world, "ties")
    edit(
        at, key,
        edited={0: {"strength": 3, "ends_on": "2024-06-30"}},
        added=[{"source": "SV Nord", "target": "Kita Regenbogen", "tie_type": "foerderung",
                "strength": 1, "starts_on": "2022-05-01"}],
    )  # fmt: skip
    at = save(at, key)

    assert successes(at) == [DE("exchange.saved.ties", added=1, changed=1, deleted=0)]
    ties = {(t.source_id, t.target_id): t for t in list_ties(app_world.db, app_world.nord.id)}
    assert (ties[(kita.id, school.id)].strength, ties[(kita.id, school.id)].ends_on) == (
        3, date(2024, 6, 30),
    )  # fmt: skip
    funding = ties[(club.id, kita.id)]
    assert (funding.tie_type, funding.strength, funding.starts_on) == (
        TieType.FUNDING, 1, date(2022, 5, 1),
    )  # fmt: skip
    assert funding.created_by == app_world.coordinator.id

    key = f"bulk_ties_{app_world.nord.id}_1"  # renewed after saving
    edit(at, key, deleted=[0])
    at = save(at, key)
    assert successes(at) == [DE("exchange.saved.ties", added=0, changed=0, deleted=1)]
    assert [(t.source_id, t.target_id) for t in list_ties(app_world.db, app_world.nord.id)] == [
        (club.id, kita.id)
    ]


def test_a_self_tie_is_reported_by_row_and_nothing_is_stored(
    app_world: World, app_as: AppFactory, network: tuple[Actor, Actor, Actor]
) -> None:
    before = list_ties(app_world.db, app_world.nord.id)
    at = tables(app_as, app_world)
    key = editor_key(app_world, "ties")
    changes: dict[str, Any] = {
        "edited": {0: {"strength": 1}},
        "added": [
            {"source": "SV Nord", "target": "Grundschule am Park", "tie_type": "kooperation"},
            {"source": "SV Nord", "target": "sv  nord", "tie_type": "kooperation"},
        ],
    }
    edit(at, key, **changes)
    at = save(at, key)

    assert errors(at) == [DE("errors.network_batch_rejected", count=1)]
    [line] = report_lines(at)
    assert line == "- " + DE("network.problem_in_row", source=DE("network.source_ties"), row=3,
                             message=DE("errors.tie_self"))  # fmt: skip
    assert list_ties(app_world.db, app_world.nord.id) == before
    # The table stays as the user left it, edits and all, to be corrected.
    assert at.session_state[key]["added_rows"] == changes["added"]
    assert at.session_state[key]["edited_rows"] in ({0: {"strength": 1}}, {"0": {"strength": 1}})

    changes["added"].pop()
    edit(at, key, **changes)
    at = save(at, key)
    assert successes(at) == [DE("exchange.saved.ties", added=1, changed=1, deleted=0)]
    assert len(list_ties(app_world.db, app_world.nord.id)) == 2


def test_every_bad_actor_row_is_named_and_nothing_is_stored(
    app_world: World, app_as: AppFactory, network: tuple[Actor, Actor, Actor]
) -> None:
    at = tables(app_as, app_world)
    key = editor_key(app_world, "actors")
    edit(
        at, key,
        edited={0: {"name": "SV Nord"}},
        added=[{"name": "<b>Neu</b>", "actor_type": "kita", "active_from": "2024-01-01",
                "active_to": "2023-01-01"}],
        deleted=[1],
    )  # fmt: skip
    at = save(at, key)

    # Rows are numbered as the edited table shows them (the deleted row is gone).
    assert errors(at) == [DE("errors.network_batch_rejected", count=3)]
    name, period, in_use = report_lines(at)
    assert name.startswith("- Akteure, Zeile 2:") and "„SV Nord“" in name
    assert period.startswith("- Akteure, Zeile 3:") and "„Aktiv bis“" in period
    assert "„Kita Regenbogen“" in in_use and "Zeile" not in in_use
    assert [a.name for a in list_actors(app_world.db, app_world.nord.id)] == [
        "Grundschule am Park", "Kita Regenbogen", "SV Nord",
    ]  # fmt: skip


def test_a_table_changed_meanwhile_is_not_overwritten(
    app_world: World, app_as: AppFactory, network: tuple[Actor, Actor, Actor]
) -> None:
    at = tables(app_as, app_world)
    key = editor_key(app_world, "actors")
    edit(at, key, edited={0: {"contact_role": "Schulsozialarbeit"}})
    at.run()
    create_actor(app_world.db, app_world.admin, app_world.nord.id,
                 ActorDraft("Moscheegemeinde", ActorType.MOSQUE))  # fmt: skip
    at = save(at, key)
    assert errors(at) == [DE("exchange.outdated")]
    assert {a.contact_role for a in list_actors(app_world.db, app_world.nord.id)} == {""}

    at.button(key=f"{key}_reload").click().run()
    assert "Moscheegemeinde" in list(at.data_editor[0].value["name"])


def test_the_other_quartiers_coordinator_sees_empty_tables(
    app_world: World, app_as: AppFactory, network: tuple[Actor, Actor, Actor]
) -> None:
    at = app_as(app_world.coordinator_sued, page=PAGE)
    at.session_state[AREA] = DE("actors.tab.tables")
    at.run()
    assert [len(e.value) for e in at.data_editor] == [0, 0]
    assert not any("Regenbogen" in text for text in visible_texts(at) if "„" not in text)

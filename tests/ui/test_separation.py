"""Mein Quartier: people see the team and actors of their own Quartiere only."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from quartier.auth import Role
from quartier.auth.accounts import create_user
from quartier.network import ActorType, FieldOfAction, add_actor_in
from tests.conftest import PASSWORD, World
from tests.ui.conftest import DE, AppFactory, table, titles, values, visible_texts

NORD_ACTORS = ("Stadtteilbibliothek Nord", "Kita Sonnenschein")
SUED_ACTORS = ("Sportverein Süd 1910",)
NORD_TEAM = ["Kim Koordination", "Mo Mitglied"]
SUED_TEAM = ["Sam Süd"]


@pytest.fixture
def network(app_world: World) -> World:
    with app_world.db.transaction() as cur:
        add_actor_in(
            cur,
            app_world.nord.id,
            NORD_ACTORS[0],
            ActorType.LIBRARY,
            [FieldOfAction.EDUCATION, FieldOfAction.INTERCULTURAL],
            "Leitung",
            date(2020, 1, 1),
        )
        add_actor_in(cur, app_world.nord.id, NORD_ACTORS[1], ActorType.KITA)
        add_actor_in(
            cur,
            app_world.sued.id,
            SUED_ACTORS[0],
            ActorType.SPORTS_CLUB,
            [FieldOfAction.HEALTH],
            "Jugendabteilung",
        )
    return app_world


def team(at: AppTest) -> list[str]:
    return [row[DE("field.display_name")] for row in table(at, 0)]


def actors(at: AppTest) -> list[str]:
    return [row[DE("field.name")] for row in table(at, 1)]


def test_the_coordinator_sees_the_nord_team_and_actors(network: World, app_as: AppFactory) -> None:
    at = app_as(network.coordinator, page="pages/my_quartier.py")

    assert titles(at) == ["Mein Quartier"]
    assert at.selectbox(key="mq").options == ["Quartier Nord"]
    assert team(at) == NORD_TEAM
    assert sorted(actors(at)) == sorted(NORD_ACTORS)
    assert DE("my_quartier.actors", count=2) in values(at.subheader)
    library = next(row for row in table(at, 1) if row[DE("field.name")] == NORD_ACTORS[0])
    assert library[DE("field.actor_type")] == DE("actor_type.bibliothek")
    assert library[DE("field.fields_of_action")] == ", ".join(
        [DE("field_of_action.bildung"), DE("field_of_action.interkulturelles")]
    )
    assert library[DE("field.contact_role")] == "Leitung"
    texts = " ".join(visible_texts(at))
    assert "Sam Süd" not in texts
    assert "koordination-sued" not in texts
    assert SUED_ACTORS[0] not in texts
    assert "Quartier Süd" not in texts


def test_a_member_of_nord_sees_nord_only(network: World, app_as: AppFactory) -> None:
    at = app_as(network.member, page="pages/my_quartier.py")

    assert at.selectbox(key="mq").options == ["Quartier Nord"]
    assert team(at) == NORD_TEAM
    assert sorted(actors(at)) == sorted(NORD_ACTORS)
    texts = " ".join(visible_texts(at))
    assert "Sam Süd" not in texts
    assert SUED_ACTORS[0] not in texts


def test_the_sued_coordinator_never_sees_nord(network: World, app_as: AppFactory) -> None:
    at = app_as(network.coordinator_sued, page="pages/my_quartier.py")

    assert at.selectbox(key="mq").options == ["Quartier Süd"]
    assert team(at) == SUED_TEAM
    assert actors(at) == list(SUED_ACTORS)
    texts = " ".join(visible_texts(at))
    for name in [*NORD_TEAM, *NORD_ACTORS, "Quartier Nord", "mitglied"]:
        assert name not in texts


def test_asking_for_another_quartier_falls_back_to_ones_own(
    network: World, app_as: AppFactory
) -> None:
    at = app_as(network.coordinator_sued)
    at.session_state["mq"] = "nord"  # as if the widget had sent Nord

    at.switch_page("pages/my_quartier.py").run()

    assert not at.exception
    assert team(at) == SUED_TEAM
    assert actors(at) == list(SUED_ACTORS)
    assert not any(name in " ".join(visible_texts(at)) for name in NORD_ACTORS)


def test_the_account_page_lists_only_ones_own_quartiere(network: World, app_as: AppFactory) -> None:
    at = app_as(network.coordinator_sued, page="pages/account.py")

    assert f"**{DE('account.quartiers')}:** Quartier Süd" in values(at.markdown)
    assert "Quartier Nord" not in " ".join(visible_texts(at))


def test_an_admin_can_look_into_every_quartier(network: World, app_as: AppFactory) -> None:
    at = app_as(network.admin, page="pages/my_quartier.py")
    assert at.selectbox(key="mq").options == ["Quartier Nord", "Quartier Süd"]
    assert team(at) == NORD_TEAM

    at.selectbox(key="mq").select("sued").run()

    assert team(at) == SUED_TEAM
    assert actors(at) == list(SUED_ACTORS)


def test_an_account_without_quartier_is_told_so(network: World, app_as: AppFactory) -> None:
    loner = create_user(network.db, network.admin, "ohne-quartier", PASSWORD, Role.MEMBER)

    at = app_as(loner, page="pages/my_quartier.py")

    assert titles(at) == ["Mein Quartier"]
    assert [i.value for i in at.info] == [DE("my_quartier.none")]
    assert not at.dataframe
    assert "Quartier Nord" not in " ".join(visible_texts(at))

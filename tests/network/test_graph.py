"""The network as data: loading with links, snapshots as of a date, filters, networkx."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime

import networkx as nx
import pytest

from quartier.auth import Role
from quartier.auth.accounts import create_user_in
from quartier.events import create_event
from quartier.ideas import create_group
from quartier.ideas.groups import add_member, update_group
from quartier.network import graph
from quartier.network.actors import insert_actor_in
from quartier.network.graph import (
    ActorInfo,
    Filters,
    NetworkData,
    apply_filters,
    as_of,
    date_range,
    load_network,
    simple_graph,
    to_networkx,
)
from quartier.network.model import ActorDraft, ActorType, FieldOfAction, Tie, TieDraft, TieType
from quartier.network.ties import insert_tie_in, list_ties
from tests.conftest import ROOT, World


def actor(i: int, actor_type: ActorType = ActorType.PROVIDER, **kw: object) -> ActorInfo:
    return ActorInfo(i, f"Akteur {i}", actor_type, **kw)  # type: ignore[arg-type]


def tie(
    i: int, s: int, e: int, tie_type: TieType = TieType.COOPERATION, strength: int = 2,
    starts: date | None = None, ends: date | None = None,
) -> Tie:  # fmt: skip
    return Tie(
        i, 1, s, e, tie_type, strength, starts, ends, "", None, datetime(2020, 1, 1, tzinfo=UTC)
    )


D = date


# --- snapshots ------------------------------------------------------------------------------

BOUNDARY = NetworkData(
    1,
    (actor(1), actor(2, active_from=D(2021, 1, 1)), actor(3, active_to=D(2023, 6, 30))),
    (
        tie(10, 1, 2, starts=D(2021, 3, 1), ends=D(2022, 12, 31)),
        tie(11, 1, 3, starts=D(2020, 1, 1)),  # holds while 3 exists
        tie(12, 2, 3, ends=D(2024, 1, 1)),  # outlives actor 3 in the data
    ),
)


@pytest.mark.parametrize(
    ("day", "actors", "ties"),
    [
        (D(2020, 12, 31), {1, 3}, {11}),  # actor 2 not yet there
        (D(2021, 1, 1), {1, 2, 3}, {11, 12}),  # 2 arrives: its tie without start holds
        (D(2021, 2, 28), {1, 2, 3}, {11, 12}),  # tie 10 starts tomorrow
        (D(2021, 3, 1), {1, 2, 3}, {10, 11, 12}),  # ... and today
        (D(2022, 12, 31), {1, 2, 3}, {10, 11, 12}),  # a tie ending today still holds
        (D(2023, 1, 1), {1, 2, 3}, {11, 12}),  # the day after it is gone
        (D(2023, 6, 30), {1, 2, 3}, {11, 12}),  # actor 3's last day
        (D(2023, 7, 1), {1, 2}, set()),  # 3 has gone, and its ties with it
    ],
)
def test_as_of_at_the_boundaries(day: date, actors: set[int], ties: set[int]) -> None:
    view = as_of(BOUNDARY, day)
    assert {a.id for a in view.actors} == actors
    assert {t.id for t in view.ties} == ties


def test_as_of_none_is_the_union_unchanged() -> None:
    assert as_of(BOUNDARY, None) is BOUNDARY


def test_date_range_starts_with_the_earliest_date() -> None:
    assert date_range(BOUNDARY, today=D(2026, 1, 1)) == (D(2020, 1, 1), D(2026, 1, 1))
    future = NetworkData(1, (actor(1, active_from=D(2030, 1, 1)),), ())
    assert date_range(future, today=D(2026, 1, 1)) == (D(2026, 1, 1), D(2026, 1, 1))


# --- filters --------------------------------------------------------------------------------

#   1 school ── 2 kita ── 3 city ── 4 provider ── 5 funder      6 kita (isolated)
FILTERED = NetworkData(
    1,
    (
        actor(1, ActorType.SCHOOL, fields_of_action=(FieldOfAction.EDUCATION,), group_ids=(7,)),
        actor(2, ActorType.KITA, fields_of_action=(FieldOfAction.CHILDREN_YOUTH,), group_ids=(7,)),
        actor(3, ActorType.CITY, group_ids=(8,)),
        actor(4, ActorType.PROVIDER, fields_of_action=(FieldOfAction.EDUCATION,)),
        actor(5, ActorType.FUNDER),
        actor(6, ActorType.KITA),
    ),
    (
        tie(1, 1, 2),
        tie(2, 2, 3, TieType.REFERRAL),
        tie(3, 3, 4, TieType.CONTRACT),
        tie(4, 5, 4, TieType.FUNDING),
        tie(5, 1, 2, TieType.MEMBERSHIP),
    ),
)


@pytest.mark.parametrize(
    ("filters", "actors", "ties"),
    [
        (Filters(), {1, 2, 3, 4, 5, 6}, {1, 2, 3, 4, 5}),
        (Filters(actor_types=frozenset({ActorType.KITA, ActorType.SCHOOL})), {1, 2, 6}, {1, 5}),
        (Filters(tie_types=frozenset({TieType.FUNDING})), {1, 2, 3, 4, 5, 6}, {4}),
        (Filters(group_ids=frozenset({7})), {1, 2}, {1, 5}),
        (Filters(group_ids=frozenset({7, 8})), {1, 2, 3}, {1, 2, 5}),
        (Filters(fields=frozenset({FieldOfAction.EDUCATION})), {1, 4}, set()),
        (Filters(ego=3), {2, 3, 4}, {2, 3}),
        (Filters(ego=3, depth=2), {1, 2, 3, 4, 5}, {1, 2, 3, 4, 5}),
        (Filters(ego=6, depth=2), {6}, set()),
        # the ego actor stays whatever its type; its neighbours must pass the filters
        (Filters(ego=3, actor_types=frozenset({ActorType.KITA})), {2, 3}, {2}),
        (Filters(ego=1, tie_types=frozenset({TieType.MEMBERSHIP}), depth=2), {1, 2}, {5}),
        (Filters(ego=99), set(), set()),  # not in the network on this date
    ],
)
def test_filters(filters: Filters, actors: set[int], ties: set[int]) -> None:
    view = apply_filters(FILTERED, filters)
    assert {a.id for a in view.actors} == actors
    assert {t.id for t in view.ties} == ties


@pytest.mark.parametrize("depth", [0, 3])
def test_ego_depth_is_one_or_two(depth: int) -> None:
    with pytest.raises(ValueError, match="depth"):
        apply_filters(FILTERED, Filters(ego=1, depth=depth))


def test_filters_are_hashable_cache_keys() -> None:
    a = Filters(actor_types=frozenset({ActorType.KITA}), ego=3)
    assert hash(a) == hash(Filters(actor_types=frozenset({ActorType.KITA}), ego=3))
    assert {a: 1}[Filters(actor_types=frozenset({ActorType.KITA}), ego=3)] == 1


# --- networkx ---------------------------------------------------------------------------------


def test_to_networkx_keeps_every_tie_with_its_direction() -> None:
    g = to_networkx(FILTERED)
    assert isinstance(g, nx.MultiDiGraph)
    assert sorted(g.edges(keys=True)) == [(1, 2, 1), (1, 2, 5), (2, 3, 2), (3, 4, 3), (5, 4, 4)]
    assert g.edges[5, 4, 4]["tie_type"] == "foerderung"
    assert g.nodes[6] == {
        "name": "Akteur 6", "actor_type": "kita", "fields_of_action": [], "contact_role": "",
        "active_from": None, "active_to": None, "groups": [], "events": 0, "measures": 0,
    }  # fmt: skip


def test_simple_graph_sums_the_strengths_of_parallel_ties() -> None:
    data = NetworkData(1, (actor(1), actor(2), actor(3)),
                       (tie(1, 1, 2, strength=3), tie(2, 2, 1, TieType.FUNDING, strength=1),
                        tie(3, 2, 3)))  # fmt: skip
    g = simple_graph(data)
    assert sorted(g.edges(data="weight")) == [(1, 2, 4), (2, 3, 2)]


# --- the key ----------------------------------------------------------------------------------


def test_the_key_follows_the_content_not_the_order() -> None:
    shuffled = NetworkData(1, tuple(reversed(FILTERED.actors)), tuple(reversed(FILTERED.ties)))
    assert shuffled.key == FILTERED.key
    changed = NetworkData(1, FILTERED.actors, (*FILTERED.ties[:-1], tie(5, 1, 2, strength=3)))
    assert changed.key != FILTERED.key
    moved = NetworkData(1, FILTERED.actors[:-1] + (actor(6, active_to=D(2024, 1, 1)),),
                        FILTERED.ties)  # fmt: skip
    assert moved.key != FILTERED.key


def test_the_key_is_the_same_in_another_process() -> None:
    code = (
        "from tests.network.test_graph import FILTERED, BOUNDARY;print(FILTERED.key, BOUNDARY.key)"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True).stdout.split()  # fmt: skip
    assert out == [FILTERED.key, BOUNDARY.key]


def test_actor_lookup() -> None:
    assert FILTERED.actor(3).actor_type is ActorType.CITY
    assert 3 in FILTERED and 99 not in FILTERED
    with pytest.raises(KeyError):
        FILTERED.actor(99)


# --- loading from the database -------------------------------------------------------------


def _actor(world: World, name: str, actor_type: ActorType, quartier: int | None = None,
           **kw: object) -> int:  # fmt: skip
    with world.db.transaction() as cur:
        draft = ActorDraft(name, actor_type, **kw)  # type: ignore[arg-type]
        return insert_actor_in(cur, quartier or world.nord.id, draft).id


def _tie(
    world: World, s: int, e: int, tie_type: TieType = TieType.COOPERATION, **kw: object
) -> Tie:
    with world.db.transaction() as cur:
        draft = TieDraft(s, e, tie_type, **kw)  # type: ignore[arg-type]
        return insert_tie_in(cur, world.nord.id, draft, world.coordinator.id)


def _sql(world: World, sql: str, params: list[object]) -> None:
    with world.db.transaction() as cur:
        cur.execute(sql, params)


@pytest.fixture
def stored(world: World) -> dict[str, int]:
    """Three actors of Nord with links, and one actor of Süd."""
    ids = {
        "schule": _actor(world, "Grundschule <Am Anger>", ActorType.SCHOOL,
                         fields_of_action=(FieldOfAction.EDUCATION, FieldOfAction.CHILDREN_YOUTH),
                         contact_role="Schulsozialarbeit", active_from=D(2021, 8, 1)),
        "kita": _actor(world, "Kita Regenbogen", ActorType.KITA),
        "stadt": _actor(world, "Stadtteilbüro", ActorType.CITY, active_to=D(2025, 12, 31)),
        "sued": _actor(world, "Kita Süd", ActorType.KITA, quartier=world.sued.id),
    }  # fmt: skip
    with world.db.transaction() as cur:
        extra = create_user_in(cur, "vertretung", None, Role.MEMBER, "Vera Vertretung",
                               [world.nord.id])  # fmt: skip
    assert extra.id is not None and world.member.id is not None
    kinder = create_group(world.db, world.coordinator, world.nord.id, "AG Kinder")
    alt = create_group(world.db, world.coordinator, world.nord.id, "AG Alt")
    bildung = create_group(world.db, world.coordinator, world.nord.id, "Bildung")
    add_member(world.db, world.coordinator, kinder.id, world.member.id, ids["schule"])
    add_member(world.db, world.coordinator, kinder.id, extra.id, ids["kita"])
    add_member(world.db, world.coordinator, bildung.id, extra.id, ids["schule"])
    add_member(world.db, world.coordinator, alt.id, world.member.id, ids["stadt"])
    update_group(world.db, world.coordinator, alt.id, "AG Alt", "", is_archived=True)
    fest = create_event(world.db, world.coordinator, world.nord.id, "Fest", D(2024, 6, 1))
    tag = create_event(world.db, world.coordinator, world.nord.id, "Fachtag", D(2024, 9, 1))
    for event_id, actor_id, role in ((fest.id, ids["schule"], "veranstalter"),
                                     (fest.id, ids["schule"], "ort"),  # same event, counted once
                                     (tag.id, ids["schule"], "partner"),
                                     (tag.id, ids["kita"], "partner")):  # fmt: skip
        _sql(world, "INSERT INTO event_actors (quartier_id, event_id, actor_id, role)"
             " VALUES (?, ?, ?, ?)", [world.nord.id, event_id, actor_id, role])  # fmt: skip
    for title, responsible in (("Hausaufgabenhilfe", ids["schule"]), ("Sprachkurs", None)):
        _sql(world, "INSERT INTO measures (quartier_id, title, responsible_actor_id)"
             " VALUES (?, ?, ?)", [world.nord.id, title, responsible])  # fmt: skip
    with world.db.read() as cur:
        measures = dict(cur.execute("SELECT title, id FROM measures").fetchall())
    for title, actor_id, role in (("Hausaufgabenhilfe", ids["schule"], "partner"),  # counted once
                                  ("Sprachkurs", ids["schule"], "foerderer"),
                                  ("Sprachkurs", ids["stadt"], "partner")):  # fmt: skip
        _sql(world, "INSERT INTO measure_actors (quartier_id, measure_id, actor_id, role)"
             " VALUES (?, ?, ?, ?)", [world.nord.id, measures[title], actor_id, role])  # fmt: skip
    ids["kinder"], ids["bildung"] = kinder.id, bildung.id
    _tie(world, ids["schule"], ids["kita"], strength=3, starts_on=D(2022, 1, 1))
    _tie(world, ids["stadt"], ids["kita"], TieType.FUNDING, ends_on=D(2024, 12, 31))
    return ids


def test_load_network_reads_actors_with_their_links(world: World, stored: dict[str, int]) -> None:
    data = load_network(world.db, world.nord.id)
    assert [a.name for a in data.actors] == ["Grundschule <Am Anger>", "Kita Regenbogen",
                                             "Stadtteilbüro"]  # fmt: skip
    schule = data.actor(stored["schule"])
    assert schule == ActorInfo(
        stored["schule"], "Grundschule <Am Anger>", ActorType.SCHOOL,
        (FieldOfAction.EDUCATION, FieldOfAction.CHILDREN_YOUTH),  # by key: bildung, kinder_jugend
        "Schulsozialarbeit", D(2021, 8, 1), None,
        (stored["kinder"], stored["bildung"]), ("AG Kinder", "Bildung"), 2, 2,
    )  # fmt: skip
    kita = data.actor(stored["kita"])
    assert (kita.groups, kita.events, kita.measures) == (("AG Kinder",), 1, 0)
    stadt = data.actor(stored["stadt"])  # its only group is archived
    assert (stadt.groups, stadt.group_ids, stadt.events, stadt.measures) == ((), (), 0, 1)
    assert stadt.active_to == D(2025, 12, 31)


def test_load_network_reads_the_ties_as_stored(world: World, stored: dict[str, int]) -> None:
    data = load_network(world.db, world.nord.id)
    assert list(data.ties) == list_ties(world.db, world.nord.id)
    assert data.ties[0].entered_by == "Kim Koordination"
    assert data.entered_at == max(t.created_at for t in data.ties)
    assert data.quartier_id == world.nord.id


def test_load_network_keeps_quartiere_apart(world: World, stored: dict[str, int]) -> None:
    sued = load_network(world.db, world.sued.id)
    assert [a.name for a in sued.actors] == ["Kita Süd"]
    assert sued.ties == ()


def test_an_empty_quartier(world: World) -> None:
    data = load_network(world.db, world.nord.id)
    assert (data.actors, data.ties, data.entered_at) == ((), (), None)


CHANGES = [
    ("a tie", "INSERT INTO ties (quartier_id, source_id, target_id, tie_type)"
              " VALUES ($q, $schule, $stadt, 'kooperation')"),
    ("a tie's end", "UPDATE ties SET ends_on = DATE '2030-01-01' WHERE source_id = $schule"),
    ("a group's name", "UPDATE working_groups SET name = 'AG Kinder und Jugend'"
                       " WHERE id = $kinder"),
    ("archiving a group", "UPDATE working_groups SET is_archived = true WHERE id = $bildung"),
    ("a group member", "DELETE FROM working_group_members WHERE group_id = $bildung"),
    ("an event link", "DELETE FROM event_actors WHERE actor_id = $kita"),
    ("a measure link", "DELETE FROM measure_actors WHERE actor_id = $stadt"),
    ("a field of action", "DELETE FROM actor_fields WHERE actor_id = $schule"
                          " AND field = 'bildung'"),
    ("an actor's dates", "UPDATE actors SET active_to = DATE '2026-01-01'"
                         " WHERE id = $kita"),
]  # fmt: skip


@pytest.mark.parametrize(("what", "sql"), CHANGES, ids=[c[0] for c in CHANGES])
def test_a_change_is_read_again(world: World, stored: dict[str, int], what: str, sql: str) -> None:
    before = load_network(world.db, world.nord.id)
    assert load_network(world.db, world.nord.id) is before  # unchanged: the same object
    params = {k: v for k, v in {**stored, "q": world.nord.id}.items() if f"${k}" in sql}
    with world.db.transaction() as cur:
        cur.execute(sql, params)
    after = load_network(world.db, world.nord.id)
    assert after is not before
    assert after.key != before.key
    graph.clear_cache()
    assert load_network(world.db, world.nord.id) == after

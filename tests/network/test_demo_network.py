"""The Musterviertel network: size, spread over five years, a broker that splits the
network, one isolate, and links to groups, events and measures. Checked with networkx
directly, independent of the app's own metrics."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import networkx as nx
import pytest
from argon2 import PasswordHasher

from quartier import demo
from quartier.auth import passwords
from quartier.demo_network import BROKER, ISOLATE, NAMES, TIES, UMBRELLA, NetworkDemo
from quartier.ideas import group_members, list_groups
from quartier.measures import list_measures
from quartier.network.actors import list_actors
from quartier.network.links import event_links, measure_links
from quartier.network.model import Actor, EventRole, MeasureRole, Tie, TieType
from quartier.network.ties import list_ties
from quartier.storage import Database, migrate, open_database


@dataclass(frozen=True)
class Seeded:
    db: Database
    result: demo.DemoResult
    actors: list[Actor]
    ties: list[Tie]

    def id_of(self, name: str) -> int:
        return next(a.id for a in self.actors if a.name == name)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    """The whole demo, seeded once for this module (it takes a few seconds)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
        )
        db = open_database(tmp_path_factory.mktemp("demo") / "demo.duckdb")
        migrate(db)
        result = demo.seed(db)
    q = result.quartier.id
    yield Seeded(db, result, list_actors(db, q), list_ties(db, q))
    db.close()


def graph_on(seeded: Seeded, day: date) -> nx.Graph:
    """Actors active on ``day`` and the ties holding that day, undirected."""
    graph = nx.Graph()
    active = {a.id for a in seeded.actors if a.active_on(day)}
    graph.add_nodes_from(active)
    graph.add_edges_from(
        t.pair for t in seeded.ties if t.active_on(day) and {t.source_id, t.target_id} <= active
    )
    return graph


def test_about_thirty_actors_and_sixty_ties(seeded):
    assert 28 <= len(seeded.actors) <= 35
    assert 55 <= len(seeded.ties) <= 65
    assert seeded.result.network == NetworkDemo(actors=len(seeded.actors), ties=len(seeded.ties))
    assert seeded.result.actors == len(seeded.actors)
    assert UMBRELLA in {a.name for a in seeded.actors}


def test_the_broker_is_the_only_way_between_two_parts(seeded):
    graph = graph_on(seeded, date.today())
    broker = seeded.id_of(BROKER)
    assert broker in set(nx.articulation_points(graph))
    graph.remove_node(broker)
    parts = [c for c in nx.connected_components(graph) if len(c) >= 3]
    assert len(parts) >= 2
    # not only today: no tie ever joined the two sides except through the broker
    ever = nx.Graph()
    ever.add_edges_from(t.pair for t in seeded.ties)
    ever.remove_node(broker)
    sides = sorted(nx.connected_components(ever), key=len, reverse=True)
    assert len(sides) == 2 and min(len(s) for s in sides) >= 3
    names = {a.id: a.name for a in seeded.actors}
    small = {names[i] for i in sides[1]}
    assert {"Moscheegemeinde Mevlana", "Deutsch-Türkischer Elternverein",
            "Ev. Kirchengemeinde St. Markus"} <= small  # fmt: skip
    assert "Grundschule am Lindenplatz" not in small


def test_exactly_one_isolate(seeded):
    graph = graph_on(seeded, date.today())
    isolate = seeded.id_of(ISOLATE)
    assert list(nx.isolates(graph)) == [isolate]
    assert all(isolate not in t.pair for t in seeded.ties)  # no tie at all, ever


def test_two_years_ago_the_network_was_clearly_smaller(seeded):
    today = date.today()
    before = graph_on(seeded, today.replace(year=today.year - 2))
    now = graph_on(seeded, today)
    assert before.number_of_edges() + 10 <= now.number_of_edges()
    assert any(t.ends_on is not None and t.ends_on < today for t in seeded.ties)


def test_ties_spread_over_five_years_with_every_type_and_strength(seeded):
    assert {t.tie_type for t in seeded.ties} == set(TieType)
    assert {t.strength for t in seeded.ties} == {1, 2, 3}
    years = {t.starts_on.year for t in seeded.ties if t.starts_on}
    assert years == {2021, 2022, 2023, 2024, 2025, 2026}
    assert sum(t.ends_on is not None for t in seeded.ties) >= 5


def test_ties_fit_the_actors_active_periods(seeded):
    actors = {a.id: a for a in seeded.actors}
    for t in seeded.ties:
        for end in (actors[t.source_id], actors[t.target_id]):
            assert t.starts_on is not None
            assert end.active_from is None or end.active_from <= t.starts_on, t
            if end.active_to is not None:
                assert t.ends_on is not None and t.ends_on <= end.active_to, t


def test_ties_were_entered_by_the_coordinator_when_they_began(seeded):
    coordinator = seeded.result.accounts[0].username
    with seeded.db.read() as cur:
        coordinator_id = cur.execute("SELECT id FROM users WHERE username = ?",
                                     [coordinator]).fetchone()[0]  # fmt: skip
    assert {t.created_by for t in seeded.ties} == {coordinator_id}
    assert {t.entered_by for t in seeded.ties} == {"Leyla Demir"}
    assert all(t.starts_on and t.created_at.date() >= t.starts_on for t in seeded.ties)


def test_the_migrant_organisations_are_members_of_the_umbrella(seeded):
    umbrella = seeded.id_of(UMBRELLA)
    members = {t.source_id for t in seeded.ties
               if t.tie_type is TieType.MEMBERSHIP and t.target_id == umbrella}  # fmt: skip
    kinds = {a.actor_type for a in seeded.actors if a.id in members}
    assert len(members) >= 3 and {k.value for k in kinds} == {"migrantenselbstorganisation",
                                                              "moscheegemeinde"}  # fmt: skip


def test_the_tie_table_names_known_actors_and_never_the_isolate():
    assert {s for s, *_ in TIES} | {t for _, t, *_ in TIES} <= set(NAMES)
    assert ISOLATE not in {NAMES[s] for s, *_ in TIES} | {NAMES[t] for _, t, *_ in TIES}


def test_working_group_members_stand_for_actors(seeded):
    q = seeded.result.quartier.id
    groups = {g.name: g for g in list_groups(seeded.db, q)}
    names = {a.id: a.name for a in seeded.actors}
    standing = {
        name: {names[m.actor_id] for m in group_members(seeded.db, g.id) if m.actor_id}
        for name, g in groups.items()
    }
    assert standing["Kinder & Jugend"] >= {"Grundschule am Lindenplatz", "Jugendzentrum Kompass"}
    assert standing["Interkultureller Austausch"] >= {"Verein ukrainischer Familien e. V.",
                                                      "Moscheegemeinde Mevlana"}  # fmt: skip


def test_events_and_measures_are_linked(seeded):
    q = seeded.result.quartier.id
    names = {a.id: a.name for a in seeded.actors}
    events = event_links(seeded.db, q)
    fest = {(names[link.actor_id], link.role) for link in events
            if link.title == "Internationales Kinderfest"}  # fmt: skip
    assert ("Neue Nachbarschaftshilfe e. V.", EventRole.ORGANISER) in fest
    assert {role for _, role in fest} == set(EventRole)
    assert len({link.event_id for link in events}) == 2
    measures = measure_links(seeded.db, q)
    assert {link.role for link in measures} == set(MeasureRole)
    assert "Bürgerstiftung Musterstadt" in {names[link.actor_id] for link in measures
                                            if link.role is MeasureRole.FUNDER}  # fmt: skip
    responsible = [m.responsible_actor_id for m in list_measures(seeded.db, q)]
    assert sum(r is not None for r in responsible) >= 4

"""Metrics on canonical graphs with known answers, and equal to networkx on any graph."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import igraph  # type: ignore[import-untyped]
import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quartier.network import metrics
from quartier.network.graph import ActorInfo, NetworkData, simple_graph
from quartier.network.metrics import Metrics, compute_metrics, involvement, missing_types
from quartier.network.model import ActorType, Tie, TieType


def tie(i: int, s: int, e: int, strength: int = 2, tie_type: TieType = TieType.COOPERATION) -> Tie:
    return Tie(
        i, 1, s, e, tie_type, strength, None, None, "", None, datetime(2020, 1, 1, tzinfo=UTC)
    )


def network(ids: range | list[int], edges: list[tuple[int, int]], strength: int = 2) -> NetworkData:
    actors = tuple(ActorInfo(i, f"Akteur {i}", ActorType.PROVIDER) for i in ids)
    return NetworkData(1, actors, tuple(tie(k, s, e, strength) for k, (s, e) in enumerate(edges)))


PATH = network(range(1, 6), [(1, 2), (2, 3), (3, 4), (4, 5)])
STAR = network(range(1, 7), [(1, i) for i in range(2, 7)])
CLIQUE_A = [(a, b) for a in range(1, 5) for b in range(a + 1, 5)]
CLIQUE_B = [(a, b) for a in range(5, 9) for b in range(a + 1, 9)]
CLIQUES = network(range(1, 10), [*CLIQUE_A, (4, 5), *CLIQUE_B])  # 9 is an isolate


def test_a_path() -> None:
    m = compute_metrics(PATH)
    assert m.degree == {1: 1, 2: 2, 3: 2, 4: 2, 5: 1}
    assert m.weighted_degree == {1: 2, 2: 4, 3: 4, 4: 4, 5: 2}
    # node 3 lies on the paths 1–4, 1–5, 2–4, 2–5 of the 6 pairs without it
    assert m.betweenness == pytest.approx({1: 0, 2: 0.5, 3: 4 / 6, 4: 0.5, 5: 0})
    assert m.articulation_points == (2, 3, 4)
    assert m.bridges == ((1, 2), (2, 3), (3, 4), (4, 5))
    assert m.components == (frozenset(range(1, 6)),)
    assert m.isolates == ()
    assert m.density == pytest.approx(4 / 10)


def test_a_star() -> None:
    m = compute_metrics(STAR)
    assert m.betweenness == {1: 1.0, 2: 0.0, 3: 0.0, 4: 0.0, 5: 0.0, 6: 0.0}
    assert m.articulation_points == (1,)
    assert m.bridges == tuple((1, i) for i in range(2, 7))
    assert m.degree[1] == 5
    assert m.density == pytest.approx(5 / 15)


def test_two_cliques_joined_by_a_bridge() -> None:
    m = compute_metrics(CLIQUES)
    assert m.articulation_points == (4, 5)
    assert m.bridges == ((4, 5),)
    assert m.communities[:2] == (frozenset({1, 2, 3, 4}), frozenset({5, 6, 7, 8}))
    assert m.communities[2:] == (frozenset({9}),)
    assert m.isolates == (9,)
    assert m.components == (frozenset(range(1, 9)), frozenset({9}))
    # a bridge end lies on the paths between the other 3 of its clique and the 4 of the
    # other clique: 12 of the 28 pairs without it
    assert m.betweenness[4] == m.betweenness[5] == pytest.approx(12 / 28)
    assert m.betweenness[1] == 0
    assert m.density == pytest.approx(13 / 36)


@pytest.mark.parametrize("data", [PATH, STAR, CLIQUES], ids=["path", "star", "cliques"])
def test_equal_to_networkx_on_the_canonical_graphs(data: NetworkData) -> None:
    assert_like_networkx(compute_metrics(data), data)


def assert_like_networkx(m: Metrics, data: NetworkData) -> None:
    g = simple_graph(data)
    assert m.degree == dict(g.degree())
    assert m.weighted_degree == dict(g.degree(weight="weight"))
    assert m.betweenness == pytest.approx(nx.betweenness_centrality(g), abs=1e-12)
    assert m.articulation_points == tuple(sorted(nx.articulation_points(g)))
    assert m.bridges == tuple(sorted((min(e), max(e)) for e in nx.bridges(g)))
    assert set(m.components) == {frozenset(c) for c in nx.connected_components(g)}
    assert m.isolates == tuple(sorted(nx.isolates(g)))
    assert m.density == pytest.approx(nx.density(g))
    assert sorted(n for c in m.communities for n in c) == sorted(g.nodes)
    assert [len(c) for c in m.communities] == sorted((len(c) for c in m.communities), reverse=True)


@st.composite
def graphs(draw: st.DrawFn) -> NetworkData:
    n = draw(st.integers(0, 14))
    ids = sorted(draw(st.sets(st.integers(1, 500), min_size=n, max_size=n)))
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=30)) if pairs else []
    ties = [
        tie(k, *((b, a) if draw(st.booleans()) else (a, b)), draw(st.integers(1, 3)))
        for k, (a, b) in enumerate(chosen)
    ]  # parallel ties and either direction
    actors = tuple(ActorInfo(i, str(i), ActorType.KITA) for i in ids)
    return NetworkData(1, actors, tuple(ties))


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_equal_to_networkx_on_any_graph(data: NetworkData) -> None:
    assert_like_networkx(compute_metrics(data), data)


def test_louvain_is_seeded_and_leaves_the_global_random_state_alone() -> None:
    random.seed(3)
    state = random.getstate()
    rng = random.Random(5)
    edges = sorted({tuple(sorted(rng.sample(range(60), 2))) for _ in range(150)})
    data = network(range(60), edges)  # type: ignore[arg-type]
    first = metrics._compute(data).communities
    assert all(metrics._compute(data).communities == first for _ in range(5))
    assert random.getstate() == state
    igraph.Graph.Erdos_Renyi(n=30, m=40)  # igraph draws from the random module again
    assert random.getstate() != state


def test_results_are_cached_by_the_key() -> None:
    metrics.clear_cache()
    first = compute_metrics(CLIQUES)
    same_content = NetworkData(1, CLIQUES.actors[::-1], CLIQUES.ties)
    assert compute_metrics(same_content) is first


def test_tiny_networks() -> None:
    empty = compute_metrics(network([], []))
    assert (empty.degree, empty.communities, empty.components, empty.density) == ({}, (), (), 0.0)
    two = compute_metrics(network([1, 2], [(1, 2)]))
    assert two.betweenness == {1: 0.0, 2: 0.0}
    assert two.bridges == ((1, 2),)
    assert two.density == 1.0


def test_parallel_ties_count_once_for_degree_and_add_up_for_weight() -> None:
    data = NetworkData(
        1, (ActorInfo(1, "A", ActorType.KITA), ActorInfo(2, "B", ActorType.SCHOOL)),
        (tie(1, 1, 2, 3), tie(2, 2, 1, 1, TieType.FUNDING)),
    )  # fmt: skip
    m = compute_metrics(data)
    assert m.degree == {1: 1, 2: 1}
    assert m.weighted_degree == {1: 4, 2: 4}
    assert m.bridges == ((1, 2),)  # the two actors hang together only through each other


def info(i: int, actor_type: ActorType, **kw: object) -> ActorInfo:
    return ActorInfo(i, f"Akteur {i}", actor_type, **kw)  # type: ignore[arg-type]


def test_who_is_missing_from_the_working_groups() -> None:
    data = NetworkData(1, (
        info(1, ActorType.SCHOOL, group_ids=(4,), groups=("AG Bildung",)),
        info(2, ActorType.KITA),  # a Kita exists but sits in no group
        info(3, ActorType.OTHER, group_ids=(4,), groups=("AG Bildung",)),
    ), ())  # fmt: skip
    missing = missing_types(data)
    assert ActorType.SCHOOL not in missing
    assert ActorType.KITA in missing and ActorType.MOSQUE in missing
    assert ActorType.OTHER not in missing  # "andere" is not a type anyone is missing
    assert missing == [t for t in ActorType if t not in (ActorType.SCHOOL, ActorType.OTHER)]


def test_involvement_ranks_by_events_and_measures() -> None:
    data = NetworkData(1, (
        ActorInfo(1, "Kita Sonne", ActorType.KITA, events=1, measures=1),
        ActorInfo(2, "amt", ActorType.CITY, measures=2),
        ActorInfo(3, "Bücherei", ActorType.LIBRARY, events=5),
        ActorInfo(4, "Polizei", ActorType.POLICE),
    ), ())  # fmt: skip
    assert [a.name for a in involvement(data)] == ["Bücherei", "amt", "Kita Sonne"]


def test_metrics_of_a_snapshot_are_independent_of_dates() -> None:
    dated = NetworkData(1, PATH.actors, tuple(
        Tie(t.id, 1, t.source_id, t.target_id, t.tie_type, t.strength, date(2020, 1, 1),
            date(2021, 1, 1), "", None, t.created_at) for t in PATH.ties))  # fmt: skip
    assert compute_metrics(dated) == compute_metrics(PATH)

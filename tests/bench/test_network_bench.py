"""Smoke test of the network benchmark (bench/network_data.py, bench/bench_network.py) at
a tiny scale: the plain networkx pipeline must answer what Quartier's answers, or its
timings compare nothing. No timings are asserted here."""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from quartier.network.checks import same_tie
from quartier.network.graph import as_of, load_network
from quartier.network.model import TieDraft
from quartier.storage import Database, open_database
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import bench_network as B  # noqa: E402
import network_data as N  # noqa: E402


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> N.BenchNetwork:
    path = tmp_path_factory.mktemp("bench") / "network.duckdb"
    return N.build_network_db(path, actors=160, ties=600, seed=5)


@pytest.fixture(scope="module")
def bench_db(built: N.BenchNetwork) -> Iterator[Database]:
    database = open_database(built.path)
    yield database
    database.close()


def test_the_pipelines_agree(built: N.BenchNetwork, bench_db: Database) -> None:
    base = B.baseline(bench_db, built.quartier_id, N.END)
    view = B.ours_cold(bench_db, built.quartier_id, N.END)
    assert B.disagreements(base, view) == []
    assert len(view.view.ties) > 100  # a real comparison, not two empty graphs
    cached = B.ours(bench_db, built.quartier_id, N.END)
    assert cached is view


def test_the_comparison_notices_differences(built: N.BenchNetwork, bench_db: Database) -> None:
    base = B.baseline(bench_db, built.quartier_id, N.END)
    view = B.ours_cold(bench_db, built.quartier_id, N.END)
    broker = max(base.betweenness, key=lambda i: base.betweenness[i])
    skewed = replace(base, betweenness={**base.betweenness, broker: 0.0})
    assert any("betweenness" in p for p in B.disagreements(skewed, view))
    fewer = replace(base, figure=B.go.Figure(data=base.figure.data[1:]))
    assert any("ties drawn" in p for p in B.disagreements(fewer, view))
    earlier = B.ours(bench_db, built.quartier_id, N.END - timedelta(days=3 * 365))
    assert B.disagreements(base, earlier) != []


def test_bulk_rows_are_what_the_app_would_store() -> None:
    assert N.check_row_shape(actors=50, ties=150, seed=2)


def test_the_database_holds_the_plan(built: N.BenchNetwork, bench_db: Database) -> None:
    data = load_network(bench_db, built.quartier_id)
    assert (len(data.actors), len(data.ties)) == (160, 600)
    assert sum(1 for a in data.actors if a.groups) > 5
    assert sum(a.events for a in data.actors) > 0 and sum(a.measures for a in data.actors) > 0
    now = as_of(data, N.END)
    assert 0 < len(now.ties) < len(data.ties)  # some ties and actors have ended
    assert len(now.actors) < len(data.actors)
    ten_years_ago = as_of(data, N.START)
    assert len(ten_years_ago.ties) < len(now.ties) / 2  # the network grew


def test_the_plan_is_seeded_and_plausible() -> None:
    plan = N.generate(200, 900, seed=4)
    assert plan == N.generate(200, 900, seed=4)
    assert plan != N.generate(200, 900, seed=5)
    names = [a.name.casefold() for a in plan.actors]
    assert len(set(names)) == len(names) == 200
    assert len(plan.ties) == 900
    by_kind: dict[tuple[int, int, str], list[TieDraft]] = defaultdict(list)
    for t in plan.ties:
        assert t.source != t.target
        assert t.ends_on is None or t.starts_on is None or t.starts_on <= t.ends_on
        for day in (t.starts_on, t.ends_on):
            for end in (t.source, t.target):
                a = plan.actors[end]
                assert day is None or a.active_from is None or a.active_from <= day
                assert day is None or a.active_to is None or day <= a.active_to
        draft = TieDraft(t.source, t.target, t.tie_type, t.strength, t.starts_on, t.ends_on)
        twins = by_kind[(min(t.source, t.target), max(t.source, t.target), t.tie_type.value)]
        assert not any(same_tie(draft, other) for other in twins)
        twins.append(draft)
    assert sum(1 for _, archived, _ in plan.groups if archived) == 1


def test_default_path_names_the_scale() -> None:
    assert N.default_path(2_000, 10_000, 1).name == "network-2000x10000-s1.duckdb"
    assert isinstance(N.default_path(1, 1, 1), Path)

"""Smoke test of the city generator (bench/city_data.py) and the dashboard benchmark
(bench/bench_dashboard.py) at a tiny scale: the database holds what was planned, and the
pandas twins answer exactly what quartier.dashboard answers, or the benchmark's ratios
compare nothing. No timings are asserted here."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from quartier.dashboard import Breakdown
from quartier.privacy import min_group_size
from quartier.storage import Database, open_database
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import bench_dashboard as B  # noqa: E402
import city_data as C  # noqa: E402

SCALE = 0.01
QUARTIERE = 3


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> C.City:
    path = tmp_path_factory.mktemp("bench") / "city.duckdb"
    return C.city_db(scale=SCALE, quartiere=QUARTIERE, seed=3, path=path)


@pytest.fixture(scope="module")
def bench_db(city: C.City) -> Iterator[Database]:
    database = open_database(city.path)
    yield database
    database.close()


def _planned(total: int, minimum: int) -> int:
    return sum(C.split(C._scaled(total, SCALE), C.weights(QUARTIERE), minimum=minimum))


def test_the_city_holds_what_was_planned(city: C.City, bench_db: Database) -> None:
    c = city.counts
    assert c["quartiers"] == QUARTIERE == len(city.quartier_ids)
    assert c["responses"] == _planned(C.RESPONSES, 20) == 5_000
    assert 15 * c["responses"] < c["answers"] < 20 * c["responses"]  # about 18 answers each
    assert c["ideas"] == _planned(C.IDEAS, 40)
    assert c["actors"] == _planned(C.ACTORS, 6)
    assert c["offering_sessions"] == _planned(C.SESSIONS, 20)
    # our events plus the few the network generator names actors at; all have details
    assert _planned(C.EVENTS, 20) < c["events"] == c["event_details"]
    assert c["event_attendance"] > 0 and c["offering_session_languages"] > 0
    assert c["ballot_items"] > 0 and c["measure_status_changes"] >= c["measures"] > 0
    with bench_db.read() as cur:
        shares = cur.execute(
            "SELECT quartier_id, sum(share) FROM population_shares GROUP BY ALL"
        ).fetchall()
        largest = cur.execute(
            "SELECT quartier_id FROM responses GROUP BY ALL ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        kinds = cur.execute(
            "SELECT count(DISTINCT event_type) FROM event_details WHERE attendance IS NOT NULL"
        ).fetchone()
        kinderfest = cur.execute(
            "SELECT count(*) FROM events WHERE title = 'Internationales Kinderfest'"
            " AND month(starts_on) = 6"
        ).fetchone()
    assert sorted(float(s) for _, s in shares) == [100.0] * QUARTIERE
    assert largest == (city.quartier_id,)  # the benchmarked Quartier is the largest
    assert kinds == (7,) and kinderfest is not None and kinderfest[0] > 0


def test_the_file_is_reused(city: C.City) -> None:
    again = C.city_db(scale=SCALE, quartiere=QUARTIERE, seed=3, path=city.path)
    assert again.reused and again.counts == city.counts
    assert again.quartier_ids == city.quartier_ids


def test_pandas_answers_what_the_dashboard_answers(city: C.City, bench_db: Database) -> None:
    q = city.quartier_id
    k = min_group_size(bench_db, q)
    frames = B.load_frames(bench_db)
    cases = B.cases(bench_db, q, k)
    assert len(cases) == 3 * 8  # year, quarter, month × every chart query
    shown = 0
    for case in cases:
        ours = case.ours()
        assert ours == case.theirs(frames), f"{case.period.label} {case.name}"
        loaded = B.load_frames(bench_db, q, B.NEEDS[case.name])
        assert ours == case.theirs(loaded), f"{case.period.label} {case.name} (+load)"
        if isinstance(ours, Breakdown):
            shown += sum(1 for *_, n in ours.rows if n is not None)
            assert any(n is None for *_, n in ours.rows) or case.name.endswith("channel")
    assert shown > 50  # real cells were compared, not two empty charts


def test_the_comparison_notices_differences(city: C.City, bench_db: Database) -> None:
    q = city.quartier_id
    frames = B.load_frames(bench_db)
    year = B.periods()[0]
    ours = B.participation(frames, q, year, "channel", 5)
    mine = frames.responses["quartier_id"] == q
    fewer = replace(frames, responses=frames.responses[~mine | (frames.responses.index % 7 > 0)])
    assert B.participation(fewer, q, year, "channel", 5) != ours
    assert B.participation(frames, q, year, "channel", 50) != ours  # another k
    growth = B.network_growth(frames, q, year, B.TODAY)
    no_ties = replace(frames, ties=frames.ties.iloc[0:0])
    assert B.network_growth(no_ties, q, year, B.TODAY) != growth


def test_population_shares_add_up_exactly() -> None:
    mix = {"de": 0.5123, "tr": 0.2001, "ar": 0.1, "ru": 0.0876, "pl": 0.05, "so": 0.05}
    shares = C.population_shares(mix, top=4)
    assert round(sum(shares.values()), 2) == 100.0
    assert list(shares)[:4] == ["de", "tr", "ar", "ru"] and "andere" in shares


def test_default_path_names_the_scale() -> None:
    name = C.default_path(0.05, 25, 1).name
    assert name.startswith("city-v") and "x0.05-q25-s1" in name
    assert isinstance(C.default_path(1, 25, 1), Path)

"""Smoke test of the ideas benchmark (bench/ideas_data.py, bench/bench_ideas.py) at a tiny
scale: the pandas baseline must compute exactly what the Quartier's functions compute,
or its timings compare nothing. No timings are asserted here."""

from __future__ import annotations

import random
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from quartier.ideas import Stage, public_board, similar_ideas
from quartier.network import FieldOfAction
from quartier.prioritisation import Method, close_round, round_result
from quartier.storage import Database, open_database
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import bench_ideas as B  # noqa: E402
import ideas_data as D  # noqa: E402


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> D.BenchIdeas:
    path = tmp_path_factory.mktemp("bench") / "ideas.duckdb"
    return D.build_ideas_db(path, ideas=15, members=7, board_ideas=2_500, seed=3)


@pytest.fixture(scope="module")
def bench_db(built: D.BenchIdeas) -> Iterator[Database]:
    database = open_database(built.path)
    yield database
    database.close()


@pytest.fixture(scope="module")
def frames(bench_db: Database) -> B.Frames:
    return B.load_frames(bench_db)


def _copy(built: D.BenchIdeas, tmp_path: Path) -> Database:
    target = tmp_path / "copy.duckdb"
    shutil.copyfile(built.path, target)
    return open_database(target)


def test_the_data_has_what_the_pages_show(built: D.BenchIdeas, bench_db: Database) -> None:
    with bench_db.read() as cur:
        rows = cur.execute(
            "SELECT status, count(*) FROM ideas WHERE quartier_id = ? GROUP BY status",
            [built.quartier_id],
        ).fetchall()
    statuses = dict(rows)
    assert sum(statuses.values()) == 2_500
    assert statuses["veroeffentlicht"] > sum(statuses.values()) / 2
    assert {"eingereicht", "abgelehnt", "duplikat"} <= set(statuses)
    shown = {i.stage for s in Stage for i in public_board(bench_db, built.quartier_id,
                                                         stage=s, limit=1).ideas}  # fmt: skip
    assert {Stage.PUBLISHED, Stage.IN_PRIORITISATION, Stage.CHOSEN, Stage.DONE,
            Stage.DUPLICATE} <= shown  # fmt: skip
    for method, round_id in built.rounds.items():
        result = round_result(bench_db, round_id)
        assert result.eligible == result.voted == 7, method
        assert len(result.results) == 15
        assert any(r.score > 0 for r in result.results), method


@pytest.mark.parametrize("method", list(Method))
def test_pandas_round_result_equals_ours(
    built: D.BenchIdeas, bench_db: Database, frames: B.Frames, method: Method
) -> None:
    round_id = built.rounds[method]
    ours = round_result(bench_db, round_id)
    theirs = B.pd_round_result(frames, round_id)
    assert B.same_round(ours, theirs)
    assert [r.idea_id for r in theirs.results] == [r.idea_id for r in ours.results]


def test_the_comparison_notices_a_baseline_that_ignores_the_latest_ballot(
    built: D.BenchIdeas, bench_db: Database, frames: B.Frames
) -> None:
    """Every member voted twice: counting the first ballots must give other results, so
    ``same_round`` would catch a baseline that does not take the latest ballot."""
    first = frames.ballots.sort_values("id").drop_duplicates(["round_id", "user_id"])
    stale = B.Frames(**{**frames.__dict__, "ballots": first})
    differs = [
        not B.same_round(round_result(bench_db, r), B.pd_round_result(stale, r))
        for r in built.rounds.values()
    ]
    assert all(differs)


BOARDS: list[dict[str, Any]] = [
    {},
    {"offset": 50},
    {"limit": 7, "offset": 3},
    *({"stage": s} for s in Stage),
    {"field_of_action": FieldOfAction.CHILDREN_YOUTH},
    {"field_of_action": FieldOfAction.HOUSING, "stage": Stage.PUBLISHED},
]


@pytest.mark.parametrize("kwargs", BOARDS, ids=lambda k: ",".join(f"{a}={b}" for a, b in k.items()))
def test_pandas_board_equals_ours(
    built: D.BenchIdeas, bench_db: Database, frames: B.Frames, kwargs: dict[str, Any]
) -> None:
    ours = public_board(bench_db, built.quartier_id, **kwargs)
    theirs = B.pd_board(frames, built.quartier_id, **kwargs)
    assert theirs.total == ours.total
    assert theirs.ideas == ours.ideas


def test_pandas_board_equals_ours_for_a_group(
    built: D.BenchIdeas, bench_db: Database, frames: B.Frames
) -> None:
    ours = public_board(bench_db, built.quartier_id, group_id=built.group_id)
    assert ours.total == 15  # the round's ideas were handed to the benchmark group
    theirs = B.pd_board(frames, built.quartier_id, group_id=built.group_id)
    assert (theirs.total, theirs.ideas) == (ours.total, ours.ideas)


def test_a_full_board_page_is_the_newest_fifty(built: D.BenchIdeas, bench_db: Database) -> None:
    page = public_board(bench_db, built.quartier_id)
    assert len(page.ideas) == 50 and page.total > 1_000
    keys = [(i.submitted_at, i.id) for i in page.ideas]
    assert keys == sorted(keys, reverse=True)


@pytest.mark.parametrize(
    "typed",
    [
        *B.TYPED,
        "Bänke",
        "Trinkbrunnen am Markt",
        "Детская площадка",
        "bahçe",
        "xy",
        "zzzqqq",
        # typos whose words sit near the Jaro-Winkler cut: a wrong threshold changes these
        "Schaten",
        "Spielpaltz",
        "Seniorenkafe",
        "Repair Cafe",
    ],  # fmt: skip
)
def test_pandas_similar_ideas_equal_ours(
    built: D.BenchIdeas, bench_db: Database, frames: B.Frames, typed: str
) -> None:
    ours = similar_ideas(bench_db, built.quartier_id, typed)
    assert B.pd_similar(frames, built.quartier_id, typed) == ours


def test_similar_ideas_find_something_for_the_benchmarked_titles(
    built: D.BenchIdeas, bench_db: Database
) -> None:
    for typed in B.TYPED:
        assert len(similar_ideas(bench_db, built.quartier_id, typed)) == 5


def test_jaro_winkler_is_duckdbs_bit_for_bit() -> None:
    rng = random.Random(11)
    letters = "abcdeilnrstuäöüßçşığабвгдежзийклمنهوي 12-"
    pairs = []
    for _ in range(3_000):
        a = "".join(rng.choice(letters) for _ in range(rng.randint(0, 24)))
        b = list(a)
        for _ in range(rng.randint(0, 3)):
            if b:
                b[rng.randrange(len(b))] = rng.choice(letters)
        typed = "".join(b)
        pairs.append((a, typed[::-1] if rng.random() < 0.2 else typed))
    got = (
        duckdb.connect()
        .execute(
            "SELECT jaro_winkler_similarity(a, b)"
            " FROM (SELECT unnest(?::VARCHAR[]) AS a, unnest(?::VARCHAR[]) AS b)",
            [[a for a, _ in pairs], [b for _, b in pairs]],
        )
        .fetchall()
    )
    mismatched = [(p, g[0]) for p, g in zip(pairs, got, strict=True)
                  if B.jaro_winkler(*p) != g[0]]  # fmt: skip
    assert mismatched == []


def test_bulk_ballots_have_the_shape_cast_writes(built: D.BenchIdeas, tmp_path: Path) -> None:
    """Re-casting members' latest ballots through cast_* must not change any result."""
    db = _copy(built, tmp_path)
    try:
        before = {m: round_result(db, r) for m, r in built.rounds.items()}
        D.recast_latest(db, built, voters=7)
        for method, round_id in built.rounds.items():
            after = round_result(db, round_id)
            assert D.results_agree(before[method].results, after.results), method
            assert after.voted == before[method].voted
    finally:
        db.close()


def test_closing_stores_the_live_preview(built: D.BenchIdeas, tmp_path: Path) -> None:
    db = _copy(built, tmp_path)
    try:
        for round_id in built.rounds.values():
            live = round_result(db, round_id)
            final = close_round(db, built.coordinator, round_id)
            assert final.is_final
            assert D.results_agree(final.results, live.results)
    finally:
        db.close()

"""The layout: the same network gets the same places, in every call and process."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from datetime import UTC, date, datetime

import pytest

from quartier.network import layout
from quartier.network.graph import ActorInfo, NetworkData, simple_graph
from quartier.network.layout import positions
from quartier.network.model import ActorType, Tie, TieType
from tests.conftest import ROOT


def tie(i: int, s: int, e: int, starts: date | None = None) -> Tie:
    return Tie(i, 1, s, e, TieType.COOPERATION, 2, starts, None, "", None,
               datetime(2020, 1, 1, tzinfo=UTC))  # fmt: skip


def network(n: int, edges: list[tuple[int, int]]) -> NetworkData:
    actors = tuple(ActorInfo(i, f"Akteur {i}", ActorType.KITA) for i in range(1, n + 1))
    return NetworkData(1, actors, tuple(tie(k, s, e) for k, (s, e) in enumerate(edges, 1)))


def sample(n: int = 120, m: int = 300, seed: int = 4) -> NetworkData:
    rng = random.Random(seed)
    edges = sorted({tuple(sorted(rng.sample(range(1, n + 1), 2))) for _ in range(m)})
    return network(n, edges)  # type: ignore[arg-type]


def test_same_network_same_positions() -> None:
    data = sample()
    layout.clear_cache()
    first = positions(data)
    layout.clear_cache()
    again = positions(NetworkData(1, data.actors[::-1], data.ties[::-1]))  # other order
    assert again == first
    assert positions(data) is again  # cached by the key


def test_positions_are_the_same_in_another_process() -> None:
    code = (
        "import json; from tests.network.test_layout import sample;"
        "from quartier.network.layout import positions;"
        "print(json.dumps(sorted(positions(sample()).items())))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "777"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    import json

    theirs = {int(k): tuple(v) for k, v in json.loads(out)}
    assert theirs == positions(sample())


def test_coordinates_fill_the_unit_square() -> None:
    placed = positions(sample())
    xs = [x for x, _ in placed.values()]
    ys = [y for _, y in placed.values()]
    assert min(xs) == min(ys) == 0.0
    assert max(xs) == max(ys) == 1.0
    assert len(placed) == 120


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (network(0, []), {}),
        (network(1, []), {1: (0.5, 0.5)}),
    ],
    ids=["empty", "one actor"],
)
def test_tiny_networks(data: NetworkData, expected: dict[int, tuple[float, float]]) -> None:
    assert positions(data) == expected


@pytest.mark.parametrize("edges", [[], [(1, 2)]], ids=["apart", "tied"])
def test_two_actors_are_placed_apart_inside_the_square(edges: list[tuple[int, int]]) -> None:
    placed = positions(network(2, edges))
    assert set(placed) == {1, 2}
    assert placed[1] != placed[2]
    assert all(0 <= c <= 1 for point in placed.values() for c in point)


def test_the_layout_leaves_the_global_random_state_alone() -> None:
    random.seed(8)
    state = random.getstate()
    layout.clear_cache()
    positions(sample(seed=9))
    assert random.getstate() == state


def test_isolated_actors_do_not_squeeze_the_network() -> None:
    """Components are laid out apart and packed by size: the big one keeps the space."""
    big = sample(n=40, m=90)
    main = {i for i, d in dict(simple_graph(big).degree()).items() if d > 0}
    actors = (*big.actors, *(ActorInfo(i, f"Allein {i}", ActorType.OTHER) for i in (41, 42, 43)))
    placed = positions(NetworkData(1, actors, (*big.ties, tie(999, 42, 43))))
    xs = [placed[i][0] for i in main]
    ys = [placed[i][1] for i in main]
    assert (min(xs), max(xs)) == (0.0, 1.0)
    assert max(ys) - min(ys) > 0.6
    assert placed[41][1] < min(ys) and placed[42][1] < min(ys)  # in a row below it
    assert placed[42] != placed[43]

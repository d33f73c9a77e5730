"""Small-group suppression: k per Quartier and the SQL that hides small cells."""

from __future__ import annotations

from typing import Any

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quartier.errors import PermissionDenied, ValidationError
from quartier.privacy import (
    DEFAULT_K,
    MIN_K,
    check_k,
    min_group_size,
    set_min_group_size,
    suppressed,
)
from tests.conftest import World

# One group per list entry, one cell per count; the caller binds $k, as results.py does.
CELLS = """
    SELECT g.grp, 'c' || lpad(CAST(i AS VARCHAR), 2, '0') AS cell, n
    FROM (SELECT unnest($groups::VARCHAR[]) AS grp, unnest($counts::BIGINT[][]) AS ns) g,
         unnest(g.ns) WITH ORDINALITY AS x(n, i)
"""

_CONNECTION = duckdb.connect()


def run(groups: dict[str, list[int]], k: int) -> dict[str, tuple[list[int | None], int | None]]:
    """Suppress ``groups`` (name → counts per cell) with ``k``: name → (cells, total)."""
    rows = _CONNECTION.execute(
        suppressed(CELLS) + " ORDER BY grp, cell",
        {"groups": list(groups), "counts": list(groups.values()), "k": k},
    ).fetchall()
    out: dict[str, tuple[list[int | None], int | None]] = {}
    for grp, _cell, n, total in rows:
        cells, _ = out.get(grp, ([], None))
        out[grp] = ([*cells, n], total)
    return out


def one(counts: list[int], k: int = 5) -> tuple[list[int | None], int | None]:
    return run({"": counts}, k)[""]


# --- k per Quartier ---------------------------------------------------------------------


def test_k_is_at_least_three() -> None:
    assert check_k(MIN_K) == 3
    with pytest.raises(ValidationError) as raised:
        check_k(2)
    assert raised.value.field == "min_group_size"
    assert "mindestens 3" in raised.value.message


def test_each_quartier_has_its_own_k(world: World) -> None:
    assert min_group_size(world.db, world.nord.id) == DEFAULT_K == 5
    set_min_group_size(world.db, world.coordinator, world.nord.id, 3)
    assert min_group_size(world.db, world.nord.id) == 3
    assert min_group_size(world.db, world.sued.id) == 5
    set_min_group_size(world.db, world.admin, world.sued.id, 8)
    set_min_group_size(world.db, world.coordinator, world.nord.id, 6)
    assert (min_group_size(world.db, world.nord.id), min_group_size(world.db, world.sued.id)) == (
        6,
        8,
    )


def test_k_below_three_is_refused_and_nothing_changes(world: World) -> None:
    with pytest.raises(ValidationError):
        set_min_group_size(world.db, world.coordinator, world.nord.id, 2)
    assert min_group_size(world.db, world.nord.id) == 5


@pytest.mark.parametrize("who", ["member", "coordinator_sued"])
def test_only_the_quartiers_coordination_changes_k(world: World, who: str) -> None:
    with pytest.raises(PermissionDenied):
        set_min_group_size(world.db, getattr(world, who), world.nord.id, 10)
    assert min_group_size(world.db, world.nord.id) == 5


# --- The suppression SQL, by hand -------------------------------------------------------


def test_a_cell_of_four_is_hidden_with_k_five() -> None:
    # One hidden cell: the smallest shown one (6) goes too, so 20 - 10 reveals nothing.
    assert one([10, 4, 6]) == ([10, None, None], 20)


def test_a_cell_of_zero_is_hidden_like_a_small_one() -> None:
    assert one([10, 0, 6]) == ([10, None, None], 16)
    assert one([10, 0, 6]) == one([10, 0, 6])  # and looks the same as one([10, 4, 6])[0]
    assert one([10, 0, 6])[0] == one([10, 4, 6])[0]


def test_two_hidden_cells_protect_each_other() -> None:
    assert one([10, 4, 3, 7]) == ([10, None, None, 7], 24)


def test_nothing_is_hidden_when_every_cell_reaches_k() -> None:
    assert one([5, 9, 12]) == ([5, 9, 12], 26)


def test_a_group_below_k_hides_its_total_and_every_cell() -> None:
    assert one([2, 1, 0]) == ([None, None, None], None)
    assert one([4]) == ([None], None)


def test_a_group_whose_cells_are_all_small_keeps_its_total() -> None:
    # 8 respondents in total is no small group, but every cell of it is.
    assert one([2, 3, 3]) == ([None, None, None], 8)


def test_groups_are_suppressed_each_on_its_own() -> None:
    result = run({"kiosk": [10, 4, 6], "online": [7, 8, 9], "papier": [1, 2]}, 5)
    assert result == {
        "kiosk": ([10, None, None], 20),
        "online": ([7, 8, 9], 24),
        "papier": ([None, None], None),
    }


def test_a_smaller_k_shows_more() -> None:
    assert one([10, 4, 6], k=3) == ([10, 4, 6], 20)
    assert one([10, 2, 6], k=3) == ([10, None, None], 18)


# --- The rule as a property -------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    counts=st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=7),
    k=st.integers(min_value=MIN_K, max_value=10),
)
def test_a_hidden_cell_can_never_be_worked_out_from_the_total(counts: list[int], k: int) -> None:
    cells, total = one(counts, k)
    shown = [n for n in cells if n is not None]
    hidden = [i for i, n in enumerate(cells) if n is None]
    # What is shown is true, and never small.
    assert all(n >= k for n in shown)
    assert all(cells[i] == counts[i] for i in range(len(counts)) if cells[i] is not None)
    assert total == (sum(counts) if sum(counts) >= k else None)
    if total is not None and hidden:
        # total − shown is the sum of at least two hidden cells, never one cell's count.
        assert len(hidden) >= 2
    if total is None:
        assert shown == []


@settings(max_examples=100, deadline=None)
@given(
    groups=st.dictionaries(
        st.sampled_from(["", "a", "b", "c"]),
        st.lists(st.integers(min_value=0, max_value=20), min_size=3, max_size=3),
        min_size=1,
    ),
)
def test_every_group_of_a_breakdown_follows_the_rule(groups: dict[str, Any]) -> None:
    for name, (cells, total) in run(groups, 5).items():
        assert (cells, total) == one(groups[name])
        if total is not None and None in cells:
            assert cells.count(None) >= 2

"""What changed between two dates, at the exact boundary days."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from quartier.network.changes import changes_between
from quartier.network.graph import ActorInfo, NetworkData, as_of
from quartier.network.model import ActorType, Tie, TieType

D = date


def tie(i: int, starts: date | None, ends: date | None, s: int = 1, e: int = 2) -> Tie:
    return Tie(i, 1, s, e, TieType.COOPERATION, 2, starts, ends, "", None,
               datetime(2020, 1, 1, tzinfo=UTC))  # fmt: skip


ACTORS = (
    ActorInfo(1, "Schule", ActorType.SCHOOL),
    ActorInfo(2, "Kita", ActorType.KITA),
    ActorInfo(3, "Neu am 1.3.", ActorType.CITY, active_from=D(2024, 3, 1)),
    ActorInfo(4, "Weg nach dem 30.6.", ActorType.POLICE, active_to=D(2024, 6, 30)),
    ActorInfo(5, "Alt", ActorType.CHURCH, active_from=D(2019, 1, 1), active_to=D(2019, 12, 31)),
)
TIES = (
    tie(1, D(2024, 3, 1), None),  # starts on 1 March
    tie(2, None, D(2024, 6, 30)),  # its last day is 30 June
    tie(3, D(2024, 4, 1), D(2024, 4, 30)),  # starts and ends in between
    tie(4, None, None),  # always there
    tie(5, D(2020, 1, 1), D(2020, 12, 31)),  # long gone
)
DATA = NetworkData(1, ACTORS, TIES)


@pytest.mark.parametrize(
    ("since", "until", "new_actors", "ended_actors", "new_ties", "ended_ties"),
    [
        # the day something starts belongs to "until", not to "since"
        (D(2024, 2, 29), D(2024, 3, 1), [3], [], [1], []),
        (D(2024, 3, 1), D(2024, 3, 31), [], [], [], []),
        # the last day belongs to "since": ended means there on since, gone on until
        (D(2024, 6, 30), D(2024, 7, 1), [], [4], [], [2]),
        (D(2024, 6, 29), D(2024, 6, 30), [], [], [], []),
        (D(2024, 1, 1), D(2024, 12, 31), [3], [4], [1, 3], [3, 2]),
        (D(2024, 12, 31), D(2024, 1, 1), [3], [4], [1, 3], [3, 2]),  # dates in either order
        (D(2025, 1, 1), D(2026, 1, 1), [], [], [], []),
    ],
)
def test_changes_at_the_boundaries(
    since: date, until: date, new_actors: list[int], ended_actors: list[int],
    new_ties: list[int], ended_ties: list[int],
) -> None:  # fmt: skip
    changes = changes_between(DATA, since, until)
    assert [a.id for a in changes.new_actors] == new_actors
    assert [a.id for a in changes.ended_actors] == ended_actors
    assert [t.id for t in changes.new_ties] == new_ties
    assert [t.id for t in changes.ended_ties] == ended_ties
    assert changes.is_empty == (not (new_actors or ended_actors or new_ties or ended_ties))


@pytest.mark.parametrize(
    ("since", "until"),
    [(D(2024, 2, 29), D(2024, 3, 1)), (D(2024, 6, 30), D(2024, 7, 1)),
     (D(2023, 1, 1), D(2025, 1, 1)), (D(2019, 6, 1), D(2024, 5, 1))],
)  # fmt: skip
def test_changes_agree_with_the_snapshots(since: date, until: date) -> None:
    """What is in one snapshot and not the other is new or ended (ties that came and
    went in between are listed as both, and appear in neither snapshot)."""
    before, after = as_of(DATA, since), as_of(DATA, until)
    changes = changes_between(DATA, since, until)
    came = {t.id for t in after.ties} - {t.id for t in before.ties}
    went = {t.id for t in before.ties} - {t.id for t in after.ties}
    both = {t.id for t in changes.new_ties} & {t.id for t in changes.ended_ties}
    assert came == {t.id for t in changes.new_ties} - both
    assert went == {t.id for t in changes.ended_ties} - both
    assert {a.id for a in after.actors} - {a.id for a in before.actors} == {
        a.id for a in changes.new_actors if a.active_to is None or a.active_to >= until
    }
    assert {a.id for a in before.actors} - {a.id for a in after.actors} == {
        a.id for a in changes.ended_actors if a.active_from is None or a.active_from <= since
    }

"""Every write on measures, for every role: only staff of the measure's Quartier."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, timedelta

import pytest

from quartier.auth import ANONYMOUS, User
from quartier.errors import PermissionDenied
from quartier.measures import (
    Measure,
    MeasureStatus,
    add_milestone,
    complete_milestone,
    create_measure,
    get_measure,
    list_measures,
    measure_of_idea,
    remove_milestone,
    set_measure_status,
    update_measure,
)
from tests.conftest import World
from tests.measures.conftest import Nord, snapshot

YESTERDAY = date.today() - timedelta(days=1)


def users(world: World) -> dict[str, User]:
    return {
        "resident": ANONYMOUS,
        "member": world.member,
        "coordinator": world.coordinator,
        "coordinator_sued": world.coordinator_sued,
        "admin": world.admin,
        "inactive_coordinator": dataclasses.replace(world.coordinator, is_active=False),
    }


ALLOWED = {"coordinator", "admin"}
Attempt = Callable[[Nord, User, Measure], object]
ACTIONS: dict[str, Attempt] = {
    "create": lambda n, u, m: create_measure(n.db, u, n.world.nord.id, "Neu"),
    "create_from_idea": lambda n, u, m: create_measure(
        n.db, u, n.world.nord.id, "Neu", idea_id=n.idea_id
    ),
    "update": lambda n, u, m: update_measure(n.db, u, m.id, "Umbenannt"),
    "status": lambda n, u, m: set_measure_status(n.db, u, m.id, MeasureStatus.ACTIVE),
    "add_milestone": lambda n, u, m: add_milestone(n.db, u, m.id, "Neu", YESTERDAY),
    "complete_milestone": lambda n, u, m: complete_milestone(
        n.db, u, m.milestones[0].id, YESTERDAY
    ),
    "reopen_milestone": lambda n, u, m: complete_milestone(n.db, u, m.milestones[1].id, None),
    "remove_milestone": lambda n, u, m: remove_milestone(n.db, u, m.milestones[0].id),
}


@pytest.fixture
def measure(nord: Nord) -> Measure:
    """A measure of Nord without an idea, with one open and one done milestone."""
    w = nord.world
    measure = create_measure(nord.db, w.coordinator, w.nord.id, "Hoffest")
    add_milestone(nord.db, w.coordinator, measure.id, "Plakate", date(2026, 5, 1))
    measure = add_milestone(nord.db, w.coordinator, measure.id, "Zelte", date(2026, 5, 2))
    return complete_milestone(nord.db, w.coordinator, measure.milestones[1].id, YESTERDAY)


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize(
    "role",
    ["resident", "member", "coordinator", "coordinator_sued", "admin", "inactive_coordinator"],
)
def test_only_staff_of_the_quartier_write(
    nord: Nord, measure: Measure, role: str, action: str
) -> None:
    user = users(nord.world)[role]
    before = snapshot(nord.db)
    if role in ALLOWED:
        ACTIONS[action](nord, user, measure)
        assert snapshot(nord.db) != before
    else:
        with pytest.raises(PermissionDenied) as refused:
            ACTIONS[action](nord, user, measure)
        assert refused.value.key == "errors.not_allowed"
        assert snapshot(nord.db) == before


def test_coordinators_stay_in_their_own_quartier(nord: Nord, measure: Measure) -> None:
    """Nord's coordinator can neither create in Süd nor move Süd's measures."""
    w = nord.world
    sued_measure = create_measure(nord.db, w.coordinator_sued, w.sued.id, "Süd")
    assert sued_measure.quartier_id == w.sued.id
    with pytest.raises(PermissionDenied):
        create_measure(nord.db, w.coordinator, w.sued.id, "Übergriff")
    with pytest.raises(PermissionDenied):
        set_measure_status(nord.db, w.coordinator, sued_measure.id, MeasureStatus.CANCELLED)
    assert get_measure(nord.db, sued_measure.id).status is MeasureStatus.PLANNED


def test_reads_need_no_account(nord: Nord, measure: Measure) -> None:
    """Pages decide who sees the internal list; the public view is for everyone."""
    assert get_measure(nord.db, measure.id) == measure
    assert list_measures(nord.db, nord.world.nord.id) == [measure]
    assert measure_of_idea(nord.db, nord.idea_id) is None

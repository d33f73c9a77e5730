"""Every write asks can(MANAGE_QUARTIER_CONTENT) for the record's Quartier."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from quartier.auth import ANONYMOUS
from quartier.errors import PermissionDenied
from quartier.events import (
    EventDraft,
    OfferingDraft,
    OfferingKind,
    create_event,
    create_offering,
    delete_session,
    log_session,
    plan_event,
    record_attendance,
    set_population_shares,
    update_event,
    update_offering,
)
from tests.conftest import World
from tests.events.helpers import TODAY, counts

DRAFT = EventDraft("Fest", date(2026, 6, 1))
OFFER = OfferingDraft("Beratung", OfferingKind.SOZIALBERATUNG)


def _actions(w: World) -> dict[str, Callable[[object], object]]:
    """Each write on Quartier Nord's records, as a function of the user."""
    event = create_event(w.db, w.coordinator, w.nord.id, "Fest", date(2026, 6, 1))
    offering = create_offering(w.db, w.coordinator, w.nord.id, OFFER)
    session = log_session(w.db, w.coordinator, offering.id, TODAY, 4, today=TODAY)
    q = w.nord.id
    return {
        "create_event": lambda u: create_event(w.db, u, q, "Fest", date(2026, 6, 1)),
        "plan_event": lambda u: plan_event(w.db, u, q, DRAFT),
        "update_event": lambda u: update_event(w.db, u, event.id, DRAFT),
        "record_attendance": lambda u: record_attendance(w.db, u, event.id, 3, today=TODAY),
        "create_offering": lambda u: create_offering(w.db, u, q, OFFER),
        "update_offering": lambda u: update_offering(w.db, u, offering.id, OFFER),
        "log_session": lambda u: log_session(w.db, u, offering.id, TODAY, 2, today=TODAY),
        "delete_session": lambda u: delete_session(w.db, u, session.id),
        "set_population_shares": lambda u: set_population_shares(w.db, u, q, {"de": 100}),
    }


ACTIONS = [
    "create_event",
    "plan_event",
    "update_event",
    "record_attendance",
    "create_offering",
    "update_offering",
    "log_session",
    "delete_session",
    "set_population_shares",
]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("who", ["member", "coordinator_sued", "anonymous"])
def test_refused_for_others(world, action, who):
    user = ANONYMOUS if who == "anonymous" else getattr(world, who)
    run = _actions(world)[action]
    before = counts(world.db)
    with pytest.raises(PermissionDenied):
        run(user)
    assert counts(world.db) == before


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("who", ["coordinator", "admin"])
def test_allowed_for_staff(world, action, who):
    _actions(world)[action](getattr(world, who))

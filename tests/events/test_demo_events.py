"""The demo's events, offerings and population shares tell a plausible story."""

from __future__ import annotations

from datetime import date

import pytest

from quartier.demo_events import POPULATION, seed_events
from quartier.events import (
    EventType,
    attendance_of,
    events_needing_attendance,
    list_events,
    list_offerings,
    list_sessions,
    population_shares,
    public_calendar,
)
from quartier.ideas import create_group
from tests.events.helpers import TODAY


@pytest.fixture
def seeded(world):
    create_group(world.db, world.coordinator, world.nord.id, "Kinder & Jugend")
    create_group(world.db, world.coordinator, world.nord.id, "Interkultureller Austausch")
    world_events = seed_events(world.db, world.nord.id, world.coordinator, today=TODAY)
    return world, world_events


def test_kinderfest_every_year_with_a_peak(seeded):
    world, result = seeded
    events = list_events(world.db, world.nord.id)
    assert len(events) == result.events
    fests = [e for e in events if e.title == "Internationales Kinderfest"]
    assert [e.starts_on for e in fests] == [date(2026, 6, 20), date(2025, 6, 21)]
    assert all(e.event_type is EventType.FEST and e.attendance for e in fests)
    office_hours = [
        e.attendance for e in events if e.event_type is EventType.SPRECHSTUNDE and e.attendance
    ]
    assert min(e.attendance or 0 for e in fests) > 10 * max(office_hours)
    breakdown = attendance_of(world.db, fests[0].id)
    assert breakdown.by_age and sum(breakdown.by_age.values()) <= (breakdown.total or 0)


def test_every_type_and_working_group_meetings(seeded):
    world, _ = seeded
    events = list_events(world.db, world.nord.id)
    assert {e.event_type for e in events} == set(EventType) - {EventType.OTHER}
    meetings = [e for e in events if e.event_type is EventType.AG_SITZUNG]
    assert len({e.group_id for e in meetings}) == 2 and not any(e.is_public for e in meetings)
    recorded = [e for e in events if e.attendance is not None]
    assert len(recorded) > 0.75 * len([e for e in events if e.starts_on <= TODAY])


def test_open_attendance_and_upcoming_calendar(seeded):
    world, _ = seeded
    waiting = events_needing_attendance(world.db, world.nord.id, today=TODAY)
    assert waiting and waiting[0].starts_on >= date(2026, 11, 7)
    upcoming = public_calendar(world.db, world.nord.id, today=TODAY, days=61)
    assert len(upcoming) >= 5
    assert any(e.title == "Lichterfest im Quartier" for e in upcoming)


def test_sessions_dip_in_summer(seeded):
    world, result = seeded
    offerings = list_offerings(world.db, world.nord.id)
    assert [o.title for o in offerings] == [
        "Behördenbegleitung",
        "Hausaufgabenhilfe",
        "Sozialberatung",
        "Sprachkurs Deutsch",
    ]
    sessions = list_sessions(world.db, world.nord.id)
    assert len(sessions) == result.sessions > 500
    assert max(s.held_on for s in sessions) <= TODAY
    assert all(s.languages and s.languages[0] == "de" for s in sessions)

    def people(month: int) -> int:
        return sum(s.people for s in sessions if s.held_on.month == month)

    assert people(8) < people(9) / 2 and people(7) < people(6) / 2
    kurs = next(o for o in offerings if o.title == "Sprachkurs Deutsch")
    assert not [s for s in sessions if s.offering_id == kurs.id and s.held_on.month == 8]


def test_population_shares_sum_to_100(seeded):
    world, _ = seeded
    shares = population_shares(world.db, world.nord.id)
    assert shares is not None
    assert sum(shares.shares.values()) == pytest.approx(100)
    assert shares.shares == {k: float(v) for k, v in POPULATION.items()}
    assert (shares.source, shares.as_of_year) == ("Stadt Musterstadt, Statistikstelle", 2025)


def test_existing_festival_is_completed_not_duplicated(world):
    from quartier.events import create_event  # noqa: PLC0415

    fest = create_event(
        world.db,
        world.coordinator,
        world.nord.id,
        "Internationales Kinderfest",
        date(2026, 6, 20),
        "Lindenplatz",
    )
    seed_events(world.db, world.nord.id, world.coordinator, today=TODAY)
    fests = [
        e for e in list_events(world.db, world.nord.id) if e.title == "Internationales Kinderfest"
    ]
    assert [e.starts_on for e in fests] == [date(2026, 6, 20), date(2025, 6, 21)]
    assert fests[0].id == fest.id and fests[0].event_type is EventType.FEST
    assert "tr" in fests[0].languages and fests[0].attendance

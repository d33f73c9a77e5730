"""Recording attendance: totals, breakdowns, plausibility and refusals."""

from __future__ import annotations

from datetime import date

import pytest

from quartier.errors import NotFoundError, ValidationError
from quartier.events import (
    EventDraft,
    EventType,
    NeedsConfirmation,
    attendance_of,
    get_event,
    plan_event,
    record_attendance,
)
from quartier.events.model import MAX_PEOPLE, PLAUSIBLE_ATTENDANCE
from tests.events.helpers import TODAY, counts


@pytest.fixture
def kurs(world):
    draft = EventDraft("Erste Hilfe am Kind", date(2026, 11, 10), EventType.KURS)
    return plan_event(world.db, world.coordinator, world.nord.id, draft)


def test_record_total_and_breakdowns(world, kurs):
    result = record_attendance(
        world.db,
        world.coordinator,
        kurs.id,
        25,
        {"30-64": 12, "0-5": 8, "65+": 0, "18-29": None},  # type: ignore[dict-item]
        {"tr": 5, "de": 10, "andere": 2},
        today=TODAY,
    )
    assert result.total == 25
    assert result.by_age == {"0-5": 8, "30-64": 12}
    assert result.by_language == {"de": 10, "tr": 5, "andere": 2}
    assert attendance_of(world.db, kurs.id) == result
    event = get_event(world.db, kurs.id)
    assert event.attendance == 25 and event.attendance_at is not None


def test_recording_again_replaces_the_breakdowns(world, kurs):
    record_attendance(world.db, world.coordinator, kurs.id, 25, {"0-5": 8}, {"de": 10}, today=TODAY)
    again = record_attendance(
        world.db, world.coordinator, kurs.id, 20, None, {"ar": 4}, today=TODAY
    )
    assert (again.total, again.by_age, again.by_language) == (20, {}, {"ar": 4})
    with world.db.read() as cur:
        rows = cur.execute("SELECT dimension, category, people FROM event_attendance").fetchall()
    assert rows == [("sprache", "ar", 4)]


def test_attendance_not_recorded_yet(world, kurs):
    assert attendance_of(world.db, kurs.id).total is None
    with pytest.raises(NotFoundError):
        attendance_of(world.db, 999)


@pytest.mark.parametrize(
    ("total", "by_age", "by_language", "key", "field"),
    [
        (-1, None, None, "errors.count_negative", "attendance"),
        (MAX_PEOPLE + 1, None, None, "errors.count_too_large", "attendance"),
        (10, {"0-5": 6, "6-13": 5}, None, "errors.breakdown_exceeds_total", "by_age"),
        (10, None, {"de": 8, "tr": 3}, "errors.breakdown_exceeds_total", "by_language"),
        (10, {"0-5": -1}, None, "errors.breakdown_negative", "by_age"),
        (10, None, {"de": -2}, "errors.breakdown_negative", "by_language"),
        (10, {"kinder": 2}, None, "errors.age_band_unknown", "by_age"),
        (10, None, {"klingonisch": 2}, "errors.language_unknown", "by_language"),
    ],
)
def test_bad_attendance_is_refused_and_nothing_changes(
    world, kurs, total, by_age, by_language, key, field
):
    record_attendance(world.db, world.coordinator, kurs.id, 5, {"0-5": 2}, today=TODAY)
    before = counts(world.db)
    with pytest.raises(ValidationError) as err:
        record_attendance(
            world.db, world.coordinator, kurs.id, total, by_age, by_language, today=TODAY
        )
    assert (err.value.key, err.value.field) == (key, field)
    assert counts(world.db) == before
    assert attendance_of(world.db, kurs.id).by_age == {"0-5": 2}
    assert get_event(world.db, kurs.id).attendance == 5


def test_breakdown_sum_message_names_both_numbers(world, kurs):
    with pytest.raises(ValidationError) as err:
        record_attendance(
            world.db, world.coordinator, kurs.id, 10, None, {"de": 8, "tr": 3}, today=TODAY
        )
    assert "11" in err.value.message and "10" in err.value.message
    assert "Nach Sprachen" in err.value.message


def test_implausible_total_needs_confirmation_then_is_accepted(world, kurs):
    too_many = PLAUSIBLE_ATTENDANCE[EventType.KURS] * 10
    with pytest.raises(NeedsConfirmation) as err:
        record_attendance(world.db, world.coordinator, kurs.id, too_many, today=TODAY)
    assert err.value.field == "attendance"
    assert str(too_many) in err.value.message and "Kurs" in err.value.message
    assert "bestätigen" in err.value.message
    assert attendance_of(world.db, kurs.id).total is None
    result = record_attendance(
        world.db, world.coordinator, kurs.id, too_many, confirmed=True, today=TODAY
    )
    assert result.total == too_many


def test_plausibility_depends_on_the_event_type(world):
    fest = plan_event(
        world.db,
        world.coordinator,
        world.nord.id,
        EventDraft("Kinderfest", date(2026, 6, 20), EventType.FEST),
    )
    assert record_attendance(world.db, world.coordinator, fest.id, 800, today=TODAY).total == 800


@pytest.mark.parametrize("day", [date(2026, 11, 22), date(2027, 1, 1)])
def test_attendance_for_a_future_event_is_refused(world, day):
    event = plan_event(world.db, world.coordinator, world.nord.id, EventDraft("Bald", day))
    with pytest.raises(ValidationError) as err:
        record_attendance(world.db, world.coordinator, event.id, 5, today=TODAY)
    assert err.value.field == "attendance"
    assert day.strftime("%d.%m.%Y") in err.value.message
    assert attendance_of(world.db, event.id).total is None


def test_attendance_on_the_day_itself_is_fine(world):
    event = plan_event(world.db, world.coordinator, world.nord.id, EventDraft("Heute", TODAY))
    assert record_attendance(world.db, world.coordinator, event.id, 0, today=TODAY).total == 0

"""Planning, changing and reading events."""

from __future__ import annotations

from datetime import date, time

import pytest

from quartier.errors import NotFoundError, ValidationError
from quartier.events import (
    EventDraft,
    EventType,
    create_event,
    event_of_quartier,
    event_participation,
    events_needing_attendance,
    get_event,
    list_events,
    participation_by_event,
    plan_event,
    public_calendar,
    record_attendance,
    update_event,
)
from quartier.ideas import create_group
from tests.events.helpers import TODAY, counts

FEST = EventDraft(
    "  Internationales   Kinderfest ",
    date(2026, 6, 20),
    EventType.FEST,
    starts_at=time(14),
    ends_at=time(18),
    place=" Lindenplatz ",
    organisers="Quartiersbüro",
    partners="AWO, Kita Regenbogen",
    languages=("ar", "de", "tr", "de"),
)


def test_plan_event_stores_details_and_languages(world):
    event = plan_event(world.db, world.coordinator, world.nord.id, FEST)
    assert (event.title, event.place) == ("Internationales Kinderfest", "Lindenplatz")
    assert event.event_type is EventType.FEST
    assert (event.starts_at, event.ends_on, event.ends_at) == (time(14), None, time(18))
    assert event.languages == ("de", "tr", "ar")
    assert event.is_public and event.attendance is None
    assert get_event(world.db, event.id) == event
    assert list_events(world.db, world.nord.id) == [event]


def test_create_event_keeps_working_and_writes_details(world):
    event = create_event(world.db, world.coordinator, world.nord.id, "Hoffest", date(2026, 7, 4))
    assert (event.title, event.starts_on, event.event_type) == (
        "Hoffest",
        date(2026, 7, 4),
        EventType.OTHER,
    )
    with world.db.read() as cur:
        assert cur.execute(
            "SELECT event_type FROM event_details WHERE event_id = ?", [event.id]
        ).fetchall() == [("sonstiges",)]


def test_update_event_replaces_languages_and_keeps_attendance(world):
    event = plan_event(world.db, world.coordinator, world.nord.id, FEST)
    record_attendance(world.db, world.coordinator, event.id, 400, today=TODAY)
    draft = EventDraft(
        "Kinderfest 2026",
        date(2026, 6, 21),
        EventType.FEST,
        place="Park",
        languages=("uk", "pl"),
        is_public=False,
    )
    changed = update_event(world.db, world.coordinator, event.id, draft)
    assert (changed.title, changed.starts_on, changed.place) == (
        "Kinderfest 2026",
        date(2026, 6, 21),
        "Park",
    )
    assert changed.languages == ("uk", "pl")
    assert changed.starts_at is None and not changed.is_public
    assert changed.attendance == 400
    with world.db.read() as cur:
        assert cur.execute("SELECT count(*) FROM event_languages").fetchone()[0] == 2


def test_list_events_newest_first_with_range(world):
    days = [date(2026, 1, 5), date(2026, 3, 1), date(2026, 2, 1), date(2026, 4, 1)]
    for i, day in enumerate(days):
        create_event(world.db, world.coordinator, world.nord.id, f"E{i}", day)
    create_event(world.db, world.coordinator_sued, world.sued.id, "Süd", date(2026, 3, 1))
    assert [e.title for e in list_events(world.db, world.nord.id)] == ["E3", "E1", "E2", "E0"]
    ranged = list_events(world.db, world.nord.id, start=date(2026, 2, 1), end=date(2026, 4, 1))
    assert [e.title for e in ranged] == ["E1", "E2"]


def test_public_calendar_upcoming_public_soonest_first(world):
    db, c, q = world.db, world.coordinator, world.nord.id
    plan = [
        ("Vorbei", date(2026, 11, 1), None, True),
        ("Läuft noch", date(2026, 11, 20), date(2026, 11, 22), True),
        ("Heute", TODAY, None, True),
        ("Intern", date(2026, 12, 1), None, False),
        ("Bald", date(2026, 12, 5), None, True),
        ("Zu weit", date(2027, 6, 1), None, True),
    ]
    for title, day, end, public in plan:
        plan_event(db, c, q, EventDraft(title, day, ends_on=end, is_public=public))
    titles = [e.title for e in public_calendar(db, q, today=TODAY)]
    assert titles == ["Läuft noch", "Heute", "Bald"]
    assert public_calendar(db, world.sued.id, today=TODAY) == []


def test_events_needing_attendance(world):
    db, c, q = world.db, world.coordinator, world.nord.id
    done = create_event(db, c, q, "Erfasst", date(2026, 11, 1))
    record_attendance(db, c, done.id, 12, today=TODAY)
    create_event(db, c, q, "Offen alt", date(2026, 10, 1))
    create_event(db, c, q, "Offen heute", TODAY)
    create_event(db, c, q, "Zukunft", date(2026, 12, 1))
    titles = [e.title for e in events_needing_attendance(db, q, today=TODAY)]
    assert titles == ["Offen heute", "Offen alt"]


@pytest.mark.parametrize(
    ("draft", "key", "field"),
    [
        (EventDraft("  ", date(2026, 6, 1)), "errors.event_title_missing", "title"),
        (EventDraft("x" * 121, date(2026, 6, 1)), "errors.text_too_long", "title"),
        (EventDraft("Fest", date(2026, 6, 1), place="p" * 121), "errors.text_too_long", "place"),
        (
            EventDraft("Fest", date(2026, 6, 1), organisers="o" * 201),
            "errors.text_too_long",
            "organisers",
        ),
        (
            EventDraft("Fest", date(2026, 6, 1), partners="p" * 501),
            "errors.text_too_long",
            "partners",
        ),
        (
            EventDraft("Fest", date(2026, 6, 1), languages=("de", "xx")),
            "errors.language_unknown",
            "languages",
        ),
        (
            EventDraft("Fest", date(2026, 6, 1), event_type="party"),  # type: ignore[arg-type]
            "errors.event_type_unknown",
            "event_type",
        ),
        (
            EventDraft("Fest", date(2026, 6, 2), ends_on=date(2026, 6, 1)),
            "errors.event_ends_before_start",
            "ends_on",
        ),
        (
            EventDraft("Fest", date(2026, 6, 1), starts_at=time(18), ends_at=time(17, 30)),
            "errors.event_ends_before_start",
            "ends_on",
        ),
        (
            EventDraft(
                "Fest",
                date(2026, 6, 1),
                starts_at=time(18),
                ends_on=date(2026, 6, 1),
                ends_at=time(18),
            ),
            "errors.event_ends_before_start",
            "ends_on",
        ),
    ],
)
def test_bad_drafts_are_refused_and_nothing_is_stored(world, draft, key, field):
    before = counts(world.db)
    with pytest.raises(ValidationError) as err:
        plan_event(world.db, world.coordinator, world.nord.id, draft)
    assert (err.value.key, err.value.field) == (key, field)
    assert counts(world.db) == before


def test_end_before_start_message_names_both_moments(world):
    draft = EventDraft("Fest", date(2026, 6, 1), starts_at=time(18), ends_at=time(17, 30))
    with pytest.raises(ValidationError) as err:
        plan_event(world.db, world.coordinator, world.nord.id, draft)
    assert "01.06.2026, 17:30" in err.value.message and "01.06.2026, 18:00" in err.value.message
    assert "Ende" in err.value.message


def test_overnight_event_is_allowed(world):
    draft = EventDraft(
        "Lange Nacht",
        date(2026, 6, 1),
        starts_at=time(20),
        ends_on=date(2026, 6, 2),
        ends_at=time(2),
    )
    event = plan_event(world.db, world.coordinator, world.nord.id, draft)
    assert (event.ends_on, event.ends_at) == (date(2026, 6, 2), time(2))


def test_working_group_must_be_of_the_quartier(world):
    own = create_group(world.db, world.coordinator, world.nord.id, "AG Nord")
    foreign = create_group(world.db, world.coordinator_sued, world.sued.id, "AG Süd")
    draft = EventDraft("AG-Sitzung", date(2026, 6, 1), EventType.AG_SITZUNG, group_id=own.id)
    event = plan_event(world.db, world.coordinator, world.nord.id, draft)
    assert event.group_id == own.id
    before = counts(world.db)
    with pytest.raises(ValidationError) as err:
        plan_event(
            world.db,
            world.coordinator,
            world.nord.id,
            EventDraft("AG", date(2026, 6, 1), group_id=foreign.id),
        )
    assert err.value.field == "group_id"
    with pytest.raises(ValidationError):
        update_event(
            world.db,
            world.coordinator,
            event.id,
            EventDraft("AG", date(2026, 6, 1), group_id=foreign.id),
        )
    assert counts(world.db) == before
    assert get_event(world.db, event.id).group_id == own.id


def test_unknown_event_and_foreign_link(world):
    with pytest.raises(NotFoundError):
        get_event(world.db, 999)
    with pytest.raises(NotFoundError):
        update_event(world.db, world.coordinator, 999, EventDraft("X", date(2026, 1, 1)))
    sued = create_event(
        world.db, world.coordinator_sued, world.sued.id, "Flohmarkt", date(2026, 5, 1)
    )
    with pytest.raises(NotFoundError):
        event_of_quartier(world.db, str(sued.id), world.nord.id)
    assert event_of_quartier(world.db, f" {sued.id} ", world.sued.id) == sued.id


def test_event_participation_counts_tagged_responses_and_ideas(world):
    from quartier.ideas import submit_idea  # noqa: PLC0415

    event = create_event(world.db, world.coordinator, world.nord.id, "Fest", date(2026, 6, 1))
    assert event_participation(world.db, event.id) == (0, 0)
    submit_idea(world.db, world.nord.id, "Mehr Bänke", "Am Platz", language="de", event_id=event.id)
    assert event_participation(world.db, event.id) == (0, 1)
    assert participation_by_event(world.db, world.nord.id) == {event.id: (0, 1)}
    assert participation_by_event(world.db, world.sued.id) == {}

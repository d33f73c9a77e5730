"""A database from before the events issue: its events get details and stay editable
even when a survey response references them."""

from __future__ import annotations

from datetime import date, time

from quartier.auth import Role, User
from quartier.events import (
    EventDraft,
    EventType,
    event_participation,
    get_event,
    record_attendance,
    update_event,
)
from quartier.storage import migrate, open_database
from quartier.storage.migrations import load_migrations


def test_0005_gives_old_events_details_and_they_stay_editable(tmp_path):
    db = open_database(tmp_path / "old.duckdb")
    migrate(db, [m for m in load_migrations() if m.version < 5])
    with db.transaction() as cur:
        cur.execute("INSERT INTO quartiers (id, slug, name, city) VALUES (1, 'nord', 'Nord', 'M')")
        cur.execute(
            "INSERT INTO events (id, quartier_id, title, starts_on, place)"
            " VALUES (7, 1, 'Kinderfest', DATE '2025-06-21', 'Lindenplatz')"
        )
        cur.execute("INSERT INTO surveys (id, quartier_id) VALUES (1, 1)")
        cur.execute(
            "INSERT INTO responses (token, quartier_id, survey_id, version, channel, event_id,"
            " language, submitted_at) VALUES (?, 1, 1, 1, 'kiosk', 7, 'de', now())",
            ["t" * 20],
        )
    assert "0005_events" in migrate(db)
    old = get_event(db, 7)
    assert (old.title, old.event_type, old.languages, old.attendance) == (
        "Kinderfest",
        EventType.OTHER,
        (),
        None,
    )

    admin = User(1, "admin", "A", Role.ADMIN)
    draft = EventDraft(
        "Internationales Kinderfest",
        date(2025, 6, 21),
        EventType.FEST,
        starts_at=time(14),
        ends_at=time(18),
        place="Lindenplatz",
        languages=("de", "tr"),
    )
    changed = update_event(db, admin, 7, draft)
    assert (changed.title, changed.event_type, changed.languages) == (
        "Internationales Kinderfest",
        EventType.FEST,
        ("de", "tr"),
    )
    record_attendance(db, admin, 7, 500, {"6-13": 200}, today=date(2026, 11, 21))
    assert get_event(db, 7).attendance == 500
    assert event_participation(db, 7) == (1, 0)
    db.close()


def test_event_without_details_row_can_be_read_changed_and_counted(world):
    """Rows written straight into ``events`` (older demo code, benchmarks) read with
    defaults and get their details row on the first change."""
    with world.db.transaction() as cur:
        row = cur.execute(
            "INSERT INTO events (quartier_id, title, starts_on) VALUES (?, 'Alt',"
            " DATE '2026-05-01') RETURNING id",
            [world.nord.id],
        ).fetchone()
    event_id = int(row[0])
    assert get_event(world.db, event_id).event_type is EventType.OTHER
    record_attendance(world.db, world.coordinator, event_id, 9, today=date(2026, 11, 21))
    changed = update_event(
        world.db, world.coordinator, event_id, EventDraft("Alt", date(2026, 5, 1), EventType.KURS)
    )
    assert (changed.event_type, changed.attendance) == (EventType.KURS, 9)

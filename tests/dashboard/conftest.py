"""Rows for the dashboard tests, inserted by SQL (the events domain is written alongside).

``Rows(db, quartier_id)`` adds responses, ideas, events with attendance, offering
sessions, population shares, actors and ties with exactly the fields the dashboard reads.
Times are given in Berlin time (``berlin(2026, 1, 31, 23, 30)``) and stored as instants.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from quartier.storage import Database
from tests.conftest import World

BERLIN = ZoneInfo("Europe/Berlin")
_SERIAL = itertools.count(1)


def berlin(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    """An instant given as Berlin wall-clock time."""
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


@dataclass(frozen=True)
class Rows:
    db: Database
    quartier_id: int

    def _survey(self) -> int:
        with self.db.transaction() as cur:
            row = cur.execute(
                "SELECT id FROM surveys WHERE quartier_id = ? ORDER BY id LIMIT 1",
                [self.quartier_id],
            ).fetchone()
            if row is None:
                row = cur.execute(
                    "INSERT INTO surveys (quartier_id, status) VALUES (?, 'open') RETURNING id",
                    [self.quartier_id],
                ).fetchone()
        assert row is not None
        return int(row[0])

    def responses(
        self, when: datetime, n: int = 1, *, channel: str = "online", language: str = "de"
    ) -> None:
        survey = self._survey()
        with self.db.transaction() as cur:
            for _ in range(n):
                cur.execute(
                    "INSERT INTO responses (token, quartier_id, survey_id, version, channel,"
                    " language, submitted_at) VALUES (?, ?, ?, 1, ?, ?, ?)",
                    [f"token-{next(_SERIAL):012d}", self.quartier_id, survey, channel,
                     language, when],
                )  # fmt: skip

    def idea(
        self,
        when: datetime,
        *,
        channel: str = "online",
        language: str = "de",
        status: str = "eingereicht",
        group_id: int | None = None,
        title: str = "Bank am Spielplatz",
    ) -> int:
        with self.db.transaction() as cur:
            row = cur.execute(
                "INSERT INTO ideas (quartier_id, receipt_hash, title, language, channel,"
                " submitted_at, status, group_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [self.quartier_id, f"hash-{next(_SERIAL)}", title, language, channel, when,
                 status, group_id],
            ).fetchone()  # fmt: skip
        assert row is not None
        return int(row[0])

    def ideas(self, when: datetime, n: int, **kwargs: object) -> list[int]:
        return [self.idea(when, **kwargs) for _ in range(n)]  # type: ignore[arg-type]

    def group(self, name: str) -> int:
        with self.db.transaction() as cur:
            row = cur.execute(
                "INSERT INTO working_groups (quartier_id, name) VALUES (?, ?) RETURNING id",
                [self.quartier_id, name],
            ).fetchone()
        assert row is not None
        return int(row[0])

    def event(
        self,
        starts_on: date,
        attendance: int | None = None,
        *,
        event_type: str = "fest",
        group_id: int | None = None,
        by_language: Mapping[str, int] | None = None,
        by_age: Mapping[str, int] | None = None,
        title: str = "Nachbarschaftsfest",
    ) -> int:
        with self.db.transaction() as cur:
            row = cur.execute(
                "INSERT INTO events (quartier_id, title, starts_on) VALUES (?, ?, ?) RETURNING id",
                [self.quartier_id, title, starts_on],
            ).fetchone()
            assert row is not None
            event_id = int(row[0])
            cur.execute(
                "INSERT INTO event_details (event_id, quartier_id, event_type, group_id,"
                " attendance) VALUES (?, ?, ?, ?, ?)",
                [event_id, self.quartier_id, event_type, group_id, attendance],
            )
            for dimension, cells in (("sprache", by_language), ("alter", by_age)):
                for category, people in (cells or {}).items():
                    cur.execute(
                        "INSERT INTO event_attendance (quartier_id, event_id, dimension,"
                        " category, people) VALUES (?, ?, ?, ?, ?)",
                        [self.quartier_id, event_id, dimension, category, people],
                    )
        return event_id

    def offering(self, title: str = "Sozialberatung", kind: str = "sozialberatung") -> int:
        with self.db.transaction() as cur:
            row = cur.execute(
                "INSERT INTO offerings (quartier_id, title, kind) VALUES (?, ?, ?) RETURNING id",
                [self.quartier_id, title, kind],
            ).fetchone()
        assert row is not None
        return int(row[0])

    def session(
        self, offering_id: int, held_on: date, people: int, languages: Sequence[str] = ()
    ) -> int:
        with self.db.transaction() as cur:
            row = cur.execute(
                "INSERT INTO offering_sessions (quartier_id, offering_id, held_on, people)"
                " VALUES (?, ?, ?, ?) RETURNING id",
                [self.quartier_id, offering_id, held_on, people],
            ).fetchone()
            assert row is not None
            for language in languages:
                cur.execute(
                    "INSERT INTO offering_session_languages (quartier_id, session_id, language)"
                    " VALUES (?, ?, ?)",
                    [self.quartier_id, row[0], language],
                )
        return int(row[0])

    def shares(self, shares: Mapping[str, float]) -> None:
        with self.db.transaction() as cur:
            for language, share in shares.items():
                cur.execute(
                    "INSERT INTO population_shares (quartier_id, language, share) VALUES (?, ?, ?)",
                    [self.quartier_id, language, share],
                )

    def actor(self, active_from: date | None = None, active_to: date | None = None) -> int:
        with self.db.transaction() as cur:
            row = cur.execute(
                "INSERT INTO actors (quartier_id, name, actor_type, active_from, active_to)"
                " VALUES (?, ?, 'kita', ?, ?) RETURNING id",
                [self.quartier_id, f"Kita {next(_SERIAL)}", active_from, active_to],
            ).fetchone()
        assert row is not None
        return int(row[0])

    def tie(
        self, source: int, target: int, starts_on: date | None = None, ends_on: date | None = None
    ) -> int:
        with self.db.transaction() as cur:
            row = cur.execute(
                "INSERT INTO ties (quartier_id, source_id, target_id, tie_type, starts_on,"
                " ends_on) VALUES (?, ?, ?, 'kooperation', ?, ?) RETURNING id",
                [self.quartier_id, source, target, starts_on, ends_on],
            ).fetchone()
        assert row is not None
        return int(row[0])

    def measure(self, created: datetime, idea_id: int | None = None) -> int:
        """A measure created at ``created`` with its first status row (as create_measure)."""
        with self.db.transaction() as cur:
            row = cur.execute(
                "INSERT INTO measures (quartier_id, idea_id, title, created_at)"
                " VALUES (?, ?, 'Neue Bänke', ?) RETURNING id",
                [self.quartier_id, idea_id, created],
            ).fetchone()
            assert row is not None
            cur.execute(
                "INSERT INTO measure_status_changes (quartier_id, measure_id, status, changed_at)"
                " VALUES (?, ?, 'geplant', ?)",
                [self.quartier_id, row[0], created],
            )
        return int(row[0])

    def status(self, measure_id: int, status: str, when: datetime) -> None:
        with self.db.transaction() as cur:
            cur.execute("UPDATE measures SET status = ? WHERE id = ?", [status, measure_id])
            cur.execute(
                "INSERT INTO measure_status_changes (quartier_id, measure_id, status, changed_at)"
                " VALUES (?, ?, ?, ?)",
                [self.quartier_id, measure_id, status, when],
            )


@pytest.fixture
def nord(world: World) -> Rows:
    return Rows(world.db, world.nord.id)


@pytest.fixture
def sued(world: World) -> Rows:
    return Rows(world.db, world.sued.id)

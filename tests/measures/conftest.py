"""Fixtures for measures: working groups and ideas chosen in closed rounds, set up in SQL.

The prioritisation code is written alongside; these tests only need the rows that make
an idea "chosen" (quartier.ideas.stages.CHOSEN_SQL), so they insert them directly.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from quartier.network import ActorType, add_actor_in
from quartier.storage import Database
from tests.conftest import World

_HASHES = itertools.count(1)
CLOSED = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)


def add_group(db: Database, quartier_id: int, name: str = "Kinder & Jugend") -> int:
    with db.transaction() as cur:
        row = cur.execute(
            "INSERT INTO working_groups (quartier_id, name) VALUES (?, ?) RETURNING id",
            [quartier_id, name],
        ).fetchone()
    assert row is not None
    return int(row[0])


def add_idea(
    db: Database, quartier_id: int, title: str = "Bank am Spielplatz", group_id: int | None = None
) -> int:
    with db.transaction() as cur:
        row = cur.execute(
            "INSERT INTO ideas (quartier_id, receipt_hash, title, language, channel, status,"
            " group_id) VALUES (?, ?, ?, 'de', 'online', 'veroeffentlicht', ?) RETURNING id",
            [quartier_id, f"hash-{next(_HASHES)}", title, group_id],
        ).fetchone()
    assert row is not None
    return int(row[0])


def add_round(
    db: Database,
    quartier_id: int,
    group_id: int,
    results: dict[int, str],
    *,
    closed: bool = True,
) -> int:
    """A dot-voting round over ``results`` (idea id → outcome), closed unless told."""
    with db.transaction() as cur:
        row = cur.execute(
            "INSERT INTO rounds (quartier_id, group_id, title, method, closes_at, closed_at)"
            " VALUES (?, ?, 'Frühjahrsrunde', 'punkte', ?, ?) RETURNING id",
            [quartier_id, group_id, CLOSED, CLOSED if closed else None],
        ).fetchone()
        assert row is not None
        round_id = int(row[0])
        for rank, (idea_id, outcome) in enumerate(results.items(), start=1):
            cur.execute(
                "INSERT INTO round_ideas (quartier_id, round_id, idea_id) VALUES (?, ?, ?)",
                [quartier_id, round_id, idea_id],
            )
            if closed:
                reason = "oben" if outcome == "ausgewaehlt" else "niedrigerer_rang"
                cur.execute(
                    "INSERT INTO round_results (quartier_id, round_id, idea_id, rank, score,"
                    " outcome, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [quartier_id, round_id, idea_id, rank, 10 - rank, outcome, reason],
                )
    return round_id


def settle(db: Database, quartier_id: int, round_id: int, idea_id: int, is_chosen: bool) -> None:
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO round_decisions (quartier_id, round_id, idea_id, is_chosen, decided_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [quartier_id, round_id, idea_id, is_chosen, CLOSED + timedelta(days=1)],
        )


def add_actor(db: Database, quartier_id: int, name: str = "Grundschule am Park") -> int:
    with db.transaction() as cur:
        return add_actor_in(cur, quartier_id, name, ActorType.SCHOOL).id


def chosen_idea(db: Database, quartier_id: int, title: str = "Bank am Spielplatz") -> int:
    """An idea of the Quartier's group, chosen (rank 1) in a closed dot-voting round."""
    group_id = add_group(db, quartier_id)
    idea_id = add_idea(db, quartier_id, title, group_id)
    add_round(db, quartier_id, group_id, {idea_id: "ausgewaehlt"})
    return idea_id


def snapshot(db: Database) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Every measure and milestone row, to prove a refused action stored nothing."""
    with db.read() as cur:
        return (
            cur.execute("SELECT * FROM measures ORDER BY id").fetchall(),
            cur.execute("SELECT * FROM milestones ORDER BY id").fetchall(),
        )


@dataclass(frozen=True)
class Nord:
    """The world plus a chosen idea of Quartier Nord and its working group."""

    world: World
    idea_id: int
    group_id: int

    @property
    def db(self) -> Database:
        return self.world.db


@pytest.fixture
def nord(world: World) -> Nord:
    idea_id = chosen_idea(world.db, world.nord.id)
    with world.db.read() as cur:
        row = cur.execute("SELECT group_id FROM ideas WHERE id = ?", [idea_id]).fetchone()
    assert row is not None
    return Nord(world, idea_id, int(row[0]))

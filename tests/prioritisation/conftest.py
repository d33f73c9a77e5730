"""A working group with members and published ideas, written with plain SQL (the ideas
package is built alongside and is not needed to test rounds)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from quartier.auth import Role, User
from quartier.auth.accounts import create_user_in
from quartier.storage import Database
from quartier.storage.db import Cursor
from tests.conftest import World

SOON = datetime.now(UTC) + timedelta(days=7)


def add_group(cur: Cursor, quartier_id: int, name: str, members: Sequence[User]) -> int:
    row = cur.execute(
        "INSERT INTO working_groups (quartier_id, name) VALUES (?, ?) RETURNING id",
        [quartier_id, name],
    ).fetchone()
    assert row is not None
    for member in members:
        cur.execute(
            "INSERT INTO working_group_members (quartier_id, group_id, user_id) VALUES (?, ?, ?)",
            [quartier_id, row[0], member.id],
        )
    return int(row[0])


_receipts = iter(range(10**9))


def add_ideas(
    cur: Cursor, quartier_id: int, titles: Sequence[str], status: str = "veroeffentlicht"
) -> list[int]:
    ids = []
    for title in titles:
        row = cur.execute(
            "INSERT INTO ideas (quartier_id, receipt_hash, title, language, channel, status)"
            " VALUES (?, ?, ?, 'de', 'online', ?) RETURNING id",
            [quartier_id, f"test-receipt-{next(_receipts)}", title, status],
        ).fetchone()
        assert row is not None
        ids.append(int(row[0]))
    return ids


def add_members(cur: Cursor, quartier_id: int, prefix: str, count: int) -> list[User]:
    return [
        create_user_in(cur, f"{prefix}{i:03d}", None, Role.MEMBER, f"{prefix} {i}", [quartier_id])
        for i in range(count)
    ]


@dataclass(frozen=True)
class Setup:
    """Nord: group "Kinder & Jugend" (member, alice, bert) and "Interkulturelles" (carla);
    five published ideas and one still submitted. Süd: a group with dora, one idea."""

    world: World
    db: Database
    group: int
    other_group: int
    sued_group: int
    alice: User
    bert: User
    carla: User
    dora: User
    ideas: list[int]
    unpublished: int
    sued_idea: int

    @property
    def voters(self) -> list[int]:
        return [u.id for u in (self.world.member, self.alice, self.bert) if u.id is not None]


@pytest.fixture
def ag(world: World) -> Setup:
    nord, sued = world.nord.id, world.sued.id
    with world.db.transaction() as cur:
        alice = create_user_in(cur, "alice", None, Role.MEMBER, "Alice Arslan", [nord])
        bert = create_user_in(cur, "bert", None, Role.MEMBER, "", [nord])
        carla = create_user_in(cur, "carla", None, Role.MEMBER, "Carla Celik", [nord])
        dora = create_user_in(cur, "dora", None, Role.MEMBER, "Dora Dąbrowska", [sued])
        group = add_group(cur, nord, "Kinder & Jugend", [world.member, alice, bert])
        other = add_group(cur, nord, "Interkulturelles", [carla])
        sued_group = add_group(cur, sued, "AG Süd", [dora])
        ideas = add_ideas(
            cur,
            nord,
            ["Bank am Spielplatz", "Hoffest", "Sprachcafé", "Bücherschrank", "Graffiti-Wand"],
        )
        (unpublished,) = add_ideas(cur, nord, ["Noch nicht geprüft"], status="eingereicht")
        (sued_idea,) = add_ideas(cur, sued, ["Idee aus Süd"])
    return Setup(
        world, world.db, group, other, sued_group, alice, bert, carla, dora, ideas,
        unpublished, sued_idea,
    )  # fmt: skip

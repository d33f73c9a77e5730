"""Building blocks for the ideas tests: ideas in a given state, rounds and measures by SQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from quartier.auth import Role, User
from quartier.auth.accounts import create_user_in
from quartier.ideas import Idea, IdeaStatus, Receipt, WorkingGroup, create_group, submit_idea
from quartier.ideas.moderation import mark_duplicate, publish_idea, reject_idea
from quartier.storage import Database
from tests.conftest import World


def submit(world: World, title: str = "Bänke am Spielplatz", **kwargs: object) -> Receipt:
    quartier_id = kwargs.pop("quartier_id", world.nord.id)
    kwargs.setdefault("language", "de")
    return submit_idea(world.db, quartier_id, title, **kwargs)  # type: ignore[arg-type]


def published(world: World, title: str = "Bänke am Spielplatz", **kwargs: object) -> Idea:
    receipt = submit(world, title, **kwargs)
    user = world.coordinator if receipt.idea.quartier_id == world.nord.id else world.admin
    return publish_idea(world.db, user, receipt.idea.id)


def in_status(world: World, status: IdeaStatus, title: str = "Eine Idee") -> Idea:
    """A nord idea brought to ``status`` the way coordinators do it."""
    idea = submit(world, title).idea
    if status is IdeaStatus.PUBLISHED:
        return publish_idea(world.db, world.coordinator, idea.id)
    if status is IdeaStatus.REJECTED:
        return reject_idea(world.db, world.coordinator, idea.id, "Passt nicht ins Quartier")
    if status is IdeaStatus.DUPLICATE:
        original = published(world, f"Original von {title}")
        return mark_duplicate(world.db, world.coordinator, idea.id, original.id)
    return idea


def account(world: World, username: str, quartier_ids: list[int], role: Role = Role.MEMBER) -> User:
    with world.db.transaction() as cur:
        return create_user_in(cur, username, None, role, username.title(), quartier_ids)


def group(
    world: World, name: str = "Kinder & Jugend", quartier_id: int | None = None
) -> WorkingGroup:
    qid = world.nord.id if quartier_id is None else quartier_id
    user = world.coordinator if qid == world.nord.id else world.coordinator_sued
    return create_group(world.db, user, qid, name)


def count(db: Database, table: str) -> int:
    assert table in {"ideas", "idea_history", "idea_supports", "working_groups",
                     "working_group_members", "working_group_meetings"}  # fmt: skip
    with db.read() as cur:
        row = cur.execute(f"SELECT count(*) FROM {table}").fetchone()
    assert row is not None
    return int(row[0])


def history(db: Database, idea_id: int) -> list[tuple[str, str]]:
    with db.read() as cur:
        rows = cur.execute(
            "SELECT action, detail FROM idea_history WHERE idea_id = ? ORDER BY happened_at, rowid",
            [idea_id],
        ).fetchall()
    return [(str(a), str(d)) for a, d in rows]


NOON = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def open_round(db: Database, quartier_id: int, group_id: int, idea_ids: list[int],
               created_at: datetime = NOON) -> int:  # fmt: skip
    with db.transaction() as cur:
        row = cur.execute(
            "INSERT INTO rounds (quartier_id, group_id, title, method, closes_at, created_at)"
            " VALUES (?, ?, 'Runde', 'punkte', ?, ?) RETURNING id",
            [quartier_id, group_id, created_at + timedelta(days=7), created_at],
        ).fetchone()
        assert row is not None
        cur.execute(
            "INSERT INTO round_ideas (quartier_id, round_id, idea_id) SELECT ?, ?, unnest(?)",
            [quartier_id, row[0], idea_ids],
        )
    return int(row[0])


def close_round(db: Database, round_id: int, outcomes: dict[int, str],
                closed_at: datetime = NOON + timedelta(days=7)) -> None:  # fmt: skip
    with db.transaction() as cur:
        cur.execute("UPDATE rounds SET closed_at = ? WHERE id = ?", [closed_at, round_id])
        for rank, (idea_id, outcome) in enumerate(outcomes.items(), start=1):
            cur.execute(
                "INSERT INTO round_results SELECT quartier_id, id, ?, ?, 1.0, ?, 'oben'"
                " FROM rounds WHERE id = ?",
                [idea_id, rank, outcome, round_id],
            )


def decide(db: Database, round_id: int, idea_id: int, is_chosen: bool, when: datetime) -> None:
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO round_decisions (quartier_id, round_id, idea_id, is_chosen, decided_at)"
            " SELECT quartier_id, id, ?, ?, ? FROM rounds WHERE id = ?",
            [idea_id, is_chosen, when, round_id],
        )


def add_measure(db: Database, quartier_id: int, idea_id: int, status: str = "geplant",
                created_at: datetime = NOON + timedelta(days=10),
                done_on: tuple[date | None, ...] = ()) -> int:  # fmt: skip
    with db.transaction() as cur:
        row = cur.execute(
            "INSERT INTO measures (quartier_id, idea_id, title, status, created_at)"
            " VALUES (?, ?, 'Maßnahme', ?, ?) RETURNING id",
            [quartier_id, idea_id, status, created_at],
        ).fetchone()
        assert row is not None
        for i, day in enumerate(done_on):
            cur.execute(
                "INSERT INTO milestones (quartier_id, measure_id, title, due_on, done_on)"
                " VALUES (?, ?, ?, ?, ?)",
                [quartier_id, row[0], f"Schritt {i}", date(2026, 6, 1), day],
            )
    return int(row[0])

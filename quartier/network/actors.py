"""Actors of a Quartier: reading and the low-level insert every writer uses.

An actor's fields of action live in ``actor_fields`` (see migration 0004); the legacy
list column ``actors.fields_of_action`` is written empty and never read.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from quartier.errors import ValidationError
from quartier.network.checks import check_actor
from quartier.network.model import Actor, ActorDraft, ActorType, FieldOfAction
from quartier.storage import Database
from quartier.storage.db import Cursor

#: Columns of ``actors a`` plus its fields of action, in the order :func:`actor_from_row` reads.
ACTOR_SELECT = (
    "SELECT a.id, a.quartier_id, a.name, a.actor_type,"
    " coalesce((SELECT list(f.field ORDER BY f.field) FROM actor_fields f"
    " WHERE f.actor_id = a.id), []) AS fields,"
    " a.contact_role, a.active_from, a.active_to, a.notes, a.created_at, a.updated_at"
    " FROM actors a"
)


def actor_from_row(row: Sequence[object]) -> Actor:
    return Actor(
        id=int(row[0]),  # type: ignore[call-overload]
        quartier_id=int(row[1]),  # type: ignore[call-overload]
        name=str(row[2]),
        actor_type=ActorType(str(row[3])),
        fields_of_action=tuple(FieldOfAction(f) for f in row[4]),  # type: ignore[attr-defined]
        contact_role=str(row[5]),
        active_from=row[6],  # type: ignore[arg-type]
        active_to=row[7],  # type: ignore[arg-type]
        notes=str(row[8]),
        created_at=row[9],  # type: ignore[arg-type]
        updated_at=row[10],  # type: ignore[arg-type]
    )


def insert_actor_in(
    cur: Cursor, quartier_id: int, draft: ActorDraft, created_by: int | None = None
) -> Actor:
    """Check and insert one actor inside an open transaction (no name-uniqueness check)."""
    draft = check_actor(draft)
    row = cur.execute(
        "INSERT INTO actors (quartier_id, name, actor_type, contact_role, active_from,"
        " active_to, notes, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [
            quartier_id,
            draft.name,
            draft.actor_type.value,
            draft.contact_role,
            draft.active_from,
            draft.active_to,
            draft.notes,
            created_by,
        ],
    ).fetchone()
    assert row is not None
    actor_id = int(row[0])
    write_fields_in(cur, quartier_id, actor_id, draft.fields_of_action)
    return Actor(
        actor_id, quartier_id, draft.name, draft.actor_type, draft.fields_of_action,
        draft.contact_role, draft.active_from, draft.active_to, draft.notes,
    )  # fmt: skip


def write_fields_in(
    cur: Cursor, quartier_id: int, actor_id: int, fields: Sequence[FieldOfAction]
) -> None:
    """Replace the fields of action of one actor."""
    cur.execute("DELETE FROM actor_fields WHERE actor_id = ?", [actor_id])
    if fields:
        cur.execute(
            "INSERT INTO actor_fields (quartier_id, actor_id, field)"
            " SELECT ?, ?, unnest(?::VARCHAR[])",
            [quartier_id, actor_id, [f.value for f in dict.fromkeys(fields)]],
        )


def add_actor_in(
    cur: Cursor,
    quartier_id: int,
    name: str,
    actor_type: ActorType,
    fields_of_action: Sequence[FieldOfAction] = (),
    contact_role: str = "",
    active_from: date | None = None,
    active_to: date | None = None,
) -> Actor:
    """Insert one actor inside an open transaction (positional form used by the demo)."""
    draft = ActorDraft(
        name, actor_type, tuple(fields_of_action), contact_role, active_from, active_to
    )
    return insert_actor_in(cur, quartier_id, draft)


def list_actors(db: Database, quartier_id: int) -> list[Actor]:
    """The actors of one Quartier, by name."""
    with db.read() as cur:
        rows = cur.execute(
            f"{ACTOR_SELECT} WHERE a.quartier_id = ? ORDER BY a.name, a.id", [quartier_id]
        ).fetchall()
    return [actor_from_row(r) for r in rows]


def actor_counts_by_type(db: Database, quartier_id: int, day: date) -> list[tuple[ActorType, int]]:
    """How many actors of each type are active on ``day`` (largest first, "andere" last)."""
    with db.read() as cur:
        rows = cur.execute(
            "SELECT actor_type, count(*) AS n FROM actors WHERE quartier_id = ?"
            " AND (active_from IS NULL OR active_from <= ?)"
            " AND (active_to IS NULL OR active_to >= ?)"
            " GROUP BY actor_type ORDER BY actor_type = 'andere', n DESC, actor_type",
            [quartier_id, day, day],
        ).fetchall()
    return [(ActorType(r[0]), int(r[1])) for r in rows]


def find_actor_by_name_in(cur: Cursor, quartier_id: int, name: str) -> int | None:
    """The id of the actor called ``name`` (case and spacing ignored) in the Quartier."""
    row = cur.execute(
        "SELECT id FROM actors WHERE quartier_id = ? AND lower(name) = lower(?)",
        [quartier_id, " ".join(name.split())],
    ).fetchone()
    return None if row is None else int(row[0])


def update_actor_in(cur: Cursor, actor: Actor, draft: ActorDraft, updated_by: int | None) -> Actor:
    """Check and store new values for one actor inside an open transaction."""
    draft = check_actor(draft)
    cur.execute(
        "UPDATE actors SET name = ?, actor_type = ?, contact_role = ?, active_from = ?,"
        " active_to = ?, notes = ?, updated_by = ?, updated_at = now() WHERE id = ?",
        [
            draft.name,
            draft.actor_type.value,
            draft.contact_role,
            draft.active_from,
            draft.active_to,
            draft.notes,
            updated_by,
            actor.id,
        ],
    )
    if set(draft.fields_of_action) != set(actor.fields_of_action):
        write_fields_in(cur, actor.quartier_id, actor.id, draft.fields_of_action)
    return Actor(
        actor.id, actor.quartier_id, draft.name, draft.actor_type, draft.fields_of_action,
        draft.contact_role, draft.active_from, draft.active_to, draft.notes, actor.created_at,
    )  # fmt: skip


def actor_uses_in(cur: Cursor, actor_id: int) -> dict[str, int]:
    """What refers to an actor: ties, working-group memberships, measures, event links."""
    row = cur.execute(
        "SELECT (SELECT count(*) FROM ties WHERE source_id = $a OR target_id = $a),"
        " (SELECT count(*) FROM working_group_members WHERE actor_id = $a),"
        " (SELECT count(*) FROM measures WHERE responsible_actor_id = $a)"
        " + (SELECT count(*) FROM measure_actors WHERE actor_id = $a),"
        " (SELECT count(*) FROM event_actors WHERE actor_id = $a)",
        {"a": actor_id},
    ).fetchone()
    assert row is not None
    return {"ties": int(row[0]), "groups": int(row[1]), "measures": int(row[2]),
            "events": int(row[3])}  # fmt: skip


def in_use_error(cur: Cursor, actor: Actor, field: str = "actor") -> ValidationError | None:
    """``errors.actor_in_use`` with what refers to the actor, or None when nothing does."""
    uses = actor_uses_in(cur, actor.id)
    if not any(uses.values()):
        return None
    return ValidationError(
        "errors.actor_in_use", field=field, name=actor.name, ties=uses["ties"],
        groups=uses["groups"], measures=uses["measures"], events=uses["events"],
    )  # fmt: skip


def delete_actor_row_in(cur: Cursor, actor: Actor) -> ValidationError | None:
    """The second step of deleting an actor whose ``actor_fields`` rows went in an earlier,
    committed transaction (DuckDB refuses to delete a row whose referencing rows were
    deleted in the same transaction). Should something have started to use the actor in
    between, its fields come back and the error is returned (not raised, so that the
    fields are committed)."""
    if get_actor_in(cur, actor.id) is None:
        return None
    error = in_use_error(cur, actor)
    if error is not None:
        write_fields_in(cur, actor.quartier_id, actor.id, actor.fields_of_action)
        return error
    cur.execute("DELETE FROM actors WHERE id = ?", [actor.id])
    return None


def get_actor_in(cur: Cursor, actor_id: int) -> Actor | None:
    row = cur.execute(f"{ACTOR_SELECT} WHERE a.id = ?", [actor_id]).fetchone()
    return None if row is None else actor_from_row(row)

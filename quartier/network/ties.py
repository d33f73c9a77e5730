"""Ties between actors: reading and the low-level writes every writer uses.

The ``*_in`` functions run inside an open transaction and check everything a single
tie can break: the pure rules (:func:`check_tie`), that both actors belong to the
Quartier, and that no stored tie is duplicated.
"""

from __future__ import annotations

from collections.abc import Sequence

from quartier.errors import ValidationError
from quartier.network.checks import check_tie, duplicate_of
from quartier.network.model import Tie, TieDraft, TieType
from quartier.storage import Database
from quartier.storage.db import Cursor

#: Columns of ``ties t`` plus who entered it, in the order :func:`tie_from_row` reads.
TIE_SELECT = (
    "SELECT t.id, t.quartier_id, t.source_id, t.target_id, t.tie_type, t.strength,"
    " t.starts_on, t.ends_on, t.notes, t.created_by, t.created_at,"
    " coalesce(nullif(u.display_name, ''), u.username, '') AS entered_by, t.updated_at"
    " FROM ties t LEFT JOIN users u ON u.id = t.created_by"
)


def tie_from_row(row: Sequence[object]) -> Tie:
    return Tie(
        id=int(row[0]),  # type: ignore[call-overload]
        quartier_id=int(row[1]),  # type: ignore[call-overload]
        source_id=int(row[2]),  # type: ignore[call-overload]
        target_id=int(row[3]),  # type: ignore[call-overload]
        tie_type=TieType(str(row[4])),
        strength=int(row[5]),  # type: ignore[call-overload]
        starts_on=row[6],  # type: ignore[arg-type]
        ends_on=row[7],  # type: ignore[arg-type]
        notes=str(row[8]),
        created_by=None if row[9] is None else int(row[9]),  # type: ignore[call-overload]
        created_at=row[10],  # type: ignore[arg-type]
        entered_by=str(row[11]),
        updated_at=row[12],  # type: ignore[arg-type]
    )


def ties_of_quartier_in(cur: Cursor, quartier_id: int) -> list[Tie]:
    rows = cur.execute(
        f"{TIE_SELECT} WHERE t.quartier_id = ? ORDER BY t.id", [quartier_id]
    ).fetchall()
    return [tie_from_row(r) for r in rows]


def list_ties(db: Database, quartier_id: int) -> list[Tie]:
    """Every tie of one Quartier, past and present, oldest entry first."""
    with db.read() as cur:
        return ties_of_quartier_in(cur, quartier_id)


def _check_stored(cur: Cursor, quartier_id: int, draft: TieDraft, ignore_id: int | None) -> None:
    row = cur.execute(
        "SELECT count(*) FROM actors WHERE quartier_id = ? AND id IN (?, ?)",
        [quartier_id, draft.source_id, draft.target_id],
    ).fetchone()
    if row is None or int(row[0]) != 2:
        raise ValidationError("errors.tie_actor_unknown", field="target_id")
    rows = cur.execute(
        f"{TIE_SELECT} WHERE t.quartier_id = ? AND t.tie_type = ?"
        " AND ((t.source_id = ? AND t.target_id = ?) OR (t.source_id = ? AND t.target_id = ?))",
        [quartier_id, draft.tie_type.value, draft.source_id, draft.target_id,
         draft.target_id, draft.source_id],
    ).fetchall()  # fmt: skip
    twin = duplicate_of(draft, (tie_from_row(r) for r in rows), ignore_id)
    if twin is not None:
        raise ValidationError("errors.tie_duplicate", field="target_id", tie=twin.id)


def insert_tie_in(
    cur: Cursor, quartier_id: int, draft: TieDraft, created_by: int | None = None
) -> Tie:
    """Check and insert one tie inside an open transaction."""
    draft = check_tie(draft)
    _check_stored(cur, quartier_id, draft, None)
    row = cur.execute(
        "INSERT INTO ties (quartier_id, source_id, target_id, tie_type, strength, starts_on,"
        " ends_on, notes, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [quartier_id, draft.source_id, draft.target_id, draft.tie_type.value, draft.strength,
         draft.starts_on, draft.ends_on, draft.notes, created_by],
    ).fetchone()  # fmt: skip
    assert row is not None
    tie = get_tie_in(cur, int(row[0]))
    assert tie is not None
    return tie


def update_tie_in(cur: Cursor, tie: Tie, draft: TieDraft, updated_by: int | None) -> Tie:
    """Check and store new values for one tie inside an open transaction."""
    draft = check_tie(draft)
    _check_stored(cur, tie.quartier_id, draft, tie.id)
    cur.execute(
        "UPDATE ties SET source_id = ?, target_id = ?, tie_type = ?, strength = ?,"
        " starts_on = ?, ends_on = ?, notes = ?, updated_by = ?, updated_at = now()"
        " WHERE id = ?",
        [draft.source_id, draft.target_id, draft.tie_type.value, draft.strength,
         draft.starts_on, draft.ends_on, draft.notes, updated_by, tie.id],
    )  # fmt: skip
    updated = get_tie_in(cur, tie.id)
    assert updated is not None
    return updated


def delete_tie_in(cur: Cursor, tie_id: int) -> None:
    cur.execute("DELETE FROM ties WHERE id = ?", [tie_id])


def get_tie_in(cur: Cursor, tie_id: int) -> Tie | None:
    row = cur.execute(f"{TIE_SELECT} WHERE t.id = ?", [tie_id]).fetchone()
    return None if row is None else tie_from_row(row)

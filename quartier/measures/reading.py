"""Reading measures with their milestones: one, a Quartier's list, and the public view
of an idea's measure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from quartier.errors import NotFoundError
from quartier.measures.model import Measure, MeasureStatus, MeasureView, Milestone
from quartier.storage import Database
from quartier.storage.db import Cursor

LIST_LIMIT = 500  # measures per list; a Quartier has a few dozen

# Running measures first, then planned, done and cancelled ones.
_STATUS_ORDER = (
    "CASE status WHEN 'in_umsetzung' THEN 0 WHEN 'geplant' THEN 1"
    " WHEN 'umgesetzt' THEN 2 ELSE 3 END"
)
_COLUMNS = (
    "id, quartier_id, idea_id, group_id, title, description, responsible, responsible_actor_id,"
    " partners, budget_cents, starts_on, ends_on, status"
)
_NAMES = tuple(name.strip() for name in _COLUMNS.split(","))
_MILESTONE_COLUMNS = "id, measure_id, title, due_on, done_on"


def _measures(cur: Cursor, where: str, params: Sequence[object], limit: int) -> list[Measure]:
    """Measures matching ``where`` (a constant clause) with their milestones, in list order."""
    rows = cur.execute(
        f"SELECT {_COLUMNS} FROM measures WHERE {where}"
        f" ORDER BY {_STATUS_ORDER}, starts_on NULLS LAST, id LIMIT {int(limit)}",
        list(params),
    ).fetchall()
    if not rows:
        return []
    stones: dict[int, list[Milestone]] = {}
    for row in cur.execute(
        f"SELECT {_MILESTONE_COLUMNS} FROM milestones"
        " WHERE measure_id IN (SELECT unnest(?::BIGINT[])) ORDER BY due_on, id",
        [[r[0] for r in rows]],
    ).fetchall():
        stones.setdefault(row[1], []).append(Milestone(*row))
    measures = []
    for r in rows:
        record: dict[str, Any] = dict(zip(_NAMES, r, strict=True))
        record["status"] = MeasureStatus(record["status"])
        measures.append(Measure(**record, milestones=tuple(stones.get(record["id"], ()))))
    return measures


def _measure(cur: Cursor, measure_id: int) -> Measure:
    found = _measures(cur, "id = ?", [measure_id], 1)
    if not found:
        raise NotFoundError("errors.measure_unknown", field="measure", value=measure_id)
    return found[0]


def get_measure(db: Database, measure_id: int) -> Measure:
    """One measure with its milestones; raises NotFoundError."""
    with db.read() as cur:
        return _measure(cur, measure_id)


def list_measures(db: Database, quartier_id: int, group_id: int | None = None) -> list[Measure]:
    """The Quartier's measures (of one working group if given): running, planned, done,
    cancelled, each by start; at most LIST_LIMIT."""
    with db.read() as cur:
        if group_id is None:
            return _measures(cur, "quartier_id = ?", [quartier_id], LIST_LIMIT)
        return _measures(
            cur, "quartier_id = ? AND group_id = ?", [quartier_id, group_id], LIST_LIMIT
        )


def public_view(measure: Measure) -> MeasureView:
    """The public part of a measure."""
    return MeasureView(
        title=measure.title,
        status=measure.status,
        progress=measure.progress,
        starts_on=measure.starts_on,
        ends_on=measure.ends_on,
        milestones=tuple((m.title, m.due_on, m.done_on is not None) for m in measure.milestones),
    )


def measure_of_idea(db: Database, idea_id: int) -> MeasureView | None:
    """The public view of the idea's latest measure (cancelled ones included), or None."""
    with db.read() as cur:
        row = cur.execute("SELECT max(id) FROM measures WHERE idea_id = ?", [idea_id]).fetchone()
        if row is None or row[0] is None:
            return None
        return public_view(_measure(cur, row[0]))

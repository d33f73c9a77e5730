"""Measures (Maßnahmen): what a chosen idea becomes, with milestones and a public status.

A measure has a responsible (free text, optionally an actor of the network), partners,
a budget, a period and a status. Its progress is the share of milestones done — derived,
never typed — and "umgesetzt" is only possible once every milestone is done, so the two
always agree.

DuckDB cannot change an indexed column (primary key or foreign key) of a row that another
table references, and milestones reference measures: updates here touch only plain
columns and re-read the row instead of ``UPDATE ... RETURNING``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from quartier.auth.permissions import Action, User, can
from quartier.errors import NotFoundError, PermissionDenied, ValidationError
from quartier.i18n import DISPLAY_TZ
from quartier.ideas.stages import CHOSEN_SQL
from quartier.storage import Database
from quartier.storage.db import Cursor

MAX_TITLE = 120
MAX_DESCRIPTION = 4000
MAX_RESPONSIBLE = 200
MAX_PARTNERS = 500
MAX_BUDGET_CENTS = 10_000_000_000  # 100 million euros: far above any Quartier budget
LIST_LIMIT = 500  # measures per list; a Quartier has a few dozen


class MeasureStatus(StrEnum):
    """Mirrors the CHECK constraint on ``measures.status``."""

    PLANNED = "geplant"
    ACTIVE = "in_umsetzung"
    DONE = "umgesetzt"
    CANCELLED = "abgebrochen"


# Where a measure may go from each status; "umgesetzt" can be reopened, "abgebrochen" revived.
TRANSITIONS: Mapping[MeasureStatus, tuple[MeasureStatus, ...]] = {
    MeasureStatus.PLANNED: (MeasureStatus.ACTIVE, MeasureStatus.CANCELLED),
    MeasureStatus.ACTIVE: (MeasureStatus.DONE, MeasureStatus.CANCELLED, MeasureStatus.PLANNED),
    MeasureStatus.DONE: (MeasureStatus.ACTIVE,),
    MeasureStatus.CANCELLED: (MeasureStatus.PLANNED,),
}

# One message per current status: it names the status and the ways out of it.
_REFUSED_FROM: Mapping[MeasureStatus, str] = {
    MeasureStatus.PLANNED: "errors.measure_status_from_geplant",
    MeasureStatus.ACTIVE: "errors.measure_status_from_in_umsetzung",
    MeasureStatus.DONE: "errors.measure_status_from_umgesetzt",
    MeasureStatus.CANCELLED: "errors.measure_status_from_abgebrochen",
}

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


@dataclass(frozen=True)
class Milestone:
    id: int
    measure_id: int
    title: str
    due_on: date
    done_on: date | None


@dataclass(frozen=True)
class Measure:
    id: int
    quartier_id: int
    idea_id: int | None
    group_id: int | None
    title: str
    description: str
    responsible: str
    responsible_actor_id: int | None
    partners: str
    budget_cents: int | None
    starts_on: date | None
    ends_on: date | None
    status: MeasureStatus
    milestones: tuple[Milestone, ...]

    @property
    def progress(self) -> float:
        """Share of milestones done, 0.0 without milestones."""
        return share_done(sum(m.done_on is not None for m in self.milestones), len(self.milestones))


@dataclass(frozen=True)
class MeasureView:
    """What residents see on the board and the receipt page: no names, no budget."""

    title: str
    status: MeasureStatus
    progress: float
    starts_on: date | None
    ends_on: date | None
    milestones: tuple[tuple[str, date, bool], ...]  # (title, due_on, done)


# --- pure rules ------------------------------------------------------------------------


def share_done(done: int, total: int) -> float:
    """Progress as a share in [0, 1]; no milestones means no progress yet.

    >>> share_done(0, 0)
    0.0
    >>> share_done(1, 4)
    0.25
    >>> share_done(3, 3)
    1.0
    """
    return done / total if total else 0.0


def next_statuses(status: MeasureStatus) -> tuple[MeasureStatus, ...]:
    """The statuses a measure may move to from ``status`` (for the page's buttons).

    >>> [s.value for s in next_statuses(MeasureStatus.PLANNED)]
    ['in_umsetzung', 'abgebrochen']
    >>> [s.value for s in next_statuses(MeasureStatus.DONE)]
    ['in_umsetzung']
    """
    return TRANSITIONS[status]


def check_transition(current: MeasureStatus, target: MeasureStatus) -> None:
    """Raise ValidationError (naming ``current``) unless ``current`` may move to ``target``.

    Staying in the same status is not a move and always passes (a double click).

    >>> check_transition(MeasureStatus.PLANNED, MeasureStatus.ACTIVE)
    >>> check_transition(MeasureStatus.CANCELLED, MeasureStatus.DONE)
    Traceback (most recent call last):
    ...
    quartier.errors.ValidationError: Die Maßnahme ist abgebrochen und kann nicht direkt auf „umgesetzt“ gesetzt werden. Möglich ist nur „geplant“ (wieder aufnehmen).
    """  # noqa: E501
    if target != current and target not in TRANSITIONS[current]:
        raise ValidationError(
            _REFUSED_FROM[current], field="status", label=f"measure.status.{target.value}"
        )


def _too_long(field: str, label: str, value: str, limit: int) -> ValidationError:
    return ValidationError(
        "errors.text_too_long", field=field, label=label, length=len(value), limit=limit
    )


@dataclass(frozen=True)
class _Fields:
    title: str
    description: str
    responsible: str
    partners: str
    budget_cents: int | None
    starts_on: date | None
    ends_on: date | None


def _clean(
    title: str,
    description: str,
    responsible: str,
    partners: str,
    budget_cents: int | None,
    starts_on: date | None,
    ends_on: date | None,
) -> _Fields:
    """Trim and check the plain fields of a measure; raises ValidationError."""
    title = " ".join(title.split())
    if not title:
        raise ValidationError("errors.measure_title_missing", field="title")
    fields = _Fields(
        title,
        description.strip(),
        responsible.strip(),
        partners.strip(),
        budget_cents,
        starts_on,
        ends_on,
    )
    for name, label, value, limit in (
        ("title", "field.title", fields.title, MAX_TITLE),
        ("description", "field.description", fields.description, MAX_DESCRIPTION),
        ("responsible", "field.responsible", fields.responsible, MAX_RESPONSIBLE),
        ("partners", "field.partners", fields.partners, MAX_PARTNERS),
    ):
        if len(value) > limit:
            raise _too_long(name, label, value, limit)
    if budget_cents is not None and not 0 <= budget_cents <= MAX_BUDGET_CENTS:
        raise ValidationError("errors.measure_budget_range", field="budget_cents")
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        raise ValidationError("errors.measure_period", field="ends_on")
    return fields


def _clean_milestone_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise ValidationError("errors.milestone_title_missing", field="title")
    if len(title) > MAX_TITLE:
        raise _too_long("title", "field.milestone_title", title, MAX_TITLE)
    return title


def _today() -> date:
    return datetime.now(DISPLAY_TZ).date()


# --- reading ---------------------------------------------------------------------------


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


# --- checks against other tables --------------------------------------------------------


def _check_links(cur: Cursor, quartier_id: int, group_id: int | None, actor_id: int | None) -> None:
    """The working group and the responsible actor must belong to the Quartier."""
    row = cur.execute(
        "SELECT (SELECT count(*) FROM working_groups WHERE id = $group AND quartier_id = $q),"
        " (SELECT count(*) FROM actors WHERE id = $actor AND quartier_id = $q)",
        {"group": group_id, "actor": actor_id, "q": quartier_id},
    ).fetchone()
    assert row is not None
    if group_id is not None and not row[0]:
        raise ValidationError("errors.measure_group_unknown", field="group_id", value=group_id)
    if actor_id is not None and not row[1]:
        raise ValidationError(
            "errors.measure_actor_unknown", field="responsible_actor_id", value=actor_id
        )


def _live_measure_title(cur: Cursor, idea_id: int, other_than: int | None = None) -> str | None:
    """The title of a measure of the idea that is not cancelled (the idea is taken)."""
    row = cur.execute(
        "SELECT title FROM measures WHERE idea_id = ? AND status <> 'abgebrochen'"
        " AND id IS DISTINCT FROM ? ORDER BY id DESC LIMIT 1",
        [idea_id, other_than],
    ).fetchone()
    return None if row is None else str(row[0])


def _check_idea(cur: Cursor, quartier_id: int, idea_id: int) -> int:
    """Refuse an idea that is foreign, not chosen or already a measure; return its group.

    The group is that of the round that chose the idea (an idea's own assignment lives
    in its history, see ``quartier.ideas.stages.IDEA_GROUP_SQL``).
    """
    row = cur.execute(
        f"""WITH chosen AS ({CHOSEN_SQL})
        SELECT i.title,
            (SELECT r.group_id FROM chosen c JOIN rounds r ON r.id = c.round_id
             WHERE c.idea_id = i.id AND c.quartier_id = i.quartier_id
             ORDER BY c.chosen_at DESC LIMIT 1) AS round_group
        FROM ideas i WHERE i.id = ? AND i.quartier_id = ?""",
        [idea_id, quartier_id],
    ).fetchone()
    if row is None:
        raise ValidationError("errors.measure_idea_unknown", field="idea_id", value=idea_id)
    title, round_group = row
    if round_group is None:
        raise ValidationError("errors.measure_idea_not_chosen", field="idea_id", title=title)
    taken = _live_measure_title(cur, idea_id)
    if taken is not None:
        raise ValidationError(
            "errors.measure_idea_taken", field="idea_id", title=title, measure=taken
        )
    return int(round_group)


def _allowed(user: User, resource: Measure | int) -> None:
    if not can(user, Action.MANAGE_QUARTIER_CONTENT, resource):
        raise PermissionDenied("errors.not_allowed")


# --- actions ---------------------------------------------------------------------------


def create_measure(
    db: Database,
    user: User,
    quartier_id: int,
    title: str,
    *,
    idea_id: int | None = None,
    group_id: int | None = None,
    description: str = "",
    responsible: str = "",
    responsible_actor_id: int | None = None,
    partners: str = "",
    budget_cents: int | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Measure:
    """Turn a chosen idea (or a plan without one) into a measure, status "geplant".

    The idea must be the Quartier's, chosen in a closed round and without a measure that
    is not cancelled. Without ``group_id`` the idea's working group is taken. Raises
    PermissionDenied or ValidationError.
    """
    _allowed(user, quartier_id)
    f = _clean(title, description, responsible, partners, budget_cents, starts_on, ends_on)
    with db.transaction() as cur:
        if idea_id is not None:
            idea_group = _check_idea(cur, quartier_id, idea_id)
            group_id = idea_group if group_id is None else group_id
        _check_links(cur, quartier_id, group_id, responsible_actor_id)
        row = cur.execute(
            "INSERT INTO measures (quartier_id, idea_id, group_id, title, description,"
            " responsible, responsible_actor_id, partners, budget_cents, starts_on, ends_on,"
            " created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [
                quartier_id,
                idea_id,
                group_id,
                f.title,
                f.description,
                f.responsible,
                responsible_actor_id,
                f.partners,
                f.budget_cents,
                f.starts_on,
                f.ends_on,
                user.id,
            ],
        ).fetchone()
        assert row is not None
        return _measure(cur, row[0])


def update_measure(
    db: Database,
    user: User,
    measure_id: int,
    title: str,
    *,
    group_id: int | None = None,
    description: str = "",
    responsible: str = "",
    responsible_actor_id: int | None = None,
    partners: str = "",
    budget_cents: int | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Measure:
    """Replace the measure's fields with the given ones (the whole form).

    Raises NotFoundError, PermissionDenied or ValidationError.
    """
    with db.transaction() as cur:
        measure = _measure(cur, measure_id)
        _allowed(user, measure)
        f = _clean(title, description, responsible, partners, budget_cents, starts_on, ends_on)
        _check_links(cur, measure.quartier_id, group_id, responsible_actor_id)
        sets = "title = ?, description = ?, responsible = ?, partners = ?, budget_cents = ?,"
        sets += " starts_on = ?, ends_on = ?"
        params: list[object] = [
            f.title,
            f.description,
            f.responsible,
            f.partners,
            f.budget_cents,
            f.starts_on,
            f.ends_on,
        ]
        # Foreign-key columns are indexed: written only when they change.
        if group_id != measure.group_id:
            sets += ", group_id = ?"
            params.append(group_id)
        if responsible_actor_id != measure.responsible_actor_id:
            sets += ", responsible_actor_id = ?"
            params.append(responsible_actor_id)
        cur.execute(f"UPDATE measures SET {sets} WHERE id = ?", [*params, measure_id])
        return _measure(cur, measure_id)


def set_measure_status(db: Database, user: User, measure_id: int, status: MeasureStatus) -> Measure:
    """Move the measure along its allowed transitions.

    "umgesetzt" needs every milestone done; reviving a cancelled measure needs its idea
    free of any other live measure. Raises NotFoundError, PermissionDenied or
    ValidationError.
    """
    status = MeasureStatus(status)
    with db.transaction() as cur:
        measure = _measure(cur, measure_id)
        _allowed(user, measure)
        if status == measure.status:
            return measure
        check_transition(measure.status, status)
        if status is MeasureStatus.DONE:
            open_ = [m.title for m in measure.milestones if m.done_on is None]
            if open_:
                listed = "; ".join(open_[:5]) + (" …" if len(open_) > 5 else "")
                raise ValidationError(
                    "errors.measure_open_milestones",
                    field="status",
                    count=len(open_),
                    open=listed,
                )
        if measure.status is MeasureStatus.CANCELLED and measure.idea_id is not None:
            taken = _live_measure_title(cur, measure.idea_id, other_than=measure.id)
            if taken is not None:
                raise ValidationError(
                    "errors.measure_idea_taken",
                    field="status",
                    title=measure.title,
                    measure=taken,
                )
        cur.execute("UPDATE measures SET status = ? WHERE id = ?", [status.value, measure_id])
        return _measure(cur, measure_id)


def add_milestone(db: Database, user: User, measure_id: int, title: str, due_on: date) -> Measure:
    """Add an open milestone; not to a measure that is already "umgesetzt".

    Raises NotFoundError, PermissionDenied or ValidationError.
    """
    title = _clean_milestone_title(title)
    if not isinstance(due_on, date):
        raise ValidationError("errors.milestone_due_missing", field="due_on")
    with db.transaction() as cur:
        measure = _measure(cur, measure_id)
        _allowed(user, measure)
        if measure.status is MeasureStatus.DONE:
            raise ValidationError("errors.milestone_measure_done", field="status")
        cur.execute(
            "INSERT INTO milestones (quartier_id, measure_id, title, due_on) VALUES (?, ?, ?, ?)",
            [measure.quartier_id, measure_id, title, due_on],
        )
        return _measure(cur, measure_id)


def _milestone_measure(cur: Cursor, user: User, milestone_id: int) -> Measure:
    row = cur.execute("SELECT measure_id FROM milestones WHERE id = ?", [milestone_id]).fetchone()
    if row is None:
        raise NotFoundError("errors.milestone_unknown", field="milestone", value=milestone_id)
    measure = _measure(cur, row[0])
    _allowed(user, measure)
    return measure


def complete_milestone(
    db: Database, user: User, milestone_id: int, done_on: date | None
) -> Measure:
    """Mark a milestone done on ``done_on`` (today or earlier), or reopen it with None.

    A milestone of a measure that is "umgesetzt" cannot be reopened. Raises
    NotFoundError, PermissionDenied or ValidationError.
    """
    with db.transaction() as cur:
        measure = _milestone_measure(cur, user, milestone_id)
        if done_on is None and measure.status is MeasureStatus.DONE:
            raise ValidationError("errors.milestone_measure_done", field="done_on")
        if done_on is not None and done_on > _today():
            raise ValidationError("errors.milestone_done_in_future", field="done_on")
        cur.execute("UPDATE milestones SET done_on = ? WHERE id = ?", [done_on, milestone_id])
        return _measure(cur, measure.id)


def remove_milestone(db: Database, user: User, milestone_id: int) -> Measure:
    """Delete a milestone; raises NotFoundError or PermissionDenied."""
    with db.transaction() as cur:
        measure = _milestone_measure(cur, user, milestone_id)
        cur.execute("DELETE FROM milestones WHERE id = ?", [milestone_id])
        return _measure(cur, measure.id)

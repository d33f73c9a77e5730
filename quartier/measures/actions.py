"""The user actions on measures: create and update a measure, move its status, add,
complete and remove milestones. Each checks the permission, validates and writes in one
transaction, and returns the measure as it is now."""

from __future__ import annotations

from datetime import date

from quartier.auth.permissions import Action, User, ensure
from quartier.errors import NotFoundError, ValidationError
from quartier.ideas.stages import CHOSEN_SQL
from quartier.measures.model import (
    Measure,
    MeasureStatus,
    _clean,
    _clean_milestone_title,
    _today,
    check_transition,
)
from quartier.measures.reading import _measure
from quartier.storage import Database
from quartier.storage.db import Cursor

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
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, quartier_id)
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
        cur.execute(
            "INSERT INTO measure_status_changes (quartier_id, measure_id, status, changed_at,"
            " changed_by) SELECT quartier_id, id, status, created_at, ? FROM measures WHERE id = ?",
            [user.id, row[0]],
        )
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
        ensure(user, Action.MANAGE_QUARTIER_CONTENT, measure)
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
        ensure(user, Action.MANAGE_QUARTIER_CONTENT, measure)
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
        cur.execute(
            "INSERT INTO measure_status_changes (quartier_id, measure_id, status, changed_by)"
            " VALUES (?, ?, ?, ?)",
            [measure.quartier_id, measure_id, status.value, user.id],
        )
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
        ensure(user, Action.MANAGE_QUARTIER_CONTENT, measure)
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
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, measure)
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

"""The status page behind a receipt code: where an idea stands and how it got there."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from quartier.errors import NotFoundError
from quartier.ideas.model import Idea, IdeaStatusView, StepView
from quartier.ideas.reading import berlin_day, load_idea
from quartier.ideas.receipts import normalise_receipt_code, receipt_hash
from quartier.ideas.stages import CHOSEN_SQL, PATH, Stage
from quartier.storage import Database
from quartier.storage.db import Cursor

if TYPE_CHECKING:
    from quartier.measures import MeasureView

# When each step was reached. Publishing counts from the latest publication (an idea may
# be published again after a rejection was reconsidered); the measure is the latest
# one, as in STAGE_SQL; "umgesetzt" is the day its last milestone was done.
_DATES_SQL = f"""
SELECT
    (SELECT max(happened_at) FROM idea_history
        WHERE idea_id = $idea AND action = 'veroeffentlicht'),
    (SELECT min(r.created_at) FROM round_ideas ri JOIN rounds r ON r.id = ri.round_id
        WHERE ri.idea_id = $idea),
    (SELECT min(chosen_at) FROM ({CHOSEN_SQL}) c WHERE c.idea_id = $idea),
    (SELECT arg_max(created_at, id) FROM measures WHERE idea_id = $idea),
    (SELECT max(done_on) FROM milestones
        WHERE measure_id = (SELECT max(id) FROM measures WHERE idea_id = $idea))
"""

_MEASURE_STAGES = (Stage.MEASURE, Stage.DONE, Stage.CANCELLED)


def _reached(cur: Cursor, idea: Idea) -> dict[Stage, date | None]:
    row: Any = cur.execute(_DATES_SQL, {"idea": idea.id}).fetchone()
    published, prioritised, chosen, measured, done = row
    return {
        Stage.SUBMITTED: berlin_day(idea.submitted_at),
        Stage.PUBLISHED: berlin_day(published),
        Stage.IN_PRIORITISATION: berlin_day(prioritised),
        Stage.CHOSEN: berlin_day(chosen),
        Stage.MEASURE: berlin_day(measured),
        Stage.DONE: berlin_day(done) if idea.stage is Stage.DONE else None,
    }


def path_of(stage: Stage, reached: dict[Stage, date | None]) -> tuple[StepView, ...]:
    """The steps of PATH with the day each was reached.

    On the path, every step up to the current one counts as reached (a day may be
    unknown); after it none. Off the path (abgelehnt, Duplikat, abgebrochen) no step is
    current and the steps show the days that are known.

    >>> from datetime import date
    >>> days = {s: None for s in PATH} | {Stage.SUBMITTED: date(2026, 3, 1)}
    >>> [(s.stage.value, s.is_current) for s in path_of(Stage.PUBLISHED, days)][:3]
    [('eingereicht', False), ('veroeffentlicht', True), ('in_priorisierung', False)]
    """
    current = PATH.index(stage) if stage in PATH else None
    return tuple(
        StepView(
            stage=step,
            reached_on=reached.get(step) if current is None or i <= current else None,
            is_current=i == current,
        )
        for i, step in enumerate(PATH)
    )


def _measure(db: Database, idea: Idea) -> MeasureView | None:
    if idea.stage not in _MEASURE_STAGES:
        return None
    try:
        from quartier.measures import measure_of_idea
    except ModuleNotFoundError as exc:  # the measures module lands in parallel
        if exc.name != "quartier.measures":
            raise
        return None
    return measure_of_idea(db, idea.id)


def idea_status(db: Database, code: str) -> IdeaStatusView:
    """What the author sees for their receipt code: stage, path, group, reason, measure.

    Raises NotFoundError("errors.receipt_unknown") alike for malformed and unknown codes,
    so trying codes tells nothing.
    """
    normalised = normalise_receipt_code(code)
    if normalised is None:
        raise NotFoundError("errors.receipt_unknown", field="code")
    with db.read() as cur:
        row = cur.execute(
            "SELECT id FROM ideas WHERE receipt_hash = ?", [receipt_hash(normalised)]
        ).fetchone()
        idea = None if row is None else load_idea(cur, int(row[0]))
        if idea is None:
            raise NotFoundError("errors.receipt_unknown", field="code")
        reached = _reached(cur, idea)
        group = None
        if idea.group_id is not None:
            found = cur.execute(
                "SELECT name FROM working_groups WHERE id = ?", [idea.group_id]
            ).fetchone()
            group = None if found is None else str(found[0])
        original = None
        if idea.duplicate_of is not None:
            found = cur.execute(
                "SELECT title FROM ideas WHERE id = ?", [idea.duplicate_of]
            ).fetchone()
            original = None if found is None else str(found[0])
    return IdeaStatusView(
        idea=idea,
        path=path_of(idea.stage, reached),
        group_name=group,
        duplicate_title=original,
        measure=_measure(db, idea),
    )

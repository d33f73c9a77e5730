"""The public board ``/ideen``: published ideas and what became of them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from quartier.errors import NotFoundError, ValidationError
from quartier.ideas.model import BoardPage, Idea
from quartier.ideas.reading import NEWEST_FIRST, fetch_ideas, quartier_of_idea
from quartier.ideas.stages import Stage
from quartier.network import FieldOfAction
from quartier.storage import Database

BOARD_PAGE_LIMIT = 200

# Published ideas, and duplicates whose original is published (they link to it).
# Submitted and rejected ideas never appear.
_VISIBLE = (
    "(i.status = 'veroeffentlicht' OR (i.status = 'duplikat' AND o.status = 'veroeffentlicht'))"
)
_HIDDEN_STAGES = (Stage.SUBMITTED, Stage.REJECTED)


def _stage(value: Stage | str | None) -> Stage | None:
    if value is None or value == "":
        return None
    try:
        return Stage(value)
    except ValueError:
        raise ValidationError("errors.idea_stage_invalid", field="stage") from None


def public_board(
    db: Database,
    quartier_id: int,
    *,
    stage: Stage | None = None,
    group_id: int | None = None,
    field_of_action: FieldOfAction | None = None,
    limit: int = 50,
    offset: int = 0,
) -> BoardPage:
    """One page of the Quartier's visible ideas, newest first, with the total matching.

    Filters combine (and). Author fields are always None. Raises ValidationError for
    an unknown stage or field of action (e.g. from a hand-edited link).
    """
    wanted = _stage(stage)
    if wanted in _HIDDEN_STAGES:
        return BoardPage([], 0)
    where = [_VISIBLE]
    params: dict[str, Any] = {}
    if wanted is not None:
        where.append("s.stage = $stage")
        params["stage"] = wanted.value
    if group_id is not None:
        where.append("assigned_group = $group")
        params["group"] = group_id
    if field_of_action is not None:
        try:
            params["field"] = FieldOfAction(field_of_action).value
        except ValueError:
            raise ValidationError("errors.idea_field_invalid", field="field_of_action") from None
        where.append("i.field_of_action = $field")
    with db.read() as cur:
        ideas, total = fetch_ideas(
            cur,
            quartier_id,
            " AND ".join(where),
            params,
            order=NEWEST_FIRST,
            limit=max(0, min(limit, BOARD_PAGE_LIMIT)),
            offset=offset,
        )
    return BoardPage(ideas, total)


def public_idea(db: Database, idea_id: int) -> Idea:
    """One idea as the board shows it (e.g. the original a duplicate links to).

    Raises NotFoundError (errors.idea_unknown) for unknown ideas and for ideas the board
    does not show.
    """
    with db.read() as cur:
        quartier_id = quartier_of_idea(cur, idea_id)
        ideas: list[Idea] = []
        if quartier_id is not None:
            ideas, _ = fetch_ideas(
                cur, quartier_id, f"i.id = $idea AND {_VISIBLE}", {"idea": idea_id}
            )
    if not ideas:
        raise NotFoundError("errors.idea_unknown", field="idea")
    return ideas[0]


def idea_titles(db: Database, idea_ids: Iterable[int]) -> dict[int, str]:
    """Titles of the given ideas that are published (e.g. the originals duplicates link
    to), by id; other ids are left out. At most 1000 ids are looked up."""
    wanted = sorted({int(i) for i in idea_ids})[:1000]
    if not wanted:
        return {}
    with db.read() as cur:
        rows = cur.execute(
            "SELECT id, title FROM ideas WHERE id IN (SELECT unnest(?::BIGINT[]))"
            " AND status = 'veroeffentlicht'",
            [wanted],
        ).fetchall()
    return {int(r[0]): str(r[1]) for r in rows}

"""Coordinators moderate ideas: publish, reject, link duplicates, assign, correct typos.

Every step needs MANAGE_QUARTIER_CONTENT for the idea's Quartier and writes an
idea_history row in the same transaction as the state change.
"""

from __future__ import annotations

import json

from quartier.auth.permissions import Action, User, ensure
from quartier.errors import NotFoundError, ValidationError
from quartier.ideas import checks
from quartier.ideas.model import Idea, IdeaStatus
from quartier.ideas.reading import MAX_LIST, NEWEST_FIRST, OLDEST_FIRST, fetch_ideas, load_idea
from quartier.ideas.stages import Stage
from quartier.storage import Database
from quartier.storage.db import Cursor

S = IdeaStatus

# target status -> the statuses it may be reached from. A rejection may be reconsidered,
# and a duplicate link set by mistake undone, by publishing again.
TRANSITIONS: dict[IdeaStatus, frozenset[IdeaStatus]] = {
    S.PUBLISHED: frozenset({S.SUBMITTED, S.REJECTED, S.DUPLICATE}),
    S.REJECTED: frozenset({S.SUBMITTED, S.PUBLISHED}),
    S.DUPLICATE: frozenset({S.SUBMITTED, S.PUBLISHED}),
}
_REFUSED = {
    S.PUBLISHED: "errors.idea_cannot_publish",
    S.REJECTED: "errors.idea_cannot_reject",
    S.DUPLICATE: "errors.idea_cannot_mark_duplicate",
}
# Once a working group has taken an idea up, it can no longer be rejected or merged.
_OPEN_STAGES = (Stage.SUBMITTED, Stage.PUBLISHED)


def check_transition(idea: Idea, target: IdeaStatus) -> None:
    """Raise ValidationError naming the current state if ``idea`` may not become ``target``."""
    if idea.status not in TRANSITIONS[target]:
        raise ValidationError(_REFUSED[target], field="status", label=f"idea.status.{idea.status}")
    if target is not S.PUBLISHED and idea.stage not in _OPEN_STAGES:
        raise ValidationError(
            "errors.idea_in_progress", field="status", label=f"idea.stage.{idea.stage}"
        )


def _staff_idea(cur: Cursor, user: User, idea_id: int) -> Idea:
    idea = load_idea(cur, idea_id, with_author=True)
    if idea is None:
        raise NotFoundError("errors.idea_unknown", field="idea")
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, idea)
    return idea


def _history(cur: Cursor, idea: Idea, user: User, action: str, detail: str = "") -> None:
    cur.execute(
        "INSERT INTO idea_history (quartier_id, idea_id, action, by_user, detail)"
        " VALUES (?, ?, ?, ?, ?)",
        [idea.quartier_id, idea.id, action, user.id, detail],
    )


def _reloaded(cur: Cursor, idea_id: int) -> Idea:
    idea = load_idea(cur, idea_id, with_author=True)
    assert idea is not None
    return idea


def moderation_queue(
    db: Database,
    user: User,
    quartier_id: int,
    status: IdeaStatus | None = IdeaStatus.SUBMITTED,
    *,
    limit: int = 500,
) -> list[Idea]:
    """The Quartier's ideas in ``status`` (None: all) with author fields.

    New submissions come oldest first (first in, first moderated), other lists newest
    first; at most ``limit`` (≤ 1000) ideas. Raises PermissionDenied.
    """
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, quartier_id)
    where, params = (
        ("true", {}) if status is None else ("i.status = $status", {"status": S(status).value})
    )
    order = OLDEST_FIRST if status is IdeaStatus.SUBMITTED else NEWEST_FIRST
    with db.read() as cur:
        ideas, _ = fetch_ideas(
            cur, quartier_id, where, params, with_author=True, order=order,
            limit=min(limit, MAX_LIST),
        )  # fmt: skip
    return ideas


def get_idea(db: Database, user: User, idea_id: int) -> Idea:
    """An idea with its author fields, for staff. Raises NotFoundError or PermissionDenied."""
    with db.read() as cur:
        return _staff_idea(cur, user, idea_id)


def publish_idea(db: Database, user: User, idea_id: int) -> Idea:
    """Show the idea on the board (also after a reconsidered rejection or duplicate link)."""
    with db.transaction() as cur:
        idea = _staff_idea(cur, user, idea_id)
        check_transition(idea, S.PUBLISHED)
        cur.execute(
            "UPDATE ideas SET status = 'veroeffentlicht', reason = '', duplicate_of = NULL"
            " WHERE id = ?",
            [idea.id],
        )
        _history(cur, idea, user, "veroeffentlicht")
        return _reloaded(cur, idea.id)


def reject_idea(db: Database, user: User, idea_id: int, reason: str) -> Idea:
    """Reject with a reason the author reads on the status page (required, ≤ 1000)."""
    clean = checks.limited(reason, "reason", "field.reason", checks.REASON_LIMIT)
    if not clean:
        raise ValidationError("errors.idea_reason_missing", field="reason")
    with db.transaction() as cur:
        idea = _staff_idea(cur, user, idea_id)
        check_transition(idea, S.REJECTED)
        cur.execute(
            "UPDATE ideas SET status = 'abgelehnt', reason = ?, duplicate_of = NULL WHERE id = ?",
            [clean, idea.id],
        )
        _history(cur, idea, user, "abgelehnt", clean)
        return _reloaded(cur, idea.id)


def mark_duplicate(db: Database, user: User, idea_id: int, original_id: int) -> Idea:
    """Link the idea to the published idea it repeats; supports stay where they are.

    Ideas already linked to this one are re-linked to the original, so there are never
    chains. Raises ValidationError (itself, original a duplicate or not published,
    transition) or NotFoundError (original unknown or in another Quartier).
    """
    with db.transaction() as cur:
        idea = _staff_idea(cur, user, idea_id)
        check_transition(idea, S.DUPLICATE)
        if original_id == idea.id:
            raise ValidationError("errors.idea_duplicate_self", field="original")
        original = load_idea(cur, original_id)
        if original is None or original.quartier_id != idea.quartier_id:
            raise NotFoundError("errors.idea_original_unknown", field="original", value=original_id)
        if original.status is S.DUPLICATE:
            raise ValidationError(
                "errors.idea_duplicate_chain", field="original", title=original.title
            )
        if original.status is not S.PUBLISHED:
            raise ValidationError(
                "errors.idea_original_not_published", field="original", title=original.title,
                label=f"idea.status.{original.status}",
            )  # fmt: skip
        linked = cur.execute(
            "SELECT id FROM ideas WHERE duplicate_of = ? AND status = 'duplikat'", [idea.id]
        ).fetchall()
        cur.execute(
            "UPDATE ideas SET status = 'duplikat', duplicate_of = ?, reason = '' WHERE id = ?",
            [original.id, idea.id],
        )
        _history(cur, idea, user, "duplikat", str(original.id))
        for (other_id,) in linked:
            cur.execute("UPDATE ideas SET duplicate_of = ? WHERE id = ?", [original.id, other_id])
            cur.execute(
                "INSERT INTO idea_history (quartier_id, idea_id, action, by_user, detail)"
                " VALUES (?, ?, 'duplikat', ?, ?)",
                [idea.quartier_id, other_id, user.id, str(original.id)],
            )
        return _reloaded(cur, idea.id)


def assign_idea(db: Database, user: User, idea_id: int, group_id: int | None) -> Idea:
    """Give a published idea to a working group of its Quartier (None: take it back).

    The assignment is an idea_history row ('zugewiesen', detail = group id): see
    ``IDEA_GROUP_SQL``. Raises ValidationError (not published, group archived) or
    NotFoundError (group unknown or in another Quartier).
    """
    with db.transaction() as cur:
        idea = _staff_idea(cur, user, idea_id)
        if idea.status is not S.PUBLISHED:
            raise ValidationError(
                "errors.idea_assign_not_published", field="idea", label=f"idea.status.{idea.status}"
            )
        if group_id is not None:
            group = cur.execute(
                "SELECT name, is_archived FROM working_groups WHERE id = ? AND quartier_id = ?",
                [group_id, idea.quartier_id],
            ).fetchone()
            if group is None:
                raise NotFoundError("errors.group_unknown", field="group")
            if group[1]:
                raise ValidationError("errors.group_archived", field="group", name=group[0])
        if group_id == idea.group_id:
            return idea
        _history(cur, idea, user, "zugewiesen", "" if group_id is None else str(group_id))
        return _reloaded(cur, idea.id)


def _edit_detail(old: Idea, title: str, description: str, note: str) -> str:
    """The old text for idea_history (≤ 4000 characters: a very long description is cut)."""
    before: dict[str, str] = {"note": note}
    if title != old.title:
        before["title"] = old.title
    if description != old.description:
        before["description"] = old.description
    detail = json.dumps(before, ensure_ascii=False)
    while len(detail) > checks.DESCRIPTION_LIMIT:
        before["description"] = before["description"][: -(len(detail) - 3990)]
        before["truncated"] = "1"
        detail = json.dumps(before, ensure_ascii=False)
    return detail


def edit_idea(
    db: Database, user: User, idea_id: int, title: str, description: str, note: str
) -> Idea:
    """Correct an idea's text with a note everyone sees ("Tippfehler korrigiert").

    The old text is kept in idea_history. Raises ValidationError (note missing or too
    long, title, description, nothing changed).
    """
    clean_title = checks.title(title)
    clean_description = checks.description(description)
    clean_note = checks.one_line(note)
    if not clean_note:
        raise ValidationError("errors.idea_edit_note_missing", field="note")
    if len(clean_note) > checks.EDIT_NOTE_LIMIT:
        raise checks.too_long("note", "field.edit_note", clean_note, checks.EDIT_NOTE_LIMIT)
    with db.transaction() as cur:
        idea = _staff_idea(cur, user, idea_id)
        if clean_title == idea.title and clean_description == idea.description:
            raise ValidationError("errors.idea_edit_unchanged", field="title")
        detail = _edit_detail(idea, clean_title, clean_description, clean_note)
        cur.execute(
            "UPDATE ideas SET title = ?, description = ?, edit_note = ? WHERE id = ?",
            [clean_title, clean_description, clean_note, idea.id],
        )
        _history(cur, idea, user, "bearbeitet", detail)
        return _reloaded(cur, idea.id)

"""The coordinator's tables (``st.data_editor``): every actor or tie of a Quartier, edited
at once and saved all or nothing.

Rows are dictionaries keyed by :data:`ACTOR_COLUMNS` or :data:`TIE_COLUMNS` plus
``id`` (absent, None or NaN for a new row). Values are internal codes (the page maps
labels), dates ``date`` or None, fields of action a list of codes; ties name their
actors (case and spacing ignored). A save receives the whole table after editing: a
row without id is added, a changed row is updated, a stored record missing from the
table is deleted — an actor only if nothing refers to it (otherwise its deletion is
a problem naming the actor). Every problem is collected with its 1-based position in
the table before anything is written; then :class:`BatchRejected` refuses the lot.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from quartier.auth.permissions import Action, User, ensure
from quartier.errors import QuartierError, ValidationError
from quartier.i18n import translator
from quartier.network.actors import (
    ACTOR_SELECT,
    actor_from_row,
    delete_actor_row_in,
    in_use_error,
    insert_actor_in,
    update_actor_in,
)
from quartier.network.checks import (
    REPORT_LIMIT,
    BatchRejected,
    RowProblem,
    check_actor,
    check_tie,
    same_tie,
)
from quartier.network.model import Actor, ActorDraft, Tie, TieDraft
from quartier.network.rows import (
    ACTOR_KEYS,
    TIE_KEYS,
    ActorIndex,
    is_blank,
    name_key,
    parse_actor_row,
    parse_tie_row,
)
from quartier.network.ties import delete_tie_in, insert_tie_in, ties_of_quartier_in, update_tie_in
from quartier.storage import Database
from quartier.storage.db import Cursor

ACTOR_COLUMNS = ACTOR_KEYS
TIE_COLUMNS = TIE_KEYS

_DE = translator("de")


@dataclass(frozen=True)
class BulkResult:
    added: int
    changed: int
    deleted: int


def _actors_in(cur: Cursor, quartier_id: int) -> list[Actor]:
    rows = cur.execute(
        f"{ACTOR_SELECT} WHERE a.quartier_id = ? ORDER BY a.name, a.id", [quartier_id]
    ).fetchall()
    return [actor_from_row(r) for r in rows]


def actor_rows(db: Database, quartier_id: int) -> list[dict[str, object]]:
    """The actors as table rows, by name."""
    with db.read() as cur:
        actors = _actors_in(cur, quartier_id)
    return [
        {"id": a.id, "name": a.name, "actor_type": a.actor_type.value,
         "fields_of_action": [f.value for f in a.fields_of_action],
         "contact_role": a.contact_role, "active_from": a.active_from,
         "active_to": a.active_to, "notes": a.notes}
        for a in actors
    ]  # fmt: skip


def tie_rows(db: Database, quartier_id: int) -> list[dict[str, object]]:
    """The ties as table rows (actors by name), in the order they were entered."""
    with db.read() as cur:
        names = {a.id: a.name for a in _actors_in(cur, quartier_id)}
        ties = ties_of_quartier_in(cur, quartier_id)
    return [
        {"id": t.id, "source": names[t.source_id], "target": names[t.target_id],
         "tie_type": t.tie_type.value, "strength": t.strength, "starts_on": t.starts_on,
         "ends_on": t.ends_on, "notes": t.notes}
        for t in ties
    ]  # fmt: skip


def _row_id(value: object) -> int | None:
    """The stored id of a row; None for a new row (pandas gives NaN for empty cells)."""
    if is_blank(value):
        return None
    try:
        return int(value)  # type: ignore[call-overload, no-any-return]
    except (TypeError, ValueError):
        return -1  # never a stored id: reported as an unknown row


class _Batch:
    """The problems of one save; refuses the batch when there are any."""

    def __init__(self, source_key: str) -> None:
        self.source = _DE(source_key)
        self.problems: list[RowProblem] = []

    def fail(self, row: int | None, error: QuartierError) -> None:
        self.problems.append(RowProblem(self.source, row, error))

    def refuse_if_any(self) -> None:
        if not self.problems:
            return
        problems = self.problems[:REPORT_LIMIT]
        if len(self.problems) > REPORT_LIMIT:
            more = len(self.problems) - REPORT_LIMIT
            error = ValidationError("errors.network_more_problems", count=more)
            problems.append(RowProblem(self.source, None, error))
        raise BatchRejected(problems)

    def known_id(self, position: int, row_id: int | None, stored: Mapping[int, object],
                 seen: dict[int, int]) -> bool:  # fmt: skip
        """Whether the row is new or an unseen stored record (else a problem)."""
        if row_id is None:
            return True
        if row_id not in stored:
            self.fail(position, ValidationError("errors.bulk_row_unknown", field="id"))
            return False
        if row_id in seen:
            self.fail(position, ValidationError(
                "errors.bulk_row_twice", field="id", row=seen[row_id]))  # fmt: skip
            return False
        seen[row_id] = position
        return True


def _same_actor(actor: Actor, draft: ActorDraft) -> bool:
    return (actor.name, actor.actor_type, set(actor.fields_of_action), actor.contact_role,
            actor.active_from, actor.active_to, actor.notes) == (
        draft.name, draft.actor_type, set(draft.fields_of_action), draft.contact_role,
        draft.active_from, draft.active_to, draft.notes)  # fmt: skip


def save_actor_rows(
    db: Database, user: User, quartier_id: int, rows: Sequence[Mapping[str, object]]
) -> BulkResult:
    """Store the edited actor table; BatchRejected lists every problem (nothing stored).

    An actor deleted from the table loses its fields of action in the same transaction
    as every other change; the actor row itself follows in a second one (DuckDB cannot
    delete a row whose references went in the same transaction).
    """
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, quartier_id)
    batch = _Batch("network.source_actors")
    new: list[tuple[int, ActorDraft]] = []
    changed: list[tuple[int, Actor, ActorDraft]] = []
    with db.transaction() as cur:
        stored = {a.id: a for a in _actors_in(cur, quartier_id)}
        seen: dict[int, int] = {}
        names: dict[str, int] = {}
        for position, values in enumerate(rows, start=1):
            row_id = _row_id(values.get("id"))
            if not batch.known_id(position, row_id, stored, seen):
                continue
            try:
                draft = check_actor(parse_actor_row(values))
            except ValidationError as error:
                batch.fail(position, error)
                continue
            key = name_key(draft.name)
            if key in names:
                batch.fail(position, ValidationError(
                    "errors.actor_name_twice", field="name", name=draft.name,
                    place=_DE("network.place_row", row=names[key]),
                ))  # fmt: skip
                continue
            names[key] = position
            if row_id is None:
                new.append((position, draft))
            elif not _same_actor(stored[row_id], draft):
                changed.append((position, stored[row_id], draft))
        gone = [a for a in stored.values() if a.id not in seen]
        for actor in gone:
            if (refusal := in_use_error(cur, actor, "name")) is not None:
                batch.fail(None, refusal)
        batch.refuse_if_any()
        for actor in gone:
            cur.execute("DELETE FROM actor_fields WHERE actor_id = ?", [actor.id])
        for position, actor, draft in changed:
            try:
                update_actor_in(cur, actor, draft, user.id)
            except QuartierError as error:
                batch.fail(position, error)
        for position, draft in new:
            try:
                insert_actor_in(cur, quartier_id, draft, user.id)
            except QuartierError as error:
                batch.fail(position, error)
        batch.refuse_if_any()  # rolls back
    _delete_actors(db, gone)
    return BulkResult(added=len(new), changed=len(changed), deleted=len(gone))


def _delete_actors(db: Database, actors: Sequence[Actor]) -> None:
    """The actor rows themselves (an actor linked in the meantime is kept)."""
    if actors:
        with db.transaction() as cur:
            for actor in actors:
                delete_actor_row_in(cur, actor)


def _same_tie_values(tie: Tie, draft: TieDraft) -> bool:
    return (tie.source_id, tie.target_id, tie.tie_type, tie.strength, tie.starts_on,
            tie.ends_on, tie.notes) == (draft.source_id, draft.target_id, draft.tie_type,
                                        draft.strength, draft.starts_on, draft.ends_on,
                                        draft.notes)  # fmt: skip


def save_tie_rows(
    db: Database, user: User, quartier_id: int, rows: Sequence[Mapping[str, object]]
) -> BulkResult:
    """Store the edited tie table; BatchRejected lists every problem (nothing stored)."""
    ensure(user, Action.MANAGE_QUARTIER_CONTENT, quartier_id)
    batch = _Batch("network.source_ties")
    new: list[tuple[int, TieDraft]] = []
    changed: list[tuple[int, Tie, TieDraft]] = []
    with db.transaction() as cur:
        index = ActorIndex.of((a.name, a.id) for a in _actors_in(cur, quartier_id))
        stored = {t.id: t for t in ties_of_quartier_in(cur, quartier_id)}
        seen: dict[int, int] = {}
        accepted: dict[frozenset[int], list[tuple[int, TieDraft]]] = {}
        for position, values in enumerate(rows, start=1):
            row_id = _row_id(values.get("id"))
            if not batch.known_id(position, row_id, stored, seen):
                continue
            try:
                draft = check_tie(parse_tie_row(values, index))
            except ValidationError as error:
                batch.fail(position, error)
                continue
            pair = accepted.setdefault(frozenset((draft.source_id, draft.target_id)), [])
            twin = next((p for p, other in pair if same_tie(draft, other)), None)
            if twin is not None:
                batch.fail(position, ValidationError(
                    "errors.tie_twice", field="target", place=_DE("network.place_row", row=twin),
                ))  # fmt: skip
                continue
            pair.append((position, draft))
            if row_id is None:
                new.append((position, draft))
            elif not _same_tie_values(stored[row_id], draft):
                changed.append((position, stored[row_id], draft))
        batch.refuse_if_any()
        gone = [t for t in stored.values() if t.id not in seen]
        for tie in gone:
            delete_tie_in(cur, tie.id)
        _update_ties(cur, batch, changed, user.id)
        for position, draft in new:
            try:
                insert_tie_in(cur, quartier_id, draft, user.id)
            except QuartierError as error:
                batch.fail(position, error)
        batch.refuse_if_any()  # rolls back
    return BulkResult(added=len(new), changed=len(changed), deleted=len(gone))


def _update_ties(
    cur: Cursor, batch: _Batch, changed: Sequence[tuple[int, Tie, TieDraft]], user_id: int | None
) -> None:
    """Update ties, retrying those that clash with another tie's old dates.

    The table as a whole was checked; one tie's new dates may still overlap another
    tie's old dates until that one is updated too, so each round stores what it can.
    """
    pending = list(changed)
    while pending:
        failed: list[tuple[int, Tie, TieDraft, QuartierError]] = []
        for position, tie, draft in pending:
            try:
                update_tie_in(cur, tie, draft, user_id)
            except QuartierError as error:
                failed.append((position, tie, draft, error))
        if len(failed) == len(pending):
            for position, _, _, refusal in failed:
                batch.fail(position, refusal)
            return
        pending = [(p, t, d) for p, t, d, _ in failed]

"""Import a network file into a Quartier: all or nothing, with a row-level report.

The file is read by :mod:`quartier.network.exchange`; then every row is checked in
Python against the Quartier's stored actors and ties before anything is written, so
that the report names every problem with its row, not just the first one the
database would hit. Only a file without problems is written, in one transaction.

- **Actors** are matched to stored ones by name (case and spacing ignored). A matched
  actor takes the values the file gives (an absent column or attribute, or an empty
  type, keeps the stored value; an empty cell in a present column clears it); an
  actor whose values do not change is left alone. Other actors are added. A name
  twice in the file is a problem.
- **Ties** are the same tie as a stored one when actors, type and start date agree
  (and the direction, except for the undirected types Kooperation and
  Kooperationsvertrag); then strength, end and notes are taken from the file if they
  differ. Any other tie is added — unless it overlaps a stored tie of the same type
  between the same actors, or another row of the file (see
  :func:`~quartier.network.checks.same_tie`), or names an unknown actor, itself, or
  ends before it starts: those are problems.
- Nothing is deleted.

Re-importing an export into the same Quartier therefore changes nothing. New actors
and ties are inserted in bulk (one statement each) after the checks; a network at
city scale (thousands of ties) imports in seconds instead of minutes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from quartier.auth.permissions import Action, User, can
from quartier.errors import NotFoundError, PermissionDenied, QuartierError, ValidationError
from quartier.i18n import translator
from quartier.network.actors import ACTOR_SELECT, actor_from_row, update_actor_in
from quartier.network.checks import BatchRejected, check_actor, check_tie, same_tie
from quartier.network.exchange import Place, Reading, read_upload
from quartier.network.model import Actor, ActorDraft, Tie, TieDraft, TieType
from quartier.network.rows import ActorIndex, name_key, parse_tie_row
from quartier.network.ties import ties_of_quartier_in, update_tie_in
from quartier.storage import Database
from quartier.storage.db import Cursor

#: Ties without a direction: the same tie when read the other way round.
UNDIRECTED = frozenset({TieType.COOPERATION, TieType.CONTRACT})
#: The id given to the name of an actor row with a problem (its ties are not checked).
_BROKEN = 0


@dataclass(frozen=True)
class ImportResult:
    actors_added: int
    actors_updated: int
    ties_added: int
    ties_unchanged: int
    actors_unchanged: int = 0
    ties_updated: int = 0


@dataclass
class _Plan:
    """What the import will write; new actors have ids -1, -2, … until inserted."""

    index: ActorIndex
    new_actors: list[ActorDraft] = field(default_factory=list)
    actor_updates: list[tuple[Place, Actor, ActorDraft]] = field(default_factory=list)
    actors_unchanged: int = 0
    new_ties: list[TieDraft] = field(default_factory=list)
    tie_updates: list[tuple[Place, Tie, TieDraft]] = field(default_factory=list)
    ties_unchanged: int = 0


def import_network(
    db: Database, user: User | None, quartier_id: int, name: str, data: bytes
) -> ImportResult:
    """Import ``data`` (a file called ``name``) into the Quartier, all or nothing.

    ``user`` None is the command line (created_by stays empty). Raises
    PermissionDenied, NotFoundError for an unknown Quartier, or BatchRejected with
    every problem in file order (nothing is stored then).
    """
    if user is not None and not can(user, Action.MANAGE_QUARTIER_CONTENT, quartier_id):
        raise PermissionDenied("errors.not_allowed")
    reading = read_upload(name, data)
    with db.transaction() as cur:
        row = cur.execute("SELECT 1 FROM quartiers WHERE id = ?", [quartier_id]).fetchone()
        if row is None:
            raise NotFoundError("errors.quartier_unknown", field="quartier", value=quartier_id)
        plan = _Plan(ActorIndex())
        _plan_actors(cur, quartier_id, reading, plan)
        _plan_ties(cur, quartier_id, reading, plan)
        if reading.problems:
            raise BatchRejected(reading.report())
        _apply(cur, quartier_id, reading, plan, None if user is None else user.id)
        if reading.problems:  # rolls the transaction back
            raise BatchRejected(reading.report())
    return ImportResult(
        actors_added=len(plan.new_actors), actors_updated=len(plan.actor_updates),
        ties_added=len(plan.new_ties), ties_unchanged=plan.ties_unchanged,
        actors_unchanged=plan.actors_unchanged, ties_updated=len(plan.tie_updates),
    )  # fmt: skip


# --- checking ---------------------------------------------------------------------------


def _merge(actor: Actor, draft: ActorDraft, given: frozenset[str]) -> ActorDraft:
    """The stored actor with the values the file gives."""
    stored = ActorDraft(
        actor.name, actor.actor_type, actor.fields_of_action, actor.contact_role,
        actor.active_from, actor.active_to, actor.notes,
    )  # fmt: skip
    return replace(stored, **{key: getattr(draft, key) for key in given})


def _same_actor(actor: Actor, draft: ActorDraft) -> bool:
    return (
        actor.name == draft.name
        and actor.actor_type == draft.actor_type
        and set(actor.fields_of_action) == set(draft.fields_of_action)
        and actor.contact_role == draft.contact_role
        and actor.active_from == draft.active_from
        and actor.active_to == draft.active_to
        and actor.notes == draft.notes
    )


def _plan_actors(cur: Cursor, quartier_id: int, reading: Reading, plan: _Plan) -> None:
    rows = cur.execute(
        f"{ACTOR_SELECT} WHERE a.quartier_id = ? ORDER BY a.id", [quartier_id]
    ).fetchall()
    stored = {a.id: a for a in (actor_from_row(r) for r in rows)}
    plan.index.update(ActorIndex.of((a.name, a.id) for a in stored.values()))
    seen: dict[str, Place] = {}
    for entry in reading.parsed.actors:
        key = name_key(entry.draft.name)
        if not entry.given:  # the row's problem is reported already
            plan.index.setdefault(key, _BROKEN)
            continue
        try:
            draft = check_actor(entry.draft)
        except ValidationError as error:
            reading.fail(entry.place, error)
            plan.index.setdefault(key, _BROKEN)
            continue
        if key in seen:
            reading.fail(entry.place, ValidationError(
                "errors.actor_name_twice", field="name", name=draft.name,
                place=seen[key].describe(),
            ))  # fmt: skip
            continue
        seen[key] = entry.place
        actor = stored.get(plan.index.get(key, _BROKEN))
        if actor is None:
            plan.new_actors.append(draft)
            plan.index[key] = -len(plan.new_actors)
            continue
        try:
            merged = check_actor(_merge(actor, draft, entry.given))
        except ValidationError as error:
            reading.fail(entry.place, error)
            continue
        if _same_actor(actor, merged):
            plan.actors_unchanged += 1
        else:
            plan.actor_updates.append((entry.place, actor, merged))


def _pair_key(tie: Tie | TieDraft) -> tuple[frozenset[int], TieType]:
    return frozenset((tie.source_id, tie.target_id)), tie.tie_type


def _is_same(stored: Tie, draft: TieDraft) -> bool:
    """The file's row stands for ``stored``: same actors and direction, type, start."""
    if stored.tie_type != draft.tie_type or stored.starts_on != draft.starts_on:
        return False
    ends = (stored.source_id, stored.target_id)
    return ends == (draft.source_id, draft.target_id) or (
        stored.tie_type in UNDIRECTED and ends == (draft.target_id, draft.source_id)
    )


def _period(start: date | None, end: date | None) -> str:
    de = translator("de")
    open_end = de("network.period_open")
    return de(
        "network.period",
        start=start.strftime("%d.%m.%Y") if start else open_end,
        end=end.strftime("%d.%m.%Y") if end else open_end,
    )


def _plan_ties(cur: Cursor, quartier_id: int, reading: Reading, plan: _Plan) -> None:
    accepted: list[tuple[Place, TieDraft]] = []
    in_file: dict[tuple[frozenset[int], TieType], list[tuple[Place, TieDraft]]] = defaultdict(list)
    for entry in reading.parsed.ties:
        try:
            draft = parse_tie_row(entry.values, plan.index)
            if _BROKEN in (draft.source_id, draft.target_id):
                continue
            draft = check_tie(draft)
        except ValidationError as error:
            reading.fail(entry.place, error)
            continue
        twin = next((p for p, other in in_file[_pair_key(draft)] if same_tie(draft, other)), None)
        if twin is not None:
            reading.fail(entry.place, ValidationError(
                "errors.tie_twice", field="target", place=twin.describe()))  # fmt: skip
            continue
        in_file[_pair_key(draft)].append((entry.place, draft))
        accepted.append((entry.place, draft))
    stored: dict[tuple[frozenset[int], TieType], list[Tie]] = defaultdict(list)
    for tie in ties_of_quartier_in(cur, quartier_id):
        stored[_pair_key(tie)].append(tie)
    matched: set[int] = set()
    pending: list[tuple[Place, TieDraft, Tie | None]] = []
    for place, draft in accepted:
        same = next((t for t in stored.get(_pair_key(draft), ()) if _is_same(t, draft)), None)
        if same is not None:
            matched.add(same.id)
        pending.append((place, draft, same))
    for place, draft, same in pending:
        # Ties of the file were checked against each other above; here against the
        # stored ties that the file does not stand for.
        clash = next(
            (t for t in stored.get(_pair_key(draft), ())
             if t.id not in matched and same_tie(draft, t)), None,
        )  # fmt: skip
        if clash is not None:
            reading.fail(place, ValidationError(
                "errors.tie_overlaps_stored", field="starts_on",
                period=_period(clash.starts_on, clash.ends_on),
            ))  # fmt: skip
        elif same is None:
            plan.new_ties.append(draft)
        elif (same.strength, same.ends_on, same.notes) == (draft.strength, draft.ends_on,
                                                             draft.notes):  # fmt: skip
            plan.ties_unchanged += 1
        else:
            update = replace(draft, source_id=same.source_id, target_id=same.target_id)
            plan.tie_updates.append((place, same, update))


# --- writing ------------------------------------------------------------------------------


def _insert_actors(
    cur: Cursor, quartier_id: int, drafts: Sequence[ActorDraft], created_by: int | None
) -> list[int]:
    """Insert checked drafts in one statement each for actors and their fields."""
    if not drafts:
        return []
    ids = [int(r[0]) for r in cur.execute(
        "SELECT nextval('actors_id_seq') FROM range(?)", [len(drafts)]).fetchall()]  # fmt: skip
    cur.execute(
        "INSERT INTO actors (id, quartier_id, name, actor_type, contact_role, active_from,"
        " active_to, notes, created_by) SELECT unnest(?::BIGINT[]), ?, unnest(?::VARCHAR[]),"
        " unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::DATE[]), unnest(?::DATE[]),"
        " unnest(?::VARCHAR[]), ?",
        [ids, quartier_id, [d.name for d in drafts], [d.actor_type.value for d in drafts],
         [d.contact_role for d in drafts], [d.active_from for d in drafts],
         [d.active_to for d in drafts], [d.notes for d in drafts], created_by],
    )  # fmt: skip
    pairs = [(i, f.value) for i, d in zip(ids, drafts, strict=True) for f in d.fields_of_action]
    if pairs:
        cur.execute(
            "INSERT INTO actor_fields (quartier_id, actor_id, field)"
            " SELECT ?, unnest(?::BIGINT[]), unnest(?::VARCHAR[])",
            [quartier_id, [p[0] for p in pairs], [p[1] for p in pairs]],
        )
    return ids


def _insert_ties(
    cur: Cursor, quartier_id: int, drafts: Sequence[TieDraft], created_by: int | None
) -> None:
    if not drafts:
        return
    cur.execute(
        "INSERT INTO ties (quartier_id, source_id, target_id, tie_type, strength, starts_on,"
        " ends_on, notes, created_by) SELECT ?, unnest(?::BIGINT[]), unnest(?::BIGINT[]),"
        " unnest(?::VARCHAR[]), unnest(?::SMALLINT[]), unnest(?::DATE[]), unnest(?::DATE[]),"
        " unnest(?::VARCHAR[]), ?",
        [quartier_id, [d.source_id for d in drafts], [d.target_id for d in drafts],
         [d.tie_type.value for d in drafts], [d.strength for d in drafts],
         [d.starts_on for d in drafts], [d.ends_on for d in drafts], [d.notes for d in drafts],
         created_by],
    )  # fmt: skip


def _apply(
    cur: Cursor, quartier_id: int, reading: Reading, plan: _Plan, user_id: int | None
) -> None:
    """Write the plan; a refusal by the database becomes a problem of its row."""
    for place, actor, draft in plan.actor_updates:
        try:
            update_actor_in(cur, actor, draft, user_id)
        except QuartierError as error:
            reading.fail(place, error)
    ids = _insert_actors(cur, quartier_id, plan.new_actors, user_id)

    def real(actor_id: int) -> int:
        return ids[-actor_id - 1] if actor_id < 0 else actor_id

    for place, tie, tie_draft in plan.tie_updates:
        try:
            update_tie_in(cur, tie, tie_draft, user_id)
        except QuartierError as error:
            reading.fail(place, error)
    plan.new_ties = [
        replace(d, source_id=real(d.source_id), target_id=real(d.target_id)) for d in plan.new_ties
    ]
    _insert_ties(cur, quartier_id, plan.new_ties, user_id)

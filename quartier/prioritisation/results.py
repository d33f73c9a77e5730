"""The results of a prioritisation round: tallied in SQL over the latest ballots,
decided by the pure rules, stored once at closing; ties settled afterwards by appending
decisions (the latest counts)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from quartier.auth.permissions import Action, User, ensure
from quartier.errors import ValidationError
from quartier.ideas.stages import CHOSEN_SQL
from quartier.prioritisation.decide import allocate_fund, can_fund_tie, choose, fund_remaining
from quartier.prioritisation.model import (
    CriteriaTally,
    FundCount,
    IdeaResult,
    Method,
    Outcome,
    Reason,
    format_euros,
)
from quartier.prioritisation.rounds import Round, _round, _title_of
from quartier.storage import Database
from quartier.storage.db import Cursor

MAX_NOTE = 300


@dataclass(frozen=True)
class RoundResult:
    round: Round
    eligible: int
    voted: int
    voter_names: tuple[str, ...]  # who was eligible
    results: tuple[IdeaResult, ...]  # ordered by rank
    is_final: bool  # round closed (results stored) vs. live preview
    remaining_cents: int | None  # fund: budget left after funded ideas (and chosen ties)


# The ballot that counts per voter on the list: the latest. Parameter $round.
_LATEST = """
WITH latest AS (
    SELECT b.user_id, max(b.id) AS ballot_id
    FROM ballots b JOIN round_voters v ON v.round_id = b.round_id AND v.user_id = b.user_id
    WHERE b.round_id = $round
    GROUP BY b.user_id
),
items AS (
    SELECT l.user_id, bi.idea_id, bi.criterion, bi.value
    FROM ballot_items bi JOIN latest l ON l.ballot_id = bi.ballot_id
)
"""

_TALLY_SQL: dict[Method, str] = {
    Method.DOTS: _LATEST + "SELECT idea_id, sum(value)::BIGINT FROM items GROUP BY idea_id",
    Method.RANKING: _LATEST
    + "SELECT idea_id, sum($n - 1 - value)::BIGINT FROM items GROUP BY idea_id",
    Method.CRITERIA: _LATEST
    + """,
per_voter AS (
    SELECT i.user_id, i.idea_id,
        sum(c.weight * CASE WHEN c.is_inverted THEN 4 - i.value ELSE i.value END)
            / sum(c.weight) AS m
    FROM items i JOIN round_criteria c ON c.round_id = $round AND c.position = i.criterion
    GROUP BY i.user_id, i.idea_id
)
SELECT idea_id, avg(m), stddev_pop(m), count(*) FROM per_voter GROUP BY idea_id
""",
    Method.FUND: _LATEST
    + """
SELECT idea_id, count(*) FILTER (WHERE value = 1), count(*) FILTER (WHERE value = 0),
    count(*) FILTER (WHERE value = -1)
FROM items GROUP BY idea_id
""",
}


def _tally(cur: Cursor, rnd: Round) -> dict[int, Any]:
    """Per idea of the round: an int (dots, Borda), a CriteriaTally or a FundCount."""
    params: dict[str, int] = {"round": rnd.id}
    if rnd.method is Method.RANKING:
        params["n"] = len(rnd.idea_ids)
    rows = cur.execute(_TALLY_SQL[rnd.method], params).fetchall()
    if rnd.method is Method.CRITERIA:
        found: dict[int, Any] = {
            int(r[0]): CriteriaTally(float(r[1]), float(r[2]), int(r[3])) for r in rows
        }
        empty: Any = CriteriaTally(0.0, None, 0)
    elif rnd.method is Method.FUND:
        found = {int(r[0]): FundCount(int(r[1]), int(r[2]), int(r[3])) for r in rows}
        empty = FundCount()
    else:
        found = {int(r[0]): int(r[1]) for r in rows}
        empty = 0
    return {i: found.get(i, empty) for i in rnd.idea_ids}


def _live(rnd: Round, tally: Mapping[int, Any]) -> list[IdeaResult]:
    """The pure rules applied to the tallies."""
    if rnd.method is Method.FUND:
        assert rnd.budget_cents is not None and rnd.cap_cents is not None
        return allocate_fund(
            rnd.requested_cents, tally, len(rnd.voter_ids), rnd.budget_cents, rnd.cap_cents
        )
    assert rnd.winners is not None
    if rnd.method is Method.CRITERIA:
        results = choose({i: t.mean for i, t in tally.items()}, rnd.winners)
        return [replace(r, spread=tally[r.idea_id].spread) for r in results]
    return choose({i: float(t) for i, t in tally.items()}, rnd.winners)


def _stored(cur: Cursor, rnd: Round, tally: Mapping[int, Any]) -> list[IdeaResult]:
    """The results written at closing, with the latest decision on each tie."""
    rows = cur.execute(
        """
        SELECT rr.idea_id, rr.rank, rr.score, rr.outcome, rr.reason, d.is_chosen, d.note
        FROM round_results rr
        LEFT JOIN (
            SELECT idea_id, arg_max(is_chosen, decided_at) AS is_chosen,
                arg_max(note, decided_at) AS note
            FROM round_decisions WHERE round_id = $round GROUP BY idea_id
        ) d ON d.idea_id = rr.idea_id
        WHERE rr.round_id = $round
        ORDER BY rr.rank, rr.idea_id
        """,
        {"round": rnd.id},
    ).fetchall()
    results = []
    for idea_id, rank, score, outcome, reason, is_chosen, note in rows:
        result = IdeaResult(int(idea_id), int(rank), float(score), Outcome(outcome), Reason(reason))
        if result.outcome is Outcome.TIE and is_chosen is not None:
            chosen = Outcome.CHOSEN if is_chosen else Outcome.NOT_CHOSEN
            result = replace(result, outcome=chosen, reason=Reason.SETTLED, note=str(note))
        results.append(_with_tally(rnd, result, tally))
    return results


def _with_tally(rnd: Round, result: IdeaResult, tally: Mapping[int, Any]) -> IdeaResult:
    count = tally.get(result.idea_id)
    if isinstance(count, CriteriaTally):
        return replace(result, spread=count.spread)
    if isinstance(count, FundCount):
        return replace(
            result, yes=count.yes, no=count.no, abstain=count.abstain,
            requested_cents=rnd.requested_cents.get(result.idea_id),
        )  # fmt: skip
    return result


def _result(cur: Cursor, rnd: Round) -> RoundResult:
    if rnd.is_open:
        results = _live(rnd, _tally(cur, rnd))
    else:
        # Stored rows hold the scores; only spreads and fund votes come from the ballots.
        needs_tally = rnd.method in (Method.CRITERIA, Method.FUND)
        results = _stored(cur, rnd, _tally(cur, rnd) if needs_tally else {})
    row = cur.execute(
        "SELECT count(DISTINCT b.user_id) FROM ballots b JOIN round_voters v"
        " ON v.round_id = b.round_id AND v.user_id = b.user_id WHERE b.round_id = ?",
        [rnd.id],
    ).fetchone()
    names = cur.execute(
        "SELECT coalesce(nullif(trim(u.display_name), ''), u.username) AS name"
        " FROM round_voters v JOIN users u ON u.id = v.user_id WHERE v.round_id = ?"
        " ORDER BY lower(name), u.id",
        [rnd.id],
    ).fetchall()
    remaining = None
    if rnd.method is Method.FUND:
        assert rnd.budget_cents is not None
        remaining = fund_remaining(results, rnd.budget_cents)
    return RoundResult(
        round=rnd,
        eligible=len(rnd.voter_ids),
        voted=int(row[0]) if row else 0,
        voter_names=tuple(str(n[0]) for n in names),
        results=tuple(results),
        is_final=not rnd.is_open,
        remaining_cents=remaining,
    )


def round_result(db: Database, round_id: int) -> RoundResult:
    """The result: as stored (with settled ties) once closed, a live preview while open.

    Read access is the page's business (VIEW_GROUP); NotFoundError for an unknown round.
    """
    with db.read() as cur:
        return _result(cur, _round(cur, round_id))


def close_round(db: Database, user: User, round_id: int) -> RoundResult:
    """Close the round and store its result (ties stay ties until settled).

    PermissionDenied without MANAGE_QUARTIER_CONTENT; ValidationError when already closed.
    """
    with db.transaction() as cur:
        rnd = _round(cur, round_id)
        ensure(user, Action.MANAGE_QUARTIER_CONTENT, rnd)
        if not rnd.is_open:
            raise ValidationError("errors.round_already_closed", field="round", title=rnd.title)
        results = _live(rnd, _tally(cur, rnd))
        cur.execute(
            "INSERT INTO round_results (quartier_id, round_id, idea_id, rank, score, outcome,"
            " reason) SELECT ?, ?, unnest(?::BIGINT[]), unnest(?::INTEGER[]),"
            " unnest(?::DOUBLE[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
            [rnd.quartier_id, rnd.id, [r.idea_id for r in results], [r.rank for r in results],
             [r.score for r in results], [r.outcome.value for r in results],
             [r.reason.value for r in results]],
        )  # fmt: skip
        cur.execute("UPDATE rounds SET closed_at = now() WHERE id = ?", [rnd.id])
    return round_result(db, round_id)


def settle_tie(
    db: Database, user: User, round_id: int, idea_id: int, is_chosen: bool, note: str = ""
) -> RoundResult:
    """The group's (or jury's) decision on a tied idea of a closed round; the latest
    decision per idea counts, so a decision can be corrected.

    PermissionDenied without MANAGE_QUARTIER_CONTENT. ValidationError while the round is
    open, for an idea that is not tied, a note over 300 characters, or — in a fund round —
    choosing an idea that no longer fits the budget (never over budget).
    """
    note = note.strip()
    with db.transaction() as cur:
        rnd = _round(cur, round_id)
        ensure(user, Action.MANAGE_QUARTIER_CONTENT, rnd)
        if rnd.is_open:
            raise ValidationError("errors.round_not_closed", field="round", title=rnd.title)
        name = _title_of(cur, rnd)
        if idea_id not in rnd.idea_ids:
            raise ValidationError(
                "errors.round_idea_not_in_round", field="idea", idea=name(idea_id)
            )
        if len(note) > MAX_NOTE:
            raise ValidationError(
                "errors.text_too_long", field="note", label="field.decision_note",
                length=len(note), limit=MAX_NOTE,
            )  # fmt: skip
        stored = {
            int(i): Outcome(o)
            for i, o in cur.execute(
                "SELECT idea_id, outcome FROM round_results WHERE round_id = ?", [rnd.id]
            ).fetchall()
        }
        if stored.get(idea_id) is not Outcome.TIE:
            raise ValidationError("errors.round_not_a_tie", field="idea", idea=name(idea_id))
        if rnd.method is Method.FUND and is_chosen:
            _check_fund_tie(cur, rnd, stored, idea_id, name(idea_id))
        cur.execute(
            "INSERT INTO round_decisions (quartier_id, round_id, idea_id, is_chosen, note,"
            " decided_by, decided_at)"
            " SELECT ?, ?, ?, ?, ?, ?,"
            # strictly after the previous decision, so "the latest" is always one row
            " greatest(now(), coalesce(max(decided_at) + INTERVAL 1 MICROSECOND, now()))"
            " FROM round_decisions WHERE round_id = ? AND idea_id = ?",
            [rnd.quartier_id, rnd.id, idea_id, is_chosen, note, user.id, rnd.id, idea_id],
        )
    return round_result(db, round_id)


def _check_fund_tie(
    cur: Cursor, rnd: Round, stored: Mapping[int, Outcome], idea_id: int, title: str
) -> None:
    assert rnd.budget_cents is not None
    chosen_ties = {
        int(r[0])
        for r in cur.execute(
            "SELECT idea_id FROM round_decisions WHERE round_id = ? GROUP BY idea_id"
            " HAVING arg_max(is_chosen, decided_at)",
            [rnd.id],
        ).fetchall()
    }
    results = [
        IdeaResult(i, 0, 0.0, o, Reason.TIE, requested_cents=rnd.requested_cents.get(i))
        for i, o in stored.items()
    ]
    if not can_fund_tie(results, rnd.budget_cents, chosen_ties, idea_id):
        others = chosen_ties - {idea_id}
        raise ValidationError(
            "errors.fund_tie_over_budget", field="idea", idea=title,
            amount=format_euros(rnd.requested_cents.get(idea_id, 0)),
            remaining=format_euros(fund_remaining(results, rnd.budget_cents, others)),
        )  # fmt: skip


def chosen_ideas(db: Database, quartier_id: int) -> list[int]:
    """Ideas of the Quartier chosen in closed rounds, including ties settled in favour."""
    with db.read() as cur:
        rows = cur.execute(
            f"SELECT DISTINCT idea_id FROM ({CHOSEN_SQL}) c WHERE c.quartier_id = ?"
            " ORDER BY idea_id",
            [quartier_id],
        ).fetchall()
    return [int(r[0]) for r in rows]

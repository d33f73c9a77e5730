"""Casting ballots in a prioritisation round, one function per method, and reading
one's own latest ballot. Ballots are append-only: every cast writes a new ballot and the
voter's latest counts (see :mod:`quartier.prioritisation.rounds`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from quartier.auth.permissions import Action, User, ensure
from quartier.errors import ValidationError
from quartier.i18n import translator
from quartier.prioritisation.checks import check_dots, check_fund_votes, check_ranking, check_scores
from quartier.prioritisation.model import FundVote, Method
from quartier.prioritisation.rounds import Round, _round, _title_of
from quartier.storage import Database

Item = tuple[int, int | None, int]  # idea, criterion position, value


def _cast(
    db: Database,
    user: User,
    round_id: int,
    method: Method,
    items_of: Callable[[Round, Callable[[int], str]], list[Item]],
) -> None:
    """Check and append one ballot; the voter's previous ballots stay but no longer count."""
    with db.transaction() as cur:
        rnd = _round(cur, round_id)
        ensure(user, Action.VOTE_IN_ROUND, rnd)
        if rnd.method is not method:
            raise ValidationError(
                "errors.round_wrong_method", field="round", title=rnd.title,
                label=f"prioritisation.method.{rnd.method.value}",
            )  # fmt: skip
        if not rnd.is_open:
            raise ValidationError("errors.round_closed", field="round", title=rnd.title)
        if not rnd.accepts_ballots():
            raise ValidationError(
                "errors.round_time_over", field="round", title=rnd.title,
                closes=translator("de").datetime(rnd.closes_at),
            )  # fmt: skip
        items = items_of(rnd, _title_of(cur, rnd))
        row = cur.execute(
            "INSERT INTO ballots (quartier_id, round_id, user_id) VALUES (?, ?, ?) RETURNING id",
            [rnd.quartier_id, rnd.id, user.id],
        ).fetchone()
        assert row is not None
        cur.execute(
            "INSERT INTO ballot_items (quartier_id, ballot_id, idea_id, criterion, value)"
            " SELECT ?, ?, unnest(?::BIGINT[]), unnest(?::INTEGER[]), unnest(?::INTEGER[])",
            [rnd.quartier_id, int(row[0]), [i[0] for i in items], [i[1] for i in items],
             [i[2] for i in items]],
        )  # fmt: skip


def cast_dots(db: Database, user: User, round_id: int, allocation: Mapping[int, int]) -> None:
    """Distribute one's dots (idea id → dots); replaces one's earlier ballot.

    PermissionDenied unless ``user`` is on the voter list; ValidationError when the round
    is closed or over, or the allocation breaks the limits (see rules.check_dots).
    """

    def items(rnd: Round, name: Callable[[int], str]) -> list[Item]:
        assert rnd.dots_per_member is not None and rnd.max_dots_per_idea is not None
        clean = check_dots(
            allocation, rnd.idea_ids, rnd.dots_per_member, rnd.max_dots_per_idea, name
        )
        return [(i, None, d) for i, d in clean.items()]

    _cast(db, user, round_id, Method.DOTS, items)


def cast_scores(
    db: Database, user: User, round_id: int, scores: Mapping[tuple[int, int], int]
) -> None:
    """Score ideas: (idea id, criterion position from 0) → 1..3; replaces one's earlier ballot.

    Errors as for :func:`cast_dots`; see rules.check_scores for the score rules.
    """

    def items(rnd: Round, name: Callable[[int], str]) -> list[Item]:
        clean = check_scores(scores, rnd.idea_ids, rnd.criteria, name)
        return [(i, p, s) for (i, p), s in clean.items()]

    _cast(db, user, round_id, Method.CRITERIA, items)


def cast_ranking(db: Database, user: User, round_id: int, order: Sequence[int]) -> None:
    """Order all the round's ideas, best first; replaces one's earlier ballot.

    Errors as for :func:`cast_dots`; every idea exactly once (rules.check_ranking).
    """

    def items(rnd: Round, name: Callable[[int], str]) -> list[Item]:
        clean = check_ranking(order, rnd.idea_ids, name)
        return [(i, None, position) for position, i in enumerate(clean)]

    _cast(db, user, round_id, Method.RANKING, items)


def cast_fund_votes(db: Database, user: User, round_id: int, votes: Mapping[int, FundVote]) -> None:
    """Vote yes/no/abstain on the fund round's ideas; replaces one's earlier ballot.

    Errors as for :func:`cast_dots`.
    """

    def items(rnd: Round, name: Callable[[int], str]) -> list[Item]:
        clean = check_fund_votes(votes, rnd.idea_ids, name)
        return [(i, None, int(v)) for i, v in clean.items()]

    _cast(db, user, round_id, Method.FUND, items)


def my_ballot(db: Database, user: User, round_id: int) -> dict[Any, Any]:
    """``user``'s latest ballot in the shape cast_* takes, ``{}`` if none.

    Dots: {idea: dots}; criteria: {(idea, position): score}; fund: {idea: FundVote};
    ranking: {idea: position from 0} (sort the ideas by it to get the order back).
    """
    if user.id is None:
        return {}
    with db.read() as cur:
        rnd = _round(cur, round_id)
        rows = cur.execute(
            "SELECT idea_id, criterion, value FROM ballot_items WHERE ballot_id = ("
            " SELECT max(id) FROM ballots WHERE round_id = ? AND user_id = ?)",
            [round_id, user.id],
        ).fetchall()
    if rnd.method is Method.CRITERIA:
        return {(int(i), int(c)): int(v) for i, c, v in rows}
    if rnd.method is Method.FUND:
        return {int(i): FundVote(int(v)) for i, _, v in rows}
    return {int(i): int(v) for i, _, v in rows}

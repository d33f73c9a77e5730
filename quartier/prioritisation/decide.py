"""Deciding a round from its tallies as pure functions: rank the ideas, choose the top
ones or allocate the Aktionsfonds, and check the jury's decisions on ties against the
budget. Ties are never broken silently (see :mod:`quartier.prioritisation.rules`)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from itertools import groupby

from quartier.prioritisation.model import FundCount, IdeaResult, Outcome, Reason


def _key(score: float) -> float:
    # Weighted means are rationals summed in varying order (SQL vs Python); round away
    # the last bits so equal scores compare equal and count as a tie.
    return round(float(score), 9)


def competition_ranks(scores: Mapping[int, float]) -> dict[int, int]:
    """Rank 1 for the highest score; equal scores share a rank, the next rank skips.

    >>> competition_ranks({1: 5, 2: 9, 3: 5, 4: 1})
    {2: 1, 1: 2, 3: 2, 4: 4}
    """
    keys = {i: _key(s) for i, s in scores.items()}
    ranks: dict[int, int] = {}
    previous: float | None = None
    rank = 0
    for position, idea_id in enumerate(sorted(keys, key=lambda i: (-keys[i], i)), start=1):
        if keys[idea_id] != previous:
            rank, previous = position, keys[idea_id]
        ranks[idea_id] = rank
    return ranks


def choose(scores: Mapping[int, float], winners: int) -> list[IdeaResult]:
    """Rank ideas by score and choose the top ``winners``, ordered by rank.

    Ideas above the cut are CHOSEN (TOP), below it NOT_CHOSEN (LOWER_RANK). When equal
    scores straddle the cut, every idea with that score is a TIE for the group to
    settle. An idea with score 0 is never chosen.

    >>> [(r.idea_id, r.rank, r.outcome.name) for r in choose({1: 10, 2: 8, 3: 8, 4: 5}, 2)]
    [(1, 1, 'CHOSEN'), (2, 2, 'TIE'), (3, 2, 'TIE'), (4, 4, 'NOT_CHOSEN')]
    >>> [(r.idea_id, r.outcome.name) for r in choose({1: 10, 2: 8, 3: 8, 4: 5}, 3)]
    [(1, 'CHOSEN'), (2, 'CHOSEN'), (3, 'CHOSEN'), (4, 'NOT_CHOSEN')]
    >>> [(r.idea_id, r.outcome.name) for r in choose({1: 4, 2: 0, 3: 0}, 2)]
    [(1, 'CHOSEN'), (2, 'NOT_CHOSEN'), (3, 'NOT_CHOSEN')]
    """
    if winners < 1:
        raise ValueError("winners must be at least 1")
    ranks = competition_ranks(scores)
    keys = {i: _key(s) for i, s in scores.items()}
    positive = [i for i in ranks if keys[i] > 0]  # by rank, then id
    tied: set[int] = set()
    chosen = set(positive[:winners])
    if len(positive) > winners:
        cut = keys[positive[winners - 1]]
        if keys[positive[winners]] == cut:
            tied = {i for i in positive if keys[i] == cut}
            chosen -= tied
    results = []
    for idea_id in ranks:
        if idea_id in tied:
            outcome, reason = Outcome.TIE, Reason.TIE
        elif idea_id in chosen:
            outcome, reason = Outcome.CHOSEN, Reason.TOP
        else:
            outcome, reason = Outcome.NOT_CHOSEN, Reason.LOWER_RANK
        results.append(IdeaResult(idea_id, ranks[idea_id], float(scores[idea_id]), outcome, reason))
    return results


def allocate_fund(
    requested: Mapping[int, int],
    counts: Mapping[int, FundCount],
    jury_size: int,
    budget_cents: int,
    cap_cents: int,
) -> list[IdeaResult]:
    """Decide an Aktionsfonds round; ordered by rank (yes votes, descending).

    Per idea, in this order of precedence:

    1. request over the cap → NOT_CHOSEN, OVER_CAP;
    2. yes votes not more than half the *whole* jury (``2·yes ≤ jury_size``) → NO_MAJORITY;
    3. the rest is funded going down the yes votes while it fits the remaining budget;
       an idea that does not fit is BUDGET_EXHAUSTED and smaller ideas further down may
       still be funded.

    Ties (the tie rule): ideas with equal yes votes are taken together. If everything
    of the group that fits on its own also fits together, all of it is FUNDED. If not,
    every idea of the group that fits on its own (and costs more than 0) is a TIE for
    the jury, and the allocation *stops at the tie*: the budget left at the tie is held
    for the jury's decision, so ideas with fewer yes votes get nothing more
    (BUDGET_EXHAUSTED; only 0-€ requests are still funded). The jury may then fund any
    tied ideas whose sum fits the budget left at the tie — :func:`can_fund_tie` checks
    each one — so the budget is never overspent however the tie is settled. Money the
    jury does not give to a tied idea stays in the fund (``fund_remaining``).

    >>> requested = {1: 40_000, 2: 40_000, 3: 40_000, 4: 10_000, 5: 200_000, 6: 1_000}
    >>> votes = {1: FundCount(5), 2: FundCount(4), 3: FundCount(4), 4: FundCount(4, 3),
    ...          5: FundCount(7), 6: FundCount(3, 4)}
    >>> results = allocate_fund(requested, votes, 7, 100_000, 150_000)
    >>> [(r.idea_id, r.rank, r.outcome.name, r.reason.name) for r in results]
    ... # doctest: +NORMALIZE_WHITESPACE
    [(5, 1, 'NOT_CHOSEN', 'OVER_CAP'), (1, 2, 'CHOSEN', 'FUNDED'),
     (2, 3, 'TIE', 'TIE'), (3, 3, 'TIE', 'TIE'), (4, 3, 'TIE', 'TIE'),
     (6, 6, 'NOT_CHOSEN', 'NO_MAJORITY')]
    >>> fund_remaining(results, 100_000)  # 600 € left at the tie of three ideas
    60000
    >>> can_fund_tie(results, 100_000, {2}, 3)  # 400 € + 400 € > 600 €
    False
    >>> can_fund_tie(results, 100_000, {2}, 4)  # 400 € + 100 € fit
    True
    """
    yes = {i: counts.get(i, FundCount()).yes for i in requested}
    ranks = competition_ranks(yes)
    status: dict[int, tuple[Outcome, Reason]] = {}
    candidates = []
    for idea_id in ranks:
        if requested[idea_id] > cap_cents:
            status[idea_id] = (Outcome.NOT_CHOSEN, Reason.OVER_CAP)
        elif 2 * yes[idea_id] <= jury_size:
            status[idea_id] = (Outcome.NOT_CHOSEN, Reason.NO_MAJORITY)
        else:
            candidates.append(idea_id)
    remaining = budget_cents
    for _, group in groupby(candidates, key=yes.__getitem__):  # candidates are by yes, desc
        members = list(group)
        fitting = [i for i in members if requested[i] <= remaining]
        for idea_id in members:
            if idea_id not in fitting:
                status[idea_id] = (Outcome.NOT_CHOSEN, Reason.BUDGET_EXHAUSTED)
        total = sum(requested[i] for i in fitting)
        if total <= remaining:
            for idea_id in fitting:
                status[idea_id] = (Outcome.CHOSEN, Reason.FUNDED)
            remaining -= total
        else:
            for idea_id in fitting:
                free = requested[idea_id] == 0
                status[idea_id] = (
                    (Outcome.CHOSEN, Reason.FUNDED) if free else (Outcome.TIE, Reason.TIE)
                )
            remaining = 0  # held for the jury's decision on the tie
    return [
        IdeaResult(
            idea_id,
            ranks[idea_id],
            float(yes[idea_id]),
            *status[idea_id],
            yes=counts.get(idea_id, FundCount()).yes,
            no=counts.get(idea_id, FundCount()).no,
            abstain=counts.get(idea_id, FundCount()).abstain,
            requested_cents=requested[idea_id],
        )
        for idea_id in ranks
    ]


def fund_spent(results: Iterable[IdeaResult], chosen_ties: Collection[int] = ()) -> int:
    """Cents given to funded ideas plus the tied ideas the jury chose."""
    return sum(
        r.requested_cents or 0
        for r in results
        if r.outcome is Outcome.CHOSEN or (r.outcome is Outcome.TIE and r.idea_id in chosen_ties)
    )


def fund_remaining(
    results: Iterable[IdeaResult], budget_cents: int, chosen_ties: Collection[int] = ()
) -> int:
    """The budget left after funded ideas and the tied ideas the jury chose."""
    return budget_cents - fund_spent(results, chosen_ties)


def can_fund_tie(
    results: Sequence[IdeaResult], budget_cents: int, chosen_ties: Collection[int], idea_id: int
) -> bool:
    """Whether the jury may fund the tied idea ``idea_id`` now that it funds ``chosen_ties``
    (the idea itself left aside): it must still fit the budget."""
    idea = next((r for r in results if r.idea_id == idea_id), None)
    if idea is None or idea.outcome is not Outcome.TIE:
        return False
    others = set(chosen_ties) - {idea_id}
    return fund_spent(results, others) + (idea.requested_cents or 0) <= budget_cents

"""Tallies over the counted ballots as pure functions, one per method.

They are the reference for the SQL in :mod:`quartier.prioritisation.results`, which
computes the same tallies in the database; the tests compare the two.
"""

from __future__ import annotations

import statistics
from collections.abc import Collection, Iterable, Mapping, Sequence

from quartier.prioritisation.model import CriteriaTally, Criterion, FundCount, FundVote


def latest_ballots[B](cast: Iterable[tuple[int, B]]) -> dict[int, B]:
    """The ballot that counts per voter: the last one cast (``(voter_id, ballot)`` in order).

    >>> latest_ballots([(1, {5: 2}), (2, {6: 1}), (1, {6: 3})])
    {1: {6: 3}, 2: {6: 1}}
    """
    return dict(cast)


def tally_dots(ballots: Iterable[Mapping[int, int]], idea_ids: Iterable[int]) -> dict[int, int]:
    """Dots per idea.

    >>> tally_dots([{1: 2, 2: 1}, {2: 3}], [1, 2, 3])
    {1: 2, 2: 4, 3: 0}
    """
    totals = dict.fromkeys(idea_ids, 0)
    for ballot in ballots:
        for idea_id, dots in ballot.items():
            totals[idea_id] += dots
    return totals


def weighted_mean(scores: Mapping[int, int], criteria: Sequence[Criterion]) -> float:
    """One voter's mean for one idea: Σ w·s' / Σ w over the scored criteria, where an
    inverted criterion counts s' = 4 − s (low effort is good).

    >>> from quartier.prioritisation.model import DEFAULT_CRITERIA
    >>> weighted_mean({0: 3, 1: 2, 2: 1, 3: 1}, DEFAULT_CRITERIA)  # (2·3 + 2 + 3 + 3) / 5
    2.8
    """
    num = sum(
        criteria[p].weight * (4 - s if criteria[p].is_inverted else s) for p, s in scores.items()
    )
    den = sum(criteria[p].weight for p in scores)
    return num / den


def tally_criteria(
    ballots: Iterable[Mapping[tuple[int, int], int]],
    idea_ids: Iterable[int],
    criteria: Sequence[Criterion],
) -> dict[int, CriteriaTally]:
    """Per idea: the mean over voters of their weighted means and its population standard
    deviation (the spread). An idea nobody scored gets mean 0 and no spread.

    >>> crit = (Criterion("Nutzen", 2), Criterion("Kosten", 1, is_inverted=True))
    >>> tally_criteria([{(1, 0): 3, (1, 1): 3}, {(1, 0): 1, (1, 1): 1}], [1, 2], crit)
    {1: CriteriaTally(mean=2.0, spread=0.33333333333333337, raters=2), 2: CriteriaTally(mean=0.0, spread=None, raters=0)}
    """  # noqa: E501
    means: dict[int, list[float]] = {idea_id: [] for idea_id in idea_ids}
    for ballot in ballots:
        per_idea: dict[int, dict[int, int]] = {}
        for (idea_id, position), score in ballot.items():
            per_idea.setdefault(idea_id, {})[position] = score
        for idea_id, scores in per_idea.items():
            means[idea_id].append(weighted_mean(scores, criteria))
    return {
        idea_id: CriteriaTally(statistics.fmean(m), statistics.pstdev(m), len(m))
        if m
        else CriteriaTally(0.0, None, 0)
        for idea_id, m in means.items()
    }


def tally_borda(orders: Iterable[Sequence[int]], idea_ids: Collection[int]) -> dict[int, int]:
    """Borda points per idea: first place n − 1 points, last place 0.

    >>> tally_borda([[1, 2, 3], [2, 1, 3]], [1, 2, 3])
    {1: 3, 2: 3, 3: 0}
    """
    n = len(idea_ids)
    points = dict.fromkeys(idea_ids, 0)
    for order in orders:
        for position, idea_id in enumerate(order):
            points[idea_id] += n - 1 - position
    return points


def tally_fund(
    ballots: Iterable[Mapping[int, FundVote | int]], idea_ids: Iterable[int]
) -> dict[int, FundCount]:
    """Yes, no and abstain votes per idea.

    >>> tally_fund([{1: FundVote.YES, 2: FundVote.NO}, {1: FundVote.ABSTAIN}], [1, 2])
    {1: FundCount(yes=1, no=0, abstain=1), 2: FundCount(yes=0, no=1, abstain=0)}
    """
    counts = {idea_id: [0, 0, 0] for idea_id in idea_ids}
    slot = {FundVote.YES: 0, FundVote.NO: 1, FundVote.ABSTAIN: 2}
    for ballot in ballots:
        for idea_id, vote in ballot.items():
            counts[idea_id][slot[FundVote(vote)]] += 1
    return {idea_id: FundCount(*c) for idea_id, c in counts.items()}

"""The rules of a prioritisation round as pure functions: no database, no clock.

Four methods: dot voting, criteria scoring, ranking (Borda count) and the Aktionsfonds
(small-grants fund). For each there is a check of one ballot (raising ValidationError
with a German message that names the idea and the limit) and a tally over the counted
ballots; then :func:`choose` (or :func:`allocate_fund`) decides, and says why.

The storage module computes the same tallies in SQL; the ``tally_*`` functions here are
the reference the tests compare it with.

Decisions worth knowing:

* Ties are never broken silently. Equal scores that straddle the cut are all
  ``Outcome.TIE`` and the group settles them by hand.
* An idea with score 0 (no dots, nobody scored it, every voter put it last, no yes
  vote) is never chosen: a round nobody voted in chooses nothing.
* Default criteria are stored in the round as plain German names (they are content the
  coordinator may rename, like a survey question), not as catalogue keys.

The rules live in four modules and are all importable from here:

* :mod:`~quartier.prioritisation.model` — methods, votes, outcomes, reasons, criteria,
  defaults and limits, :class:`IdeaResult`;
* :mod:`~quartier.prioritisation.checks` — the round's settings and one ballot;
* :mod:`~quartier.prioritisation.tallies` — the tallies over the counted ballots;
* :mod:`~quartier.prioritisation.decide` — ranking, choosing and the fund's allocation.
"""

from __future__ import annotations

from quartier.prioritisation.checks import (
    check_criteria,
    check_dot_settings,
    check_dots,
    check_fund_settings,
    check_fund_votes,
    check_ranking,
    check_requests,
    check_scores,
    check_winners,
)
from quartier.prioritisation.decide import (
    allocate_fund,
    can_fund_tie,
    choose,
    competition_ranks,
    fund_remaining,
    fund_spent,
)
from quartier.prioritisation.model import (
    DEFAULT_BUDGET_CENTS,
    DEFAULT_CAP_CENTS,
    DEFAULT_CRITERIA,
    MAX_CRITERIA,
    MAX_CRITERION_NAME,
    MAX_CRITERION_WEIGHT,
    MAX_DOTS,
    SCALE,
    CriteriaTally,
    Criterion,
    FundCount,
    FundVote,
    IdeaResult,
    Method,
    NameOf,
    Outcome,
    Reason,
    format_euros,
)
from quartier.prioritisation.tallies import (
    latest_ballots,
    tally_borda,
    tally_criteria,
    tally_dots,
    tally_fund,
    weighted_mean,
)

__all__ = [
    "DEFAULT_BUDGET_CENTS",
    "DEFAULT_CAP_CENTS",
    "DEFAULT_CRITERIA",
    "MAX_CRITERIA",
    "MAX_CRITERION_NAME",
    "MAX_CRITERION_WEIGHT",
    "MAX_DOTS",
    "SCALE",
    "CriteriaTally",
    "Criterion",
    "FundCount",
    "FundVote",
    "IdeaResult",
    "Method",
    "NameOf",
    "Outcome",
    "Reason",
    "allocate_fund",
    "can_fund_tie",
    "check_criteria",
    "check_dot_settings",
    "check_dots",
    "check_fund_settings",
    "check_fund_votes",
    "check_ranking",
    "check_requests",
    "check_scores",
    "check_winners",
    "choose",
    "competition_ranks",
    "format_euros",
    "fund_remaining",
    "fund_spent",
    "latest_ballots",
    "tally_borda",
    "tally_criteria",
    "tally_dots",
    "tally_fund",
    "weighted_mean",
]

"""Prioritisation rounds of working groups: dot voting, criteria scoring, ranking and the
Aktionsfonds. ``rules`` holds the pure rules (from ``model``, ``checks``, ``tallies`` and
``decide``); ``rounds``, ``ballots`` and ``results`` the storage and user actions."""

from quartier.prioritisation.ballots import (
    cast_dots,
    cast_fund_votes,
    cast_ranking,
    cast_scores,
    my_ballot,
)
from quartier.prioritisation.results import (
    RoundResult,
    chosen_ideas,
    close_round,
    round_result,
    settle_tie,
)
from quartier.prioritisation.rounds import Round, get_round, list_rounds, open_round
from quartier.prioritisation.rules import (
    DEFAULT_BUDGET_CENTS,
    DEFAULT_CAP_CENTS,
    DEFAULT_CRITERIA,
    Criterion,
    FundVote,
    IdeaResult,
    Method,
    Outcome,
    Reason,
    format_euros,
)

__all__ = [
    "DEFAULT_BUDGET_CENTS",
    "DEFAULT_CAP_CENTS",
    "DEFAULT_CRITERIA",
    "Criterion",
    "FundVote",
    "IdeaResult",
    "Method",
    "Outcome",
    "Reason",
    "Round",
    "RoundResult",
    "cast_dots",
    "cast_fund_votes",
    "cast_ranking",
    "cast_scores",
    "chosen_ideas",
    "close_round",
    "format_euros",
    "get_round",
    "list_rounds",
    "my_ballot",
    "open_round",
    "round_result",
    "settle_tie",
]

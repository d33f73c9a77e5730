"""The vocabulary of a prioritisation round: methods, jury votes, outcomes and reasons,
criteria with their defaults and limits, and one idea's line in a result. Pure: no database,
no clock."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum, StrEnum
from typing import NamedTuple

from babel.numbers import format_currency


class Method(StrEnum):
    """Mirrors the CHECK constraint on ``rounds.method``."""

    DOTS = "punkte"
    CRITERIA = "kriterien"
    RANKING = "rangfolge"
    FUND = "aktionsfonds"


class FundVote(IntEnum):
    """A jury vote on one idea, stored as ``ballot_items.value``.

    Catalogue key of the label: ``prioritisation.vote.<name in lower case>``.
    """

    YES = 1
    NO = 0
    ABSTAIN = -1


class Outcome(StrEnum):
    """Mirrors the CHECK constraint on ``round_results.outcome``."""

    CHOSEN = "ausgewaehlt"
    NOT_CHOSEN = "nicht_ausgewaehlt"
    TIE = "gleichstand"


class Reason(StrEnum):
    """Why an idea was or was not chosen (catalogue: ``prioritisation.reason.<value>``)."""

    TOP = "oben"  # chosen by rank (dots/criteria/ranking)
    FUNDED = "gefoerdert"  # majority and fits the budget
    LOWER_RANK = "niedrigerer_rang"
    NO_MAJORITY = "keine_mehrheit"
    OVER_CAP = "ueber_obergrenze"
    BUDGET_EXHAUSTED = "budget_erschoepft"
    TIE = "gleichstand"  # tied at the cut: the group/jury settles by hand
    SETTLED = "entschieden"  # a tie the group decided (chosen or not)


@dataclass(frozen=True)
class Criterion:
    """One scoring criterion; an inverted one counts a low score as good (effort, cost)."""

    name: str
    weight: float
    is_inverted: bool = False


DEFAULT_CRITERIA: tuple[Criterion, ...] = (
    Criterion("Nutzen fürs Quartier", 2.0),
    Criterion("Reichweite", 1.0),
    Criterion("Aufwand", 1.0, is_inverted=True),
    Criterion("Kosten", 1.0, is_inverted=True),
)
DEFAULT_BUDGET_CENTS = 1_000_000
DEFAULT_CAP_CENTS = 150_000
SCALE = (1, 2, 3)  # the coarse scale of criteria scoring
MAX_CRITERIA = 8
MAX_CRITERION_WEIGHT = 10.0
MAX_CRITERION_NAME = 80
MAX_DOTS = 100  # rounds.dots_per_member CHECK


@dataclass(frozen=True)
class IdeaResult:
    """One idea's line in a round's result.

    ``score`` is the dots total, the weighted mean, the Borda points or the yes votes.
    ``note`` is the group's note when it settled a tie by hand.
    """

    idea_id: int
    rank: int
    score: float
    outcome: Outcome
    reason: Reason
    spread: float | None = None  # criteria: std dev of voters' weighted means
    yes: int = 0  # fund
    no: int = 0
    abstain: int = 0
    requested_cents: int | None = None  # fund
    note: str = ""


class FundCount(NamedTuple):
    """The jury's votes on one idea."""

    yes: int = 0
    no: int = 0
    abstain: int = 0


class CriteriaTally(NamedTuple):
    """Mean over voters of their weighted means, its population std dev, and how many scored."""

    mean: float
    spread: float | None
    raters: int


NameOf = Callable[[int], str]


def _default_name(idea_id: int) -> str:
    return f"#{idea_id}"


def format_euros(cents: int) -> str:
    """An amount in cents the German way (a plain space before the sign, so messages
    read the same wherever they are compared or copied).

    >>> format_euros(150_000)
    '1.500,00 €'
    >>> format_euros(-5)
    '-0,05 €'
    """
    text = str(format_currency(Decimal(cents) / 100, "EUR", locale="de_DE"))
    return text.replace("\xa0", " ")


def _whole(value: object) -> int | None:
    """``value`` as an int if it is a whole number (never a bool), else None."""
    if isinstance(value, bool):
        return None
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        return None

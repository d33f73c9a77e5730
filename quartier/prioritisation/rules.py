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
"""

from __future__ import annotations

import math
import operator
import statistics
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum, StrEnum
from itertools import groupby
from typing import NamedTuple

from babel.numbers import format_currency

from quartier.errors import ValidationError


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


# -- round settings -----------------------------------------------------------------------


def check_winners(winners: int | None, idea_count: int) -> int:
    """How many ideas a dots/criteria/ranking round chooses: 1 up to the number of ideas.

    There is no "rank only" round: ``None`` is refused (the UI suggests 3).

    >>> check_winners(3, 10)
    3
    >>> check_winners(None, 10)
    Traceback (most recent call last):
    ...
    quartier.errors.ValidationError: Wie viele Ideen sollen ausgewählt werden? Bitte geben Sie eine ganze Zahl von 1 bis 10 ein (so viele Ideen hat die Runde).
    """  # noqa: E501
    value = _whole(winners)
    if value is None or not 1 <= value <= idea_count:
        raise ValidationError("errors.round_winners", field="winners", limit=idea_count)
    return value


def check_dot_settings(
    dots_per_member: int | None, max_dots_per_idea: int | None
) -> tuple[int, int]:
    """(dots per member, max per idea); the max defaults to all of one's dots.

    >>> check_dot_settings(5, 2)
    (5, 2)
    >>> check_dot_settings(5, None)
    (5, 5)
    >>> check_dot_settings(5, 6)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    quartier.errors.ValidationError: Höchstens Punkte je Idee: ... von 1 bis 5 ein ...
    """
    dots = _whole(dots_per_member)
    if dots is None or not 1 <= dots <= MAX_DOTS:
        raise ValidationError("errors.round_dots", field="dots_per_member", limit=MAX_DOTS)
    per_idea = dots if max_dots_per_idea is None else _whole(max_dots_per_idea)
    if per_idea is None or not 1 <= per_idea <= dots:
        raise ValidationError("errors.round_max_dots", field="max_dots_per_idea", limit=dots)
    return dots, per_idea


def check_criteria(criteria: Sequence[Criterion] | None) -> tuple[Criterion, ...]:
    """1 to 8 criteria with distinct names (whitespace collapsed) and weights 0 < w ≤ 10.

    ``None`` means the defaults.

    >>> [c.name for c in check_criteria(None)]
    ['Nutzen fürs Quartier', 'Reichweite', 'Aufwand', 'Kosten']
    >>> check_criteria([Criterion("  Spaß   für alle ", 1)])
    (Criterion(name='Spaß für alle', weight=1.0, is_inverted=False),)
    >>> check_criteria([Criterion("Reichweite", 0)])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    quartier.errors.ValidationError: Das Gewicht von „Reichweite“ ist 0; ...
    """
    if criteria is None:
        return DEFAULT_CRITERIA
    if not 1 <= len(criteria) <= MAX_CRITERIA:
        raise ValidationError(
            "errors.criteria_count", field="criteria", limit=MAX_CRITERIA, count=len(criteria)
        )
    clean: list[Criterion] = []
    seen: set[str] = set()
    for position, criterion in enumerate(criteria, start=1):
        name = " ".join(str(criterion.name).split())
        if not name:
            raise ValidationError(
                "errors.criterion_name_missing", field="criteria", position=position
            )
        if len(name) > MAX_CRITERION_NAME:
            raise ValidationError(
                "errors.text_too_long",
                field="criteria",
                label="field.criterion_name",
                length=len(name),
                limit=MAX_CRITERION_NAME,
            )
        if name.casefold() in seen:
            raise ValidationError("errors.criterion_name_twice", field="criteria", name=name)
        seen.add(name.casefold())
        try:
            weight = float(criterion.weight)
        except (TypeError, ValueError):
            weight = math.nan
        if not (math.isfinite(weight) and 0 < weight <= MAX_CRITERION_WEIGHT):
            raise ValidationError(
                "errors.criterion_weight", field="criteria", name=name, value=criterion.weight
            )
        clean.append(Criterion(name, weight, bool(criterion.is_inverted)))
    return tuple(clean)


def check_fund_settings(budget_cents: int | None, cap_cents: int | None) -> tuple[int, int]:
    """(budget, cap) in cents: budget > 0, 0 < cap ≤ budget; defaults 10.000 € and 1.500 €.

    >>> check_fund_settings(None, None)
    (1000000, 150000)
    >>> check_fund_settings(100_000, 150_000)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    quartier.errors.ValidationError: Die Obergrenze je Projekt ... Budget von 1.000,00 € nicht ...
    """
    budget = DEFAULT_BUDGET_CENTS if budget_cents is None else _whole(budget_cents)
    if budget is None or budget <= 0:
        raise ValidationError("errors.fund_budget", field="budget_cents")
    cap = DEFAULT_CAP_CENTS if cap_cents is None else _whole(cap_cents)
    if cap is None or not 0 < cap <= budget:
        raise ValidationError("errors.fund_cap", field="cap_cents", budget=format_euros(budget))
    return budget, cap


def check_requests(
    requested: Mapping[int, int] | None,
    idea_ids: Sequence[int],
    cap_cents: int,
    name_of: NameOf = _default_name,
) -> dict[int, int]:
    """The requested amount (cents) of every idea of a fund round: present, 0 ≤ x ≤ cap.

    >>> check_requests({1: 50_000, 2: 0}, [1, 2], 150_000)
    {1: 50000, 2: 0}
    >>> check_requests({1: 160_000, 2: 0}, [1, 2], 150_000, {1: "Hoffest"}.get)
    Traceback (most recent call last):
    ...
    quartier.errors.ValidationError: „Hoffest“ beantragt 1.600,00 €; die Obergrenze je Projekt liegt bei 1.500,00 €. Bitte kürzen Sie den Betrag oder nehmen Sie die Idee aus der Runde.
    """  # noqa: E501
    requested = requested or {}
    cap = format_euros(cap_cents)
    known = set(idea_ids)
    for idea_id in requested:
        if idea_id not in known:
            raise ValidationError(
                "errors.round_idea_not_in_round", field="requested_cents", idea=name_of(idea_id)
            )
    clean: dict[int, int] = {}
    for idea_id in idea_ids:
        name = name_of(idea_id)
        if idea_id not in requested or requested[idea_id] is None:
            raise ValidationError(
                "errors.fund_request_missing", field="requested_cents", idea=name, cap=cap
            )
        amount = _whole(requested[idea_id])
        if amount is None:
            raise ValidationError(
                "errors.fund_request_not_whole", field="requested_cents", idea=name, cap=cap
            )
        if amount < 0:
            raise ValidationError(
                "errors.fund_request_negative",
                field="requested_cents",
                idea=name,
                amount=format_euros(amount),
                cap=cap,
            )
        if amount > cap_cents:
            raise ValidationError(
                "errors.fund_request_over_cap",
                field="requested_cents",
                idea=name,
                amount=format_euros(amount),
                cap=cap,
            )
        clean[idea_id] = amount
    return clean


# -- ballots ----------------------------------------------------------------------------


def _check_known(ids: Iterable[int], known: Collection[int], field: str, name_of: NameOf) -> None:
    for idea_id in ids:
        if idea_id not in known:
            raise ValidationError(
                "errors.round_idea_not_in_round", field=field, idea=name_of(idea_id)
            )


def check_dots(
    allocation: Mapping[int, int],
    idea_ids: Collection[int],
    dots_per_member: int,
    max_dots_per_idea: int,
    name_of: NameOf = _default_name,
) -> dict[int, int]:
    """One member's dots: ideas of the round only, whole numbers ≥ 0, at most
    ``max_dots_per_idea`` on one idea and ``dots_per_member`` in all. Zeros are dropped;
    an empty allocation is a valid (blank) ballot.

    >>> check_dots({1: 2, 2: 1, 3: 0}, [1, 2, 3], 3, 2)
    {1: 2, 2: 1}
    >>> check_dots({1: 2, 2: 2}, [1, 2, 3], 3, 2)
    Traceback (most recent call last):
    ...
    quartier.errors.ValidationError: Sie haben 4 Punkte verteilt, haben aber nur 3. Bitte nehmen Sie 1 Punkte wieder weg.
    >>> check_dots({1: 3}, [1, 2], 5, 2, {1: "Bank am Spielplatz"}.get)
    Traceback (most recent call last):
    ...
    quartier.errors.ValidationError: Auf „Bank am Spielplatz“ liegen 3 Punkte; erlaubt sind höchstens 2 Punkte je Idee. Bitte verteilen Sie die übrigen Punkte auf andere Ideen.
    """  # noqa: E501
    _check_known(allocation, idea_ids, "allocation", name_of)
    clean: dict[int, int] = {}
    for idea_id, raw in allocation.items():
        dots = _whole(raw)
        if dots is None:
            raise ValidationError(
                "errors.dots_whole_number", field="allocation", idea=name_of(idea_id), value=raw
            )
        if dots < 0:
            raise ValidationError(
                "errors.dots_negative", field="allocation", idea=name_of(idea_id), value=dots
            )
        if dots > max_dots_per_idea:
            raise ValidationError(
                "errors.dots_per_idea",
                field="allocation",
                idea=name_of(idea_id),
                value=dots,
                limit=max_dots_per_idea,
            )
        if dots:
            clean[idea_id] = dots
    total = sum(clean.values())
    if total > dots_per_member:
        raise ValidationError(
            "errors.dots_total",
            field="allocation",
            total=total,
            limit=dots_per_member,
            excess=total - dots_per_member,
        )
    return clean


def check_scores(
    scores: Mapping[tuple[int, int], int],
    idea_ids: Collection[int],
    criteria: Sequence[Criterion],
    name_of: NameOf = _default_name,
) -> dict[tuple[int, int], int]:
    """One member's scores: ``(idea_id, criterion position) -> 1..3`` (positions from 0).

    A member need not score every idea, but an idea they score gets a score on every
    criterion (a mean over different criteria would not compare).

    >>> check_scores({(7, 0): 3, (7, 1): 1}, [7, 8], DEFAULT_CRITERIA[:2])
    {(7, 0): 3, (7, 1): 1}
    >>> check_scores({(7, 0): 4, (7, 1): 1}, [7], DEFAULT_CRITERIA[:2])
    Traceback (most recent call last):
    ...
    quartier.errors.ValidationError: „#7“, Kriterium „Nutzen fürs Quartier“: „4“ ist keine gültige Bewertung. Bitte wählen Sie 1, 2 oder 3.
    >>> check_scores({(7, 0): 2}, [7], DEFAULT_CRITERIA[:2])
    Traceback (most recent call last):
    ...
    quartier.errors.ValidationError: Bei „#7“ fehlt die Bewertung für: Reichweite. Bitte bewerten Sie die Idee in allen Kriterien oder lassen Sie sie ganz leer.
    """  # noqa: E501
    _check_known((idea for idea, _ in scores), idea_ids, "scores", name_of)
    clean: dict[tuple[int, int], int] = {}
    positions: dict[int, set[int]] = {}
    for (idea_id, position), raw in scores.items():
        if _whole(position) is None or not 0 <= position < len(criteria):
            raise ValidationError("errors.score_criterion_unknown", field="scores", value=position)
        score = _whole(raw)
        if score not in SCALE:
            raise ValidationError(
                "errors.score_out_of_range",
                field="scores",
                idea=name_of(idea_id),
                criterion=criteria[position].name,
                value=raw,
            )
        assert score is not None
        clean[(idea_id, position)] = score
        positions.setdefault(idea_id, set()).add(position)
    for idea_id, scored in positions.items():
        missing = [c.name for p, c in enumerate(criteria) if p not in scored]
        if missing:
            raise ValidationError(
                "errors.score_incomplete",
                field="scores",
                idea=name_of(idea_id),
                missing=", ".join(missing),
            )
    return clean


def check_ranking(
    order: Sequence[int], idea_ids: Collection[int], name_of: NameOf = _default_name
) -> tuple[int, ...]:
    """One member's order of all the round's ideas, best first, each exactly once.

    >>> check_ranking([3, 1, 2], [1, 2, 3])
    (3, 1, 2)
    >>> check_ranking([3, 1], [1, 2, 3], {2: "Nachbarschaftsfest"}.get)
    Traceback (most recent call last):
    ...
    quartier.errors.ValidationError: In Ihrer Rangfolge fehlt „Nachbarschaftsfest“. Bitte ordnen Sie alle 3 Ideen der Runde.
    """  # noqa: E501
    _check_known(order, idea_ids, "order", name_of)
    seen: set[int] = set()
    for idea_id in order:
        if idea_id in seen:
            raise ValidationError("errors.ranking_twice", field="order", idea=name_of(idea_id))
        seen.add(idea_id)
    for idea_id in sorted(idea_ids):
        if idea_id not in seen:
            raise ValidationError(
                "errors.ranking_missing", field="order", idea=name_of(idea_id), count=len(idea_ids)
            )
    return tuple(order)


def check_fund_votes(
    votes: Mapping[int, FundVote | int], idea_ids: Collection[int], name_of: NameOf = _default_name
) -> dict[int, FundVote]:
    """One juror's votes: yes (1), no (0) or abstain (-1) per idea of the round.

    An idea left out is simply not voted on (it counts towards no total).

    >>> check_fund_votes({1: 1, 2: FundVote.ABSTAIN}, [1, 2])
    {1: <FundVote.YES: 1>, 2: <FundVote.ABSTAIN: -1>}
    >>> check_fund_votes({1: 2}, [1])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    quartier.errors.ValidationError: Bei „#1“ ist „2“ keine gültige Stimme. ...
    """
    _check_known(votes, idea_ids, "votes", name_of)
    clean: dict[int, FundVote] = {}
    for idea_id, raw in votes.items():
        value = _whole(raw)
        if value not in (-1, 0, 1):
            raise ValidationError(
                "errors.fund_vote_invalid", field="votes", idea=name_of(idea_id), value=raw
            )
        clean[idea_id] = FundVote(value)
    return clean


# -- tallies (the reference for the SQL in rounds.py) -----------------------------------


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


# -- deciding ----------------------------------------------------------------------------


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

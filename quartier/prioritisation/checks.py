"""The checks of a prioritisation round as pure functions: a round's settings when it is
opened and one ballot when it is cast. Each raises ValidationError with a German message
that names the idea and the limit."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence

from quartier.errors import ValidationError
from quartier.prioritisation.model import (
    DEFAULT_BUDGET_CENTS,
    DEFAULT_CAP_CENTS,
    DEFAULT_CRITERIA,
    MAX_CRITERIA,
    MAX_CRITERION_NAME,
    MAX_CRITERION_WEIGHT,
    MAX_DOTS,
    SCALE,
    Criterion,
    FundVote,
    NameOf,
    _default_name,
    _whole,
    format_euros,
)

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

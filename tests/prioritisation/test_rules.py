"""The pure rules: table-driven cases per rule and property-based invariants."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quartier.errors import ValidationError
from quartier.prioritisation.rules import (
    DEFAULT_CRITERIA,
    Criterion,
    FundCount,
    FundVote,
    Outcome,
    Reason,
    allocate_fund,
    can_fund_tie,
    check_criteria,
    check_dot_settings,
    check_dots,
    check_fund_settings,
    check_fund_votes,
    check_ranking,
    check_requests,
    check_scores,
    check_winners,
    choose,
    competition_ranks,
    format_euros,
    fund_remaining,
    fund_spent,
    latest_ballots,
    tally_borda,
    tally_criteria,
    tally_dots,
    tally_fund,
    weighted_mean,
)

IDEAS = [1, 2, 3, 4]
TITLES = {1: "Bank am Spielplatz", 2: "Hoffest", 3: "Sprachcafé", 4: "Bücherschrank"}


def error_of(call) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value


# -- dots --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("allocation", "dots", "per_idea", "expected"),
    [
        ({1: 2, 2: 1}, 3, 2, {1: 2, 2: 1}),
        ({1: 2, 2: 1, 3: 0}, 3, 2, {1: 2, 2: 1}),
        ({}, 3, 2, {}),
        ({1: 3}, 3, 3, {1: 3}),
        ({1: 1, 2: 1, 3: 1}, 5, 1, {1: 1, 2: 1, 3: 1}),
        ({1: 2, 2: 2}, 3, 2, "errors.dots_total"),
        ({1: 3}, 5, 2, "errors.dots_per_idea"),
        ({1: -1, 2: 2}, 3, 2, "errors.dots_negative"),
        ({1: 1.5}, 3, 2, "errors.dots_whole_number"),
        ({1: True}, 3, 2, "errors.dots_whole_number"),
        ({1: "2"}, 3, 2, "errors.dots_whole_number"),
        ({9: 1}, 3, 2, "errors.round_idea_not_in_round"),
    ],
)
def test_dot_allocation(allocation, dots, per_idea, expected):
    call = lambda: check_dots(allocation, IDEAS, dots, per_idea, TITLES.get)  # noqa: E731
    if isinstance(expected, str):
        assert error_of(call).key == expected
    else:
        assert call() == expected


def test_dot_messages_name_the_idea_and_the_limit():
    assert error_of(lambda: check_dots({2: 3}, IDEAS, 5, 2, TITLES.get)).message == (
        "Auf „Hoffest“ liegen 3 Punkte; erlaubt sind höchstens 2 Punkte je Idee."
        " Bitte verteilen Sie die übrigen Punkte auf andere Ideen."
    )
    error = error_of(lambda: check_dots({1: 2, 2: 2, 3: 2}, IDEAS, 5, 2, TITLES.get))
    assert error.params == {"total": 6, "limit": 5, "excess": 1}
    assert "nur 5" in error.message and "1 Punkte wieder weg" in error.message


@pytest.mark.parametrize(
    ("dots", "per_idea", "expected"),
    [
        (5, 2, (5, 2)),
        (5, None, (5, 5)),
        (1, 1, (1, 1)),
        (100, 100, (100, 100)),
        (None, None, "errors.round_dots"),
        (0, None, "errors.round_dots"),
        (101, None, "errors.round_dots"),
        (5, 0, "errors.round_max_dots"),
        (5, 6, "errors.round_max_dots"),
    ],
)
def test_dot_settings(dots, per_idea, expected):
    call = lambda: check_dot_settings(dots, per_idea)  # noqa: E731
    if isinstance(expected, str):
        assert error_of(call).key == expected
    else:
        assert call() == expected


@settings(max_examples=300)
@given(
    allocation=st.dictionaries(st.integers(0, 6), st.integers(-2, 8), max_size=6),
    dots=st.integers(1, 12),
    per_idea=st.integers(1, 12),
)
def test_validation_rejects_every_over_limit_allocation_and_accepts_every_valid_one(
    allocation, dots, per_idea
):
    per_idea = min(per_idea, dots)
    ideas = [1, 2, 3, 4, 5]
    valid = (
        all(i in ideas for i in allocation)
        and all(0 <= d <= per_idea for d in allocation.values())
        and sum(allocation.values()) <= dots
    )
    if valid:
        clean = check_dots(allocation, ideas, dots, per_idea)
        assert clean == {i: d for i, d in allocation.items() if d}
        assert sum(clean.values()) <= dots and all(d <= per_idea for d in clean.values())
    else:
        with pytest.raises(ValidationError):
            check_dots(allocation, ideas, dots, per_idea)


# -- criteria ------------------------------------------------------------------------------

TWO = (Criterion("Nutzen", 2), Criterion("Kosten", 1, is_inverted=True))


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ({(1, 0): 3, (1, 1): 1}, {(1, 0): 3, (1, 1): 1}),
        ({}, {}),
        ({(1, 0): 1, (1, 1): 1, (2, 0): 2, (2, 1): 3}, "ok"),
        ({(1, 0): 0, (1, 1): 1}, "errors.score_out_of_range"),
        ({(1, 0): 4, (1, 1): 1}, "errors.score_out_of_range"),
        ({(1, 0): 2.5, (1, 1): 1}, "errors.score_out_of_range"),
        ({(1, 0): 2}, "errors.score_incomplete"),
        ({(1, 0): 2, (1, 1): 2, (1, 2): 2}, "errors.score_criterion_unknown"),
        ({(1, -1): 2}, "errors.score_criterion_unknown"),
        ({(9, 0): 2, (9, 1): 2}, "errors.round_idea_not_in_round"),
    ],
)
def test_scores(scores, expected):
    call = lambda: check_scores(scores, IDEAS, TWO, TITLES.get)  # noqa: E731
    if expected == "ok":
        assert call() == scores
    elif isinstance(expected, str):
        assert error_of(call).key == expected
    else:
        assert call() == expected


def test_score_message_names_idea_criterion_and_scale():
    error = error_of(lambda: check_scores({(3, 0): 0, (3, 1): 1}, IDEAS, TWO, TITLES.get))
    assert error.message == (
        "„Sprachcafé“, Kriterium „Nutzen“: „0“ ist keine gültige Bewertung."
        " Bitte wählen Sie 1, 2 oder 3."
    )


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ({0: 3, 1: 1}, 3.0),  # (2·3 + 1·(4−1)) / 3
        ({0: 1, 1: 3}, 1.0),
        ({0: 2, 1: 2}, 2.0),
        ({0: 3, 1: 3}, 7 / 3),
    ],
)
def test_weighted_mean_counts_inverted_criteria_as_4_minus_s(scores, expected):
    assert weighted_mean(scores, TWO) == pytest.approx(expected)


def test_criteria_tally_mean_over_voters_with_population_spread():
    ballots = [
        {(1, 0): 3, (1, 1): 1, (2, 0): 1, (2, 1): 3},  # idea 1: 3.0, idea 2: 1.0
        {(1, 0): 1, (1, 1): 3},  # idea 1: 1.0
    ]
    tally = tally_criteria(ballots, [1, 2, 3], TWO)
    assert tally[1].mean == pytest.approx(2.0) and tally[1].spread == pytest.approx(1.0)
    assert tally[1].raters == 2
    assert (tally[2].mean, tally[2].spread, tally[2].raters) == (1.0, 0.0, 1)
    assert (tally[3].mean, tally[3].spread, tally[3].raters) == (0.0, None, 0)
    results = choose({i: t.mean for i, t in tally.items()}, 1)
    assert [(r.idea_id, r.outcome) for r in results][-1] == (3, Outcome.NOT_CHOSEN)


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        (None, DEFAULT_CRITERIA),
        ([Criterion(" Reichweite ", 1)], (Criterion("Reichweite", 1.0),)),
        (
            [Criterion("a", 10), Criterion("b", 0.5, True)],
            (Criterion("a", 10.0), Criterion("b", 0.5, True)),
        ),  # noqa: E501
        ([], "errors.criteria_count"),
        ([Criterion(f"k{i}", 1) for i in range(9)], "errors.criteria_count"),
        ([Criterion("  ", 1)], "errors.criterion_name_missing"),
        ([Criterion("x" * 81, 1)], "errors.text_too_long"),
        ([Criterion("Kosten", 1), Criterion("kosten", 2)], "errors.criterion_name_twice"),
        ([Criterion("a", 0)], "errors.criterion_weight"),
        ([Criterion("a", -1)], "errors.criterion_weight"),
        ([Criterion("a", 10.5)], "errors.criterion_weight"),
        ([Criterion("a", math.nan)], "errors.criterion_weight"),
    ],
)
def test_criteria_settings(criteria, expected):
    call = lambda: check_criteria(criteria)  # noqa: E731
    if isinstance(expected, str):
        assert error_of(call).key == expected
    else:
        assert call() == expected


def test_default_criteria_are_the_issue_s():
    assert [(c.name, c.weight, c.is_inverted) for c in DEFAULT_CRITERIA] == [
        ("Nutzen fürs Quartier", 2.0, False),
        ("Reichweite", 1.0, False),
        ("Aufwand", 1.0, True),
        ("Kosten", 1.0, True),
    ]


# -- ranking -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ([4, 3, 2, 1], (4, 3, 2, 1)),
        ([1, 2, 3, 4], (1, 2, 3, 4)),
        ([1, 2, 3], "errors.ranking_missing"),
        ([], "errors.ranking_missing"),
        ([1, 2, 2, 3, 4], "errors.ranking_twice"),
        ([1, 2, 3, 4, 9], "errors.round_idea_not_in_round"),
    ],
)
def test_ranking(order, expected):
    call = lambda: check_ranking(order, IDEAS, TITLES.get)  # noqa: E731
    if isinstance(expected, str):
        assert error_of(call).key == expected
    else:
        assert call() == expected


def test_ranking_message_names_the_missing_idea():
    error = error_of(lambda: check_ranking([1, 2, 4], IDEAS, TITLES.get))
    assert error.message == (
        "In Ihrer Rangfolge fehlt „Sprachcafé“. Bitte ordnen Sie alle 4 Ideen der Runde."
    )


@pytest.mark.parametrize(
    ("orders", "expected"),
    [
        ([[1, 2, 3, 4]], {1: 3, 2: 2, 3: 1, 4: 0}),
        ([[1, 2, 3, 4], [4, 3, 2, 1]], {1: 3, 2: 3, 3: 3, 4: 3}),
        ([[2, 1, 3, 4], [2, 3, 1, 4], [1, 2, 4, 3]], {1: 6, 2: 8, 3: 3, 4: 1}),
        ([], {1: 0, 2: 0, 3: 0, 4: 0}),
    ],
)
def test_borda_points(orders, expected):
    assert tally_borda(orders, IDEAS) == expected


@given(
    n=st.integers(2, 8),
    data=st.data(),
)
def test_borda_totals_are_voters_times_n_n_minus_1_over_2(n, data):
    ideas = list(range(1, n + 1))
    orders = data.draw(st.lists(st.permutations(ideas), max_size=12))
    points = tally_borda(orders, ideas)
    assert sum(points.values()) == len(orders) * n * (n - 1) // 2
    assert all(0 <= p <= len(orders) * (n - 1) for p in points.values())


# -- fund votes and requests ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("votes", "expected"),
    [
        ({1: FundVote.YES, 2: 0, 3: -1}, {1: FundVote.YES, 2: FundVote.NO, 3: FundVote.ABSTAIN}),
        ({}, {}),
        ({1: 2}, "errors.fund_vote_invalid"),
        ({1: "ja"}, "errors.fund_vote_invalid"),
        ({9: 1}, "errors.round_idea_not_in_round"),
    ],
)
def test_fund_votes(votes, expected):
    call = lambda: check_fund_votes(votes, IDEAS, TITLES.get)  # noqa: E731
    if isinstance(expected, str):
        assert error_of(call).key == expected
    else:
        assert call() == expected


@pytest.mark.parametrize(
    ("requested", "expected"),
    [
        ({1: 0, 2: 150_000}, {1: 0, 2: 150_000}),
        ({1: 150_001, 2: 0}, "errors.fund_request_over_cap"),
        ({1: -100, 2: 0}, "errors.fund_request_negative"),
        ({1: 100}, "errors.fund_request_missing"),
        ({1: None, 2: 1}, "errors.fund_request_missing"),
        (None, "errors.fund_request_missing"),
        ({1: 12.5, 2: 1}, "errors.fund_request_not_whole"),
        ({1: 1, 2: 1, 9: 1}, "errors.round_idea_not_in_round"),
    ],
)
def test_requested_amounts(requested, expected):
    call = lambda: check_requests(requested, [1, 2], 150_000, TITLES.get)  # noqa: E731
    if isinstance(expected, str):
        assert error_of(call).key == expected
    else:
        assert call() == expected


def test_request_messages_name_idea_amount_and_cap_in_euros():
    over = error_of(lambda: check_requests({1: 180_050, 2: 0}, [1, 2], 150_000, TITLES.get))
    assert over.message == (
        "„Bank am Spielplatz“ beantragt 1.800,50 €; die Obergrenze je Projekt liegt bei"
        " 1.500,00 €. Bitte kürzen Sie den Betrag oder nehmen Sie die Idee aus der Runde."
    )
    negative = error_of(lambda: check_requests({1: 0, 2: -1}, [1, 2], 150_000, TITLES.get))
    assert "„Hoffest“" in negative.message and "negativ" in negative.message


@pytest.mark.parametrize(
    ("budget", "cap", "expected"),
    [
        (None, None, (1_000_000, 150_000)),
        (500_000, 50_000, (500_000, 50_000)),
        (100, 100, (100, 100)),
        (0, None, "errors.fund_budget"),
        (-1, None, "errors.fund_budget"),
        (None, 0, "errors.fund_cap"),
        (100_000, 100_001, "errors.fund_cap"),
    ],
)
def test_fund_settings(budget, cap, expected):
    call = lambda: check_fund_settings(budget, cap)  # noqa: E731
    if isinstance(expected, str):
        assert error_of(call).key == expected
    else:
        assert call() == expected


@pytest.mark.parametrize(
    ("cents", "text"),
    [(150_000, "1.500,00 €"), (1_000_000, "10.000,00 €"), (0, "0,00 €"), (99, "0,99 €")],
)
def test_euros(cents, text):
    assert format_euros(cents) == text


# -- winners and choosing ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("winners", "count", "ok"),
    [(1, 2, True), (3, 10, True), (10, 10, True), (None, 10, False), (0, 10, False),
     (11, 10, False), (2.5, 10, False)],
)  # fmt: skip
def test_winners(winners, count, ok):
    if ok:
        assert check_winners(winners, count) == winners
    else:
        assert error_of(lambda: check_winners(winners, count)).key == "errors.round_winners"


@pytest.mark.parametrize(
    ("scores", "ranks"),
    [
        ({1: 3, 2: 2, 3: 1}, {1: 1, 2: 2, 3: 3}),
        ({1: 3, 2: 3, 3: 1}, {1: 1, 2: 1, 3: 3}),
        ({1: 0, 2: 0}, {1: 1, 2: 1}),
        ({1: 2.1 + 0.2, 2: 2.3}, {1: 1, 2: 1}),  # float noise is not a difference
    ],
)
def test_competition_ranks(scores, ranks):
    assert competition_ranks(scores) == ranks


C, N, T = Outcome.CHOSEN, Outcome.NOT_CHOSEN, Outcome.TIE


@pytest.mark.parametrize(
    ("scores", "winners", "outcomes"),
    [
        ({1: 9, 2: 7, 3: 5, 4: 1}, 2, {1: C, 2: C, 3: N, 4: N}),
        ({1: 9, 2: 7, 3: 7, 4: 1}, 2, {1: C, 2: T, 3: T, 4: N}),
        ({1: 9, 2: 7, 3: 7, 4: 1}, 1, {1: C, 2: N, 3: N, 4: N}),
        ({1: 9, 2: 7, 3: 7, 4: 1}, 3, {1: C, 2: C, 3: C, 4: N}),
        ({1: 5, 2: 5, 3: 5, 4: 5}, 2, {1: T, 2: T, 3: T, 4: T}),
        ({1: 5, 2: 5, 3: 0, 4: 0}, 3, {1: C, 2: C, 3: N, 4: N}),  # 0 is never chosen
        ({1: 0, 2: 0, 3: 0, 4: 0}, 1, {1: N, 2: N, 3: N, 4: N}),  # nobody voted
        ({1: 2.5, 2: 2.5, 3: 1.0, 4: 0.0}, 1, {1: T, 2: T, 3: N, 4: N}),
        ({1: 1, 2: 2, 3: 3, 4: 4}, 4, {1: C, 2: C, 3: C, 4: C}),
    ],
)
def test_choose(scores, winners, outcomes):
    results = choose(scores, winners)
    assert {r.idea_id: r.outcome for r in results} == outcomes
    reasons = {C: Reason.TOP, N: Reason.LOWER_RANK, T: Reason.TIE}
    assert all(r.reason is reasons[r.outcome] for r in results)
    assert [r.rank for r in results] == sorted(r.rank for r in results)


@given(
    scores=st.dictionaries(st.integers(1, 30), st.integers(0, 6), min_size=2, max_size=12),
    winners=st.integers(1, 12),
)
def test_choosing_never_breaks_a_tie_and_never_exceeds_the_winners(scores, winners):
    results = choose(scores, winners)
    chosen = [r for r in results if r.outcome is Outcome.CHOSEN]
    tied = [r for r in results if r.outcome is Outcome.TIE]
    rest = [r for r in results if r.outcome is Outcome.NOT_CHOSEN]
    assert len(chosen) <= winners
    assert len(chosen) + len(tied) >= min(winners, sum(1 for s in scores.values() if s > 0))
    if tied:
        assert len(chosen) < winners < len(chosen) + len(tied)
        assert len({r.score for r in tied}) == 1
    # Equal scores always share the outcome; better scores never lose to worse ones.
    by_score: dict[float, set[Outcome]] = {}
    for r in results:
        by_score.setdefault(r.score, set()).add(r.outcome)
    assert all(len(o) == 1 for o in by_score.values())
    if chosen and rest:
        assert min(r.score for r in chosen) > max(r.score for r in rest)
    assert all(r.score > 0 for r in chosen + tied)


# -- the Aktionsfonds ----------------------------------------------------------------------

F, NM, OC, BE, TI = (
    Reason.FUNDED,
    Reason.NO_MAJORITY,
    Reason.OVER_CAP,
    Reason.BUDGET_EXHAUSTED,
    Reason.TIE,
)  # noqa: E501


@pytest.mark.parametrize(
    ("requested", "yes", "jury", "budget", "reasons"),
    [
        # majority of the whole jury: 4 of 7, not 3 of 7 (even if everyone else abstains)
        ({1: 100, 2: 100}, {1: 4, 2: 3}, 7, 1000, {1: F, 2: NM}),
        # 3 of 6 is half, not a majority
        ({1: 100, 2: 100}, {1: 4, 2: 3}, 6, 1000, {1: F, 2: NM}),
        # over the cap beats everything
        ({1: 200, 2: 100}, {1: 7, 2: 7}, 7, 1000, {1: OC, 2: F}),
        # in order of yes votes: the better-supported idea gets the money
        ({1: 600, 2: 600}, {1: 4, 2: 5}, 7, 1000, {1: BE, 2: F}),
        # a smaller idea further down still fits
        ({1: 600, 2: 500, 3: 300}, {1: 6, 2: 5, 3: 4}, 7, 1000, {1: F, 2: BE, 3: F}),
        # tie: equal yes votes, each fits alone, not together
        ({1: 600, 2: 600}, {1: 5, 2: 5}, 7, 1000, {1: TI, 2: TI}),
        # equal yes votes that fit together are simply funded
        ({1: 500, 2: 500}, {1: 5, 2: 5}, 7, 1000, {1: F, 2: F}),
        # in a tied group only ideas that fit alone are tied; the other cannot be funded
        ({1: 300, 2: 600, 3: 600, 4: 800}, {1: 6, 2: 5, 3: 5, 4: 5}, 7, 1000,
         {1: F, 2: TI, 3: TI, 4: BE}),
        # one fitting idea in a group is no tie
        ({1: 300, 2: 600, 3: 800}, {1: 6, 2: 5, 3: 5}, 7, 1000, {1: F, 2: F, 3: BE}),
        # the allocation stops at a tie: ideas with fewer yes votes get nothing more
        ({1: 600, 2: 600, 3: 100, 4: 0}, {1: 5, 2: 5, 3: 4, 4: 4}, 7, 1000,
         {1: TI, 2: TI, 3: BE, 4: F}),
        # a 0-€ idea in a tied group costs nothing and is funded
        ({1: 600, 2: 600, 3: 0}, {1: 5, 2: 5, 3: 5}, 7, 1000, {1: TI, 2: TI, 3: F}),
        # no ballots at all: nothing is funded
        ({1: 100, 2: 100}, {}, 5, 1000, {1: NM, 2: NM}),
    ],
)  # fmt: skip
def test_fund_allocation(requested, yes, jury, budget, reasons):
    counts = {i: FundCount(y) for i, y in yes.items()}
    cap = 150 if 200 in requested.values() else budget  # only the over-cap case needs a cap
    results = allocate_fund(requested, counts, jury, budget, cap)
    assert {r.idea_id: r.reason for r in results} == reasons
    assert fund_spent(results) <= budget
    for r in results:
        assert r.requested_cents == requested[r.idea_id] and r.yes == yes.get(r.idea_id, 0)


def test_fund_results_carry_votes_and_rank_by_yes():
    counts = {1: FundCount(3, 1, 1), 2: FundCount(4, 0, 1), 3: FundCount(1, 4, 0)}
    results = allocate_fund({1: 100, 2: 100, 3: 100}, counts, 5, 1000, 1000)
    assert [(r.idea_id, r.rank, r.score, r.yes, r.no, r.abstain) for r in results] == [
        (2, 1, 4.0, 4, 0, 1),
        (1, 2, 3.0, 3, 1, 1),
        (3, 3, 1.0, 1, 4, 0),
    ]
    assert fund_remaining(results, 1000) == 800


@st.composite
def fund_rounds(draw):
    n = draw(st.integers(1, 10))
    jury = draw(st.integers(1, 9))
    cap = draw(st.integers(1, 2000))
    budget = draw(st.integers(cap, 5000))
    requested = {i: draw(st.integers(0, cap + 300)) for i in range(1, n + 1)}
    counts = {}
    for i in requested:
        yes = draw(st.integers(0, jury))
        no = draw(st.integers(0, jury - yes))
        counts[i] = FundCount(yes, no, draw(st.integers(0, jury - yes - no)))
    return requested, counts, jury, budget, cap


@settings(max_examples=400)
@given(fund=fund_rounds(), data=st.data())
def test_never_over_budget_even_after_settling_ties(fund, data):
    requested, counts, jury, budget, cap = fund
    results = allocate_fund(requested, counts, jury, budget, cap)
    assert fund_spent(results) <= budget
    for r in results:
        if r.outcome is not Outcome.NOT_CHOSEN:
            assert 2 * r.yes > jury and r.requested_cents is not None
            assert r.requested_cents <= cap
    ties = [r.idea_id for r in results if r.outcome is Outcome.TIE]
    # The jury can fund any single tied idea, and ties never hide a free idea.
    assert all(can_fund_tie(results, budget, set(), i) for i in ties)
    assert all(requested[i] > 0 for i in ties)
    # Any sequence of decisions the rule allows keeps within the budget.
    chosen: set[int] = set()
    steps = data.draw(st.lists(st.tuples(st.sampled_from(ties or [0]), st.booleans()), max_size=8))
    for idea_id, is_chosen in steps:
        if idea_id not in ties:
            continue
        if not is_chosen:
            chosen.discard(idea_id)
        elif can_fund_tie(results, budget, chosen, idea_id):
            chosen.add(idea_id)
        assert fund_spent(results, chosen) <= budget
        assert fund_remaining(results, budget, chosen) >= 0


@settings(max_examples=200)
@given(fund=fund_rounds())
def test_a_funded_idea_never_has_fewer_yes_votes_than_a_budget_exhausted_one_that_fits(fund):
    requested, counts, jury, budget, cap = fund
    results = allocate_fund(requested, counts, jury, budget, cap)
    remaining = fund_remaining(results, budget)
    stopped = any(r.outcome is Outcome.TIE for r in results)
    for r in results:
        if r.reason is Reason.BUDGET_EXHAUSTED and not stopped:
            assert (r.requested_cents or 0) > remaining  # it really did not fit


# -- tallies and the latest ballot ---------------------------------------------------------


def test_tallies_of_dots_and_fund_votes():
    assert tally_dots([{1: 2, 2: 1}, {2: 3}, {}], IDEAS) == {1: 2, 2: 4, 3: 0, 4: 0}
    votes = [{1: FundVote.YES, 2: FundVote.NO}, {1: FundVote.YES, 2: FundVote.ABSTAIN}, {}]
    assert tally_fund(votes, [1, 2, 3]) == {
        1: FundCount(2, 0, 0),
        2: FundCount(0, 1, 1),
        3: FundCount(0, 0, 0),
    }


@given(
    history=st.lists(
        st.tuples(st.integers(1, 5), st.dictionaries(st.sampled_from(IDEAS), st.integers(1, 3))),
        max_size=20,
    )
)
def test_a_changed_ballot_replaces_the_old_one(history):
    counted = latest_ballots(history)
    finals = {}
    for voter, ballot in history:
        finals[voter] = ballot
    assert counted == finals
    assert tally_dots(counted.values(), IDEAS) == tally_dots(finals.values(), IDEAS)
    # Each voter counts once, however often they changed their mind.
    assert Counter(counted.keys()) == Counter(set(v for v, _ in history))

"""The tallies aggregated in SQL equal the pure reference tallies, on generated ballots
with changed votes (only a voter's latest ballot counts)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quartier.prioritisation import (
    DEFAULT_CRITERIA,
    FundVote,
    Method,
    cast_dots,
    cast_fund_votes,
    cast_ranking,
    cast_scores,
    open_round,
    round_result,
)
from quartier.prioritisation.rules import (
    allocate_fund,
    choose,
    latest_ballots,
    tally_borda,
    tally_criteria,
    tally_dots,
    tally_fund,
)
from tests.prioritisation.conftest import SOON, Setup, add_members

FIXTURE_ONCE = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
VOTERS = 6


@pytest.fixture
def big(ag: Setup) -> tuple[Setup, list]:
    """The group with three more members: six voters."""
    with ag.db.transaction() as cur:
        extra = add_members(cur, ag.world.nord.id, "extra", VOTERS - 3)
        for user in extra:
            cur.execute(
                "INSERT INTO working_group_members (quartier_id, group_id, user_id)"
                " VALUES (?, ?, ?)",
                [ag.world.nord.id, ag.group, user.id],
            )
    return ag, [ag.world.member, ag.alice, ag.bert, *extra]


def open_for(ag: Setup, users: list, method: Method, winners: int, **kwargs):
    return open_round(
        ag.db, ag.world.coordinator, ag.group, "Hypothese", method, ag.ideas,
        [u.id for u in users], SOON, **({"winners": winners} if method is not Method.FUND else {}),
        **kwargs,
    )  # fmt: skip


def voter_index() -> st.SearchStrategy[int]:
    return st.integers(0, VOTERS - 1)


@FIXTURE_ONCE
@given(data=st.data(), winners=st.integers(1, 5))
def test_dots(big, data, winners):
    ag, users = big
    rnd = open_for(ag, users, Method.DOTS, winners, dots_per_member=6, max_dots_per_idea=3)
    allocation = st.dictionaries(st.sampled_from(ag.ideas), st.integers(0, 3), max_size=2)
    history = data.draw(st.lists(st.tuples(voter_index(), allocation), max_size=10))
    for who, ballot in history:
        cast_dots(ag.db, users[who], rnd.id, ballot)
    counted = latest_ballots(history)
    result = round_result(ag.db, rnd.id)
    expected = tally_dots(counted.values(), ag.ideas)
    assert {r.idea_id: r.score for r in result.results} == expected
    assert result.results == tuple(choose(expected, winners))
    assert result.voted == len(counted) and result.eligible == VOTERS


@FIXTURE_ONCE
@given(data=st.data(), winners=st.integers(1, 5))
def test_ranking(big, data, winners):
    ag, users = big
    rnd = open_for(ag, users, Method.RANKING, winners)
    history = data.draw(st.lists(st.tuples(voter_index(), st.permutations(ag.ideas)), max_size=10))
    for who, order in history:
        cast_ranking(ag.db, users[who], rnd.id, order)
    counted = latest_ballots(history)
    result = round_result(ag.db, rnd.id)
    expected = tally_borda(counted.values(), ag.ideas)
    assert {r.idea_id: r.score for r in result.results} == expected
    assert sum(expected.values()) == len(counted) * 5 * 4 // 2
    assert result.results == tuple(choose(expected, winners))


@st.composite
def score_ballots(draw, ideas: list[int]):
    scored = draw(st.lists(st.sampled_from(ideas), unique=True, max_size=3))
    return {
        (idea, position): draw(st.integers(1, 3))
        for idea in scored
        for position in range(len(DEFAULT_CRITERIA))
    }


@FIXTURE_ONCE
@given(data=st.data(), winners=st.integers(1, 5))
def test_criteria(big, data, winners):
    ag, users = big
    rnd = open_for(ag, users, Method.CRITERIA, winners)
    history = data.draw(st.lists(st.tuples(voter_index(), score_ballots(ag.ideas)), max_size=10))
    for who, scores in history:
        cast_scores(ag.db, users[who], rnd.id, scores)
    counted = latest_ballots(history)
    result = round_result(ag.db, rnd.id)
    expected = tally_criteria(counted.values(), ag.ideas, DEFAULT_CRITERIA)
    for r in result.results:
        assert r.score == pytest.approx(expected[r.idea_id].mean)
        if expected[r.idea_id].spread is None:
            assert r.spread is None
        else:
            assert r.spread == pytest.approx(expected[r.idea_id].spread, abs=1e-9)
    decided = choose({i: t.mean for i, t in expected.items()}, winners)
    assert [(r.idea_id, r.rank, r.outcome) for r in result.results] == [
        (r.idea_id, r.rank, r.outcome) for r in decided
    ]


@FIXTURE_ONCE
@given(
    data=st.data(),
    requested=st.lists(st.integers(0, 150_000), min_size=5, max_size=5),
    budget=st.integers(150_000, 400_000),
)
def test_fund(big, data, requested, budget):
    ag, users = big
    amounts = dict(zip(ag.ideas, requested, strict=True))
    rnd = open_for(ag, users, Method.FUND, 0, requested_cents=amounts, budget_cents=budget)
    votes = st.dictionaries(st.sampled_from(ag.ideas), st.sampled_from(list(FundVote)))
    history = data.draw(st.lists(st.tuples(voter_index(), votes), max_size=12))
    for who, ballot in history:
        cast_fund_votes(ag.db, users[who], rnd.id, ballot)
    counted = latest_ballots(history)
    result = round_result(ag.db, rnd.id)
    expected = tally_fund(counted.values(), ag.ideas)
    assert {r.idea_id: (r.yes, r.no, r.abstain) for r in result.results} == expected
    decided = allocate_fund(amounts, expected, VOTERS, budget, 150_000)
    assert result.results == tuple(decided)
    assert result.remaining_cents is not None and result.remaining_cents >= 0

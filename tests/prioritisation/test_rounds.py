"""Rounds through the database: open, cast, change, close, settle — and bad input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quartier.auth import ANONYMOUS
from quartier.errors import NotFoundError, PermissionDenied, ValidationError
from quartier.prioritisation import (
    DEFAULT_BUDGET_CENTS,
    DEFAULT_CAP_CENTS,
    DEFAULT_CRITERIA,
    Criterion,
    FundVote,
    Method,
    Outcome,
    Reason,
    cast_dots,
    cast_fund_votes,
    cast_ranking,
    cast_scores,
    chosen_ideas,
    close_round,
    get_round,
    list_rounds,
    my_ballot,
    open_round,
    round_result,
    settle_tie,
)
from tests.prioritisation.conftest import SOON, Setup, add_ideas

YES, NO, ABSTAIN = FundVote.YES, FundVote.NO, FundVote.ABSTAIN


def count(ag: Setup, table: str) -> int:
    with ag.db.read() as cur:
        row = cur.execute(f"SELECT count(*) FROM {table}").fetchone()
    assert row is not None
    return int(row[0])


def dots_round(ag: Setup, **kwargs):
    options = {"winners": 2, "dots_per_member": 5, "max_dots_per_idea": 3} | kwargs
    return open_round(
        ag.db, ag.world.coordinator, ag.group, "Punkte Frühjahr", Method.DOTS, ag.ideas,
        ag.voters, SOON, **options,
    )  # fmt: skip


def fund_round(ag: Setup, requested: dict[int, int] | None = None, **kwargs):
    jury = [*ag.voters, ag.carla.id]  # a jury may come from outside the group
    requested = requested or dict.fromkeys(ag.ideas, 100_000)
    return open_round(
        ag.db, ag.world.coordinator, ag.group, "Aktionsfonds 2026", Method.FUND, ag.ideas, jury,
        SOON, requested_cents=requested, **kwargs,
    )  # fmt: skip


def expire(ag: Setup, round_id: int) -> None:
    with ag.db.transaction() as cur:
        cur.execute(
            "UPDATE rounds SET closes_at = now() - INTERVAL 1 MINUTE WHERE id = ?", [round_id]
        )


# -- opening ---------------------------------------------------------------------------------


def test_open_dot_round(ag: Setup):
    rnd = dots_round(ag)
    assert rnd.method is Method.DOTS and rnd.is_open and rnd.accepts_ballots()
    assert rnd.quartier_id == ag.world.nord.id and rnd.group_id == ag.group
    assert rnd.idea_ids == tuple(sorted(ag.ideas))
    assert rnd.voter_ids == frozenset(ag.voters)
    assert (rnd.winners, rnd.dots_per_member, rnd.max_dots_per_idea) == (2, 5, 3)
    assert (rnd.budget_cents, rnd.cap_cents, rnd.criteria, dict(rnd.requested_cents)) == (
        None, None, (), {},
    )  # fmt: skip
    assert get_round(ag.db, rnd.id) == rnd
    assert list_rounds(ag.db, ag.world.nord.id) == [rnd]
    assert list_rounds(ag.db, ag.world.nord.id, ag.other_group) == []
    assert list_rounds(ag.db, ag.world.sued.id) == []


def test_open_criteria_round_stores_default_criteria(ag: Setup):
    rnd = open_round(
        ag.db, ag.world.admin, ag.group, "  Kriterien   Sommer ", Method.CRITERIA, ag.ideas[:3],
        ag.voters, SOON, winners=1,
    )  # fmt: skip
    assert rnd.title == "Kriterien Sommer"
    assert rnd.criteria == DEFAULT_CRITERIA
    own = [Criterion("Spaß", 3), Criterion("Lärm", 0.5, is_inverted=True)]
    rnd = open_round(
        ag.db, ag.world.admin, ag.group, "Eigene", Method.CRITERIA, ag.ideas[:3], ag.voters,
        SOON, winners=1, criteria=own,
    )  # fmt: skip
    assert get_round(ag.db, rnd.id).criteria == (Criterion("Spaß", 3.0), own[1])


def test_open_fund_round_defaults_and_jury(ag: Setup):
    rnd = fund_round(ag)
    assert (rnd.budget_cents, rnd.cap_cents) == (DEFAULT_BUDGET_CENTS, DEFAULT_CAP_CENTS)
    assert rnd.winners is None and ag.carla.id in rnd.voter_ids
    assert dict(rnd.requested_cents) == dict.fromkeys(ag.ideas, 100_000)


def test_naive_closing_time_is_office_time(ag: Setup):
    naive = (datetime.now(UTC) + timedelta(days=2)).replace(tzinfo=None)
    rnd = open_round(
        ag.db, ag.world.coordinator, ag.group, "Naiv", Method.RANKING, ag.ideas, ag.voters, naive,
        winners=1,
    )  # fmt: skip
    assert rnd.closes_at.tzinfo is not None


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"title": "   "}, "errors.round_title_missing"),
        ({"title": "x" * 121}, "errors.text_too_long"),
        ({"method": "losen"}, "errors.round_method_unknown"),
        ({"closes_at": datetime.now(UTC) - timedelta(minutes=1)}, "errors.round_closes_in_past"),
        ({"ideas": "one"}, "errors.round_too_few_ideas"),
        ({"ideas": "twice"}, "errors.round_idea_twice"),
        ({"ideas": "unpublished"}, "errors.round_idea_not_published"),
        ({"ideas": "sued"}, "errors.round_idea_unknown"),
        ({"ideas": "unknown"}, "errors.round_idea_unknown"),
        ({"voters": "none"}, "errors.round_no_voters"),
        ({"voters": "carla"}, "errors.round_voter_not_in_group"),
        ({"voters": "dora"}, "errors.round_voter_unknown"),  # no names from elsewhere
        ({"voters": "unknown"}, "errors.round_voter_unknown"),
        ({"winners": None}, "errors.round_winners"),
        ({"winners": 6}, "errors.round_winners"),
        ({"dots_per_member": None}, "errors.round_dots"),
        ({"dots_per_member": 0}, "errors.round_dots"),
        ({"max_dots_per_idea": 6}, "errors.round_max_dots"),
    ],
)
def test_bad_round_settings(ag: Setup, change, key):
    ideas = {
        "one": ag.ideas[:1],
        "twice": [ag.ideas[0], ag.ideas[1], ag.ideas[0]],
        "unpublished": [*ag.ideas, ag.unpublished],
        "sued": [*ag.ideas, ag.sued_idea],
        "unknown": [*ag.ideas, 999_999],
    }.get(change.get("ideas"), ag.ideas)
    voters = {
        "none": [],
        "carla": [*ag.voters, ag.carla.id],
        "dora": [*ag.voters, ag.dora.id],
        "unknown": [*ag.voters, 999_999],
    }.get(change.get("voters"), ag.voters)
    options = {"winners": 2, "dots_per_member": 5, "max_dots_per_idea": 3}
    options |= {k: v for k, v in change.items() if k in options}
    with pytest.raises(ValidationError) as caught:
        open_round(
            ag.db, ag.world.coordinator, ag.group, change.get("title", "Runde"),
            change.get("method", Method.DOTS), ideas, voters, change.get("closes_at", SOON),
            **options,
        )  # fmt: skip
    assert caught.value.key == key
    assert count(ag, "rounds") == 0 and count(ag, "round_ideas") == 0


def test_error_messages_name_the_idea_and_the_person(ag: Setup):
    with pytest.raises(ValidationError) as caught:
        open_round(
            ag.db, ag.world.coordinator, ag.group, "R", Method.DOTS, [*ag.ideas, ag.unpublished],
            ag.voters, SOON, winners=1, dots_per_member=3,
        )  # fmt: skip
    assert "„Noch nicht geprüft“ ist nicht veröffentlicht" in caught.value.message
    with pytest.raises(ValidationError) as caught:
        open_round(
            ag.db, ag.world.coordinator, ag.group, "R", Method.DOTS, ag.ideas,
            [*ag.voters, ag.carla.id], SOON, winners=1, dots_per_member=3,
        )  # fmt: skip
    assert caught.value.message.startswith(
        "„Carla Celik“ ist nicht Mitglied der AG „Kinder & Jugend“."
    )


def test_inactive_accounts_cannot_be_voters(ag: Setup):
    with ag.db.transaction() as cur:
        cur.execute("UPDATE users SET is_active = false WHERE id = ?", [ag.alice.id])
    with pytest.raises(ValidationError) as caught:
        dots_round(ag)
    assert caught.value.key == "errors.round_voter_not_in_quartier"


@pytest.mark.parametrize(
    ("requested", "key", "text"),
    [
        ({"over": 150_001}, "errors.fund_request_over_cap", "1.500,00 €"),
        ({"over": -1}, "errors.fund_request_negative", "negativ"),
        ({"missing": True}, "errors.fund_request_missing", "fehlt der beantragte Betrag"),
    ],
)
def test_bad_requested_amounts(ag: Setup, requested, key, text):
    amounts = dict.fromkeys(ag.ideas, 50_000)
    if "over" in requested:
        amounts[ag.ideas[1]] = requested["over"]
    else:
        del amounts[ag.ideas[1]]
    with pytest.raises(ValidationError) as caught:
        fund_round(ag, amounts)
    assert caught.value.key == key
    assert "„Hoffest“" in caught.value.message and text in caught.value.message
    assert count(ag, "rounds") == 0


def test_fund_jury_must_belong_to_the_quartier(ag: Setup):
    with pytest.raises(ValidationError) as caught:
        open_round(
            ag.db, ag.world.coordinator, ag.group, "Fonds", Method.FUND, ag.ideas,
            [ag.alice.id, ag.dora.id], SOON, requested_cents=dict.fromkeys(ag.ideas, 1),
        )  # fmt: skip
    assert caught.value.key == "errors.round_voter_unknown"
    assert "Dora" not in caught.value.message


def test_archived_and_unknown_groups(ag: Setup):
    with ag.db.transaction() as cur:
        cur.execute("UPDATE working_groups SET is_archived = true WHERE id = ?", [ag.group])
    with pytest.raises(ValidationError) as caught:
        dots_round(ag)
    assert caught.value.key == "errors.round_group_archived"
    with pytest.raises(NotFoundError):
        open_round(
            ag.db, ag.world.coordinator, 999, "R", Method.DOTS, ag.ideas, ag.voters, SOON,
            winners=1, dots_per_member=3,
        )  # fmt: skip
    with pytest.raises(NotFoundError):
        get_round(ag.db, 999)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("resident", False),
        ("member", False),
        ("coordinator", True),
        ("admin", True),
        ("coordinator_sued", False),
    ],
)
def test_who_may_open_and_close_rounds(ag: Setup, who, allowed):
    user = ANONYMOUS if who == "resident" else getattr(ag.world, who)
    if not allowed:
        with pytest.raises(PermissionDenied):
            open_round(
                ag.db, user, ag.group, "R", Method.DOTS, ag.ideas, ag.voters, SOON, winners=1,
                dots_per_member=3,
            )  # fmt: skip
        rnd = dots_round(ag)
        with pytest.raises(PermissionDenied):
            close_round(ag.db, user, rnd.id)
        assert get_round(ag.db, rnd.id).is_open
    else:
        rnd = open_round(
            ag.db, user, ag.group, "R", Method.DOTS, ag.ideas, ag.voters, SOON, winners=1,
            dots_per_member=3,
        )  # fmt: skip
        assert close_round(ag.db, user, rnd.id).is_final


# -- casting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("resident", False),
        ("member on the list", True),
        ("member not on the list", False),  # carla: the other group
        ("member of the other Quartier", False),  # dora
        ("coordinator", False),  # staff manage rounds but vote only when on the list
        ("admin", False),
        ("coordinator of the other Quartier", False),
    ],
)
def test_who_may_vote(ag: Setup, who, allowed):
    user = {
        "resident": ANONYMOUS,
        "member on the list": ag.world.member,
        "member not on the list": ag.carla,
        "member of the other Quartier": ag.dora,
        "coordinator": ag.world.coordinator,
        "admin": ag.world.admin,
        "coordinator of the other Quartier": ag.world.coordinator_sued,
    }[who]
    rnd = dots_round(ag)
    if allowed:
        cast_dots(ag.db, user, rnd.id, {ag.ideas[0]: 2})
        assert my_ballot(ag.db, user, rnd.id) == {ag.ideas[0]: 2}
    else:
        with pytest.raises(PermissionDenied) as caught:
            cast_dots(ag.db, user, rnd.id, {ag.ideas[0]: 2})
        assert caught.value.key == "errors.not_allowed"
        assert count(ag, "ballots") == 0


def test_staff_on_a_jury_vote(ag: Setup):
    rnd = open_round(
        ag.db, ag.world.coordinator, ag.group, "Fonds", Method.FUND, ag.ideas,
        [ag.world.coordinator.id, ag.world.admin.id], SOON,
        requested_cents=dict.fromkeys(ag.ideas, 1),
    )  # fmt: skip
    for user in (ag.world.coordinator, ag.world.admin):
        cast_fund_votes(ag.db, user, rnd.id, {ag.ideas[0]: YES})
    assert round_result(ag.db, rnd.id).results[0].yes == 2


def test_a_member_cannot_vote_in_another_group_s_round(ag: Setup):
    rnd = open_round(
        ag.db, ag.world.coordinator, ag.other_group, "Interkulturell", Method.RANKING, ag.ideas,
        [ag.carla.id], SOON, winners=1,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        cast_ranking(ag.db, ag.world.member, rnd.id, ag.ideas)
    cast_ranking(ag.db, ag.carla, rnd.id, ag.ideas)
    assert round_result(ag.db, rnd.id).voted == 1


def test_a_changed_ballot_replaces_the_old_one(ag: Setup):
    rnd = dots_round(ag)
    a, b, c = ag.ideas[:3]
    cast_dots(ag.db, ag.alice, rnd.id, {a: 3, b: 2})
    cast_dots(ag.db, ag.bert, rnd.id, {a: 1})
    cast_dots(ag.db, ag.alice, rnd.id, {c: 3})  # alice changes her mind
    assert my_ballot(ag.db, ag.alice, rnd.id) == {c: 3}
    assert my_ballot(ag.db, ag.world.member, rnd.id) == {}
    result = round_result(ag.db, rnd.id)
    scores = {r.idea_id: r.score for r in result.results}
    assert (scores[a], scores[b], scores[c]) == (1.0, 0.0, 3.0)
    assert (result.eligible, result.voted) == (3, 2)
    assert count(ag, "ballots") == 3  # append-only: the old ballot stays, it no longer counts
    assert not result.is_final and result.remaining_cents is None


@pytest.mark.parametrize(
    ("allocation", "key"),
    [
        ("too many", "errors.dots_total"),
        ("too many on one", "errors.dots_per_idea"),
        ("negative", "errors.dots_negative"),
        ("foreign idea", "errors.round_idea_not_in_round"),
    ],
)
def test_bad_dots_store_nothing(ag: Setup, allocation, key):
    rnd = dots_round(ag)
    a, b, c = ag.ideas[:3]
    allocation = {
        "too many": {a: 3, b: 2, c: 1},
        "too many on one": {a: 4},
        "negative": {a: -1, b: 3},
        "foreign idea": {ag.unpublished: 1},
    }[allocation]
    with pytest.raises(ValidationError) as caught:
        cast_dots(ag.db, ag.alice, rnd.id, allocation)
    assert caught.value.key == key
    assert count(ag, "ballots") == 0 and count(ag, "ballot_items") == 0


def test_dots_messages_name_the_idea_but_never_one_outside_the_round(ag: Setup):
    rnd = dots_round(ag)
    with pytest.raises(ValidationError) as caught:
        cast_dots(ag.db, ag.alice, rnd.id, {ag.ideas[1]: 4})
    assert caught.value.message.startswith("Auf „Hoffest“ liegen 4 Punkte")
    with pytest.raises(ValidationError) as caught:
        cast_dots(ag.db, ag.alice, rnd.id, {ag.unpublished: 1})
    assert "Noch nicht geprüft" not in caught.value.message
    assert f"#{ag.unpublished}" in caught.value.message


def test_no_vote_after_closing_or_after_the_closing_time(ag: Setup):
    rnd = dots_round(ag)
    cast_dots(ag.db, ag.alice, rnd.id, {ag.ideas[0]: 1})
    close_round(ag.db, ag.world.coordinator, rnd.id)
    with pytest.raises(ValidationError) as caught:
        cast_dots(ag.db, ag.alice, rnd.id, {ag.ideas[0]: 2})
    assert caught.value.key == "errors.round_closed"
    assert "„Punkte Frühjahr“ ist abgeschlossen" in caught.value.message

    late = dots_round(ag)
    expire(ag, late.id)
    with pytest.raises(ValidationError) as caught:
        cast_dots(ag.db, ag.alice, late.id, {ag.ideas[0]: 2})
    assert caught.value.key == "errors.round_time_over"
    assert count(ag, "ballots") == 1
    assert not get_round(ag.db, late.id).accepts_ballots()


def test_a_ballot_must_fit_the_round_s_method(ag: Setup):
    rnd = dots_round(ag)
    with pytest.raises(ValidationError) as caught:
        cast_ranking(ag.db, ag.alice, rnd.id, ag.ideas)
    assert caught.value.key == "errors.round_wrong_method"
    assert "„Punkte verteilen“" in caught.value.message


# -- criteria --------------------------------------------------------------------------------


def test_criteria_round_result_with_spread(ag: Setup):
    crit = [Criterion("Nutzen", 2), Criterion("Kosten", 1, is_inverted=True)]
    rnd = open_round(
        ag.db, ag.world.coordinator, ag.group, "Kriterien", Method.CRITERIA, ag.ideas[:3],
        ag.voters, SOON, winners=1, criteria=crit,
    )  # fmt: skip
    a, b, c = ag.ideas[:3]
    cast_scores(ag.db, ag.alice, rnd.id, {(a, 0): 3, (a, 1): 1, (b, 0): 2, (b, 1): 2})
    cast_scores(ag.db, ag.bert, rnd.id, {(a, 0): 1, (a, 1): 3})
    assert my_ballot(ag.db, ag.bert, rnd.id) == {(a, 0): 1, (a, 1): 3}
    result = round_result(ag.db, rnd.id)
    by_id = {r.idea_id: r for r in result.results}
    assert by_id[a].score == pytest.approx(2.0) and by_id[a].spread == pytest.approx(1.0)
    assert by_id[b].score == pytest.approx(2.0) and by_id[b].spread == pytest.approx(0.0)
    assert (by_id[c].score, by_id[c].spread, by_id[c].outcome) == (0.0, None, Outcome.NOT_CHOSEN)
    assert by_id[a].outcome is Outcome.TIE and by_id[b].outcome is Outcome.TIE


@pytest.mark.parametrize("score", [0, 4])
def test_scores_outside_1_to_3_are_refused(ag: Setup, score):
    rnd = open_round(
        ag.db, ag.world.coordinator, ag.group, "Kriterien", Method.CRITERIA, ag.ideas[:2],
        ag.voters, SOON, winners=1, criteria=[Criterion("Nutzen", 1)],
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        cast_scores(ag.db, ag.alice, rnd.id, {(ag.ideas[0], 0): score})
    assert caught.value.key == "errors.score_out_of_range"
    assert "„Bank am Spielplatz“, Kriterium „Nutzen“" in caught.value.message
    assert count(ag, "ballots") == 0


# -- ranking ---------------------------------------------------------------------------------


def test_ranking_round_borda(ag: Setup):
    ideas = ag.ideas[:3]
    rnd = open_round(
        ag.db, ag.world.coordinator, ag.group, "Rangfolge", Method.RANKING, ideas, ag.voters,
        SOON, winners=1,
    )  # fmt: skip
    a, b, c = ideas
    cast_ranking(ag.db, ag.alice, rnd.id, [b, a, c])
    cast_ranking(ag.db, ag.bert, rnd.id, [b, c, a])
    cast_ranking(ag.db, ag.world.member, rnd.id, [a, b, c])
    assert my_ballot(ag.db, ag.alice, rnd.id) == {b: 0, a: 1, c: 2}
    result = round_result(ag.db, rnd.id)
    assert [(r.idea_id, r.score, r.outcome) for r in result.results] == [
        (b, 5.0, Outcome.CHOSEN),
        (a, 3.0, Outcome.NOT_CHOSEN),
        (c, 1.0, Outcome.NOT_CHOSEN),
    ]
    assert sum(r.score for r in result.results) == 3 * 3


def test_a_ranking_missing_an_idea_is_refused(ag: Setup):
    rnd = open_round(
        ag.db, ag.world.coordinator, ag.group, "Rangfolge", Method.RANKING, ag.ideas[:3],
        ag.voters, SOON, winners=1,
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        cast_ranking(ag.db, ag.alice, rnd.id, ag.ideas[:2])
    assert caught.value.key == "errors.ranking_missing"
    assert "„Sprachcafé“" in caught.value.message


# -- closing and ties ------------------------------------------------------------------------


def test_close_stores_the_result_and_reads_it_back(ag: Setup):
    rnd = dots_round(ag, winners=1)
    a, b, c = ag.ideas[:3]
    cast_dots(ag.db, ag.alice, rnd.id, {a: 3, b: 2})
    cast_dots(ag.db, ag.bert, rnd.id, {c: 1, b: 1})
    live = round_result(ag.db, rnd.id)
    closed = close_round(ag.db, ag.world.coordinator, rnd.id)
    assert closed.is_final and closed.round.closed_at is not None
    assert [(r.idea_id, r.rank, r.score, r.outcome, r.reason) for r in closed.results] == [
        (r.idea_id, r.rank, r.score, r.outcome, r.reason) for r in live.results
    ]
    assert closed.results[0].outcome is Outcome.TIE  # a and b: 3 dots each
    assert count(ag, "round_results") == len(ag.ideas)
    assert closed.voter_names == ("Alice Arslan", "bert", "Mo Mitglied")
    with pytest.raises(ValidationError) as caught:
        close_round(ag.db, ag.world.coordinator, rnd.id)
    assert caught.value.key == "errors.round_already_closed"
    assert round_result(ag.db, rnd.id) == closed


def test_settling_a_tie(ag: Setup):
    rnd = dots_round(ag, winners=1)
    a, b, c = ag.ideas[:3]
    cast_dots(ag.db, ag.alice, rnd.id, {a: 2, b: 2, c: 1})
    with pytest.raises(ValidationError) as caught:
        settle_tie(ag.db, ag.world.coordinator, rnd.id, a, True)
    assert caught.value.key == "errors.round_not_closed"
    close_round(ag.db, ag.world.coordinator, rnd.id)
    assert chosen_ideas(ag.db, ag.world.nord.id) == []
    with pytest.raises(ValidationError) as caught:
        settle_tie(ag.db, ag.world.coordinator, rnd.id, c, True)
    assert caught.value.key == "errors.round_not_a_tie"
    with pytest.raises(PermissionDenied):
        settle_tie(ag.db, ag.alice, rnd.id, a, True)
    with pytest.raises(PermissionDenied):
        settle_tie(ag.db, ag.world.coordinator_sued, rnd.id, a, True)
    with pytest.raises(ValidationError) as caught:
        settle_tie(ag.db, ag.world.coordinator, rnd.id, a, True, "x" * 301)
    assert caught.value.key == "errors.text_too_long"

    result = settle_tie(ag.db, ag.world.coordinator, rnd.id, a, True, "Los beim Treffen")
    by_id = {r.idea_id: r for r in result.results}
    assert (by_id[a].outcome, by_id[a].reason, by_id[a].note) == (
        Outcome.CHOSEN, Reason.SETTLED, "Los beim Treffen",
    )  # fmt: skip
    assert by_id[b].outcome is Outcome.TIE
    assert chosen_ideas(ag.db, ag.world.nord.id) == [a]
    settle_tie(ag.db, ag.world.coordinator, rnd.id, b, False)
    # A correction: the latest decision counts.
    result = settle_tie(ag.db, ag.world.coordinator, rnd.id, a, False, "doch nicht")
    by_id = {r.idea_id: r for r in result.results}
    assert (by_id[a].outcome, by_id[a].reason) == (Outcome.NOT_CHOSEN, Reason.SETTLED)
    assert (by_id[b].outcome, by_id[b].reason) == (Outcome.NOT_CHOSEN, Reason.SETTLED)
    assert chosen_ideas(ag.db, ag.world.nord.id) == []
    settle_tie(ag.db, ag.world.coordinator, rnd.id, a, True)
    assert chosen_ideas(ag.db, ag.world.nord.id) == [a]


def test_chosen_ideas_come_from_closed_rounds_only(ag: Setup):
    rnd = dots_round(ag, winners=2)
    a, b = ag.ideas[:2]
    cast_dots(ag.db, ag.alice, rnd.id, {a: 3, b: 2})
    assert chosen_ideas(ag.db, ag.world.nord.id) == []
    close_round(ag.db, ag.world.coordinator, rnd.id)
    assert chosen_ideas(ag.db, ag.world.nord.id) == sorted([a, b])
    assert chosen_ideas(ag.db, ag.world.sued.id) == []


# -- the Aktionsfonds ------------------------------------------------------------------------


def test_fund_round_end_to_end_with_a_tie_that_cannot_overspend(ag: Setup):
    a, b, c, d, e = ag.ideas
    requested = {a: 150_000, b: 100_000, c: 100_000, d: 90_000, e: 10_000}
    rnd = fund_round(ag, requested, budget_cents=300_000)  # jury of 4: a majority is 3
    member, alice, bert, carla = ag.world.member, ag.alice, ag.bert, ag.carla
    cast_fund_votes(ag.db, member, rnd.id, {a: YES, b: YES, c: YES, d: YES, e: NO})
    cast_fund_votes(ag.db, alice, rnd.id, {a: YES, b: YES, c: YES, d: YES, e: YES})
    cast_fund_votes(ag.db, bert, rnd.id, {a: YES, b: YES, c: YES, d: YES, e: ABSTAIN})
    cast_fund_votes(ag.db, carla, rnd.id, {a: YES, b: NO, c: NO, d: NO})
    live = round_result(ag.db, rnd.id)
    by_id = {r.idea_id: r for r in live.results}
    assert (by_id[a].outcome, by_id[a].yes, by_id[a].requested_cents) == (
        Outcome.CHOSEN, 4, 150_000,
    )  # fmt: skip
    # b, c, d: 3 yes each; 1.500 € left; b + c + d = 2.900 € → a tie of all three
    assert {by_id[i].outcome for i in (b, c, d)} == {Outcome.TIE}
    assert (by_id[e].reason, by_id[e].yes, by_id[e].no, by_id[e].abstain) == (
        Reason.NO_MAJORITY, 1, 1, 1,
    )  # fmt: skip
    assert live.remaining_cents == 150_000
    closed = close_round(ag.db, ag.world.coordinator, rnd.id)
    assert closed.results == live.results and closed.remaining_cents == 150_000

    result = settle_tie(ag.db, ag.world.coordinator, rnd.id, b, True)
    assert result.remaining_cents == 50_000
    with pytest.raises(ValidationError) as caught:
        settle_tie(ag.db, ag.world.coordinator, rnd.id, c, True)
    assert caught.value.key == "errors.fund_tie_over_budget"
    assert caught.value.message.startswith(
        "„Sprachcafé“ (1.000,00 €) passt nicht mehr ins restliche Budget von 500,00 €."
    )
    settle_tie(ag.db, ag.world.coordinator, rnd.id, b, False)  # the jury changes its mind
    settle_tie(ag.db, ag.world.coordinator, rnd.id, c, True)
    result = settle_tie(ag.db, ag.world.coordinator, rnd.id, d, False)
    assert result.remaining_cents == 50_000
    spent = sum(r.requested_cents or 0 for r in result.results if r.outcome is Outcome.CHOSEN)
    assert spent == 250_000 <= rnd.budget_cents
    assert chosen_ideas(ag.db, ag.world.nord.id) == sorted([a, c])


def test_fund_majority_is_of_the_whole_jury(ag: Setup):
    rnd = fund_round(ag)  # jury of 4
    cast_fund_votes(ag.db, ag.alice, rnd.id, {ag.ideas[0]: YES})
    cast_fund_votes(ag.db, ag.bert, rnd.id, {ag.ideas[0]: YES})
    result = round_result(ag.db, rnd.id)
    first = next(r for r in result.results if r.idea_id == ag.ideas[0])
    assert (first.yes, first.reason) == (2, Reason.NO_MAJORITY)  # 2 of 4 is no majority
    assert (result.eligible, result.voted) == (4, 2)


def test_my_ballot_of_a_fund_round(ag: Setup):
    rnd = fund_round(ag)
    cast_fund_votes(ag.db, ag.carla, rnd.id, {ag.ideas[0]: ABSTAIN, ag.ideas[1]: NO})
    assert my_ballot(ag.db, ag.carla, rnd.id) == {ag.ideas[0]: ABSTAIN, ag.ideas[1]: NO}
    assert my_ballot(ag.db, ANONYMOUS, rnd.id) == {}


def test_rounds_of_a_new_published_idea(ag: Setup):
    with ag.db.transaction() as cur:
        (late,) = add_ideas(cur, ag.world.nord.id, ["Nachzügler"])
    rnd = open_round(
        ag.db, ag.world.coordinator, ag.group, "Zwei", Method.DOTS, [late, ag.ideas[0]],
        ag.voters, SOON, winners=1, dots_per_member=1,
    )  # fmt: skip
    assert rnd.idea_ids == tuple(sorted([late, ag.ideas[0]]))

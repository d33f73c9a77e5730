"""Survey results: counts per question with small groups hidden in the SQL, filters,
cross-tabs, free-text listing and its moderation. Every expected number is worked out
by hand from the responses each test submits."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from datetime import date
from typing import Any

import pytest

from quartier.errors import NotFoundError, PermissionDenied
from quartier.events import create_event
from quartier.privacy import min_group_size, set_min_group_size
from quartier.storage import Database
from quartier.surveys import results as R
from quartier.surveys.model import Choice, Page, Question, SurveyDefinition
from quartier.surveys.model import QuestionType as T
from quartier.surveys.responses import Channel, new_form_key, submit
from quartier.surveys.store import Survey, create_survey, get_survey, open_survey
from tests.conftest import World


def _choices(*names: str) -> tuple[Choice, ...]:
    return tuple(Choice(n, {"de": n.upper(), "en": n}) for n in names)


DEFINITION = SurveyDefinition(
    title={"de": "Leben am Anger"},
    default_language="de",
    languages=("de", "en", "tr"),
    pages=(
        Page(
            "",
            {},
            (
                Question("intro", T.NOTE, {"de": "Willkommen"}),
                Question("often", T.SELECT_ONE, {"de": "Wie oft?"},
                         choices=_choices("a", "b", "c")),
                Question("scale", T.LIKERT, {"de": "Zufrieden?"},
                         choices=_choices("1", "2", "3", "4", "5")),
                Question("wishes", T.SELECT_MULTIPLE, {"de": "Was fehlt?"},
                         choices=_choices("a", "b", "c")),
                Question("order", T.RANKING, {"de": "Was zuerst?"},
                         choices=_choices("x", "y", "z", "w")),
                Question("age", T.INTEGER, {"de": "Alter"}),
                Question("size", T.INTEGER, {"de": "Haushalt"}),
                Question("wish", T.TEXT, {"de": "Wunsch"}),
            ),
        ),
    ),
)  # fmt: skip

Q = {q.name: q for q in DEFINITION.questions()}


@pytest.fixture
def survey(world: World) -> Survey:
    created = create_survey(world.db, world.coordinator, world.nord.id, DEFINITION)
    return open_survey(world.db, world.coordinator, created.id)


def answer(
    db: Database,
    survey: Survey,
    times: int,
    answers: dict[str, Any],
    *,
    channel: Channel = Channel.ONLINE,
    language: str = "de",
    event_id: int | None = None,
) -> list[int]:
    """Submit the same answers ``times`` times; returns the response ids."""
    return [
        submit(db, survey.id, answers, token=new_form_key(), channel=channel, language=language,
               event_id=event_id).response_id
        for _ in range(times)
    ]  # fmt: skip


def often(db: Database, survey: Survey, counts: dict[str, int]) -> None:
    for code, times in counts.items():
        answer(db, survey, times, {"often": code})


def cells(counts: R.Counts, codes: Iterable[str], group: str = "") -> list[int | None]:
    return [counts.cell(group, c) for c in codes]


def fresh(db: Database, survey: Survey) -> Survey:
    return get_survey(db, survey.id)


# --- Single choice ----------------------------------------------------------------------


def test_a_cell_of_four_is_hidden_and_the_smallest_shown_cell_with_it(
    world: World, survey: Survey
) -> None:
    often(world.db, survey, {"a": 10, "b": 4, "c": 6})
    counts = R.choice_counts(world.db, survey, Q["often"], 5)
    assert cells(counts, "abc") == [10, None, None]
    assert counts.totals[""] == 20  # 20 − 10 = b + c: no single cell can be worked out
    assert counts.has_hidden


def test_a_cell_of_zero_looks_exactly_like_a_small_one(world: World, survey: Survey) -> None:
    often(world.db, survey, {"a": 10, "c": 6})
    counts = R.choice_counts(world.db, survey, Q["often"], 5)
    assert cells(counts, "abc") == [10, None, None]
    assert counts.totals[""] == 16


def test_cells_at_k_are_shown(world: World, survey: Survey) -> None:
    often(world.db, survey, {"a": 5, "b": 5, "c": 7})
    counts = R.choice_counts(world.db, survey, Q["often"], 5)
    assert (cells(counts, "abc"), counts.totals[""]) == ([5, 5, 7], 17)
    assert not counts.has_hidden


def test_a_group_below_k_shows_neither_cells_nor_total(world: World, survey: Survey) -> None:
    often(world.db, survey, {"a": 3, "b": 1})
    counts = R.choice_counts(world.db, survey, Q["often"], 5)
    assert (cells(counts, "abc"), counts.totals[""]) == ([None, None, None], None)
    assert R.total_respondents(world.db, survey, 5) is None
    assert R.total_respondents(world.db, survey, 4) == 4


def test_the_quartiers_own_k_of_three_shows_more(world: World, survey: Survey) -> None:
    often(world.db, survey, {"a": 10, "b": 4, "c": 6})
    set_min_group_size(world.db, world.coordinator, world.nord.id, 3)
    k = min_group_size(world.db, world.nord.id)
    assert k == 3
    counts = R.choice_counts(world.db, survey, Q["often"], k)
    assert cells(counts, "abc") == [10, 4, 6]


def test_likert_counts_every_point_of_the_scale(world: World, survey: Survey) -> None:
    for point, times in {"1": 2, "2": 5, "3": 8, "4": 12, "5": 6}.items():
        answer(world.db, survey, times, {"scale": point})
    counts = R.choice_counts(world.db, survey, Q["scale"], 5)
    assert cells(counts, "12345") == [None, None, 8, 12, 6]
    assert counts.totals[""] == 33


# --- Multiple choice --------------------------------------------------------------------


def test_multiple_choice_counts_respondents_not_combinations(world: World, survey: Survey) -> None:
    answer(world.db, survey, 2, {"wishes": ("a", "b")})
    answer(world.db, survey, 3, {"wishes": ("a",)})
    counts = R.multiple_counts(world.db, survey, Q["wishes"], 5)
    assert cells(counts, "abc") == [5, None, None]
    assert counts.totals[""] == 5  # respondents who answered, not 7 choices


def test_multiple_choice_shares_can_add_up_to_more_than_all(world: World, survey: Survey) -> None:
    answer(world.db, survey, 6, {"wishes": ("a", "b", "c")})
    answer(world.db, survey, 5, {"wishes": ("b",)})
    answer(world.db, survey, 4, {"often": "a"})  # did not answer the question
    counts = R.multiple_counts(world.db, survey, Q["wishes"], 5)
    assert (cells(counts, "abc"), counts.totals[""]) == ([6, 11, 6], 11)


# --- Ranking ----------------------------------------------------------------------------


def test_ranking_is_the_mean_position_of_those_who_ranked_it(world: World, survey: Survey) -> None:
    for order in (("x", "y", "z", "w"), ("x", "z", "y", "w"), ("y", "x", "z", "w"),
                  ("x", "y", "w", "z"), ("z", "x", "y")):  # fmt: skip
        answer(world.db, survey, 1, {"order": order})
    ranks = {r.choice: r for r in R.ranking(world.db, survey, Q["order"], 5)}
    assert ranks["x"].mean_rank == pytest.approx((1 + 1 + 2 + 1 + 2) / 5)
    assert ranks["y"].mean_rank == pytest.approx((2 + 3 + 1 + 2 + 3) / 5)
    assert ranks["z"].mean_rank == pytest.approx((3 + 2 + 3 + 4 + 1) / 5)
    assert (ranks["x"].respondents, ranks["z"].respondents) == (5, 5)
    # Four ranked w: too few for its mean to be shown.
    assert (ranks["w"].respondents, ranks["w"].mean_rank) == (None, None)


# --- Numbers ----------------------------------------------------------------------------


def test_numbers_show_the_median_and_bins_that_hide_the_extremes(
    world: World, survey: Survey
) -> None:
    ages = [3, *range(30, 50), 97]  # a child and a very old neighbour at the edges
    for age in ages:
        answer(world.db, survey, 1, {"age": age})
    summary = R.numbers(world.db, survey, Q["age"], 5)
    assert summary.respondents == len(ages)
    assert summary.median == statistics.median(ages)
    edges = {edge for b in summary.bins for edge in b}
    assert 3 not in edges and 97 not in edges
    assert summary.bins[0][0] > 3 and summary.bins[-1][1] < 97
    # The extremes are counted in the first and the last bin, not dropped.
    assert summary.counts.totals[""] == len(ages)


def test_whole_numbers_get_a_bin_each_up_to_the_95th_percentile(
    world: World, survey: Survey
) -> None:
    # 30 households: the 5th percentile interpolates to 1.45, the 95th is 5.
    for size, times in {1: 2, 2: 7, 3: 7, 4: 7, 5: 7}.items():
        answer(world.db, survey, times, {"size": size})
    summary = R.numbers(world.db, survey, Q["size"], 5)
    assert summary.bins == ((1, 2), (2, 3), (3, 4), (4, 5), (5, 6))
    assert summary.median == 3
    shown = [summary.counts.cell("", str(i)) for i in range(5)]
    # Bin "1" (2 answers) is hidden and one bin of 7 with it; "5" keeps its own seven.
    assert shown[0] is None and shown.count(None) == 2 and shown[4] == 7


def test_numbers_from_fewer_than_k_show_nothing(world: World, survey: Survey) -> None:
    for age in (31, 45, 67, 80):
        answer(world.db, survey, 1, {"age": age})
    summary = R.numbers(world.db, survey, Q["age"], 5)
    assert (summary.respondents, summary.median, summary.bins) == (None, None, ())


# --- Free text --------------------------------------------------------------------------


def test_free_text_is_listed_only_when_k_respondents_match(world: World, survey: Survey) -> None:
    ids = [answer(world.db, survey, 1, {"wish": f"Wunsch {i}"})[0] for i in range(4)]
    assert R.texts(world.db, survey, Q["wish"], 5) == (None, [])
    ids += answer(world.db, survey, 1, {"often": "a"})  # a fifth respondent, no text
    count, listed = R.texts(world.db, survey, Q["wish"], 5)
    assert count == 4
    assert [a.response_id for a in listed] == sorted(ids[:4], reverse=True)  # newest first
    assert listed[0].text == "Wunsch 3"


def test_a_hidden_answer_is_left_out_unless_asked_for(world: World, survey: Survey) -> None:
    ids = [answer(world.db, survey, 1, {"wish": f"Wunsch {i}"})[0] for i in range(5)]
    R.hide_text(world.db, world.coordinator, survey, ids[2], "wish")
    _, listed = R.texts(world.db, survey, Q["wish"], 5)
    assert "Wunsch 2" not in [a.text for a in listed] and len(listed) == 4
    _, everything = R.texts(world.db, survey, Q["wish"], 5, include_hidden=True)
    assert [(a.text, a.hidden) for a in everything if a.hidden] == [("Wunsch 2", True)]
    R.hide_text(world.db, world.coordinator, survey, ids[2], "wish")  # twice is fine
    R.unhide_text(world.db, world.coordinator, survey, ids[2], "wish")
    _, listed = R.texts(world.db, survey, Q["wish"], 5)
    assert len(listed) == 5


@pytest.mark.parametrize("who", ["member", "coordinator_sued"])
def test_only_the_quartiers_coordination_moderates(world: World, survey: Survey, who: str) -> None:
    ids = answer(world.db, survey, 5, {"wish": "Mehr Bänke"})
    with pytest.raises(PermissionDenied):
        R.hide_text(world.db, getattr(world, who), survey, ids[0], "wish")
    with pytest.raises(PermissionDenied):
        R.unhide_text(world.db, getattr(world, who), survey, ids[0], "wish")
    _, listed = R.texts(world.db, survey, Q["wish"], 5)
    assert len(listed) == 5


def test_an_answer_from_another_survey_cannot_be_hidden_through_this_one(
    world: World, survey: Survey
) -> None:
    other = create_survey(world.db, world.coordinator_sued, world.sued.id, DEFINITION)
    other = open_survey(world.db, world.coordinator_sued, other.id)
    foreign = answer(world.db, other, 1, {"wish": "Süd"})[0]
    own = answer(world.db, survey, 1, {"often": "a"})[0]
    with pytest.raises(NotFoundError):
        R.hide_text(world.db, world.coordinator, survey, foreign, "wish")
    with pytest.raises(NotFoundError):  # a response without a text answer to "wish"
        R.hide_text(world.db, world.coordinator, survey, own, "wish")
    with world.db.read() as cur:
        assert cur.execute("SELECT count(*) FROM hidden_answers").fetchone() == (0,)


# --- Filters ----------------------------------------------------------------------------


@pytest.fixture
def mixed(world: World, survey: Survey) -> dict[str, int]:
    """Kiosk at the festival (German 8×a, Turkish 6×b), online (German 7×a, 5×c)."""
    fest = create_event(world.db, world.coordinator, world.nord.id, "Kinderfest", date(2026, 6, 20))
    other = create_event(world.db, world.coordinator, world.nord.id, "Stadtteilfest",
                         date(2026, 9, 12))  # fmt: skip
    answer(
        world.db, survey, 8, {"often": "a", "scale": "4"}, channel=Channel.KIOSK, event_id=fest.id
    )
    answer(
        world.db,
        survey,
        6,
        {"often": "b", "scale": "2"},
        channel=Channel.KIOSK,
        language="tr",
        event_id=fest.id,
    )
    answer(world.db, survey, 7, {"often": "a", "scale": "5"})
    answer(world.db, survey, 5, {"often": "c", "scale": "4"}, language="en")  # fmt: skip
    return {"fest": fest.id, "stadtteilfest": other.id}


def test_filters_narrow_the_respondents(
    world: World, survey: Survey, mixed: dict[str, int]
) -> None:
    k = 5
    total = R.total_respondents
    assert total(world.db, survey, k) == 26
    assert total(world.db, survey, k, R.Filter(channel="kiosk")) == 14
    assert total(world.db, survey, k, R.Filter(event_id=mixed["fest"])) == 14
    assert total(world.db, survey, k, R.Filter(language="tr")) == 6
    assert total(world.db, survey, k, R.Filter(language="en", channel="kiosk")) is None
    by_answer = R.Filter(question="often", choice="a")
    assert total(world.db, survey, k, by_answer) == 15
    counts = R.choice_counts(world.db, survey, Q["scale"], k, by_answer)
    assert cells(counts, "12345") == [None, None, None, 8, 7]
    counts = R.choice_counts(world.db, survey, Q["often"], k, R.Filter(channel="online"))
    # b is 0 (hidden), so the smallest shown cell, c = 5, is hidden with it.
    assert (cells(counts, "abc"), counts.totals[""]) == ([7, None, None], 12)


def test_a_question_filter_without_an_answer_filters_nothing(
    world: World, survey: Survey, mixed: dict[str, int]
) -> None:
    assert R.total_respondents(world.db, survey, 5, R.Filter(question="often")) == 26


def test_response_counts_per_channel_event_and_language(
    world: World, survey: Survey, mixed: dict[str, int]
) -> None:
    survey = fresh(world.db, survey)
    channels = R.response_counts(world.db, survey, 5, R.Breakdown.CHANNEL)
    # qr and papier are 0: two hidden cells, so nothing else needs to go.
    assert cells(channels, ["online", "qr", "kiosk", "papier"]) == [12, None, 14, None]
    assert channels.totals[""] == 26
    events = R.response_counts(world.db, survey, 5, R.Breakdown.EVENT)
    # Nobody answered at the Stadtteilfest: hidden like a small group, and the smallest
    # shown cell (12 without an event) with it, so 26 − 14 reveals nothing.
    assert events.cell("", str(mixed["fest"])) == 14
    assert events.cell("", str(mixed["stadtteilfest"])) is None
    assert events.cell("", "") is None
    assert events.totals[""] == 26
    languages = R.response_counts(world.db, survey, 5, R.Breakdown.LANGUAGE)
    assert cells(languages, ["de", "en", "tr"]) == [15, 5, 6]


# --- Cross-tabs -------------------------------------------------------------------------


def test_cross_tab_by_channel(world: World, survey: Survey, mixed: dict[str, int]) -> None:
    counts = R.choice_counts(world.db, survey, Q["often"], 5, by=R.By(R.Breakdown.CHANNEL))
    # Each channel has one empty option, so its smallest shown option is hidden too.
    assert cells(counts, "abc", "kiosk") == [8, None, None]
    assert cells(counts, "abc", "online") == [7, None, None]
    assert (counts.totals["kiosk"], counts.totals["online"]) == (14, 12)
    assert counts.totals["qr"] is None and cells(counts, "abc", "qr") == [None] * 3


def test_cross_tab_by_event_and_language(
    world: World, survey: Survey, mixed: dict[str, int]
) -> None:
    by_event = R.choice_counts(world.db, survey, Q["scale"], 5, by=R.By(R.Breakdown.EVENT))
    fest = str(mixed["fest"])
    assert cells(by_event, "12345", fest) == [None, 6, None, 8, None]
    assert by_event.totals[""] == 12  # responses without an event
    # Column "4" adds up to the unsplit count: with the (empty, hidden) Stadtteilfest in
    # it, one hidden cell would be given away, so its smallest shown cell (5) goes too.
    assert cells(by_event, "12345", "") == [None, None, None, None, 7]
    for code in "12345":
        column = [by_event.cell(g, code) for g in by_event.groups]
        assert column.count(None) != 1
    by_language = R.choice_counts(world.db, survey, Q["often"], 5, by=R.By(R.Breakdown.LANGUAGE))
    assert cells(by_language, "abc", "de") == [15, None, None]
    assert cells(by_language, "abc", "tr") == [None, 6, None]
    assert by_language.totals == {"de": 15, "en": 5, "tr": 6}


def test_cross_tab_by_another_question(world: World, survey: Survey, mixed: dict[str, int]) -> None:
    counts = R.choice_counts(world.db, survey, Q["scale"], 5, by=R.By(question="often"))
    assert cells(counts, "12345", "a") == [None, None, None, 8, 7]
    assert cells(counts, "12345", "b") == [None, 6, None, None, None]
    assert counts.totals["c"] == 5
    assert counts.totals[""] is None  # nobody left "often" blank


def test_cross_tab_of_multiple_choice(world: World, survey: Survey) -> None:
    answer(world.db, survey, 6, {"wishes": ("a", "b")}, channel=Channel.QR)
    answer(world.db, survey, 5, {"wishes": ("b",)}, channel=Channel.QR)
    answer(world.db, survey, 3, {"wishes": ("c",)}, channel=Channel.PAPER)
    counts = R.multiple_counts(world.db, survey, Q["wishes"], 5, by=R.By(R.Breakdown.CHANNEL))
    assert (cells(counts, "abc", "qr"), counts.totals["qr"]) == ([6, 11, None], 11)
    assert (cells(counts, "abc", "papier"), counts.totals["papier"]) == ([None] * 3, None)

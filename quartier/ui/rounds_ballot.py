"""The ballot of one round, one widget set per method, pre-filled with the member's latest
ballot. One click on "Stimme speichern" writes one ballot (the latest counts).

Dot voting runs in a fragment without a form, so the "noch N Punkte" counter follows
every change at once; the other methods use one st.form each.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from quartier.errors import QuartierError
from quartier.prioritisation import (
    FundVote,
    Method,
    Round,
    cast_dots,
    cast_fund_votes,
    cast_ranking,
    cast_scores,
    my_ballot,
)
from quartier.ui.components import flash_and_rerun, plain, show_error
from quartier.ui.rounds_ui import IdeaText, criterion_label, euros, idea_heading, when
from quartier.ui.router import PageContext

SCALE = (1, 2, 3)
VOTES = (FundVote.YES, FundVote.NO, FundVote.ABSTAIN)

Ideas = dict[int, IdeaText]


def ballot_section(ctx: PageContext, rnd: Round, ideas: Ideas) -> None:
    """The member's ballot for ``rnd`` (the page checked VOTE_IN_ROUND and that the round
    accepts ballots)."""
    t = ctx.t
    saved = my_ballot(ctx.db, ctx.user, rnd.id)
    st.subheader(t("rounds.ballot"), anchor=False)
    if saved:
        st.info(
            t("rounds.ballot_saved", closes=when(t, rnd.closes_at)), icon=":material/how_to_vote:"
        )
    else:
        st.caption(t("rounds.ballot_until", closes=when(t, rnd.closes_at)))
    forms: dict[Method, Callable[[PageContext, Round, Ideas, dict[Any, Any]], None]] = {
        Method.DOTS: _dots,
        Method.CRITERIA: _criteria,
        Method.RANKING: _ranking,
        Method.FUND: _fund,
    }
    forms[rnd.method](ctx, rnd, ideas, saved)


def _cast(ctx: PageContext, action: Callable[[], None]) -> None:
    try:
        action()
    except QuartierError as exc:
        show_error(ctx.t, exc)
    else:
        flash_and_rerun(ctx.t("rounds.ballot_cast"))


@st.fragment
def _dots(ctx: PageContext, rnd: Round, ideas: Ideas, saved: dict[Any, Any]) -> None:
    t = ctx.t
    assert rnd.dots_per_member is not None and rnd.max_dots_per_idea is not None
    total, most = rnd.dots_per_member, rnd.max_dots_per_idea
    counter = st.empty()
    allocation: dict[int, int] = {}
    for idea_id, text in ideas.items():
        with st.container(border=True):
            left, right = st.columns([3, 1], vertical_alignment="center")
            with left:
                idea_heading(t, text)
            allocation[idea_id] = int(
                right.number_input(
                    t("rounds.dots_for", title=plain(text.title)),
                    min_value=0,
                    max_value=most,
                    value=int(saved.get(idea_id, 0)),
                    step=1,
                    key=f"dots_{rnd.id}_{idea_id}",
                )
                or 0
            )
    used = sum(allocation.values())
    if used <= total:
        state = t("rounds.dots_left", left=total - used, total=total)
        counter.info(state, icon=":material/radio_button_checked:")
    else:
        state = t("rounds.dots_over", used=used, total=total, excess=used - total)
        counter.warning(state, icon=":material/warning:")
    st.caption(state)
    if st.button(t("rounds.ballot_submit"), type="primary", key=f"dots_save_{rnd.id}"):
        _cast(ctx, lambda: cast_dots(ctx.db, ctx.user, rnd.id, allocation))


def _criteria(ctx: PageContext, rnd: Round, ideas: Ideas, saved: dict[Any, Any]) -> None:
    t = ctx.t
    per_row = min(len(rnd.criteria), 4)
    scores: dict[tuple[int, int], int | None] = {}
    with st.form(f"criteria_{rnd.id}"):
        st.caption(t("rounds.criteria_help"))
        for idea_id, text in ideas.items():
            with st.container(border=True):
                idea_heading(t, text)
                columns = st.columns(per_row)
                for position, criterion in enumerate(rnd.criteria):
                    with columns[position % per_row]:
                        scores[(idea_id, position)] = st.segmented_control(
                            criterion_label(
                                t, criterion.name, criterion.weight, criterion.is_inverted
                            ),
                            SCALE,
                            default=saved.get((idea_id, position)),
                            key=f"score_{rnd.id}_{idea_id}_{position}",
                        )
        submitted = st.form_submit_button(t("rounds.ballot_submit"), type="primary")
    if submitted:
        given = {k: int(v) for k, v in scores.items() if v is not None}
        _cast(ctx, lambda: cast_scores(ctx.db, ctx.user, rnd.id, given))


def _ranking(ctx: PageContext, rnd: Round, ideas: Ideas, saved: dict[Any, Any]) -> None:
    t = ctx.t
    count = len(ideas)
    order = sorted(ideas, key=lambda i: (saved.get(i, count), list(ideas).index(i)))
    places: dict[int, int] = {}
    with st.form(f"ranking_{rnd.id}"):
        st.caption(t("rounds.ranking_help", count=count))
        for position, idea_id in enumerate(order):
            text = ideas[idea_id]
            with st.container(border=True):
                left, right = st.columns([1, 3], vertical_alignment="center")
                places[idea_id] = left.selectbox(
                    t("rounds.place_for", title=plain(text.title)),
                    range(1, count + 1),
                    index=position,
                    format_func=lambda p: t("rounds.place", place=p),
                    key=f"rank_{rnd.id}_{idea_id}",
                    label_visibility="collapsed",
                )
                with right:
                    idea_heading(t, text)
        submitted = st.form_submit_button(t("rounds.ballot_submit"), type="primary")
    if not submitted:
        return
    problem = ranking_problem(t, places, ideas)
    if problem:
        st.error(problem, icon=":material/error:")
        return
    ranked = sorted(places, key=places.__getitem__)
    _cast(ctx, lambda: cast_ranking(ctx.db, ctx.user, rnd.id, ranked))


def ranking_problem(t: Any, places: dict[int, int], ideas: Ideas) -> str | None:
    """The first place given twice (with the places left free), or None."""
    by_place: dict[int, list[int]] = {}
    for idea_id, place in places.items():
        by_place.setdefault(int(place), []).append(idea_id)
    for place in sorted(by_place):
        if len(by_place[place]) > 1:
            free = [str(p) for p in range(1, len(places) + 1) if p not in by_place]
            names = ", ".join(f"„{plain(ideas[i].title)}“" for i in by_place[place])
            return str(t("rounds.ranking_twice", place=place, ideas=names, free=", ".join(free)))
    return None


def _fund(ctx: PageContext, rnd: Round, ideas: Ideas, saved: dict[Any, Any]) -> None:
    t = ctx.t
    votes: dict[int, FundVote | None] = {}
    with st.form(f"fund_{rnd.id}"):
        st.caption(t("rounds.fund_help"))
        for idea_id, text in ideas.items():
            with st.container(border=True):
                idea_heading(t, text)
                st.caption(t("rounds.requested", amount=euros(t, rnd.requested_cents.get(idea_id))))
                votes[idea_id] = st.segmented_control(
                    t("rounds.vote_on", title=plain(text.title)),
                    VOTES,
                    format_func=lambda v: t(f"prioritisation.vote.{v.name.lower()}"),
                    default=saved.get(idea_id),
                    key=f"vote_{rnd.id}_{idea_id}",
                    label_visibility="collapsed",
                )
        submitted = st.form_submit_button(t("rounds.ballot_submit"), type="primary")
    if submitted:
        given = {i: FundVote(v) for i, v in votes.items() if v is not None}
        _cast(ctx, lambda: cast_fund_votes(ctx.db, ctx.user, rnd.id, given))

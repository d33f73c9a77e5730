"""What coordinators do with a round on the "Priorisierung" page: close it (after a
confirmation), settle ties, and turn chosen ideas into measures."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from quartier.errors import QuartierError
from quartier.measures import Measure
from quartier.prioritisation import (
    Method,
    Outcome,
    Round,
    RoundResult,
    close_round,
    settle_tie,
)
from quartier.ui.components import flash_and_rerun, plain, show_error
from quartier.ui.rounds_ui import IdeaText, chosen_results, tie_results, when
from quartier.ui.router import PageContext


def close_section(ctx: PageContext, rnd: Round, voted: int) -> None:
    """Close the round, after a confirmation."""
    t = ctx.t
    key = f"close_confirm_{rnd.id}"
    if not st.session_state.get(key):
        if st.button(t("rounds.close"), key=f"close_{rnd.id}", icon=":material/lock:"):
            st.session_state[key] = True
            st.rerun()
        return
    st.warning(
        t(
            "rounds.close_confirm",
            title=plain(rnd.title),
            voted=voted,
            eligible=len(rnd.voter_ids),
            closes=when(t, rnd.closes_at),
        )
    )
    left, right = st.columns(2)
    if left.button(t("rounds.close_yes"), type="primary", key=f"close_yes_{rnd.id}"):
        st.session_state.pop(key, None)
        try:
            close_round(ctx.db, ctx.user, rnd.id)
        except QuartierError as exc:
            show_error(t, exc)
        else:
            flash_and_rerun(t("rounds.closed", title=plain(rnd.title)))
    if right.button(t("rounds.close_no"), key=f"close_no_{rnd.id}"):
        st.session_state.pop(key, None)
        st.rerun()


def settle_section(ctx: PageContext, result: RoundResult, ideas: dict[int, IdeaText]) -> None:
    """One small form per tied idea: choose it or not, with a note."""
    t, rnd = ctx.t, result.round
    tied = tie_results(result)
    if not result.is_final or not tied:
        return
    st.subheader(t("rounds.settle"), anchor=False)
    who = t("rounds.who.jury") if rnd.method is Method.FUND else t("rounds.who.group")
    st.caption(t("rounds.settle_help", who=who))
    choices = (True, False)
    for r in tied:
        title = ideas[r.idea_id].title
        current = None if r.outcome is Outcome.TIE else r.outcome is Outcome.CHOSEN
        with st.form(f"settle_{rnd.id}_{r.idea_id}"):
            st.markdown(f"**{plain(title)}**")
            decision = st.radio(
                t("rounds.decision_for", title=plain(title)),
                choices,
                index=None if current is None else choices.index(current),
                format_func=lambda c: t("rounds.choose_idea") if c else t("rounds.skip_idea"),
                horizontal=True,
                key=f"settle_choice_{rnd.id}_{r.idea_id}",
                label_visibility="collapsed",
            )
            note = st.text_input(
                t("field.decision_note"),
                value=r.note,
                max_chars=300,
                key=f"settle_note_{rnd.id}_{r.idea_id}",
            )
            submitted = st.form_submit_button(t("rounds.settle_submit"))
        if submitted:
            if decision is None:
                st.error(t("rounds.settle_missing", title=plain(title)), icon=":material/error:")
                continue
            try:
                settle_tie(ctx.db, ctx.user, rnd.id, r.idea_id, bool(decision), note)
            except QuartierError as exc:
                show_error(t, exc)
            else:
                done = "rounds.settled_chosen" if decision else "rounds.settled_skipped"
                flash_and_rerun(t(done, title=plain(title)))


def measure_links(
    ctx: PageContext,
    result: RoundResult,
    ideas: dict[int, IdeaText],
    measures: Mapping[int, Measure],
) -> None:
    """Per chosen idea a link to the measures page: to its measure if it has a live one
    (``measures``: idea id → measure), else to a new measure with the idea preselected."""
    t = ctx.t
    chosen = chosen_results(result)
    if not result.is_final or not chosen:
        return
    st.subheader(t("rounds.next_steps"), anchor=False)
    for r in chosen:
        measure = measures.get(r.idea_id)
        if measure is None:
            label = t("rounds.to_measure", title=plain(ideas[r.idea_id].title))
            st.page_link(
                "pages/measures.py",
                label=label,
                icon=":material/add_task:",
                query_params={"idea": str(r.idea_id)},
            )
        else:
            label = t(
                "rounds.see_measure",
                title=plain(measure.title),
                status=t(f"measure.status.{measure.status.value}"),
            )
            st.page_link(
                "pages/measures.py",
                label=label,
                icon=":material/flag:",
                query_params={"measure": str(measure.id)},
            )

"""What coordinators do on the "Maßnahmen" page: create a measure (from a chosen idea or
free), edit it, move its status and keep its milestones. Domain errors are shown in the
user's language; every successful write reruns the page with a short confirmation."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import streamlit as st

from quartier.errors import QuartierError
from quartier.measures import (
    Measure,
    Milestone,
    add_milestone,
    complete_milestone,
    create_measure,
    next_statuses,
    remove_milestone,
    set_measure_status,
    update_measure,
)
from quartier.quartiers import Quartier
from quartier.ui.components import flash_and_rerun, param_id, plain, run_action, show_error
from quartier.ui.measures_ui import (
    IDEA_PARAM,
    SOURCE_KEY,
    show_measure,
    status_name,
    today,
)
from quartier.ui.router import PageContext

MILESTONE_DAYS = 30


# --- staff: status and milestones -----------------------------------------------------------


def status_buttons(ctx: PageContext, measure: Measure) -> None:
    t = ctx.t
    st.markdown(f"**{t('measures.change_status')}**")
    row = st.container(horizontal=True, gap="small")
    for target in next_statuses(measure.status):
        if row.button(t(f"measures.to.{target.value}"), key=f"status_{measure.id}_{target}"):
            try:
                set_measure_status(ctx.db, ctx.user, measure.id, target)
            except QuartierError as exc:
                show_error(t, exc)
            else:
                flash_and_rerun(
                    t(
                        "measures.status_changed",
                        title=plain(measure.title),
                        status=status_name(t, target),
                    )
                )


def milestone_section(ctx: PageContext, measure: Measure) -> None:
    t = ctx.t
    st.markdown(f"**{t('measures.milestones')}**")
    for milestone in measure.milestones:
        _milestone_row(ctx, milestone)
    with st.form(f"milestone_new_{measure.id}", clear_on_submit=True):
        left, right = st.columns([2, 1])
        title = left.text_input(t("field.milestone_title"), max_chars=120)
        due = right.date_input(
            t("measures.due_on"), value=today() + timedelta(MILESTONE_DAYS), format="DD.MM.YYYY"
        )
        submitted = st.form_submit_button(t("measures.add_milestone"), icon=":material/add:")
    if submitted:
        run_action(
            ctx.t,
            lambda: add_milestone(ctx.db, ctx.user, measure.id, title, due),
            t("measures.milestone_added", title=plain(" ".join(title.split()))),
        )


def _milestone_row(ctx: PageContext, milestone: Milestone) -> None:
    t = ctx.t
    title = plain(milestone.title)
    with st.container(border=True):
        text, day_column, action, remove = st.columns([4, 2, 1.5, 1.5], vertical_alignment="center")
        if milestone.done_on:
            icon = ":material/check_circle:"
            status = t("measures.milestone_done", day=t.date(milestone.done_on))
        else:
            icon, status = ":material/radio_button_unchecked:", t("measures.milestone_open")
        text.markdown(
            f"{icon} **{title}**  \n{t('measures.due', day=t.date(milestone.due_on))} · {status}"
        )
        if milestone.done_on is None:
            # No form: picking the day writes nothing, only the button does.
            day = day_column.date_input(
                t("measures.done_on"),
                value=today(),
                max_value=today(),
                format="DD.MM.YYYY",
                key=f"milestone_day_{milestone.id}",
                label_visibility="collapsed",
                help=t("measures.done_on_help"),
            )
            if action.button(
                t("measures.mark_done"),
                key=f"milestone_done_btn_{milestone.id}",
                icon=":material/check:",
            ):
                run_action(
                    ctx.t,
                    lambda: complete_milestone(ctx.db, ctx.user, milestone.id, day),
                    t("measures.milestone_completed", title=title),
                )
        elif action.button(t("measures.reopen"), key=f"milestone_reopen_{milestone.id}"):
            run_action(
                ctx.t,
                lambda: complete_milestone(ctx.db, ctx.user, milestone.id, None),
                t("measures.milestone_reopened", title=title),
            )
        if remove.button(
            t("measures.remove"), key=f"milestone_remove_{milestone.id}", icon=":material/delete:"
        ):
            run_action(
                ctx.t,
                lambda: remove_milestone(ctx.db, ctx.user, milestone.id),
                t("measures.milestone_removed", title=title),
            )


# --- staff: create and edit -----------------------------------------------------------------


def _fields(
    ctx: PageContext,
    groups: Mapping[int, str],
    measure: Measure | None,
    *,
    title: str,
    group_none: str,
) -> dict[str, Any]:
    """The fields of a measure (inside a form), filled from ``measure`` if given."""
    t = ctx.t
    values: dict[str, Any] = {}
    values["title"] = st.text_input(t("field.title"), value=title, max_chars=120)
    values["description"] = st.text_area(
        t("field.description"), value=measure.description if measure else "", max_chars=4000
    )
    group_ids: list[int | None] = [None, *groups]
    current = measure.group_id if measure else None
    values["group_id"] = st.selectbox(
        t("measures.col.group"),
        group_ids,
        index=group_ids.index(current) if current in group_ids else 0,
        format_func=lambda g: group_none if g is None else groups[g],
    )
    left, right = st.columns(2)
    values["responsible"] = left.text_input(
        t("field.responsible"),
        value=measure.responsible if measure else "",
        max_chars=200,
        help=t("measures.responsible_help"),
    )
    values["partners"] = right.text_input(
        t("field.partners"), value=measure.partners if measure else "", max_chars=500
    )
    budget = st.number_input(
        t("measures.budget_eur"),
        min_value=0.0,
        step=100.0,
        format="%.2f",
        value=None
        if measure is None or measure.budget_cents is None
        else measure.budget_cents / 100,
        placeholder=t("measures.budget_placeholder"),
    )
    values["budget_cents"] = None if budget is None else round(float(budget) * 100)
    left, right = st.columns(2)
    values["starts_on"] = left.date_input(
        t("measures.starts_on"), value=measure.starts_on if measure else None, format="DD.MM.YYYY"
    )
    values["ends_on"] = right.date_input(
        t("measures.ends_on"), value=measure.ends_on if measure else None, format="DD.MM.YYYY"
    )
    return values


def create_section(
    ctx: PageContext,
    quartier: Quartier,
    groups: Mapping[int, str],
    free_ideas: Mapping[int, str],
    taken: Mapping[int, Measure],
) -> None:
    """A new measure from a chosen idea without a live measure (``?idea=ID`` preselects
    it), or a free measure."""
    t = ctx.t
    linked = param_id(IDEA_PARAM)
    with st.expander(t("measures.new"), icon=":material/add:", expanded=linked is not None):
        if linked is not None and linked in taken:
            st.info(
                t("measures.idea_has_measure", measure=plain(taken[linked].title)),
                icon=":material/info:",
            )
        if linked in free_ideas and st.session_state.get(f"{SOURCE_KEY}_followed") != linked:
            st.session_state[SOURCE_KEY] = linked
            st.session_state[f"{SOURCE_KEY}_followed"] = linked
        sources: list[int | None] = [*free_ideas, None]
        if st.session_state.get(SOURCE_KEY) not in sources:
            st.session_state.pop(SOURCE_KEY, None)
        if not free_ideas:
            st.caption(t("measures.no_free_ideas"))
        idea_id = st.selectbox(
            t("measures.source"),
            sources,
            key=SOURCE_KEY,
            help=t("measures.source_help"),
            format_func=lambda i: t("measures.free") if i is None else free_ideas[i],
        )
        with st.form(f"measure_new_{idea_id}", clear_on_submit=False):
            values = _fields(
                ctx,
                groups,
                None,
                title=free_ideas.get(idea_id, "") if idea_id else "",
                group_none=t("measures.group_from_idea") if idea_id else t("measures.no_group"),
            )
            submitted = st.form_submit_button(t("measures.create"), type="primary")
    if not submitted:
        return
    try:
        created = create_measure(ctx.db, ctx.user, quartier.id, idea_id=idea_id, **values)
    except QuartierError as exc:
        show_error(t, exc)
    else:
        show_measure(created.id)
        flash_and_rerun(t("measures.created", title=plain(created.title)))


def edit_section(ctx: PageContext, measure: Measure, groups: Mapping[int, str]) -> None:
    t = ctx.t
    with (
        st.expander(t("measures.edit"), icon=":material/edit:"),
        st.form(f"measure_edit_{measure.id}"),
    ):
        values = _fields(
            ctx,
            groups,
            measure,
            title=measure.title,
            group_none=t("measures.no_group"),
        )
        submitted = st.form_submit_button(t("common.save"), type="primary")
    if not submitted:
        return
    if measure.milestones:
        values["group_id"] = measure.group_id  # fixed once milestones refer to the measure
    try:
        update_measure(
            ctx.db,
            ctx.user,
            measure.id,
            responsible_actor_id=measure.responsible_actor_id,
            **values,
        )
    except QuartierError as exc:
        show_error(t, exc)
    else:
        flash_and_rerun(t("measures.saved", title=plain(" ".join(values["title"].split()))))

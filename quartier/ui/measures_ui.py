"""What everyone sees on the "Maßnahmen" page: filters, the list and one measure's details
(the coordinators' parts are in ``measures_edit``).

Every account of the Quartier reads its measures (they are the Quartier's work plan);
only staff (MANAGE_QUARTIER_CONTENT) see the editing parts. Progress is the share of
milestones done — derived by the domain, never typed here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from quartier.i18n import Translator, berlin_today
from quartier.measures import (
    Measure,
    MeasureStatus,
)
from quartier.ui.components import linked_pick, plain, show_linked
from quartier.ui.rounds_ui import euros
from quartier.ui.router import PageContext

MEASURE_PARAM = "measure"
IDEA_PARAM = "idea"
PICK_KEY = "measures_pick"
SOURCE_KEY = "measures_source"


today = berlin_today  # the pages' "today"


def status_name(t: Translator, status: MeasureStatus) -> str:
    return t(f"measure.status.{status.value}")


def period(t: Translator, measure: Measure) -> str:
    start, end = measure.starts_on, measure.ends_on
    if start and end:
        return t("measures.period", start=t.date(start), end=t.date(end))
    if start:
        return t("measures.period_from", start=t.date(start))
    if end:
        return t("measures.period_until", end=t.date(end))
    return ""


def done_count(measure: Measure) -> int:
    return sum(m.done_on is not None for m in measure.milestones)


def progress_text(t: Translator, measure: Measure) -> str:
    return t(
        "measures.progress",
        done=done_count(measure),
        total=len(measure.milestones),
        percent=round(measure.progress * 100),
    )


# --- list -----------------------------------------------------------------------------------


def filters(ctx: PageContext, groups: Mapping[int, str]) -> tuple[int | None, MeasureStatus | None]:
    t = ctx.t
    left, right = st.columns(2)
    group_id = left.selectbox(
        t("measures.filter_group"),
        [None, *groups],
        key="measures_filter_group",
        format_func=lambda g: t("measures.all_groups") if g is None else groups[g],
    )
    status = right.selectbox(
        t("measures.filter_status"),
        [None, *MeasureStatus],
        key="measures_filter_status",
        format_func=lambda s: t("measures.all_statuses") if s is None else status_name(t, s),
    )
    return group_id, None if status is None else MeasureStatus(status)


def filtered(
    measures: Sequence[Measure], group_id: int | None, status: MeasureStatus | None
) -> list[Measure]:
    return [
        m
        for m in measures
        if (group_id is None or m.group_id == group_id) and (status is None or m.status == status)
    ]


def measure_table(
    ctx: PageContext,
    measures: Sequence[Measure],
    groups: Mapping[int, str],
    ideas: Mapping[int, str],
) -> None:
    t = ctx.t
    progress = t("measures.col.progress")
    rows = [
        {
            t("field.title"): m.title,
            t("measures.col.status"): status_name(t, m.status),
            # No milestones, no bar: an empty cell rather than a misleading 0 %.
            progress: round(m.progress * 100) if m.milestones else None,
            t("measures.col.period"): period(t, m),
            t("field.responsible"): m.responsible,
            t("measures.col.budget"): euros(t, m.budget_cents),
            t("measures.col.group"): groups.get(m.group_id, "") if m.group_id else "",
            t("measures.col.idea"): ideas.get(m.idea_id, "") if m.idea_id else "",
        }
        for m in measures
    ]
    st.dataframe(
        rows,
        hide_index=True,
        column_config={
            progress: st.column_config.ProgressColumn(
                progress, min_value=0, max_value=100, format="%d %%", width="small"
            ),
        },
    )


def choose_measure(ctx: PageContext, measures: Sequence[Measure]) -> Measure:
    """A picker for one measure that follows ``?measure=ID``."""
    t = ctx.t
    by_id = {m.id: m for m in measures}
    # The title only: the status changes on this page (see ``linked_pick``).
    return linked_pick(t("measures.choose"), by_id, PICK_KEY, MEASURE_PARAM,
                       lambda i: t("measures.label", title=by_id[i].title))  # fmt: skip


def show_measure(measure_id: int) -> None:
    st.query_params.pop(IDEA_PARAM, None)
    show_linked(MEASURE_PARAM, measure_id, PICK_KEY)


def measure_details(
    ctx: PageContext,
    measure: Measure,
    groups: Mapping[int, str],
    ideas: Mapping[int, str],
    *,
    editable: bool,
) -> None:
    t = ctx.t
    st.subheader(plain(measure.title), anchor=False)
    st.markdown(t("measures.status_line", status=status_name(t, measure.status)))
    if measure.milestones:
        st.progress(measure.progress, text=progress_text(t, measure))
    else:
        st.caption(t("measures.no_milestones"))
    facts = [
        (t("measures.col.period"), period(t, measure)),
        (t("field.responsible"), plain(measure.responsible)),
        (t("field.partners"), plain(measure.partners)),
        (t("measures.col.budget"), euros(t, measure.budget_cents)),
        (
            t("measures.col.group"),
            plain(groups.get(measure.group_id, "")) if measure.group_id else "",
        ),
        (t("measures.col.idea"), plain(ideas.get(measure.idea_id, "")) if measure.idea_id else ""),
    ]
    lines = [f"**{name}:** {value}" for name, value in facts if value]
    if lines:
        st.markdown("  \n".join(lines))
    if measure.description:
        st.text(measure.description)
    if measure.milestones and not editable:
        st.dataframe(
            [
                {
                    t("field.milestone_title"): m.title,
                    t("measures.due_on"): t.date(m.due_on),
                    t("measures.done_on"): t.date(m.done_on) if m.done_on else "",
                }
                for m in measure.milestones
            ],
            hide_index=True,
        )

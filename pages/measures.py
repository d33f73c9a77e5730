"""Maßnahmen: what chosen ideas became — status, period, milestones and progress; staff
create measures, edit them, move their status and keep the milestones."""

import streamlit as st

from quartier.auth import Action, can
from quartier.ideas import idea_titles, list_groups
from quartier.measures import MeasureStatus, list_measures
from quartier.prioritisation import chosen_ideas
from quartier.ui import measures_edit as edit
from quartier.ui import measures_ui as ui
from quartier.ui.components import require, show_flash
from quartier.ui.rounds_ui import choose_quartier
from quartier.ui.router import page_context

ctx = page_context()
t = ctx.t
require(ctx.user, Action.MANAGE_OWN_ACCOUNT, t)
st.title(t("measures.title"))
st.caption(t("measures.caption"))
show_flash()
quartier = choose_quartier(ctx, key="measures_quartier")
require(ctx.user, Action.VIEW_QUARTIER_INTERNAL, t, quartier.id)
is_staff = can(ctx.user, Action.MANAGE_QUARTIER_CONTENT, quartier.id)

groups = {g.id: g.name for g in list_groups(ctx.db, quartier.id, include_archived=True)}
measures = list_measures(ctx.db, quartier.id)
if is_staff:
    live = {m.idea_id: m for m in measures if m.idea_id and m.status != MeasureStatus.CANCELLED}
    chosen = [i for i in chosen_ideas(ctx.db, quartier.id) if i not in live]
    active_groups = {g.id: g.name for g in list_groups(ctx.db, quartier.id)}
    edit.create_section(ctx, quartier, active_groups, idea_titles(ctx.db, chosen), live)
if not measures:
    st.info(t("measures.none"), icon=":material/info:")
    st.stop()

titles = idea_titles(ctx.db, [m.idea_id for m in measures if m.idea_id])
group_id, status = ui.filters(ctx, groups)
shown = ui.filtered(measures, group_id, status)
if not shown:
    st.info(t("measures.none_match"), icon=":material/filter_alt_off:")
    st.stop()
ui.measure_table(ctx, shown, groups, titles)

st.divider()
measure = ui.choose_measure(ctx, shown)
ui.measure_details(ctx, measure, groups, titles, editable=is_staff)
if is_staff:
    edit.status_buttons(ctx, measure)
    edit.milestone_section(ctx, measure)
    edit.edit_section(ctx, measure, groups)

"""Veranstaltungen (coordinators, admins): plan events, record their attendance after
the event, and see every event with its attendance, survey responses and ideas."""

import streamlit as st

from quartier.auth import Action
from quartier.ideas import list_groups
from quartier.ui import attendance_ui
from quartier.ui import events_ui as ui
from quartier.ui.components import require, show_flash
from quartier.ui.router import page_context
from quartier.ui.survey_pages import choose_quartier

ctx = page_context()
t = ctx.t
st.title(t("events.title"))
show_flash()
quartier = choose_quartier(ctx, key="events_quartier")
require(ctx.user, Action.MANAGE_QUARTIER_CONTENT, t, quartier.id)
st.caption(t("events.caption"))

groups = {g.id: g.name for g in list_groups(ctx.db, quartier.id, include_archived=True)}
plan_tab, attendance_tab, list_tab = st.tabs(
    [t("events.tab.plan"), t("events.tab.attendance"), t("events.tab.list")],
    key=ui.AREA,
    on_change="rerun",  # only the open tab runs
)
if plan_tab.open:
    with plan_tab:
        active = {g.id: g.name for g in list_groups(ctx.db, quartier.id)}
        ui.plan_tab(ctx, quartier, active)
if attendance_tab.open:
    with attendance_tab:
        attendance_ui.attendance_tab(ctx, quartier)
if list_tab.open:
    with list_tab:
        ui.list_tab(ctx, quartier, groups)

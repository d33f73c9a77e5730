"""Arbeitsgruppen: members see their groups and the ideas given to them; coordinators
create groups and run them (members, meeting days, archive)."""

import streamlit as st

from quartier.auth import Action, can
from quartier.ideas import group_members, groups_of
from quartier.ui import groups_ui as ui
from quartier.ui.components import require, show_flash
from quartier.ui.router import page_context

ctx = page_context()
t = ctx.t
st.title(t("groups.title"))
show_flash()
quartier = ui.choose_quartier(ctx)
require(ctx.user, Action.VIEW_QUARTIER_INTERNAL, t, quartier.id)
is_staff = can(ctx.user, Action.MANAGE_QUARTIER_CONTENT, quartier.id)
st.caption(t("groups.intro_staff" if is_staff else "groups.intro_member"))

groups = groups_of(ctx.db, ctx.user, quartier.id, include_archived=is_staff)
if is_staff:
    ui.new_group(ctx, quartier, expanded=not groups)
if not groups:
    ui.no_groups(ctx, quartier, is_staff)
    st.stop()

group = ui.choose_group(ctx, groups)
members = group_members(ctx.db, group.id)
ui.group_overview(ctx, group, members)
if is_staff:
    ui.manage_group(ctx, quartier, group, members)

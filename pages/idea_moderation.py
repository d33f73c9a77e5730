"""Ideen moderieren: the queue of new ideas and the list of all ideas of a Quartier."""

import streamlit as st

from quartier.auth import Action
from quartier.events import list_events
from quartier.ideas import list_groups, moderation_queue
from quartier.ui import idea_moderation_ui as ui
from quartier.ui.components import require, show_flash
from quartier.ui.router import page_context
from quartier.ui.survey_pages import choose_quartier

ctx = page_context()
t = ctx.t
st.title(t("moderation.title"))
ui.staff_only(ctx)
show_flash()
quartier = choose_quartier(ctx, key="moderation_quartier")
require(ctx.user, Action.MANAGE_QUARTIER_CONTENT, t, quartier.id)
st.caption(t("moderation.intro"))

everything = moderation_queue(ctx.db, ctx.user, quartier.id, None, limit=ui.LIST_LIMIT)
groups = {g.id: g for g in list_groups(ctx.db, quartier.id, include_archived=True)}
events = {e.id: e.title for e in list_events(ctx.db, quartier.id)}

queue_tab, list_tab = st.tabs([t("moderation.tab_queue"), t("moderation.tab_all")])
with queue_tab:
    ui.queue(ctx, quartier, everything, groups, events)
with list_tab:
    ui.all_ideas(ctx, quartier, everything, groups)

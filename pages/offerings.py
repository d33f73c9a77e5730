"""Angebote (coordinators, admins): log a held session of a recurring offering in under
a minute, correct the latest entries, and keep the offerings themselves."""

import streamlit as st

from quartier.auth import Action
from quartier.events import list_offerings
from quartier.ui import offerings_ui as ui
from quartier.ui.components import require, show_flash
from quartier.ui.router import page_context
from quartier.ui.survey_pages import choose_quartier

ctx = page_context()
t = ctx.t
st.title(t("offerings.title"))
show_flash()
quartier = choose_quartier(ctx, key="offerings_quartier")
require(ctx.user, Action.MANAGE_QUARTIER_CONTENT, t, quartier.id)
st.caption(t("offerings.caption"))

offerings = list_offerings(ctx.db, quartier.id)
ui.session_log(ctx, offerings)
ui.recent_sessions(ctx, quartier, {o.id: o.title for o in offerings})

st.divider()
st.subheader(t("offerings.list_heading"), anchor=False)
if offerings:
    ui.offerings_table(t, offerings)
ui.create_form(ctx, quartier, expanded=not offerings)
if offerings:
    ui.edit_section(ctx, offerings)

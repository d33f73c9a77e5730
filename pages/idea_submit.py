"""Idee einreichen: a resident submits a project idea at /idee (?q=SLUG&event=ID&kiosk=1)."""

import streamlit as st

from quartier.ui import ideas_public as ideas
from quartier.ui import survey_form as form
from quartier.ui.components import plain
from quartier.ui.router import page_context

ctx = page_context()
t = ctx.t
st.set_page_config(layout="centered")
form.touch_friendly()
if st.query_params.get("kiosk") == "1":
    form.kiosk_chrome()

st.title(t("resident.idea.title"), anchor=False)
quartier = ideas.public_quartier(ctx.db, t)
if ideas.receipt_screen(t):
    st.stop()
st.write(t("resident.idea.intro", quartier=plain(quartier.name)))
event_id = ideas.link_event(ctx.db, quartier.id, t)
ideas.submission_form(ctx.db, quartier, t, event_id)
ideas.back_to_survey(t)

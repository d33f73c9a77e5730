"""Status einer Idee: what became of an idea, looked up with its receipt code at /status?code=…"""

import streamlit as st

from quartier.ui import ideas_public as ideas
from quartier.ui import survey_form as form
from quartier.ui.router import page_context

ctx = page_context()
t = ctx.t
st.set_page_config(layout="centered")
form.touch_friendly()

st.title(t("resident.status.title"), anchor=False)
st.write(t("resident.status.intro"))
ideas.status_lookup(ctx.db, t)

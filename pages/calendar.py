"""Veranstaltungskalender: a Quartier's upcoming public events for residents, at /kalender
(?q=SLUG picks the Quartier when there are several)."""

import streamlit as st

from quartier.ui import calendar_ui
from quartier.ui import ideas_public as ideas
from quartier.ui.components import plain
from quartier.ui.router import page_context

ctx = page_context()
t = ctx.t
st.title(t("resident.calendar.title"), anchor=False)
quartier = ideas.public_quartier(ctx.db, t)
st.write(t("resident.calendar.intro", quartier=plain(quartier.name)))
calendar_ui.calendar(ctx.db, quartier, t)

"""Umfragen: create or import surveys, open and close them, links, QR posters, kiosk, exports."""

import streamlit as st

from quartier.auth import Action
from quartier.events import list_events
from quartier.surveys.kiosk import has_kiosk_pin
from quartier.surveys.store import list_surveys
from quartier.ui import survey_admin as sections
from quartier.ui.components import require, show_flash
from quartier.ui.router import page_context
from quartier.ui.survey_pages import choose_quartier, choose_survey

ctx = page_context()
t = ctx.t
st.title(t("surveys.title"))
show_flash()
quartier = choose_quartier(ctx)
require(ctx.user, Action.MANAGE_QUARTIER_CONTENT, t, quartier.id)

surveys = list_surveys(ctx.db, quartier.id)
events = list_events(ctx.db, quartier.id)
pin_set = has_kiosk_pin(ctx.db, quartier.id)
if surveys:
    sections.survey_table(ctx, surveys)
sections.manage_tabs(ctx, quartier, events, expanded=not surveys, pin_set=pin_set)
if not surveys:
    st.info(t("surveys.none"), icon=":material/info:")
    st.stop()

st.divider()
survey = choose_survey(ctx, quartier)
sections.survey_state(ctx, survey)
sections.status_controls(ctx, survey)
sections.share_section(ctx, quartier, survey, events, pin_set=pin_set)
sections.export_section(ctx, survey)

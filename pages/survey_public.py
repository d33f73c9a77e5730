"""Umfrage: the resident's survey page at /umfrage?survey=ID&lang=xx&event=ID&kiosk=1."""

import streamlit as st

from quartier.surveys.model import text_in
from quartier.surveys.responses import response_exists
from quartier.surveys.store import definition_of
from quartier.ui import resident
from quartier.ui import survey_form as form
from quartier.ui.components import plain
from quartier.ui.router import page_context

ctx = page_context()
st.set_page_config(layout="centered")
form.touch_friendly()
if st.query_params.get("kiosk") == "1":
    form.kiosk_chrome()

link, t = resident.read_link(ctx.db, ctx.t)
survey, lang = link.survey, link.lang

if resident.is_choosing_language(link):
    resident.language_screen(ctx.db, link, t)
    st.stop()
if resident.is_done(link):
    resident.thanks_screen(ctx.db, link, t)
    st.stop()

key = form.start_form(ctx.db, survey)
if response_exists(ctx.db, key):  # submitted, but the thank-you page never arrived
    resident.mark_done(survey.id)
    st.rerun()
definition = definition_of(ctx.db, survey.id, survey.version)

resident.language_select(link)
st.title(plain(survey.title(lang)), anchor=False)
if intro := text_in(definition.description, lang, definition.default_language):
    st.write(plain(intro))
st.caption(t("resident.anonymous_note"))

where = resident.position(definition, t)
form.render_page(definition, where.current, lang, t)
form.keep_draft(ctx.db, survey, survey.version)
resident.buttons(ctx.db, link, definition, where, t)

if link.kiosk:
    resident.idle_watch(ctx.db)
    form.kiosk_exit(ctx.db, survey.quartier_id, t)

"""Fragebogen bearbeiten (coordinators, admins): build and edit a survey's questionnaire,
see it as a resident would, save it (as a new version when it has responses)."""

import streamlit as st

from quartier.ui import survey_builder as builder
from quartier.ui.components import show_flash
from quartier.ui.router import page_context
from quartier.ui.survey_pages import choose_quartier

ctx = page_context()
t = ctx.t
builder.require_survey_staff(ctx)
st.title(t("builder.title"))
show_flash()

quartier = choose_quartier(ctx)
builder.new_survey_form(ctx, quartier)
survey = builder.pick_survey(ctx, quartier)
edit = builder.Builder(ctx, survey)
edit.status()
save = edit.save_bar()

questions_tab, pages_tab, survey_tab, preview_tab = st.tabs(
    [
        t("builder.tab_questions"),
        t("builder.tab_pages"),
        t("builder.tab_survey"),
        t("builder.tab_preview"),
    ],
    key=builder.AREA,
    on_change="rerun",  # only the open area runs: a long questionnaire has many inputs
)
if questions_tab.open:
    with questions_tab:
        edit.questions_editor()
if pages_tab.open:
    with pages_tab:
        edit.pages_editor()
if survey_tab.open:
    with survey_tab:
        edit.survey_settings()
if preview_tab.open:
    with preview_tab:
        edit.preview()
if save:
    edit.save()  # after every widget above has written its value into the copy

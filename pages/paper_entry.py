"""Papierbögen eingeben: type in paper forms fast, keyboard only, one form per sheet."""

import streamlit as st

from quartier.auth import Action
from quartier.errors import QuartierError
from quartier.events import list_events
from quartier.i18n import LANGUAGES
from quartier.surveys.model import text_in
from quartier.surveys.responses import (
    AnswersInvalid,
    Channel,
    check_answers,
    new_form_key,
    submit,
)
from quartier.ui.components import plain, require, show_error
from quartier.ui.paper_form import paper_widget
from quartier.ui.router import page_context
from quartier.ui.survey_pages import choose_quartier, choose_survey

TOKEN = "paper_token"
SHEET = "paper_sheet"
SAVED = "paper_saved"

ctx = page_context()
t = ctx.t
st.title(t("paper.title"))
quartier = choose_quartier(ctx)
require(ctx.user, Action.MANAGE_QUARTIER_CONTENT, t, quartier.id)
survey = choose_survey(ctx, quartier)
definition = survey.definition
st.caption(t("paper.help"))

events = {e.id: e.title for e in list_events(ctx.db, quartier.id)}
languages = list(definition.languages)
c1, c2 = st.columns(2)
event_id = c1.selectbox(t("surveys.event"), [None, *events], key="paper_event",
                        format_func=lambda e: t("surveys.no_event") if e is None
                        else events[e])  # fmt: skip
lang = c2.selectbox(
    t("paper.language"),
    languages,
    key="paper_lang",
    format_func=lambda c: LANGUAGES[c].native_name if c in LANGUAGES else c,
)

if saved := st.session_state.pop(SAVED, None):
    st.success(t("paper.saved", number=saved), icon=":material/check_circle:")

st.session_state.setdefault(TOKEN, new_form_key())
st.session_state.setdefault(SHEET, 0)
sheet = st.session_state[SHEET]
problems: dict[str, str] = st.session_state.get("paper_problems", {})

# One st.form: no reruns between fields, Tab moves on, Enter in the last field saves.
with st.form(f"paper_{survey.id}_{sheet}"):
    answers = {}
    for page in definition.pages:
        if page.label:
            st.markdown(f"**{plain(text_in(page.label, lang, definition.default_language))}**")
        for q in page.questions:
            answers[q.name] = paper_widget(
                q, definition, lang, f"p:{sheet}:{q.name}",
                placeholder=t("resident.ranking_placeholder"),
            )  # fmt: skip
            if q.name in problems:
                st.error(problems[q.name], icon=":material/error:")
    save = st.form_submit_button(t("paper.save"), type="primary")


def _blank(value: object) -> bool:
    return value in (None, "", ()) or (isinstance(value, str) and not value.strip())


if save and all(_blank(v) for v in answers.values()):
    # An Enter pressed twice lands on the next, blank sheet: that is no response.
    st.warning(t("paper.empty"), icon=":material/warning:")
elif save:
    try:
        # Problems are shown in the staff's language, whatever the sheet's language.
        check_answers(definition, answers, t.code, enforce_required=False)
        result = submit(ctx.db, survey.id, answers, token=st.session_state[TOKEN],
                        channel=Channel.PAPER, language=lang, event_id=event_id,
                        entered_by=ctx.user.id)  # fmt: skip
    except AnswersInvalid as exc:
        st.session_state["paper_problems"] = {p.question: p.message for p in exc.problems}
        st.rerun()
    except QuartierError as exc:
        show_error(t, exc)
    else:
        st.session_state.pop("paper_problems", None)
        st.session_state[TOKEN] = new_form_key()
        st.session_state[SHEET] = sheet + 1  # new widget keys: the next sheet starts blank
        st.session_state[SAVED] = result.response_id
        st.rerun()

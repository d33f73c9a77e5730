"""The resident's survey form: one widget per question type, pages, draft and submit.

The answers of a form instance live in ``st.session_state[ANSWERS]`` (widgets of other
pages are not rendered, and Streamlit forgets unrendered widgets). Widget keys carry
the form key, so a new form instance — the next person at a kiosk — starts blank.
The same form key is the resume key in the URL (``?r=``) and the submit token.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import streamlit as st

from quartier.i18n import Translator
from quartier.storage import Database
from quartier.surveys.expressions import Value
from quartier.surveys.model import (
    MAX_TEXT_ANSWER,
    Question,
    QuestionType,
    SurveyDefinition,
    text_in,
)
from quartier.surveys.responses import (
    AnswersInvalid,
    check_answers,
    is_form_key,
    load_draft,
    new_form_key,
    purge_expired_drafts,
    save_draft,
    visible_questions,
)
from quartier.surveys.store import Survey
from quartier.ui.components import plain

FORM_KEY = "sf_key"
ANSWERS = "sf_answers"
PAGE = "sf_page"
PROBLEMS = "sf_problems"
SAVED = "sf_saved"
LAST_INPUT = "sf_last_input"
RESUME_PARAM = "r"


@dataclass(frozen=True)
class FormState:
    """Where one kind of form keeps its state in ``st.session_state``: the resident's
    form by default; the builder's preview uses keys of its own, so that it never
    touches a resident's draft. ``last_input`` None: the form has no idle timer."""

    answers: str = ANSWERS
    form_key: str = FORM_KEY
    problems: str = PROBLEMS
    last_input: str | None = LAST_INPUT


RESIDENT_FORM = FormState()

_TOUCH_CSS = """<style>
.stApp [data-testid="stRadio"] label, .stApp [data-testid="stCheckbox"] label
  { min-height: 2.75rem; align-items: center; padding: 0.25rem 0; }
.stApp [data-testid="stRadio"] label p, .stApp [data-testid="stCheckbox"] label p
  { font-size: 1.1rem; }
.stApp .stButton button { min-height: 3rem; }
.stApp .stButton button p { font-size: 1.15rem; }
.stApp [data-testid="stWidgetLabel"] p { font-weight: 600; font-size: 1.05rem; }
.stApp [data-testid="stCheckbox"] [data-testid="stWidgetLabel"] p { font-weight: 400; }
</style>"""


def touch_friendly() -> None:
    """Larger targets for fingers on a tablet or phone (static CSS, no user text)."""
    st.html(_TOUCH_CSS)


def start_form(db: Database, survey: Survey, *, fresh: bool = False) -> str:
    """The form key of this session's form for ``survey``: resumed from the URL's
    ``r`` (a reload), kept from this session, or new. ``fresh`` always starts anew."""
    key = st.session_state.get(FORM_KEY)
    if fresh or st.session_state.get("sf_survey") != survey.id:
        key = None
    if key is None and not fresh:
        requested = st.query_params.get(RESUME_PARAM)
        if is_form_key(requested):
            key = str(requested)
            draft = load_draft(db, key, survey.id)
            st.session_state[ANSWERS] = dict(draft.answers) if draft else {}
            st.session_state[PAGE] = draft.page if draft else 0
    if key is None:
        _purge_stale_drafts(db)
        key = new_form_key()
        st.session_state[ANSWERS] = {}
        st.session_state[PAGE] = 0
    st.session_state[FORM_KEY] = key
    st.session_state["sf_survey"] = survey.id
    st.session_state.setdefault(PROBLEMS, {})
    st.session_state.setdefault(LAST_INPUT, datetime.now(UTC))
    if st.query_params.get(RESUME_PARAM) != key:
        st.query_params[RESUME_PARAM] = key
    return key


@st.cache_resource(ttl=600, show_spinner=False)
def _purge_stale_drafts(_db: Database) -> None:
    """Delete expired drafts, at most every ten minutes per process (a cached call)."""
    purge_expired_drafts(_db)


def reset_form() -> None:
    """Forget the current form instance (after submit or at a kiosk reset)."""
    for name in (FORM_KEY, ANSWERS, PAGE, PROBLEMS, SAVED, "sf_survey"):
        st.session_state.pop(name, None)
    st.session_state[LAST_INPUT] = datetime.now(UTC)
    if RESUME_PARAM in st.query_params:
        del st.query_params[RESUME_PARAM]


def answers() -> dict[str, Value]:
    return dict(st.session_state.get(ANSWERS, {}))


def visible_pages(definition: SurveyDefinition, current: Mapping[str, Value]) -> list[int]:
    """Indexes of the pages that have at least one question shown."""
    shown = set(visible_questions(definition, current))
    return [
        i for i, page in enumerate(definition.pages) if any(q.name in shown for q in page.questions)
    ]


def _label(q: Question, d: SurveyDefinition, lang: str, t: Translator) -> str:
    text = plain(text_in(q.label, lang, d.default_language))
    return f"{text} {t('resident.required_mark')}" if q.required else text


def _choice_label(q: Question, d: SurveyDefinition, lang: str) -> dict[str, str]:
    return {c.name: text_in(c.label, lang, d.default_language) for c in q.choices}


def _widget(
    q: Question,
    d: SurveyDefinition,
    lang: str,
    t: Translator,
    key: str,
    *,
    state: FormState = RESIDENT_FORM,
) -> Value:
    """Render one question and return its current answer."""
    label = _label(q, d, lang, t)
    hint = text_in(q.hint, lang, d.default_language)
    current = st.session_state[state.answers].get(q.name)
    # A hint goes between label and input (a tooltip is out of reach on a phone).
    visibility: Any = "visible"
    if hint:
        st.markdown(f"**{label}**")
        st.caption(plain(hint))
        visibility = "collapsed"
    typ = q.type
    if typ is QuestionType.TEXT:
        return st.text_input(label, value=str(current or ""), max_chars=MAX_TEXT_ANSWER, key=key,
                             label_visibility=visibility)  # fmt: skip
    if typ is QuestionType.LONG_TEXT:
        return st.text_area(label, value=str(current or ""), max_chars=MAX_TEXT_ANSWER, key=key,
                            label_visibility=visibility)  # fmt: skip
    if typ in (QuestionType.INTEGER, QuestionType.DECIMAL):
        integer = typ is QuestionType.INTEGER
        number = None if current in (None, "") else float(str(current))
        if number is not None and integer:
            number = int(number)
        value = st.number_input(label, value=number, step=1 if integer else 0.1,
                                format="%d" if integer else "%.2f", key=key,
                                label_visibility=visibility)  # fmt: skip
        return None if value is None else (int(value) if integer else float(value))
    if typ is QuestionType.DATE:
        day = date.fromisoformat(str(current)) if current else None
        picked = st.date_input(label, value=day, min_value=date(1900, 1, 1),
                               max_value=date(2100, 12, 31), format="DD.MM.YYYY", key=key,
                               label_visibility=visibility)  # fmt: skip
        return picked.isoformat() if isinstance(picked, date) else None
    labels = _choice_label(q, d, lang)
    codes = list(q.choice_names())
    if typ in (QuestionType.SELECT_ONE, QuestionType.LIKERT):
        index = codes.index(str(current)) if current in codes else None
        return st.radio(label, codes, index=index, format_func=lambda c: plain(labels[c]), key=key,
                        horizontal=False,
                        label_visibility=visibility)  # fmt: skip
    if typ is QuestionType.SELECT_MULTIPLE:
        if visibility == "visible":
            st.markdown(f"**{label}**")
        chosen = set(current or ())
        picked_codes = tuple(
            c for c in codes if st.checkbox(plain(labels[c]), value=c in chosen, key=f"{key}:{c}")
        )
        return picked_codes
    if typ is QuestionType.RANKING:
        if visibility == "visible":  # label, then how to rank, then the input
            st.markdown(f"**{label}**")
            visibility = "collapsed"
        st.caption(t("resident.ranking_hint"))
        order = st.multiselect(label, codes, default=list(current or ()),
                               format_func=labels.__getitem__, key=key,
                               label_visibility=visibility,
                               placeholder=t("resident.ranking_placeholder"))  # fmt: skip
        for position, code in enumerate(order, start=1):
            st.write(f"{position}. {plain(labels[code])}")
        return tuple(order)
    st.info(label, icon=":material/info:")  # a note
    return None


def render_page(
    definition: SurveyDefinition,
    index: int,
    lang: str,
    t: Translator,
    *,
    state: FormState = RESIDENT_FORM,
) -> None:
    """Render the shown questions of page ``index`` and keep their answers."""
    page = definition.pages[index]
    form_key = st.session_state[state.form_key]
    answers_now: dict[str, Value] = st.session_state[state.answers]
    if page.label:
        st.subheader(plain(text_in(page.label, lang, definition.default_language)), anchor=False)
    problems: dict[str, str] = st.session_state.get(state.problems, {})
    for q in page.questions:
        shown = visible_questions(definition, answers_now)
        if q.name not in shown:
            answers_now.pop(q.name, None)
            continue
        value = _widget(q, definition, lang, t, f"a:{form_key}:{q.name}", state=state)
        if q.type.is_answerable:
            before = answers_now.get(q.name)
            answers_now[q.name] = value
            if value != before and state.last_input is not None:
                st.session_state[state.last_input] = datetime.now(UTC)
        if q.name in problems:
            st.error(problems[q.name], icon=":material/error:")


def problems_on(definition: SurveyDefinition, lang: str, names: set[str] | None) -> dict[str, str]:
    """Problems with the current answers, limited to questions in ``names`` (None: all)."""
    try:
        check_answers(definition, st.session_state[ANSWERS], lang)
    except AnswersInvalid as exc:
        return {p.question: p.message for p in exc.problems if names is None or p.question in names}
    return {}


def keep_draft(db: Database, survey: Survey, version: int) -> None:
    """Save the form server-side when it changed, so a reload or a lost connection
    resumes it."""
    state = json.dumps(
        [st.session_state.get(PAGE, 0), st.session_state[ANSWERS]], default=list, sort_keys=True
    )
    if st.session_state.get(SAVED) == state:
        return
    save_draft(
        db,
        survey,
        st.session_state[FORM_KEY],
        st.session_state[ANSWERS],
        int(st.session_state.get(PAGE, 0)),
        version=version,
    )
    st.session_state[SAVED] = state


_KIOSK_CSS = """<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stDecoration"] { display: none; }
</style>"""


def kiosk_chrome() -> None:
    """Kiosk mode: no header, menu or sidebar — nothing leads away from the survey."""
    st.html(_KIOSK_CSS)


def kiosk_exit(db: Database, quartier_id: int, t: Translator) -> None:
    """The small staff control at the bottom: leave kiosk mode with the PIN."""
    from quartier.surveys.kiosk import pin_matches

    st.divider()
    with st.expander(t("resident.kiosk_staff")):
        with st.form("kiosk_exit", clear_on_submit=True):
            pin = st.text_input(t("resident.kiosk_pin"), type="password", max_chars=8)
            if st.form_submit_button(t("resident.kiosk_leave")):
                if pin_matches(db, quartier_id, pin):
                    reset_form()
                    del st.query_params["kiosk"]
                    st.rerun()
                st.error(t("resident.kiosk_pin_wrong"), icon=":material/lock:")

"""Umfrage: the resident's survey page at /umfrage?survey=ID&lang=xx&event=ID&kiosk=1."""

from datetime import UTC, datetime

import streamlit as st

from quartier.errors import QuartierError
from quartier.events import get_event
from quartier.i18n import LANGUAGES, translator
from quartier.surveys.kiosk import idle_limit, is_idle
from quartier.surveys.model import text_in
from quartier.surveys.responses import (
    AnswersInvalid,
    Channel,
    discard_draft,
    ensure_survey,
    response_exists,
    submit,
)
from quartier.surveys.store import definition_of
from quartier.ui import survey_form as form
from quartier.ui.components import plain
from quartier.ui.lang import LANG_KEY, apply_direction
from quartier.ui.router import page_context

STAGE = "kiosk_stage"  # "language" | "form" | "thanks"
THANKS_AT = "sf_thanks_at"
DONE = "sf_done"

ctx = page_context()
st.set_page_config(layout="centered")
form.touch_friendly()
params = st.query_params
kiosk = params.get("kiosk") == "1"
# Only known codes reach translator() (it caches one Translator per code it is given).
requested = params.get(LANG_KEY)
t = translator(str(requested) if requested in LANGUAGES else ctx.t.code)

if kiosk:
    form.kiosk_chrome()


def _stop_with(message: str) -> None:
    st.error(message, icon=":material/error:")
    st.stop()


raw_id = str(params.get("survey", ""))
if not (raw_id.isascii() and raw_id.isdigit()):  # "²".isdigit(), but int("²") fails
    _stop_with(t("resident.error_survey_unknown"))
try:
    survey = ensure_survey(ctx.db, int(raw_id))
except QuartierError as exc:
    _stop_with(exc.text(t.code))

languages = [c for c in survey.definition.languages if c in LANGUAGES]
lang = requested if requested in languages else survey.definition.default_language
asked = t  # the resident's own language where we have it, for the note below
t = translator(lang)
apply_direction(t)
if requested and requested not in languages:
    note = asked if requested in LANGUAGES else t
    st.warning(
        note("resident.error_language", code=plain(str(requested))), icon=":material/translate:"
    )

if not survey.is_accepting():
    st.title(plain(survey.title(lang)), anchor=False)
    _stop_with(t("resident.error_closed"))

event_id = None
if str(params.get("event", "")).strip():
    try:
        event = get_event(ctx.db, int(str(params["event"])))
        if event.quartier_id != survey.quartier_id:
            raise ValueError
        event_id = event.id
    except (QuartierError, ValueError):
        st.warning(t("resident.error_event_unknown"), icon=":material/event_busy:")

channel = Channel.KIOSK if kiosk else Channel.QR if params.get("via") == "qr" else Channel.ONLINE


def _choose_language(code: str) -> None:
    st.session_state[LANG_KEY] = code
    st.query_params[LANG_KEY] = code
    st.session_state[STAGE] = "form"
    form.reset_form()


def _next_person() -> None:
    form.reset_form()
    st.session_state.pop(DONE, None)
    st.session_state[STAGE] = "language"


if kiosk and st.session_state.get(STAGE, "language") == "language":
    st.title(plain(survey.title(lang)), anchor=False)
    # Nobody has chosen a language yet: ask in all of them.
    st.subheader("🌐 " + t("resident.choose_language"), anchor=False)
    st.caption(
        " · ".join(translator(c)("resident.choose_language") for c in languages if c != lang)
    )
    for code in languages:
        st.button(LANGUAGES[code].native_name, key=f"pick:{code}", on_click=_choose_language,
                  args=(code,), use_container_width=True)  # fmt: skip
    form.kiosk_exit(ctx.db, survey.quartier_id, t)
    st.stop()

if st.session_state.get(DONE) == survey.id:
    st.title(t("resident.thanks_title"), anchor=False)
    st.success(t("resident.thanks_text"), icon=":material/favorite:")
    if kiosk:
        st.button(t("resident.next_person"), on_click=_next_person, type="primary",
                  use_container_width=True)  # fmt: skip

        @st.fragment(run_every=5)
        def _back_to_start() -> None:
            shown_at = st.session_state.get(THANKS_AT) or datetime.now(UTC)
            if (datetime.now(UTC) - shown_at).total_seconds() >= 10:
                _next_person()
                st.rerun(scope="app")

        _back_to_start()
    st.stop()

key = form.start_form(ctx.db, survey)
if response_exists(ctx.db, key):  # submitted, but the thank-you page never arrived
    form.reset_form()
    st.session_state[DONE] = survey.id
    st.rerun()

version = survey.version
definition = definition_of(ctx.db, survey.id, version)

if not kiosk and len(languages) > 1:
    _, right = st.columns([2, 1])
    picked = right.selectbox(
        "Sprache · Language · Dil · اللغة · Язык · Мова · Język",
        languages,
        index=languages.index(lang),
        format_func=lambda c: LANGUAGES[c].native_name,
        label_visibility="collapsed",
        key="resident_lang",
    )
    if picked != lang:
        st.session_state[LANG_KEY] = picked
        st.query_params[LANG_KEY] = picked
        st.rerun()

st.title(plain(survey.title(lang)), anchor=False)
intro = text_in(definition.description, lang, definition.default_language)
if intro:
    st.write(plain(intro))
st.caption(t("resident.anonymous_note"))

pages = form.visible_pages(definition, form.answers())
if not pages:
    _stop_with(t("resident.error_survey_unknown"))
current = int(st.session_state.get(form.PAGE, 0))
if current not in pages:
    current = min((p for p in pages if p >= current), default=pages[-1])
position = pages.index(current)
if len(pages) > 1:
    st.progress(
        (position + 1) / len(pages),
        text=t("resident.progress", page=position + 1, pages=len(pages)),
    )

form.render_page(definition, current, lang, t)
form.keep_draft(ctx.db, survey, version)


def _go(step: int) -> None:
    names = {q.name for q in definition.pages[current].questions}
    problems = form.problems_on(definition, lang, names) if step > 0 else {}
    st.session_state[form.PROBLEMS] = problems
    if not problems:
        st.session_state[form.PAGE] = pages[position + step]


def _submit() -> None:
    token = st.session_state.get(form.FORM_KEY)
    if token is None:  # a second tap after the first one went through
        return
    try:
        submit(ctx.db, survey.id, form.answers(), token=token,
               channel=channel, language=lang, event_id=event_id, version=version)  # fmt: skip
    except AnswersInvalid as exc:
        problems = {p.question: p.message for p in exc.problems}
        st.session_state[form.PROBLEMS] = problems
        first = next(
            i for i in pages if any(q.name in problems for q in definition.pages[i].questions)
        )
        st.session_state[form.PAGE] = first
        return
    except QuartierError as exc:
        st.session_state["sf_error"] = exc.text(lang)
        return
    form.reset_form()
    st.session_state[DONE] = survey.id
    st.session_state[THANKS_AT] = datetime.now(UTC)


if error := st.session_state.pop("sf_error", None):
    st.error(error, icon=":material/error:")
if st.session_state.get(form.PROBLEMS):
    st.error(t("resident.error_summary", count=len(st.session_state[form.PROBLEMS])),
             icon=":material/error:")  # fmt: skip

back, forward = st.columns(2)
if position > 0:
    back.button(t("resident.back"), on_click=_go, args=(-1,), use_container_width=True)
if position < len(pages) - 1:
    forward.button(t("resident.next"), on_click=_go, args=(1,), type="primary",
                   use_container_width=True)  # fmt: skip
else:
    forward.button(t("resident.submit"), on_click=_submit, type="primary",
                   use_container_width=True, key="submit")  # fmt: skip

if kiosk:

    @st.fragment(run_every=15)
    def _idle_watch() -> None:
        last = st.session_state.get(form.LAST_INPUT) or datetime.now(UTC)
        if any(v not in (None, "", ()) for v in form.answers().values()) and is_idle(
            last, datetime.now(UTC), idle_limit()
        ):
            discard_draft(ctx.db, st.session_state[form.FORM_KEY])
            _next_person()
            st.rerun(scope="app")

    _idle_watch()
    form.kiosk_exit(ctx.db, survey.quartier_id, t)

"""The steps of the resident's survey page around the form itself: which survey and
language the link asks for, the kiosk's language screen, the thank-you screen, the
buttons that move between pages and submit, and the kiosk's idle watch.

The form widgets and the draft live in :mod:`quartier.ui.survey_form`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import streamlit as st

from quartier.errors import QuartierError
from quartier.events import event_of_quartier
from quartier.i18n import LANGUAGES, Translator, translator
from quartier.quartiers import list_quartiers
from quartier.storage import Database
from quartier.surveys.kiosk import idle_limit, is_idle
from quartier.surveys.model import SurveyDefinition
from quartier.surveys.responses import (
    AnswersInvalid,
    Channel,
    discard_draft,
    ensure_survey,
    submit,
)
from quartier.surveys.store import Survey
from quartier.ui import survey_form as form
from quartier.ui.components import plain
from quartier.ui.lang import LANG_KEY, PICKER_LABEL, apply_direction, choose_language

STAGE = "kiosk_stage"  # "language" | "form"
THANKS_AT = "sf_thanks_at"
DONE = "sf_done"
ERROR = "sf_error"
THANKS_SECONDS = 10


def stop_with(message: str) -> None:
    st.error(message, icon=":material/error:")
    st.stop()


@dataclass(frozen=True)
class Link:
    """What the survey link asks for, checked: survey, language, event and channel."""

    survey: Survey
    lang: str
    languages: list[str]
    event_id: int | None
    channel: Channel
    kiosk: bool


def read_link(db: Database, fallback: Translator) -> tuple[Link, Translator]:
    """The survey link's parameters, with a clear message (and a stop) for a survey that
    does not exist or is not open; a wrong language or event only gets a warning."""
    params = st.query_params
    requested = params.get(LANG_KEY)
    # Only known codes reach translator() (it caches one Translator per code it is given).
    asked = translator(str(requested)) if requested in LANGUAGES else fallback
    raw_id = str(params.get("survey", ""))
    if not (raw_id.isascii() and raw_id.isdigit()):  # "²".isdigit(), but int("²") fails
        stop_with(asked("resident.error_survey_unknown"))
    try:
        survey = ensure_survey(db, int(raw_id))
    except QuartierError as exc:
        stop_with(exc.text(asked.code, quote=plain))
    languages = [c for c in survey.definition.languages if c in LANGUAGES]
    lang = requested if requested in languages else survey.definition.default_language
    t = translator(lang)
    apply_direction(t)
    if requested and requested not in languages:
        note = asked if requested in LANGUAGES else t
        st.warning(
            note("resident.error_language", code=plain(str(requested))),
            icon=":material/translate:",
        )
    if not survey.is_accepting():
        st.title(plain(survey.title(lang)), anchor=False)
        stop_with(t("resident.error_closed"))
    event_id = None
    if str(params.get("event", "")).strip():
        try:
            event_id = event_of_quartier(db, str(params["event"]), survey.quartier_id)
        except QuartierError:
            st.warning(t("resident.error_event_unknown"), icon=":material/event_busy:")
    kiosk = params.get("kiosk") == "1"
    channel = (
        Channel.KIOSK if kiosk else Channel.QR if params.get("via") == "qr" else Channel.ONLINE
    )
    return Link(survey, str(lang), languages, event_id, channel, kiosk), t


def _pick_language(code: str) -> None:
    choose_language(code)
    st.session_state[STAGE] = "form"
    form.reset_form()


def next_person() -> None:
    """Back to the kiosk's language screen with a blank form."""
    form.reset_form()
    st.session_state.pop(DONE, None)
    st.session_state[STAGE] = "language"


def is_choosing_language(link: Link) -> bool:
    return link.kiosk and st.session_state.get(STAGE, "language") == "language"


def language_screen(db: Database, link: Link, t: Translator) -> None:
    """The kiosk's first screen: one big button per language, asked in all of them."""
    st.title(plain(link.survey.title(link.lang)), anchor=False)
    st.subheader("🌐 " + t("resident.choose_language"), anchor=False)
    others = (translator(c)("resident.choose_language") for c in link.languages if c != link.lang)
    st.caption(" · ".join(others))
    for code in link.languages:
        st.button(LANGUAGES[code].native_name, key=f"pick:{code}", on_click=_pick_language,
                  args=(code,), use_container_width=True)  # fmt: skip
    form.kiosk_exit(db, link.survey.quartier_id, t)


def is_done(link: Link) -> bool:
    return bool(st.session_state.get(DONE) == link.survey.id)


def mark_done(survey_id: int) -> None:
    form.reset_form()
    st.session_state[DONE] = survey_id
    st.session_state[THANKS_AT] = datetime.now(UTC)


def thanks_screen(db: Database, link: Link, t: Translator) -> None:
    """The thank-you page; at a kiosk it returns to the language screen by itself."""
    st.title(t("resident.thanks_title"), anchor=False)
    st.success(t("resident.thanks_text"), icon=":material/favorite:")
    if not link.kiosk:
        return
    st.button(t("resident.next_person"), on_click=next_person, type="primary",
              use_container_width=True)  # fmt: skip
    slug = next(q.slug for q in list_quartiers(db) if q.id == link.survey.quartier_id)
    params = {"kiosk": "1", "q": slug, "survey": str(link.survey.id), "lang": link.lang}
    if link.event_id is not None:
        params["event"] = str(link.event_id)
    st.page_link("pages/idea_submit.py", label=t("resident.kiosk_idea"),
                 icon=":material/lightbulb:", query_params=params)  # fmt: skip

    @st.fragment(run_every=5)
    def back_to_start() -> None:
        shown_at = st.session_state.get(THANKS_AT) or datetime.now(UTC)
        if (datetime.now(UTC) - shown_at).total_seconds() >= THANKS_SECONDS:
            next_person()
            st.rerun(scope="app")

    back_to_start()


def language_select(link: Link) -> None:
    """The small picker above an online form (the kiosk chose on its first screen)."""
    if link.kiosk or len(link.languages) < 2:
        return
    _, right = st.columns([2, 1])
    picked = right.selectbox(
        PICKER_LABEL,
        link.languages,
        index=link.languages.index(link.lang),
        format_func=lambda c: LANGUAGES[c].native_name,
        label_visibility="collapsed",
        key="resident_lang",
    )
    if picked != link.lang:
        choose_language(picked)
        st.rerun()


@dataclass(frozen=True)
class Position:
    """Where the resident is: the shown pages and the index of the current one."""

    pages: list[int]
    current: int

    @property
    def index(self) -> int:
        return self.pages.index(self.current)


def position(definition: SurveyDefinition, t: Translator) -> Position:
    """The page to show (skip logic may have hidden the one in the session) and the
    progress bar."""
    pages = form.visible_pages(definition, form.answers())
    if not pages:
        stop_with(t("resident.error_survey_unknown"))
    current = int(st.session_state.get(form.PAGE, 0))
    if current not in pages:
        current = min((p for p in pages if p >= current), default=pages[-1])
    where = Position(pages, current)
    if len(pages) > 1:
        st.progress(
            (where.index + 1) / len(pages),
            text=t("resident.progress", page=where.index + 1, pages=len(pages)),
        )
    return where


def _go(definition: SurveyDefinition, lang: str, where: Position, step: int) -> None:
    names = {q.name for q in definition.pages[where.current].questions}
    problems = form.problems_on(definition, lang, names) if step > 0 else {}
    st.session_state[form.PROBLEMS] = problems
    if not problems:
        st.session_state[form.PAGE] = where.pages[where.index + step]


def _submit(db: Database, link: Link, definition: SurveyDefinition, where: Position) -> None:
    token = st.session_state.get(form.FORM_KEY)
    if token is None:  # a second tap after the first one went through
        return
    try:
        submit(db, link.survey.id, form.answers(), token=token, channel=link.channel,
               language=link.lang, event_id=link.event_id, version=link.survey.version)  # fmt: skip
    except AnswersInvalid as exc:
        problems = {p.question: p.message for p in exc.problems}
        st.session_state[form.PROBLEMS] = problems
        st.session_state[form.PAGE] = next(
            i for i in where.pages if any(q.name in problems for q in definition.pages[i].questions)
        )
        return
    except QuartierError as exc:
        st.session_state[ERROR] = exc.text(link.lang, quote=plain)
        return
    mark_done(link.survey.id)


def buttons(
    db: Database, link: Link, definition: SurveyDefinition, where: Position, t: Translator
) -> None:
    """Problems of the last attempt, then Zurück / Weiter, or Absenden on the last page."""
    if error := st.session_state.pop(ERROR, None):
        st.error(error, icon=":material/error:")
    if st.session_state.get(form.PROBLEMS):
        st.error(t("resident.error_summary", count=len(st.session_state[form.PROBLEMS])),
                 icon=":material/error:")  # fmt: skip
    back, forward = st.columns(2)
    go = (definition, link.lang, where)
    if where.index > 0:
        back.button(t("resident.back"), on_click=_go, args=(*go, -1), use_container_width=True)
    if where.index < len(where.pages) - 1:
        forward.button(t("resident.next"), on_click=_go, args=(*go, 1), type="primary",
                       use_container_width=True)  # fmt: skip
    else:
        forward.button(t("resident.submit"), on_click=_submit, args=(db, link, definition, where),
                       type="primary", use_container_width=True, key="submit")  # fmt: skip


def idle_watch(db: Database) -> None:
    """Kiosk: discard a half-filled form nobody has touched for a while."""

    @st.fragment(run_every=15)
    def watch() -> None:
        last = st.session_state.get(form.LAST_INPUT) or datetime.now(UTC)
        touched = any(v not in (None, "", ()) for v in form.answers().values())
        if touched and is_idle(last, datetime.now(UTC), idle_limit()):
            discard_draft(db, st.session_state[form.FORM_KEY])
            next_person()
            st.rerun(scope="app")

    watch()

"""The tabs of "Veranstaltungen": plan an event, and the list of all events with their
attendance, survey responses and ideas (and a form to change one) — plus the labels and
form helpers the attendance tab (attendance_ui), offerings and calendar pages share.

Forms keep what was typed when the domain refuses it: a form gets a new key only after
a success (``renew_form``). An unusually high number (NeedsConfirmation) shows the
domain's warning and a checkbox "Die Zahl stimmt" in the same form; the coordinator
ticks it and saves again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, time

import pandas as pd
import streamlit as st
from babel.dates import format_time

from quartier.errors import QuartierError
from quartier.events import (
    get_event,
    list_events,
    participation_by_event,
    plan_event,
    update_event,
)
from quartier.events.model import (
    LANGUAGES,
    MAX_ORGANISERS,
    MAX_PARTNERS,
    MAX_PLACE,
    MAX_TITLE,
    OTHER_LANGUAGE,
    Event,
    EventDraft,
    EventType,
    NeedsConfirmation,
    language_name,
)
from quartier.i18n import Translator, berlin_today
from quartier.quartiers import Quartier
from quartier.ui.components import flash_and_rerun, pick, plain, run_action, show_error
from quartier.ui.router import PageContext

AREA = "events_area"  # the open tab
FORM_VERSIONS = "events_form_versions"
CONFIRM = "events_confirm"  # form key -> the warning of a number waiting for "Die Zahl stimmt"
NEW_FORM = "event_new"
ATTENDANCE_PICK = "events_attendance_pick"
EDIT_PICK = "events_edit_pick"
YEAR_KEY = "events_year"
DATE_FORMAT = "DD.MM.YYYY"
#: The languages every attendance form offers besides the event's own: the resident
#: languages; everything else counts as "andere Sprachen".
COUNTED_LANGUAGES: tuple[str, ...] = ("de", "tr", "ar", "ru", "uk", "pl", "en")
NO_GROUP = 0


# --- labels and small helpers the event pages share ---------------------------------------


today = berlin_today  # the pages' "today"


def type_name(t: Translator, code: str) -> str:
    return t(f"event_type.{EventType(code).value}")


def language_label(t: Translator, code: str) -> str:
    """A language's name in the reader's language; "andere Sprachen" for the rest."""
    return t("language.other") if code == OTHER_LANGUAGE else language_name(code, t.code)


def languages_text(t: Translator, codes: Sequence[str]) -> str:
    return ", ".join(language_label(t, c) for c in codes)


def clock(t: Translator, value: time) -> str:
    return str(format_time(value, format="short", locale=t.language.babel_locale))


def time_text(t: Translator, event: Event) -> str:
    """ "15:00 – 18:00", "15:00" or "" (all day)."""
    if event.starts_at is None:
        return ""
    if event.ends_at is None:
        return clock(t, event.starts_at)
    return f"{clock(t, event.starts_at)} – {clock(t, event.ends_at)}"


def day_text(t: Translator, event: Event) -> str:
    """ "12.06.2026" or "12.06.2026 – 14.06.2026" for an event over several days."""
    if event.ends_on and event.ends_on != event.starts_on:
        return f"{t.date(event.starts_on)} – {t.date(event.ends_on)}"
    return t.date(event.starts_on)


def people_text(t: Translator, people: int) -> str:
    """ "1 Person", "12 Personen"."""
    if people == 1:
        return t("events.person_one")
    return t("events.attendance_people", people=t.number(people))


def form_key(name: str) -> str:
    """The key of a form that starts empty again after a success (see ``renew_form``)."""
    return f"{name}_{st.session_state.get(FORM_VERSIONS, {}).get(name, 0)}"


def renew_form(name: str) -> None:
    versions: dict[str, int] = st.session_state.setdefault(FORM_VERSIONS, {})
    versions[name] = versions.get(name, 0) + 1


def confirm_box(t: Translator, key: str) -> bool:
    """Inside a form: the warning about an unusual number and the checkbox that confirms
    it — only after the domain asked (see ``save_with_confirmation``)."""
    warning = st.session_state.get(CONFIRM, {}).get(key)
    if warning is None:
        return False
    st.warning(warning, icon=":material/warning:")
    return st.checkbox(t("events.confirm_number"), key=f"{key}_confirmed")


def save_with_confirmation(
    t: Translator, key: str, action: Callable[[], object], message: Callable[[], str],
    on_success: Callable[[], None],
) -> None:  # fmt: skip
    """Run ``action``; NeedsConfirmation keeps the form (and what was typed) and shows
    its warning and the confirmation checkbox on the next run."""
    pending: dict[str, str] = st.session_state.setdefault(CONFIRM, {})
    try:
        action()
    except NeedsConfirmation as exc:
        pending[key] = exc.text(t.code, quote=plain)
        st.rerun()
    except QuartierError as exc:
        show_error(t, exc)
    else:
        pending.pop(key, None)
        on_success()
        flash_and_rerun(message())


# --- plan and change ----------------------------------------------------------------------


def _draft_fields(
    t: Translator, groups: Mapping[int, str], event: Event | None
) -> EventDraft | None:
    """The event's fields inside a form; None until a type is chosen."""
    title = st.text_input(t("events.field.title"), value=event.title if event else "",
                          max_chars=MAX_TITLE)  # fmt: skip
    types = list(EventType)
    left, right = st.columns(2)
    event_type = left.selectbox(
        t("events.field.type"), types,
        index=types.index(event.event_type) if event else None,
        format_func=lambda v: type_name(t, v), placeholder=t("events.type_placeholder"),
    )  # fmt: skip
    is_public = right.checkbox(t("events.field.public"), value=event.is_public if event else True,
                               help=t("events.field.public_help"))  # fmt: skip
    left, right = st.columns(2)
    starts_on = left.date_input(t("events.field.starts_on"),
                                value=event.starts_on if event else today(),
                                format=DATE_FORMAT)  # fmt: skip
    starts_at = right.time_input(t("events.field.starts_at"),
                                 value=event.starts_at if event else None, step=900,
                                 help=t("events.field.starts_at_help"))  # fmt: skip
    left, right = st.columns(2)
    ends_on = left.date_input(t("events.field.ends_on"), value=event.ends_on if event else None,
                              format=DATE_FORMAT, help=t("events.field.ends_on_help"))  # fmt: skip
    ends_at = right.time_input(t("events.field.ends_at"), value=event.ends_at if event else None,
                               step=900)  # fmt: skip
    place = st.text_input(t("events.field.place"), value=event.place if event else "",
                          max_chars=MAX_PLACE)  # fmt: skip
    organisers = st.text_input(t("events.field.organisers"),
                               value=event.organisers if event else "", max_chars=MAX_ORGANISERS,
                               help=t("events.field.organisers_help"))  # fmt: skip
    partners = st.text_input(t("events.field.partners"), value=event.partners if event else "",
                             max_chars=MAX_PARTNERS)  # fmt: skip
    languages = st.multiselect(
        t("events.field.languages"), list(LANGUAGES),
        default=list(event.languages) if event else [],
        format_func=lambda c: language_label(t, c), help=t("events.field.languages_help"),
        placeholder=t("events.languages_placeholder"),
    )  # fmt: skip
    group_options: list[int] = [NO_GROUP, *groups]
    current = event.group_id if event and event.group_id in groups else None
    group: int | None = st.selectbox(
        t("events.field.group"), group_options, index=group_options.index(current or NO_GROUP),
        format_func=lambda g: groups[g] if g else t("events.no_group"),
    )  # fmt: skip
    if event_type is None:
        return None
    return EventDraft(
        title=title,
        starts_on=starts_on if isinstance(starts_on, date) else today(),
        event_type=EventType(event_type),
        starts_at=starts_at,
        ends_on=ends_on if isinstance(ends_on, date) else None,
        ends_at=ends_at,
        place=place,
        organisers=organisers,
        partners=partners,
        languages=tuple(languages),
        group_id=group or None,
        is_public=bool(is_public),
    )


def plan_tab(ctx: PageContext, quartier: Quartier, groups: Mapping[int, str]) -> None:
    t = ctx.t
    st.caption(t("events.plan_intro"))
    with st.form(form_key(NEW_FORM)):
        draft = _draft_fields(t, groups, None)
        submitted = st.form_submit_button(t("events.plan"), type="primary",
                                          icon=":material/event_available:")  # fmt: skip
    if not submitted:
        return
    if draft is None:
        st.error(t("events.type_missing"), icon=":material/error:")
        return
    planned = draft

    def plan() -> None:
        plan_event(ctx.db, ctx.user, quartier.id, planned)
        renew_form(NEW_FORM)

    run_action(t, plan, lambda: t("events.planned", title=plain(" ".join(planned.title.split()))))


# --- all events ---------------------------------------------------------------------------


def _table(ctx: PageContext, events: Sequence[Event], groups: Mapping[int, str]) -> None:
    t = ctx.t
    rows = []
    tagged = participation_by_event(ctx.db, events[0].quartier_id) if events else {}
    for e in events:
        responses, ideas = tagged.get(e.id, (0, 0))
        rows.append({
            t("events.col.date"): day_text(t, e),
            t("events.col.time"): time_text(t, e),
            t("events.col.title"): e.title,
            t("events.col.type"): type_name(t, e.event_type),
            t("events.col.place"): e.place,
            t("events.col.languages"): languages_text(t, e.languages),
            t("events.col.group"): groups.get(e.group_id, "") if e.group_id else "",
            t("events.col.public"): e.is_public,
            t("events.col.attendance"): e.attendance,
            t("events.col.responses"): responses,
            t("events.col.ideas"): ideas,
        })  # fmt: skip
    frame = pd.DataFrame(rows)
    frame[t("events.col.attendance")] = frame[t("events.col.attendance")].astype("Int64")
    st.dataframe(
        frame, hide_index=True, width="stretch",
        column_config={
            t("events.col.attendance"): st.column_config.NumberColumn(
                help=t("events.col.attendance_help")),
            t("events.col.responses"): st.column_config.NumberColumn(
                help=t("events.col.responses_help")),
            t("events.col.ideas"): st.column_config.NumberColumn(help=t("events.col.ideas_help")),
        },
    )  # fmt: skip


def list_tab(ctx: PageContext, quartier: Quartier, groups: Mapping[int, str]) -> None:
    t = ctx.t
    events = list_events(ctx.db, quartier.id)
    if not events:
        st.info(t("events.none"), icon=":material/info:")
        return
    years = sorted({e.starts_on.year for e in events}, reverse=True)
    if st.session_state.get(YEAR_KEY) not in years:
        st.session_state[YEAR_KEY] = today().year if today().year in years else years[0]
    year = st.selectbox(t("events.year"), years, key=YEAR_KEY)
    shown = [e for e in events if e.starts_on.year == year]
    st.caption(t("events.count", count=t.number(len(shown))))
    _table(ctx, shown, groups)

    st.subheader(t("events.edit_heading"), anchor=False)
    by_id = {e.id: e for e in shown}
    chosen = pick(t("events.choose_event"), by_id, EDIT_PICK,
                  lambda i: f"{t.date(by_id[i].starts_on)} · {by_id[i].title}")  # fmt: skip
    try:
        event = get_event(ctx.db, chosen.id)
    except QuartierError as exc:
        show_error(t, exc)
        return
    with st.form(f"event_edit_{event.id}"):
        draft = _draft_fields(t, groups, event)
        submitted = st.form_submit_button(t("events.save"), type="primary")
    if submitted and draft is not None:
        changed = draft
        run_action(
            t,
            lambda: update_event(ctx.db, ctx.user, event.id, changed),
            lambda: t("events.saved", title=plain(" ".join(changed.title.split()))),
        )

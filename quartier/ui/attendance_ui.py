"""The "Teilnahme erfassen" tab of "Veranstaltungen": pick a past event (those still
waiting first), enter the total and, if counted, the numbers by age band and by language.
An unusually high total asks for "Die Zahl stimmt" first (see events_ui)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

import streamlit as st

from quartier.errors import QuartierError
from quartier.events import (
    attendance_of,
    events_needing_attendance,
    get_event,
    list_events,
    record_attendance,
)
from quartier.events.model import OTHER_LANGUAGE, AgeBand, Event, age_band_key
from quartier.i18n import Translator
from quartier.quartiers import Quartier
from quartier.ui.components import pick, plain, show_error
from quartier.ui.events_ui import (
    ATTENDANCE_PICK,
    COUNTED_LANGUAGES,
    confirm_box,
    day_text,
    form_key,
    language_label,
    people_text,
    renew_form,
    save_with_confirmation,
    time_text,
    today,
    type_name,
)
from quartier.ui.router import PageContext

# --- attendance ---------------------------------------------------------------------------


def _attendance_choices(ctx: PageContext, quartier: Quartier) -> dict[int, Event]:
    """Events still waiting for their attendance first (newest first), then the past
    events that have it already (to correct them)."""
    day = today()
    waiting = events_needing_attendance(ctx.db, quartier.id, today=day)
    done = [e for e in list_events(ctx.db, quartier.id, end=day + timedelta(days=1))
            if e.attendance is not None]  # fmt: skip
    return {e.id: e for e in [*waiting, *done]}


def _event_label(t: Translator, event: Event) -> str:
    state = (
        t("events.attendance_open")
        if event.attendance is None
        else people_text(t, event.attendance)
    )
    return f"{t.date(event.starts_on)} · {event.title} · {state}"


def _count(label: str, value: int | None, key: str) -> int | None:
    number = st.number_input(label, min_value=0, value=value, step=1, key=key)
    return None if number is None else int(number)


def _in_rows[T](items: Sequence[T], count: int = 3) -> list[tuple[Any, T]]:
    """``items`` in rows of ``count`` columns: read across on a wide screen, and in the
    same order when a phone stacks the columns."""
    placed: list[tuple[Any, T]] = []
    for start in range(0, len(items), count):
        row = st.columns(count)
        placed += list(zip(row, items[start : start + count], strict=False))
    return placed


def _breakdown(
    t: Translator, key: str, event: Event, by_age: Mapping[str, int], by_language: Mapping[str, int]
) -> tuple[dict[str, int], dict[str, int]]:
    """Number inputs per age band and per language (the event's languages first, then the
    resident languages, languages counted before, and "andere Sprachen")."""
    ages: dict[str, int] = {}
    langs: dict[str, int] = {}
    with st.expander(t("events.breakdown"), icon=":material/groups:",
                     expanded=bool(by_age or by_language)):  # fmt: skip
        st.caption(t("events.breakdown_help"))
        st.markdown("**" + t("events.by_age") + "**")
        bands = list(AgeBand)
        for column, band in _in_rows(bands):
            with column:
                n = _count(t(age_band_key(band)), by_age.get(band.value), f"{key}_age_{band.value}")
            if n:
                ages[band.value] = n
        st.markdown("**" + t("events.by_language") + "**")
        codes = list(dict.fromkeys([*event.languages, *COUNTED_LANGUAGES, *by_language]))
        codes = [c for c in codes if c != OTHER_LANGUAGE] + [OTHER_LANGUAGE]
        for column, code in _in_rows(codes):
            with column:
                n = _count(language_label(t, code), by_language.get(code), f"{key}_lang_{code}")
            if n:
                langs[code] = n
    return ages, langs


def attendance_tab(ctx: PageContext, quartier: Quartier) -> None:
    t = ctx.t
    st.caption(t("events.attendance_intro"))
    choices = _attendance_choices(ctx, quartier)
    if not choices:
        st.info(t("events.no_past_events"), icon=":material/info:")
        return
    chosen = pick(t("events.choose_event"), choices, ATTENDANCE_PICK,
                  lambda i: _event_label(t, choices[i]))  # fmt: skip
    try:
        event = get_event(ctx.db, chosen.id)
        recorded = attendance_of(ctx.db, event.id)
    except QuartierError as exc:
        show_error(t, exc)
        return
    st.caption(" · ".join(x for x in (type_name(t, event.event_type), day_text(t, event),
                                      time_text(t, event), event.place) if x))  # fmt: skip
    key = form_key(f"attendance_{event.id}")
    with st.form(key):
        total = _count(t("events.total"), recorded.total, f"{key}_total")
        ages, langs = _breakdown(t, key, event, recorded.by_age, recorded.by_language)
        confirmed = confirm_box(t, key)
        submitted = st.form_submit_button(t("events.save_attendance"), type="primary",
                                          icon=":material/how_to_reg:")  # fmt: skip
    if not submitted:
        return
    if total is None:
        st.error(t("events.total_missing"), icon=":material/error:")
        return
    counted = total
    save_with_confirmation(
        t, key,
        lambda: record_attendance(ctx.db, ctx.user, event.id, counted, ages, langs,
                                  confirmed=confirmed, today=today()),
        lambda: t("events.attendance_saved", title=plain(event.title),
                  people=t.number(counted)),
        lambda: renew_form(f"attendance_{event.id}"),
    )  # fmt: skip

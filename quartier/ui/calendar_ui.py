"""The residents' event calendar: a Quartier's upcoming public events, grouped by month,
in the resident's language (texts from ``resident.calendar.*``, event types from
``resident.event_type.*``, language names from babel)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import groupby

import streamlit as st
from babel.dates import format_date

from quartier.events import public_calendar
from quartier.events.model import OTHER_LANGUAGE, Event, EventType, language_name
from quartier.i18n import Translator
from quartier.quartiers import Quartier
from quartier.storage import Database
from quartier.ui.components import plain
from quartier.ui.events_ui import clock


def month_name(t: Translator, day: date) -> str:
    """ "Juni 2026" in the reader's language."""
    return str(format_date(day, format="LLLL y", locale=t.language.babel_locale))


def long_day(t: Translator, day: date) -> str:
    """ "Samstag, 13. Juni 2026" in the reader's language."""
    return str(format_date(day, format="full", locale=t.language.babel_locale))


def when(t: Translator, event: Event) -> str:
    """Day(s) and time, e.g. "Samstag, 13. Juni 2026 · 15:00 – 18:00"."""
    days = long_day(t, event.starts_on)
    if event.ends_on and event.ends_on != event.starts_on:
        days = f"{days} – {long_day(t, event.ends_on)}"
    if event.starts_at is None:
        return f"{days} · {t('resident.calendar.all_day')}"
    hours = clock(t, event.starts_at)
    if event.ends_at is not None:
        hours = f"{hours} – {clock(t, event.ends_at)}"
    return f"{days} · {hours}"


def _language(t: Translator, code: str) -> str:
    if code == OTHER_LANGUAGE:
        return t("resident.calendar.other_languages")
    return language_name(code, t.code)


def event_card(t: Translator, event: Event) -> None:
    """Title, type, when, where and the languages — one compact block per event (the
    Markdown line breaks keep it short on a phone)."""
    lines = [
        f"**{plain(event.title)}**",
        f":material/event: {plain(when(t, event))}",
    ]
    if event.place:
        lines.append(":material/location_on: "
                     + t("resident.calendar.place", place=plain(event.place)))  # fmt: skip
    if event.languages:
        names = ", ".join(_language(t, c) for c in event.languages)
        lines.append(":material/translate: "
                     + t("resident.calendar.languages", languages=plain(names)))  # fmt: skip
    with st.container(border=True):
        st.caption(t(f"resident.event_type.{EventType(event.event_type).value}"))
        st.markdown("  \n".join(lines))


def calendar(db: Database, quartier: Quartier, t: Translator) -> None:
    events: Sequence[Event] = public_calendar(db, quartier.id)
    if not events:
        st.info(t("resident.calendar.none"), icon=":material/event_busy:")
        return
    for (year, month), in_month in groupby(events, key=lambda e: (e.starts_on.year,
                                                                  e.starts_on.month)):  # fmt: skip
        st.subheader(month_name(t, date(year, month, 1)), anchor=False)
        for event in in_month:
            event_card(t, event)

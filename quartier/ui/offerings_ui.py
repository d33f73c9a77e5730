"""The sections of "Angebote": the quick session log on top (under a minute per entry),
the latest entries with delete, and the offerings with their create and edit forms.

The session form carries a token (``log_session(token=...)``): a second submit of the
same form — a double click — finds the stored session instead of adding one. After a
success the form gets a new token, stays on the same offering and starts again with
today and the offering's languages.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd
import streamlit as st

from quartier.errors import QuartierError
from quartier.events import (
    create_offering,
    delete_session,
    get_offering,
    list_sessions,
    log_session,
    update_offering,
)
from quartier.events.model import (
    LANGUAGES,
    MAX_NOTE,
    MAX_ORGANISERS,
    MAX_PLACE,
    MAX_SCHEDULE,
    MAX_TITLE,
    OTHER_LANGUAGE,
    Offering,
    OfferingDraft,
    OfferingKind,
    Session,
)
from quartier.i18n import Translator
from quartier.quartiers import Quartier
from quartier.ui.components import pick, plain, run_action, show_error
from quartier.ui.events_ui import (
    DATE_FORMAT,
    confirm_box,
    form_key,
    language_label,
    languages_text,
    people_text,
    renew_form,
    save_with_confirmation,
    today,
)
from quartier.ui.router import PageContext

LOG_PICK = "offerings_log_pick"
TOKEN = "offerings_session_token"  # the token of the session form on screen
EDIT_PICK = "offerings_edit_pick"
DELETE_KEY = "offerings_delete_confirm"
NEW_FORM = "offering_new"
RECENT = 6
#: Session and offering languages: the known ones and "andere Sprachen".
LANGUAGE_OPTIONS: tuple[str, ...] = (*LANGUAGES, OTHER_LANGUAGE)


def kind_name(t: Translator, kind: str) -> str:
    return t(f"offering_kind.{OfferingKind(kind).value}")


def offering_label(t: Translator, offering: Offering) -> str:
    kind = kind_name(t, offering.kind)
    return offering.title if offering.title == kind else f"{offering.title} · {kind}"


def session_token() -> str:
    """The token of the session form on screen (made once per form)."""
    token = st.session_state.get(TOKEN)
    if not token:
        token = st.session_state[TOKEN] = secrets.token_hex(16)
    return str(token)


# --- the quick session log ----------------------------------------------------------------


def session_log(ctx: PageContext, offerings: Sequence[Offering]) -> None:
    """Offering (kept between entries), day (today), people, languages (the offering's)."""
    t = ctx.t
    st.subheader(t("offerings.log_heading"), anchor=False)
    active = {o.id: o for o in offerings if o.is_active}
    if not active:
        st.info(t("offerings.none_active"), icon=":material/info:")
        return
    offering = pick(t("offerings.field.offering"), active, LOG_PICK,
                    lambda i: offering_label(t, active[i]))  # fmt: skip
    token = session_token()
    key = f"session_{offering.id}_{token}"
    with st.form(key):
        left, right = st.columns(2)
        held_on = left.date_input(t("offerings.field.held_on"), value=today(), max_value=today(),
                                  format=DATE_FORMAT, key=f"{key}_day")  # fmt: skip
        people = right.number_input(t("offerings.field.people"), min_value=0, value=None, step=1,
                                    placeholder=t("offerings.people_placeholder"),
                                    key=f"{key}_people")  # fmt: skip
        languages = st.multiselect(
            t("offerings.field.session_languages"), LANGUAGE_OPTIONS,
            default=[c for c in offering.languages if c in LANGUAGE_OPTIONS],
            format_func=lambda c: language_label(t, c), key=f"{key}_languages",
            placeholder=t("offerings.languages_placeholder"),
        )  # fmt: skip
        note = st.text_input(t("offerings.field.note"), max_chars=MAX_NOTE, key=f"{key}_note",
                             help=t("offerings.field.note_help"))  # fmt: skip
        confirmed = confirm_box(t, key)
        submitted = st.form_submit_button(t("offerings.log"), type="primary",
                                          icon=":material/add_task:")  # fmt: skip
    if not submitted:
        return
    if people is None:
        st.error(t("offerings.people_missing"), icon=":material/error:")
        return
    day = held_on if isinstance(held_on, date) else today()
    count = int(people)
    save_with_confirmation(
        t, key,
        lambda: log_session(ctx.db, ctx.user, offering.id, day, count, tuple(languages), note,
                            token=token, confirmed=confirmed, today=today()),
        lambda: t("offerings.logged", title=plain(offering.title), people=t.number(count),
                  day=t.date(day)),
        lambda: st.session_state.pop(TOKEN, None),
    )  # fmt: skip


def recent_sessions(ctx: PageContext, quartier: Quartier, titles: Mapping[int, str]) -> None:
    """The latest entries, each with a delete button (asks once more)."""
    t = ctx.t
    sessions = list_sessions(ctx.db, quartier.id, limit=RECENT)
    if not sessions:
        return
    with st.expander(t("offerings.recent"), icon=":material/history:", expanded=True):
        for s in sessions:
            text, button = st.columns([5, 1], vertical_alignment="center")
            text.markdown(plain(_session_text(t, s, titles)))
            if st.session_state.get(DELETE_KEY) == s.id:
                _confirm_delete(ctx, s, titles)
            elif button.button(t("offerings.delete"), key=f"session_delete_{s.id}",
                               icon=":material/delete:"):  # fmt: skip
                st.session_state[DELETE_KEY] = s.id
                st.rerun()


def _session_text(t: Translator, s: Session, titles: Mapping[int, str]) -> str:
    parts = [t.date(s.held_on), titles.get(s.offering_id, ""),
             people_text(t, s.people)]  # fmt: skip
    if s.languages:
        parts.append(languages_text(t, s.languages))
    if s.note:
        parts.append(s.note)
    return " · ".join(p for p in parts if p)


def _confirm_delete(ctx: PageContext, s: Session, titles: Mapping[int, str]) -> None:
    t = ctx.t
    what = plain(_session_text(t, s, titles))
    st.warning(t("offerings.delete_confirm", session=what), icon=":material/warning:")
    yes, no = st.columns(2)
    if yes.button(t("offerings.delete_yes"), type="primary", key=f"session_delete_yes_{s.id}"):
        st.session_state.pop(DELETE_KEY, None)
        run_action(t, lambda: delete_session(ctx.db, ctx.user, s.id),
                   lambda: t("offerings.deleted", session=what))  # fmt: skip
    if no.button(t("offerings.delete_no"), key=f"session_delete_no_{s.id}"):
        st.session_state.pop(DELETE_KEY, None)
        st.rerun()


# --- the offerings ------------------------------------------------------------------------


def offerings_table(t: Translator, offerings: Sequence[Offering]) -> None:
    rows = [
        {
            t("offerings.col.title"): o.title,
            t("offerings.col.kind"): kind_name(t, o.kind),
            t("offerings.col.schedule"): o.schedule,
            t("offerings.col.place"): o.place,
            t("offerings.col.languages"): languages_text(t, o.languages),
            t("offerings.col.organisers"): o.organisers,
            t("offerings.col.active"): o.is_active,
        }
        for o in offerings
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _draft_fields(t: Translator, offering: Offering | None) -> OfferingDraft | None:
    """The offering's fields inside a form; None until a kind is chosen."""
    title = st.text_input(t("offerings.field.title"), value=offering.title if offering else "",
                          max_chars=MAX_TITLE)  # fmt: skip
    kinds = list(OfferingKind)
    left, right = st.columns(2)
    kind = left.selectbox(
        t("offerings.field.kind"), kinds, index=kinds.index(offering.kind) if offering else None,
        format_func=lambda k: kind_name(t, k), placeholder=t("offerings.kind_placeholder"),
    )  # fmt: skip
    is_active = right.checkbox(t("offerings.field.active"),
                               value=offering.is_active if offering else True,
                               help=t("offerings.field.active_help"))  # fmt: skip
    schedule = st.text_input(t("offerings.field.schedule"),
                             value=offering.schedule if offering else "", max_chars=MAX_SCHEDULE,
                             placeholder=t("offerings.schedule_placeholder"))  # fmt: skip
    place = st.text_input(t("offerings.field.place"), value=offering.place if offering else "",
                          max_chars=MAX_PLACE)  # fmt: skip
    organisers = st.text_input(t("offerings.field.organisers"),
                               value=offering.organisers if offering else "",
                               max_chars=MAX_ORGANISERS)  # fmt: skip
    languages = st.multiselect(
        t("offerings.field.languages"), LANGUAGE_OPTIONS,
        default=list(offering.languages) if offering else [],
        format_func=lambda c: language_label(t, c), help=t("offerings.field.languages_help"),
        placeholder=t("offerings.languages_placeholder"),
    )  # fmt: skip
    if kind is None:
        return None
    return OfferingDraft(title, OfferingKind(kind), place, schedule, organisers, tuple(languages),
                         bool(is_active))  # fmt: skip


def create_form(ctx: PageContext, quartier: Quartier, expanded: bool) -> None:
    t = ctx.t
    with (
        st.expander(t("offerings.new"), icon=":material/add:", expanded=expanded),
        st.form(form_key(NEW_FORM)),
    ):
        draft = _draft_fields(t, None)
        submitted = st.form_submit_button(t("offerings.create"), type="primary")
    if not submitted:
        return
    if draft is None:
        st.error(t("offerings.kind_missing"), icon=":material/error:")
        return
    created = draft

    def create() -> None:
        offering = create_offering(ctx.db, ctx.user, quartier.id, created)
        st.session_state[EDIT_PICK] = offering.id
        if offering.is_active:
            st.session_state[LOG_PICK] = offering.id
        renew_form(NEW_FORM)

    title = plain(" ".join(created.title.split()))
    run_action(t, create, lambda: t("offerings.created", title=title))


def edit_section(ctx: PageContext, offerings: Sequence[Offering]) -> None:
    t = ctx.t
    st.subheader(t("offerings.edit_heading"), anchor=False)
    by_id = {o.id: o for o in offerings}
    chosen = pick(t("offerings.choose"), by_id, EDIT_PICK, lambda i: offering_label(t, by_id[i]))
    try:
        offering = get_offering(ctx.db, chosen.id)
    except QuartierError as exc:
        show_error(t, exc)
        return
    with st.form(f"offering_edit_{offering.id}"):
        draft = _draft_fields(t, offering)
        submitted = st.form_submit_button(t("offerings.save"), type="primary")
    if submitted and draft is not None:
        changed = draft
        run_action(
            t,
            lambda: update_offering(ctx.db, ctx.user, offering.id, changed),
            lambda: t("offerings.saved", title=plain(" ".join(changed.title.split()))),
        )

"""The "Akteure" tab of the page "Akteure & Beziehungen": the list of actors, a form to
add one, and the chosen actor's form to edit or delete it — plus the labels and small
helpers the other tabs share (actor and tie types, fields of action, periods).

Actors are organisations and roles ("Schulsozialarbeit"), never private persons; the
forms say so. Names are unique per Quartier: the domain refuses a second actor of the
same name, so a double click on "Anlegen" cannot create two.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

import pandas as pd
import streamlit as st

from quartier.errors import QuartierError
from quartier.i18n import DISPLAY_TZ, Translator, berlin_today
from quartier.network.actions import create_actor, delete_actor, get_actor, update_actor
from quartier.network.graph import ActorInfo, NetworkData
from quartier.network.model import (
    CONTACT_LIMIT,
    NAME_LIMIT,
    NOTES_LIMIT,
    Actor,
    ActorDraft,
    ActorType,
    FieldOfAction,
    TieType,
)
from quartier.quartiers import Quartier
from quartier.ui.components import pick, plain, run_action, show_error
from quartier.ui.router import PageContext

AREA = "actors_area"  # the open tab
PICK_KEY = "actors_pick"
DELETE_KEY = "actors_delete_confirm"
FORM_VERSIONS = "actors_form_versions"
NEW_FORM = "actor_new"
#: Dates the forms accept: actors and ties can be older than Streamlit's default ten years.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2100, 12, 31)
DATE_FORMAT = "DD.MM.YYYY"


# --- labels and helpers the tabs share ----------------------------------------------------------


today = berlin_today  # the pages' "today"


def type_name(t: Translator, actor_type: ActorType | str) -> str:
    return t(f"actor_type.{ActorType(actor_type).value}")


def field_name(t: Translator, field: FieldOfAction | str) -> str:
    return t(f"field_of_action.{FieldOfAction(field).value}")


def tie_type_name(t: Translator, tie_type: TieType | str) -> str:
    return t(f"tie_type.{TieType(tie_type).value}")


def strength_name(t: Translator, strength: int) -> str:
    return t(f"ties.strength.{int(strength)}")


def period(t: Translator, start: date | None, end: date | None) -> str:
    """ "01.03.2021 – 31.12.2024", "seit …", "bis …" or "" for an open period."""
    if start and end:
        return t("actors.period", start=t.date(start), end=t.date(end))
    if start:
        return t("actors.period_from", start=t.date(start))
    if end:
        return t("actors.period_until", end=t.date(end))
    return ""


def entered_on(value: datetime) -> date:
    """The local day a record was entered (timestamps are stored in UTC)."""
    return value.astimezone(DISPLAY_TZ).date() if value.tzinfo else value.date()


def form_key(name: str) -> str:
    """The key of a form that starts empty again after a success (see ``renew_form``)."""
    return f"{name}_{st.session_state.get(FORM_VERSIONS, {}).get(name, 0)}"


def renew_form(name: str) -> None:
    """Give the form ``name`` a new key, so that the next run shows it empty."""
    versions: dict[str, int] = st.session_state.setdefault(FORM_VERSIONS, {})
    versions[name] = versions.get(name, 0) + 1


def date_field(t: Translator, label_key: str, value: date | None, help_key: str) -> date | None:
    """An optional day (empty = unknown or open), in the German order."""
    chosen = st.date_input(
        t(label_key), value=value, min_value=FIRST_DAY, max_value=LAST_DAY,
        format=DATE_FORMAT, help=t(help_key),
    )  # fmt: skip
    return chosen if isinstance(chosen, date) else None


# --- the list ---------------------------------------------------------------------------------


def actor_table(ctx: PageContext, data: NetworkData) -> None:
    """One row per actor: name, type, fields, contact role, period and how it is linked."""
    t = ctx.t
    ties: dict[int, int] = {}
    for tie in data.ties:
        for end in (tie.source_id, tie.target_id):
            ties[end] = ties.get(end, 0) + 1
    rows = [
        {
            t("actors.col.name"): a.name,
            t("actors.col.type"): type_name(t, a.actor_type),
            t("actors.col.fields"): ", ".join(field_name(t, f) for f in a.fields_of_action),
            t("actors.col.contact"): a.contact_role,
            t("actors.col.active"): period(t, a.active_from, a.active_to),
            t("actors.col.ties"): ties.get(a.id, 0),
            t("actors.col.links"): _links(a),
        }
        for a in sorted(data.actors, key=lambda a: (a.name.casefold(), a.id))
    ]
    st.dataframe(
        pd.DataFrame(rows), hide_index=True, width="stretch",
        column_config={
            t("actors.col.ties"): st.column_config.NumberColumn(help=t("actors.col.ties_help")),
            t("actors.col.links"): st.column_config.NumberColumn(help=t("actors.col.links_help")),
        },
    )  # fmt: skip


def _links(actor: ActorInfo) -> int:
    return len(actor.group_ids) + actor.events + actor.measures


# --- create, edit, delete ---------------------------------------------------------------------


def _draft_fields(t: Translator, actor: Actor | None) -> ActorDraft | None:
    """The actor fields inside a form, filled from ``actor``.

    None until a type is chosen (a new actor starts without one, so that
    nobody saves "Schule" by overlooking the field)."""
    name = st.text_input(t("actors.name"), value=actor.name if actor else "",
                         max_chars=NAME_LIMIT, help=t("actors.name_help"))  # fmt: skip
    types = list(ActorType)
    left, right = st.columns(2)
    actor_type = left.selectbox(
        t("actors.type"), types, index=types.index(actor.actor_type) if actor else None,
        format_func=lambda v: type_name(t, v), placeholder=t("actors.type_placeholder"),
    )  # fmt: skip
    fields = right.multiselect(
        t("actors.fields"), list(FieldOfAction),
        default=list(actor.fields_of_action) if actor else [],
        format_func=lambda v: field_name(t, v), placeholder=t("actors.fields_placeholder"),
    )  # fmt: skip
    contact = st.text_input(t("actors.contact"), value=actor.contact_role if actor else "",
                            max_chars=CONTACT_LIMIT, help=t("actors.contact_help"))  # fmt: skip
    left, right = st.columns(2)
    with left:
        active_from = date_field(t, "actors.active_from", actor.active_from if actor else None,
                                 "actors.active_from_help")  # fmt: skip
    with right:
        active_to = date_field(t, "actors.active_to", actor.active_to if actor else None,
                               "actors.active_to_help")  # fmt: skip
    notes = st.text_area(t("actors.notes"), value=actor.notes if actor else "",
                         max_chars=NOTES_LIMIT, help=t("actors.notes_help"))  # fmt: skip
    if actor_type is None:
        return None
    return ActorDraft(name, ActorType(actor_type), tuple(FieldOfAction(f) for f in fields),
                      contact, active_from, active_to, notes)  # fmt: skip


def create_form(ctx: PageContext, quartier: Quartier, expanded: bool) -> None:
    t = ctx.t
    with (
        st.expander(t("actors.new"), icon=":material/add:", expanded=expanded),
        st.form(form_key(NEW_FORM)),
    ):
        draft = _draft_fields(t, None)
        submitted = st.form_submit_button(t("actors.create"), type="primary")
    if not submitted:
        return
    if draft is None:
        st.error(t("actors.type_missing"), icon=":material/error:")
        return

    def created() -> str:
        return t("actors.created", name=plain(" ".join(draft.name.split())))

    def create() -> None:
        actor = create_actor(ctx.db, ctx.user, quartier.id, draft)
        st.session_state[PICK_KEY] = actor.id  # the edit section shows the new actor
        renew_form(NEW_FORM)

    run_action(t, create, created)


def choose_actor(ctx: PageContext, data: NetworkData) -> ActorInfo:
    t = ctx.t
    by_id = {a.id: a for a in sorted(data.actors, key=lambda a: (a.name.casefold(), a.id))}
    return pick(t("actors.choose"), by_id, PICK_KEY,
                lambda i: f"{by_id[i].name} · {type_name(t, by_id[i].actor_type)}")  # fmt: skip


def edit_section(ctx: PageContext, data: NetworkData) -> None:
    """Pick an actor, then change it in a form or delete it (after a confirmation)."""
    t = ctx.t
    st.subheader(t("actors.edit_heading"), anchor=False)
    chosen = choose_actor(ctx, data)
    try:
        actor = get_actor(ctx.db, chosen.id)
    except QuartierError as exc:
        show_error(t, exc)
        return
    with st.form(f"actor_edit_{actor.id}"):
        draft = _draft_fields(t, actor)
        submitted = st.form_submit_button(t("actors.save"), type="primary")
    if submitted and draft is not None:
        run_action(
            t,
            lambda: update_actor(ctx.db, ctx.user, actor.id, draft),
            lambda: t("actors.saved", name=plain(" ".join(draft.name.split()))),
        )
    _delete(ctx, actor)


def _delete(ctx: PageContext, actor: Actor) -> None:
    """Delete after a confirmation; the domain refuses an actor that is still referred to
    and suggests "Aktiv bis" instead."""
    t = ctx.t
    if st.session_state.get(DELETE_KEY) != actor.id:
        if st.button(t("actors.delete"), key=f"actor_delete_{actor.id}",
                     icon=":material/delete:", help=t("actors.delete_help")):  # fmt: skip
            st.session_state[DELETE_KEY] = actor.id
            st.rerun()
        return
    name = plain(actor.name)
    st.warning(t("actors.delete_confirm", name=name), icon=":material/warning:")
    yes, no = st.columns(2)
    if yes.button(t("actors.delete_yes"), type="primary", key=f"actor_delete_yes_{actor.id}"):
        st.session_state.pop(DELETE_KEY, None)
        run_action(
            t,
            lambda: delete_actor(ctx.db, ctx.user, actor.id),
            lambda: t("actors.deleted", name=name),
        )
    if no.button(t("actors.delete_no"), key=f"actor_delete_no_{actor.id}"):
        st.session_state.pop(DELETE_KEY, None)
        st.rerun()


def actors_tab(ctx: PageContext, quartier: Quartier, data: NetworkData) -> None:
    t = ctx.t
    if data.actors:
        actor_table(ctx, data)
    else:
        st.info(t("actors.none"), icon=":material/info:")
    create_form(ctx, quartier, expanded=not data.actors)
    if data.actors:
        st.divider()
        edit_section(ctx, data)


def actor_names(data: NetworkData) -> Mapping[int, str]:
    """Actor id → name, by name (for the pickers of the other tabs)."""
    return {a.id: a.name for a in sorted(data.actors, key=lambda a: (a.name.casefold(), a.id))}

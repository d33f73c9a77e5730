"""The "Beziehungen" and "Verknüpfungen" tabs of the page "Akteure & Beziehungen".

Beziehungen: a form to enter a tie between two actors, the list of ties with who entered
each when, and the chosen tie's form to change it, end it (on a day) or delete it — an
ended tie stays in the history of the network; deleting is for ties entered by mistake.

Verknüpfungen: actors as organisers, partners or venues of events and as funders or
partners of measures. Working-group membership ("steht für") and the responsible actor
of a measure are set on the pages of those records; the tab links to them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

import pandas as pd
import streamlit as st

from quartier.events import Event
from quartier.i18n import Translator
from quartier.measures import Measure
from quartier.network.actions import create_tie, delete_tie, end_tie, update_tie
from quartier.network.graph import NetworkData
from quartier.network.links import (
    EventLink,
    MeasureLink,
    link_event,
    link_measure,
    unlink_event,
    unlink_measure,
)
from quartier.network.model import (
    NOTES_LIMIT,
    STRENGTHS,
    EventRole,
    MeasureRole,
    Tie,
    TieDraft,
    TieType,
)
from quartier.quartiers import Quartier
from quartier.ui.actors_ui import (
    actor_names,
    date_field,
    entered_on,
    form_key,
    period,
    renew_form,
    strength_name,
    tie_type_name,
    today,
)
from quartier.ui.components import pick, plain, run_action
from quartier.ui.router import PageContext

PICK_KEY = "ties_pick"
DELETE_KEY = "ties_delete_confirm"


# --- ties ---------------------------------------------------------------------------------------


def _tie_fields(t: Translator, names: Mapping[int, str], tie: Tie | None) -> TieDraft | None:
    """The tie fields inside a form, filled from ``tie``; None until both actors and the
    type are chosen."""
    ids = list(names)
    left, right = st.columns(2)
    source = left.selectbox(
        t("ties.source"), ids, index=ids.index(tie.source_id) if tie else None,
        format_func=names.__getitem__, placeholder=t("ties.actor_placeholder"),
    )  # fmt: skip
    target = right.selectbox(
        t("ties.target"), ids, index=ids.index(tie.target_id) if tie else None,
        format_func=names.__getitem__, placeholder=t("ties.actor_placeholder"),
        help=t("ties.direction_help"),
    )  # fmt: skip
    types = list(TieType)
    left, right = st.columns(2)
    tie_type = left.selectbox(
        t("ties.type"), types, index=types.index(tie.tie_type) if tie else None,
        format_func=lambda v: tie_type_name(t, v), placeholder=t("ties.type_placeholder"),
    )  # fmt: skip
    strength = right.segmented_control(
        t("ties.strength"), STRENGTHS, default=tie.strength if tie else 2, required=True,
        format_func=lambda n: strength_name(t, n), help=t("ties.strength_help"),
    )  # fmt: skip
    left, right = st.columns(2)
    with left:
        starts_on = date_field(t, "ties.starts_on", tie.starts_on if tie else None,
                               "ties.starts_on_help")  # fmt: skip
    with right:
        ends_on = date_field(t, "ties.ends_on", tie.ends_on if tie else None, "ties.ends_on_help")
    notes = st.text_area(t("ties.notes"), value=tie.notes if tie else "", max_chars=NOTES_LIMIT)
    if source is None or target is None or tie_type is None:
        return None
    return TieDraft(int(source), int(target), TieType(tie_type), int(strength), starts_on,
                    ends_on, notes)  # fmt: skip


def create_form(
    ctx: PageContext, quartier: Quartier, names: Mapping[int, str], expanded: bool
) -> None:
    t = ctx.t
    with (
        st.expander(t("ties.new"), icon=":material/add_link:", expanded=expanded),
        st.form(form_key("tie_new")),
    ):
        draft = _tie_fields(t, names, None)
        submitted = st.form_submit_button(t("ties.create"), type="primary")
    if not submitted:
        return
    if draft is None:
        st.error(t("ties.choice_missing"), icon=":material/error:")
        return

    def create() -> None:
        create_tie(ctx.db, ctx.user, quartier.id, draft)
        renew_form("tie_new")

    run_action(t, create, lambda: t("ties.created", label=plain(tie_text(t, names, draft))))


def tie_text(t: Translator, names: Mapping[int, str], tie: Tie | TieDraft) -> str:
    """ "Kita Sonnenschein → Grundschule am Park (Kooperation)" (not escaped)."""
    return t("ties.label", source=names.get(tie.source_id, "?"),
             target=names.get(tie.target_id, "?"), type=tie_type_name(t, tie.tie_type))  # fmt: skip


def entered_text(t: Translator, tie: Tie, quote: Callable[[str], str] = str) -> str:
    """ "eingetragen von Carla am 21.11.2026" (``quote`` escapes the name for Markdown)."""
    day = t.date(entered_on(tie.created_at))
    if tie.entered_by:
        return t("ties.entered_by", name=quote(tie.entered_by), day=day)
    return t("ties.entered_on", day=day)


def tie_table(ctx: PageContext, ties: list[Tie], names: Mapping[int, str]) -> None:
    t = ctx.t
    rows = [
        {
            t("ties.col.source"): names.get(tie.source_id, ""),
            t("ties.col.target"): names.get(tie.target_id, ""),
            t("ties.col.type"): tie_type_name(t, tie.tie_type),
            t("ties.col.strength"): strength_name(t, tie.strength),
            t("ties.col.period"): period(t, tie.starts_on, tie.ends_on),
            t("ties.col.entered"): entered_text(t, tie),
            t("ties.col.notes"): tie.notes,
        }
        for tie in ties
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _sorted(ties: tuple[Tie, ...], names: Mapping[int, str]) -> list[Tie]:
    def key(tie: Tie) -> tuple[str, str, str, int]:
        return (names.get(tie.source_id, "").casefold(), names.get(tie.target_id, "").casefold(),
                tie.tie_type.value, tie.id)  # fmt: skip

    return sorted(ties, key=key)


def edit_section(ctx: PageContext, ties: list[Tie], names: Mapping[int, str]) -> None:
    """Pick a tie, then change it, end it or delete it."""
    t = ctx.t
    st.subheader(t("ties.edit_heading"), anchor=False)
    by_id = {tie.id: tie for tie in ties}

    def label(tie_id: int) -> str:
        tie = by_id[tie_id]
        when = period(t, tie.starts_on, tie.ends_on)
        return f"{tie_text(t, names, tie)} · {when}" if when else tie_text(t, names, tie)

    tie = pick(t("ties.choose"), by_id, PICK_KEY, label)
    st.caption(entered_text(t, tie, plain))
    shown = plain(tie_text(t, names, tie))
    with st.form(f"tie_edit_{tie.id}"):
        draft = _tie_fields(t, names, tie)
        submitted = st.form_submit_button(t("ties.save"), type="primary")
    if submitted and draft is not None:
        run_action(t, lambda: update_tie(ctx.db, ctx.user, tie.id, draft),
              lambda: t("ties.saved", label=plain(tie_text(t, names, draft))))  # fmt: skip
    _end(ctx, tie, shown)
    _delete(ctx, tie, shown)


def _end(ctx: PageContext, tie: Tie, shown: str) -> None:
    t = ctx.t
    with st.form(f"tie_end_{tie.id}"):
        st.markdown("**" + t("ties.end_heading") + "**")
        day = date_field(t, "ties.end_on", today(), "ties.end_on_help")
        submitted = st.form_submit_button(t("ties.end"), icon=":material/event_busy:")
    if submitted:
        end = day or today()
        run_action(t, lambda: end_tie(ctx.db, ctx.user, tie.id, end),
              lambda: t("ties.ended", label=shown, day=t.date(end)))  # fmt: skip


def _delete(ctx: PageContext, tie: Tie, shown: str) -> None:
    t = ctx.t
    if st.session_state.get(DELETE_KEY) != tie.id:
        if st.button(t("ties.delete"), key=f"tie_delete_{tie.id}", icon=":material/delete:",
                     help=t("ties.delete_help")):  # fmt: skip
            st.session_state[DELETE_KEY] = tie.id
            st.rerun()
        return
    st.warning(t("ties.delete_confirm", label=shown), icon=":material/warning:")
    yes, no = st.columns(2)
    if yes.button(t("ties.delete_yes"), type="primary", key=f"tie_delete_yes_{tie.id}"):
        st.session_state.pop(DELETE_KEY, None)
        run_action(t, lambda: delete_tie(ctx.db, ctx.user, tie.id),
              lambda: t("ties.deleted", label=shown))  # fmt: skip
    if no.button(t("ties.delete_no"), key=f"tie_delete_no_{tie.id}"):
        st.session_state.pop(DELETE_KEY, None)
        st.rerun()


def ties_tab(ctx: PageContext, quartier: Quartier, data: NetworkData) -> None:
    t = ctx.t
    names = actor_names(data)
    if len(names) < 2:
        st.info(t("ties.need_actors"), icon=":material/info:")
        return
    create_form(ctx, quartier, names, expanded=not data.ties)
    if not data.ties:
        st.info(t("ties.none"), icon=":material/info:")
        return
    ties = _sorted(data.ties, names)
    st.subheader(t("ties.list_heading", count=len(ties)), anchor=False)
    tie_table(ctx, ties, names)
    st.divider()
    edit_section(ctx, ties, names)


# --- links ----------------------------------------------------------------------------------------


def _link_form(
    ctx: PageContext,
    key: str,
    heading: str,
    targets: Mapping[int, str],
    roles: list[EventRole] | list[MeasureRole],
    names: Mapping[int, str],
) -> tuple[int, int, str] | None:
    """(target id, actor id, role) once submitted with everything chosen."""
    t = ctx.t
    with st.form(form_key(f"link_{key}")):
        st.markdown(f"**{heading}**")
        target_label = t(f"actors.links.{key}.target")
        left, middle, right = st.columns([2, 2, 1])
        target = left.selectbox(target_label, list(targets), index=None,
                                format_func=targets.__getitem__,
                                placeholder=t("actors.links.target_placeholder"))  # fmt: skip
        actor = middle.selectbox(t("actors.links.actor"), list(names), index=None,
                                 format_func=names.__getitem__,
                                 placeholder=t("ties.actor_placeholder"))  # fmt: skip
        role = right.selectbox(t("actors.links.role"), roles, format_func=lambda r: role_name(t, r))
        submitted = st.form_submit_button(t("actors.links.add"), icon=":material/add_link:")
    if not submitted:
        return None
    if target is None or actor is None or role is None:
        st.error(t("actors.links.choice_missing"), icon=":material/error:")
        return None
    return int(target), int(actor), str(role)


def role_name(t: Translator, role: EventRole | MeasureRole) -> str:
    kind = "event_role" if isinstance(role, EventRole) else "measure_role"
    return t(f"{kind}.{role.value}")


def _link_row(
    ctx: PageContext, text: str, key: str, remove: Callable[[], object], message: str
) -> None:
    line, button = st.columns([5, 1], vertical_alignment="center")
    line.markdown(text)
    if button.button(ctx.t("actors.links.remove"), key=key, icon=":material/link_off:"):
        run_action(ctx.t, remove, lambda: message)


def links_tab(
    ctx: PageContext,
    data: NetworkData,
    events: list[Event],
    measures: list[Measure],
    links: tuple[list[EventLink], list[MeasureLink]],
) -> None:
    """Link actors to events and measures; the other links live on their own pages."""
    t = ctx.t
    names = actor_names(data)
    st.caption(t("actors.links.intro"))
    row = st.container(horizontal=True, gap="medium")
    row.page_link("pages/working_groups.py", label=t("actors.links.to_groups"),
                  icon=":material/diversity_3:")  # fmt: skip
    row.page_link("pages/measures.py", label=t("actors.links.to_measures"),
                  icon=":material/flag:")  # fmt: skip
    if not names:
        st.info(t("actors.links.need_actors"), icon=":material/info:")
        return
    _event_links(ctx, names, events, links[0])
    _measure_links(ctx, names, measures, links[1])


def _event_links(
    ctx: PageContext, names: Mapping[int, str], events: list[Event], links: list[EventLink]
) -> None:
    t = ctx.t
    st.subheader(t("actors.links.events_heading"), anchor=False)
    titles = {e.id: f"{e.title} ({t.date(e.starts_on)})" for e in events}
    if not events:
        st.caption(t("actors.links.no_events"))
    elif chosen := _link_form(ctx, "events", t("actors.links.events_add"), titles,
                              list(EventRole), names):  # fmt: skip
        event_id, actor_id, role = chosen
        run_action(t, partial(link_event, ctx.db, ctx.user, event_id, actor_id, EventRole(role)),
              lambda: t("actors.links.linked", actor=plain(names[actor_id]),
                        target=plain(titles[event_id])))  # fmt: skip
    for link in links:
        actor = plain(names.get(link.actor_id, "?"))
        text = t("actors.links.event_line", actor=actor, role=role_name(t, link.role),
                 title=plain(link.title), day=t.date(link.starts_on))  # fmt: skip
        _link_row(ctx, text, f"unlink_event_{link.event_id}_{link.actor_id}_{link.role.value}",
                  partial(unlink_event, ctx.db, ctx.user, link.event_id, link.actor_id,
                          link.role),
                  t("actors.links.unlinked", actor=actor, target=plain(link.title)))  # fmt: skip


def _measure_links(
    ctx: PageContext, names: Mapping[int, str], measures: list[Measure], links: list[MeasureLink]
) -> None:
    t = ctx.t
    st.subheader(t("actors.links.measures_heading"), anchor=False)
    titles = {m.id: m.title for m in measures}
    if not measures:
        st.caption(t("actors.links.no_measures"))
    elif chosen := _link_form(ctx, "measures", t("actors.links.measures_add"), titles,
                              list(MeasureRole), names):  # fmt: skip
        measure_id, actor_id, role = chosen
        run_action(t, partial(link_measure, ctx.db, ctx.user, measure_id, actor_id,
                         MeasureRole(role)),
              lambda: t("actors.links.linked", actor=plain(names[actor_id]),
                        target=plain(titles[measure_id])))  # fmt: skip
    for link in links:
        actor = plain(names.get(link.actor_id, "?"))
        text = t("actors.links.measure_line", actor=actor, role=role_name(t, link.role),
                 title=plain(link.title))  # fmt: skip
        key = f"unlink_measure_{link.measure_id}_{link.actor_id}_{link.role.value}"
        _link_row(ctx, text, key,
                  partial(unlink_measure, ctx.db, ctx.user, link.measure_id, link.actor_id,
                          link.role),
                  t("actors.links.unlinked", actor=actor, target=plain(link.title)))  # fmt: skip

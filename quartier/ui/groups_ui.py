"""The sections of "Arbeitsgruppen": which Quartier and group, what a group is about
(members, meetings, its ideas), and the coordinators' tools to run it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import streamlit as st
from babel.dates import format_date

from quartier.auth import Action, Role, can
from quartier.auth.accounts import accounts_of_quartier
from quartier.errors import QuartierError
from quartier.i18n import Translator, berlin_today
from quartier.ideas import (
    GroupMember,
    WorkingGroup,
    add_meeting,
    add_member,
    create_group,
    group_ideas,
    remove_meeting,
    remove_member,
    set_member_actor,
    update_group,
)
from quartier.ideas.checks import GROUP_NAME_LIMIT, MEETING_NOTE_LIMIT, THEME_LIMIT
from quartier.network import list_actors
from quartier.overview import internal_overview
from quartier.quartiers import Quartier
from quartier.ui.components import flash_and_rerun, pick, plain, require, run_action, show_error
from quartier.ui.idea_moderation_ui import language_name, table_height
from quartier.ui.router import PageContext
from quartier.ui.survey_pages import own_quartier

GROUP_KEY = "groups_pick"


today = berlin_today  # the pages' "today"


def long_day(t: Translator, day: date) -> str:
    """A meeting day with its weekday, e.g. "Donnerstag, 3. Dezember 2026"."""
    return str(format_date(day, format="full", locale=t.language.babel_locale))


# --- Which Quartier, which group ----------------------------------------------------------


def choose_quartier(ctx: PageContext, key: str = "groups_quartier") -> Quartier:
    """The Quartiere this account works in; stops the page for visitors and for
    accounts without a Quartier."""
    if not ctx.user.is_authenticated:
        require(ctx.user, Action.VIEW_QUARTIER_INTERNAL, ctx.t, None)
    return own_quartier(ctx, key, "groups.no_quartier")


def choose_group(ctx: PageContext, groups: Sequence[WorkingGroup]) -> WorkingGroup:
    """The group to show: the only one, or picked (archived ones marked as such)."""
    t = ctx.t
    if len(groups) == 1:
        return groups[0]
    by_id = {g.id: g for g in groups}

    def label(group_id: int) -> str:
        group = by_id[group_id]
        return t("groups.archived_option", name=group.name) if group.is_archived else group.name

    return pick(t("groups.choose"), by_id, GROUP_KEY, label)


def show_group(group_id: int) -> None:
    """Let the picker open ``group_id`` on the next run (after creating it)."""
    st.session_state[GROUP_KEY] = group_id


def no_groups(ctx: PageContext, quartier: Quartier, is_staff: bool) -> None:
    """No group yet: staff are told to create one; a member learns whom to ask."""
    t = ctx.t
    if is_staff:
        st.info(t("groups.none_staff"), icon=":material/diversity_3:")
        return
    team = internal_overview(ctx.db, ctx.user, quartier).team
    coordinators = [m.display_name or m.username for m in team if m.role is Role.COORDINATOR]
    lines = [t("groups.none_member")]
    if coordinators:
        lines.append(t("groups.ask_coordinators", names=plain(", ".join(coordinators))))
    if quartier.office_address or quartier.office_hours:
        office = " · ".join(v for v in (quartier.office_address, quartier.office_hours) if v)
        lines.append(t("groups.ask_office", office=plain(office)))
    st.info("\n\n".join(lines), icon=":material/diversity_3:")


# --- What a group is about ----------------------------------------------------------------


def member_line(t: Translator, member: GroupMember, actors: dict[int, str]) -> str:
    name = plain(member.display_name or member.username)
    if member.actor_id is not None and member.actor_id in actors:
        return t("groups.member_for_actor", name=name, actor=plain(actors[member.actor_id]))
    return name


def group_overview(ctx: PageContext, group: WorkingGroup, members: Sequence[GroupMember]) -> None:
    """Name, theme, members, meetings, the ideas assigned and where the group goes next."""
    t = ctx.t
    st.subheader(plain(group.name), anchor=False)
    if group.is_archived:
        st.warning(t("groups.is_archived"), icon=":material/archive:")
    if group.theme:
        st.text(group.theme)
    else:
        st.caption(t("groups.no_theme"))
    people, meetings = st.columns(2)
    with people:
        st.markdown("**" + t("groups.members", count=len(members)) + "**")
        actors = {a.id: a.name for a in list_actors(ctx.db, group.quartier_id)}
        if members:
            st.markdown("\n".join(f"- {member_line(t, m, actors)}" for m in members))
        else:
            st.caption(t("groups.no_members"))
    with meetings:
        _meetings(t, group)
    _ideas(ctx, group)
    st.markdown("**" + t("groups.next_steps") + "**")
    rounds, measures = st.columns(2)
    rounds.page_link("pages/rounds.py", label=t("groups.to_rounds"), icon=":material/how_to_vote:")
    measures.page_link("pages/measures.py", label=t("groups.to_measures"), icon=":material/flag:")


def _meeting_line(t: Translator, day: date, note: str) -> str:
    shown = long_day(t, day)
    return f"- {shown} – {plain(note)}" if note else f"- {shown}"


def _meetings(t: Translator, group: WorkingGroup) -> None:
    now = today()
    upcoming = [(d, n) for d, n in group.meetings if d >= now]
    past = [(d, n) for d, n in reversed(group.meetings) if d < now]
    st.markdown("**" + t("groups.meetings") + "**")
    if upcoming:
        st.markdown("\n".join(_meeting_line(t, d, n) for d, n in upcoming))
    else:
        st.caption(t("groups.no_upcoming"))
    if past:
        with st.expander(t("groups.past_meetings", count=len(past)), icon=":material/history:"):
            st.markdown("\n".join(_meeting_line(t, d, n) for d, n in past))


def _ideas(ctx: PageContext, group: WorkingGroup) -> None:
    t = ctx.t
    try:
        ideas = group_ideas(ctx.db, ctx.user, group.id)
    except QuartierError as exc:
        show_error(t, exc)
        return
    st.markdown("**" + t("groups.ideas", count=len(ideas)) + "**")
    if not ideas:
        st.caption(t("groups.no_ideas"))
        return
    st.dataframe(
        [
            {
                t("field.title"): i.title,
                t("groups.col_stage"): t(f"idea.stage.{i.stage}"),
                t("groups.col_supports"): i.supports,
                t("groups.col_language"): language_name(i.language),
            }
            for i in ideas
        ],
        hide_index=True,
        height=table_height(len(ideas)),
    )


# --- Coordinators: create and run groups --------------------------------------------------


def new_group(ctx: PageContext, quartier: Quartier, *, expanded: bool) -> None:
    t = ctx.t
    with st.expander(t("groups.new"), expanded=expanded, icon=":material/add:"):
        with st.form("new_group", clear_on_submit=True):
            name = st.text_input(t("field.name"), max_chars=GROUP_NAME_LIMIT, key="new_group_name",
                                 placeholder=t("groups.name_placeholder"))  # fmt: skip
            theme = st.text_area(t("field.theme"), max_chars=THEME_LIMIT, key="new_group_theme",
                                 help=t("groups.theme_help"))  # fmt: skip
            if st.form_submit_button(t("groups.create"), type="primary"):
                try:
                    created = create_group(ctx.db, ctx.user, quartier.id, name, theme)
                except QuartierError as exc:
                    show_error(t, exc)
                else:
                    show_group(created.id)
                    flash_and_rerun(t("groups.created", name=plain(created.name)))


def manage_group(
    ctx: PageContext, quartier: Quartier, group: WorkingGroup, members: Sequence[GroupMember]
) -> None:
    """Name and theme, members, meetings — for coordinators and admins."""
    t = ctx.t
    with st.expander(t("groups.manage"), icon=":material/settings:"):
        about, people, days = st.tabs(
            [t("groups.tab_about"), t("groups.tab_members"), t("groups.tab_meetings")]
        )
        with about:
            _edit(ctx, group)
        with people:
            _add_member(ctx, quartier, group)
            _member_actor(ctx, quartier, group, members)
            _remove_member(ctx, group, members)
        with days:
            _add_meeting(ctx, group)
            _remove_meeting(ctx, group)


def _edit(ctx: PageContext, group: WorkingGroup) -> None:
    t = ctx.t
    with st.form(f"edit_group:{group.id}"):
        key = group.id
        name = st.text_input(t("field.name"), group.name, max_chars=GROUP_NAME_LIMIT,
                             key=f"group_name:{key}")  # fmt: skip
        theme = st.text_area(t("field.theme"), group.theme, max_chars=THEME_LIMIT,
                             key=f"group_theme:{key}", help=t("groups.theme_help"))  # fmt: skip
        archived = st.toggle(t("groups.archive"), group.is_archived, key=f"archived:{key}",
                             help=t("groups.archive_help"))  # fmt: skip
        if st.form_submit_button(t("common.save"), type="primary"):
            if archived and not group.is_archived:
                done = "groups.archived"
            elif group.is_archived and not archived:
                done = "groups.restored"
            else:
                done = "groups.saved"
            run_action(
                t,
                lambda: update_group(ctx.db, ctx.user, group.id, name, theme, archived),
                lambda: t(done, name=plain(" ".join(name.split()))),
            )


def _add_member(ctx: PageContext, quartier: Quartier, group: WorkingGroup) -> None:
    t = ctx.t
    if not can(ctx.user, Action.MANAGE_QUARTIER_CONTENT, quartier.id):
        return
    candidates = {
        u.id: u
        for u in accounts_of_quartier(ctx.db, ctx.user, quartier.id)
        if u.id not in group.member_ids
    }
    actors = {a.id: a.name for a in list_actors(ctx.db, quartier.id)}
    st.markdown("**" + t("groups.add_member") + "**")
    if not candidates:
        st.caption(t("groups.no_candidates"))
        return
    with st.form(f"add_member:{group.id}", clear_on_submit=True):
        member_id = st.selectbox(
            t("groups.account"),
            list(candidates),
            index=None,
            placeholder=t("groups.account_placeholder"),
            format_func=lambda i: t("groups.account_option",
                                    name=candidates[i].display_name or candidates[i].username,
                                    username=candidates[i].username),
            key=f"member_pick:{group.id}",
        )  # fmt: skip
        actor_id = st.selectbox(
            t("groups.actor"),
            [None, *actors],
            format_func=lambda a: t("groups.no_actor") if a is None else actors[a],
            key=f"actor_pick:{group.id}",
            help=t("groups.actor_help"),
        )
        if st.form_submit_button(t("groups.add"), icon=":material/person_add:"):
            if member_id is None:
                st.warning(t("groups.pick_account"), icon=":material/warning:")
                return
            person = candidates[int(member_id)]
            run_action(
                t,
                lambda: add_member(ctx.db, ctx.user, group.id, int(member_id), actor_id),
                lambda: t("groups.member_added", name=plain(person.display_name or person.username),
                          group=plain(group.name)),
            )  # fmt: skip


def _member_actor(
    ctx: PageContext, quartier: Quartier, group: WorkingGroup, members: Sequence[GroupMember]
) -> None:
    """Which actor a member stands for (the actor network shows the actor in the group)."""
    t = ctx.t
    actors = {a.id: a.name for a in list_actors(ctx.db, quartier.id)}
    if not members or not actors:
        return
    by_id = {m.user_id: m for m in members}
    st.markdown("**" + t("groups.member_actor") + "**")
    with st.form(f"member_actor:{group.id}"):
        member_id = st.selectbox(t("groups.member"), list(by_id),
                                 format_func=lambda i: by_id[i].display_name or by_id[i].username,
                                 key=f"member_actor_pick:{group.id}")  # fmt: skip
        actor_id = st.selectbox(
            t("groups.actor"), [None, *actors], key=f"member_actor_actor:{group.id}",
            format_func=lambda a: t("groups.no_actor") if a is None else actors[a],
            help=t("groups.actor_help"),
        )  # fmt: skip
        if st.form_submit_button(t("groups.member_actor_save"), icon=":material/link:"):
            person = by_id[int(member_id)]
            shown = plain(person.display_name or person.username)
            run_action(
                t,
                lambda: set_member_actor(ctx.db, ctx.user, group.id, int(member_id), actor_id),
                lambda: t("groups.member_actor_saved", name=shown,
                          actor=plain(actors[actor_id]) if actor_id else t("groups.no_actor")),
            )  # fmt: skip


def _remove_member(ctx: PageContext, group: WorkingGroup, members: Sequence[GroupMember]) -> None:
    t = ctx.t
    if not members:
        return
    by_id = {m.user_id: m for m in members}
    st.markdown("**" + t("groups.remove_member") + "**")
    with st.form(f"remove_member:{group.id}", clear_on_submit=True):
        member_id = st.selectbox(t("groups.member"), list(by_id),
                                 format_func=lambda i: by_id[i].display_name or by_id[i].username,
                                 key=f"remove_pick:{group.id}")  # fmt: skip
        sure = st.checkbox(t("groups.confirm_remove"), key=f"remove_sure:{group.id}")
        if st.form_submit_button(t("groups.remove"), icon=":material/person_remove:"):
            if not sure:
                st.warning(t("groups.confirm_needed"), icon=":material/warning:")
                return
            person = by_id[int(member_id)]
            shown = plain(person.display_name or person.username)
            run_action(
                t,
                lambda: remove_member(ctx.db, ctx.user, group.id, int(member_id)),
                lambda: t("groups.member_removed", name=shown, group=plain(group.name)),
            )


def _add_meeting(ctx: PageContext, group: WorkingGroup) -> None:
    t = ctx.t
    st.markdown("**" + t("groups.add_meeting") + "**")
    with st.form(f"add_meeting:{group.id}", clear_on_submit=True):
        day = st.date_input(t("groups.meeting_day"), today(), format="DD.MM.YYYY",
                            key=f"meeting_day:{group.id}")  # fmt: skip
        note = st.text_input(t("field.meeting_note"), max_chars=MEETING_NOTE_LIMIT,
                             key=f"meeting_note:{group.id}", help=t("groups.meeting_note_help"),
                             placeholder=t("groups.meeting_note_placeholder"))  # fmt: skip
        if st.form_submit_button(t("groups.add_meeting_button"), icon=":material/event:"):
            run_action(
                t,
                lambda: add_meeting(ctx.db, ctx.user, group.id, day, note),
                lambda: t("groups.meeting_added", day=long_day(t, day)),
            )


def _remove_meeting(ctx: PageContext, group: WorkingGroup) -> None:
    t = ctx.t
    if not group.meetings:
        return
    now = today()
    # Upcoming days first (the next one preselected), then past ones, newest first.
    ordered = [m for m in group.meetings if m[0] >= now]
    ordered += [m for m in reversed(group.meetings) if m[0] < now]
    notes = dict(ordered)
    st.markdown("**" + t("groups.remove_meeting") + "**")
    with st.form(f"remove_meeting:{group.id}"):
        day = st.selectbox(
            t("groups.meeting_day"),
            list(notes),
            format_func=lambda d: f"{long_day(t, d)} – {notes[d]}" if notes[d] else long_day(t, d),
            key=f"meeting_pick:{group.id}",
        )
        if st.form_submit_button(t("groups.remove_meeting_button"), icon=":material/event_busy:"):
            run_action(
                t,
                lambda: remove_meeting(ctx.db, ctx.user, group.id, day),
                lambda: t("groups.meeting_removed", day=long_day(t, day)),
            )

"""The sections of "Ideen moderieren": the queue with one card per idea and its actions
(publish, reject, duplicate, assign, correct), and the list of all ideas with a CSV export.

Every text a resident typed is shown as plain text: ``plain()`` in markdown, ``st.text``
for descriptions, ``st.dataframe`` for tables.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st
from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from quartier.auth import Action, Role
from quartier.i18n import DISPLAY_TZ, LANGUAGES, Translator
from quartier.ideas import (
    TRANSITIONS,
    Idea,
    IdeaStatus,
    Stage,
    WorkingGroup,
    assign_idea,
    edit_idea,
    mark_duplicate,
    moderation_queue,
    publish_idea,
    reject_idea,
    similar_ideas,
)
from quartier.ideas.checks import DESCRIPTION_LIMIT, EDIT_NOTE_LIMIT, REASON_LIMIT, TITLE_LIMIT
from quartier.quartiers import Quartier
from quartier.surveys.exports import neutralise
from quartier.ui.components import plain, require, run_action
from quartier.ui.router import PageContext
from quartier.ui.survey_pages import managed_quartiers

#: Stages in which an idea may still be rejected or marked as a duplicate.
OPEN_STAGES = (Stage.SUBMITTED, Stage.PUBLISHED)
#: The most ideas the list "Alle Ideen" reads (the domain's cap); newest first.
LIST_LIMIT = 1000
PAGE_SIZE = 20
SHOWN = "moderation_shown"
STATUS_KEY = "moderation_status"


def staff_only(ctx: PageContext) -> None:
    """Stop visitors and members before the Quartier picker, which would otherwise tell
    them they belong to no Quartier. Coordinators without a Quartier get that hint."""
    if ctx.user.role is Role.COORDINATOR or managed_quartiers(ctx):
        return
    require(ctx.user, Action.MANAGE_QUARTIER_CONTENT, ctx.t, None)


def language_name(code: str) -> str:
    """The idea's language in its own name ("Türkçe", "فارسی"); the tag if unknown.

    >>> language_name("tr"), language_name("fa"), language_name("xx")
    ('Türkçe', 'فارسی', 'xx')
    """
    if code in LANGUAGES:
        return LANGUAGES[code].native_name
    try:
        locale = Locale.parse(code, sep="-")
    except (ValueError, UnknownLocaleError):
        return code
    return str(locale.get_display_name(locale) or code)


def _day(t: Translator, idea: Idea) -> str:
    moment = idea.submitted_at
    local = moment.astimezone(DISPLAY_TZ) if moment.tzinfo else moment
    return str(format_date(local.date(), format="medium", locale=t.language.babel_locale))


# --- The queue ----------------------------------------------------------------------------


def status_counts(ctx: PageContext, quartier: Quartier, ideas: Sequence[Idea]) -> Counter[str]:
    """Ideas per moderation status; read per status when the full list hit its cap."""
    if len(ideas) < LIST_LIMIT:
        return Counter(i.status.value for i in ideas)
    return Counter(
        {
            s.value: len(moderation_queue(ctx.db, ctx.user, quartier.id, s, limit=LIST_LIMIT))
            for s in IdeaStatus
        }
    )


def _more() -> None:
    st.session_state[SHOWN] = int(st.session_state.get(SHOWN, PAGE_SIZE)) + PAGE_SIZE


def _reset_shown() -> None:
    st.session_state.pop(SHOWN, None)


def queue(
    ctx: PageContext,
    quartier: Quartier,
    everything: Sequence[Idea],
    groups: dict[int, WorkingGroup],
    events: dict[int, str],
) -> None:
    """The ideas of one moderation status as cards: new ones oldest first."""
    t = ctx.t
    counts = status_counts(ctx, quartier, everything)
    status = st.segmented_control(
        t("moderation.filter_status"),
        list(IdeaStatus),
        default=IdeaStatus.SUBMITTED,
        required=True,
        format_func=lambda s: t(
            "moderation.status_count", status=t(f"idea.status.{s}"), count=counts[str(s)]
        ),
        key=STATUS_KEY,
        on_change=_reset_shown,
    )
    chosen = IdeaStatus(status or IdeaStatus.SUBMITTED)
    ideas = moderation_queue(ctx.db, ctx.user, quartier.id, chosen, limit=LIST_LIMIT)
    if not ideas:
        st.info(t(f"moderation.empty.{chosen}"), icon=":material/inbox:")
        return
    if chosen is IdeaStatus.SUBMITTED:
        st.caption(t("moderation.order_oldest", count=len(ideas)))
    else:
        st.caption(t("moderation.order_newest", count=len(ideas)))
    published = [i for i in everything if i.status is IdeaStatus.PUBLISHED]
    titles = {i.id: i.title for i in everything}
    shown = int(st.session_state.get(SHOWN, PAGE_SIZE))
    for idea in ideas[:shown]:
        idea_card(ctx, idea, groups, events, titles, published)
    if len(ideas) > shown:
        st.button(t("moderation.more_ideas"), on_click=_more, use_container_width=True)


def _facts(
    t: Translator, idea: Idea, events: dict[int, str], groups: dict[int, WorkingGroup]
) -> str:
    facts = [
        t("moderation.stage", stage=t(f"idea.stage.{idea.stage}")),
        t("moderation.language", language=language_name(idea.language)),
        t(f"field_of_action.{idea.field_of_action}")
        if idea.field_of_action
        else t("moderation.no_field"),
    ]
    if idea.place:
        facts.append(t("moderation.place", place=plain(idea.place)))
    facts.append(t("moderation.channel", channel=t(f"channel.{idea.channel}")))
    if idea.event_id is not None:
        facts.append(t("moderation.event", event=plain(events.get(idea.event_id, "…"))))
    if idea.group_id is not None and idea.group_id in groups:
        facts.append(t("moderation.in_group", group=plain(groups[idea.group_id].name)))
    facts.append(t("moderation.submitted", when=t.datetime(idea.submitted_at)))
    facts.append(t("moderation.supports", count=idea.supports))
    return " · ".join(facts)


def idea_card(
    ctx: PageContext,
    idea: Idea,
    groups: dict[int, WorkingGroup],
    events: dict[int, str],
    titles: dict[int, str],
    published: Sequence[Idea],
) -> None:
    t = ctx.t
    with st.container(border=True):
        st.markdown(f"**{plain(idea.title)}**")
        if idea.description:
            st.text(idea.description)
        else:
            st.caption(t("moderation.no_description"))
        st.caption(_facts(t, idea, events, groups))
        if idea.edit_note:
            st.caption(t("moderation.edit_note_shown", note=plain(idea.edit_note)))
        if idea.status is IdeaStatus.REJECTED and idea.reason:
            st.caption(t("moderation.reason_shown", reason=plain(idea.reason)))
        if idea.duplicate_of is not None:
            original = titles.get(idea.duplicate_of, f"#{idea.duplicate_of}")
            st.caption(t("moderation.duplicate_of", title=plain(original)))
        if idea.author_name or idea.author_contact:
            who = " · ".join(plain(v) for v in (idea.author_name, idea.author_contact) if v)
            st.warning(t("moderation.author", who=who, day=_day(t, idea)), icon=":material/lock:")
        _actions(ctx, idea, groups, published)


def _actions(
    ctx: PageContext, idea: Idea, groups: dict[int, WorkingGroup], published: Sequence[Idea]
) -> None:
    t = ctx.t
    if idea.status in TRANSITIONS[IdeaStatus.PUBLISHED]:
        again = idea.status is not IdeaStatus.SUBMITTED
        label = t("moderation.publish_again" if again else "moderation.publish")
        if st.button(label, key=f"publish:{idea.id}", type="primary", icon=":material/public:",
                     help=t("moderation.publish_help")):  # fmt: skip
            run_action(
                t,
                lambda: publish_idea(ctx.db, ctx.user, idea.id),
                lambda: t("moderation.published", title=plain(idea.title)),
            )
    steps: list[tuple[str, Callable[[], None]]] = []
    # The domain refuses to reject or merge an idea a working group has taken up; do not
    # offer what would only end in that message.
    is_open = idea.stage in OPEN_STAGES
    if is_open and idea.status in TRANSITIONS[IdeaStatus.REJECTED]:
        steps.append((t("moderation.tab_reject"), lambda: _reject(ctx, idea)))
    if is_open and idea.status in TRANSITIONS[IdeaStatus.DUPLICATE]:
        steps.append((t("moderation.tab_duplicate"), lambda: _duplicate(ctx, idea, published)))
    if idea.status is IdeaStatus.PUBLISHED:
        steps.append((t("moderation.tab_assign"), lambda: _assign(ctx, idea, groups)))
    steps.append((t("moderation.tab_edit"), lambda: _edit(ctx, idea)))
    label = t("moderation.more_steps", steps=" · ".join(name for name, _ in steps))
    with st.expander(label, icon=":material/more_horiz:"):
        if not is_open:
            st.caption(t("moderation.taken_up", stage=t(f"idea.stage.{idea.stage}")))
        for tab, (_, show) in zip(st.tabs([name for name, _ in steps]), steps, strict=True):
            with tab:
                show()


def _reject(ctx: PageContext, idea: Idea) -> None:
    t = ctx.t
    with st.form(f"reject:{idea.id}"):
        reason = st.text_area(t("moderation.reason"), max_chars=REASON_LIMIT,
                              key=f"reason:{idea.id}", help=t("moderation.reason_help"),
                              placeholder=t("moderation.reason_placeholder"))  # fmt: skip
        st.caption(t("moderation.reason_hint"))
        if st.form_submit_button(
            t("moderation.reject"), icon=":material/block:", key=f"do_reject:{idea.id}"
        ):
            run_action(
                t,
                lambda: reject_idea(ctx.db, ctx.user, idea.id, reason),
                lambda: t("moderation.rejected", title=plain(idea.title)),
            )


def original_candidates(
    ctx: PageContext, idea: Idea, search: str, published: Sequence[Idea]
) -> dict[int, Idea]:
    """Published ideas this one may repeat: similar titles first, then those whose title
    contains ``search``, then those resembling it (typos); never the idea itself."""
    found = similar_ideas(ctx.db, idea.quartier_id, idea.title, limit=5)
    needle = search.strip().casefold()
    if needle:
        found += [i for i in published if needle in i.title.casefold()][:20]
        found += similar_ideas(ctx.db, idea.quartier_id, search, limit=10)
    candidates: dict[int, Idea] = {}
    for other in found:
        if other.id != idea.id and other.status is IdeaStatus.PUBLISHED:
            candidates.setdefault(other.id, other)
    return candidates


def _duplicate(ctx: PageContext, idea: Idea, published: Sequence[Idea]) -> None:
    t = ctx.t
    search = st.text_input(t("moderation.search_original"), key=f"dup_search:{idea.id}",
                           help=t("moderation.search_original_help"))  # fmt: skip
    candidates = original_candidates(ctx, idea, search, published)
    if not candidates:
        st.caption(t("moderation.no_originals"))
        return
    with st.form(f"duplicate:{idea.id}"):
        original_id = st.selectbox(
            t("moderation.original"),
            list(candidates),
            format_func=lambda i: t("moderation.original_option", title=candidates[i].title,
                                    count=candidates[i].supports),
            key=f"original:{idea.id}",
        )  # fmt: skip
        st.caption(t("moderation.duplicate_hint"))
        if st.form_submit_button(
            t("moderation.mark_duplicate"),
            icon=":material/content_copy:",
            key=f"do_duplicate:{idea.id}",
        ):
            run_action(
                t,
                lambda: mark_duplicate(ctx.db, ctx.user, idea.id, int(original_id)),
                lambda: t("moderation.marked_duplicate", title=plain(idea.title),
                          original=plain(candidates[int(original_id)].title)),
            )  # fmt: skip


def _assign(ctx: PageContext, idea: Idea, groups: dict[int, WorkingGroup]) -> None:
    t = ctx.t
    active = [g.id for g in groups.values() if not g.is_archived]
    options: list[int | None] = [None, *active]
    index = options.index(idea.group_id) if idea.group_id in options else 0
    with st.form(f"assign:{idea.id}"):
        group_id = st.selectbox(
            t("moderation.group"),
            options,
            index=index,
            format_func=lambda g: t("moderation.no_group") if g is None else groups[g].name,
            key=f"group:{idea.id}",
            help=t("moderation.group_help"),
        )
        if st.form_submit_button(
            t("moderation.assign"), icon=":material/group_add:", key=f"do_assign:{idea.id}"
        ):
            if group_id is None:
                message = t("moderation.unassigned", title=plain(idea.title))
            else:
                message = t("moderation.assigned", title=plain(idea.title),
                            group=plain(groups[group_id].name))  # fmt: skip
            run_action(t, lambda: assign_idea(ctx.db, ctx.user, idea.id, group_id), lambda: message)


def _edit(ctx: PageContext, idea: Idea) -> None:
    t = ctx.t
    with st.form(f"edit:{idea.id}"):
        title = st.text_input(t("field.title"), idea.title, max_chars=TITLE_LIMIT,
                              key=f"edit_title:{idea.id}")  # fmt: skip
        description = st.text_area(t("field.description"), idea.description,
                                   max_chars=DESCRIPTION_LIMIT,
                                   key=f"edit_description:{idea.id}")  # fmt: skip
        note = st.text_input(t("moderation.edit_note"), max_chars=EDIT_NOTE_LIMIT,
                             key=f"edit_note:{idea.id}", help=t("moderation.edit_note_help"),
                             placeholder=t("moderation.edit_note_placeholder"))  # fmt: skip
        st.caption(t("moderation.edit_hint"))
        if st.form_submit_button(
            t("moderation.save_edit"), icon=":material/edit:", key=f"do_edit:{idea.id}"
        ):
            run_action(
                t,
                lambda: edit_idea(ctx.db, ctx.user, idea.id, title, description, note),
                lambda: t("moderation.edited", title=plain(" ".join(title.split()))),
            )


# --- All ideas ----------------------------------------------------------------------------


def idea_rows(
    t: Translator, ideas: Sequence[Idea], groups: dict[int, WorkingGroup], *, full: bool = False
) -> list[dict[str, Any]]:
    """One row per idea for the table; ``full`` adds the free texts for the CSV file.
    The author's name and contact never leave the page."""
    rows = []
    for i in ideas:
        group = groups.get(i.group_id) if i.group_id is not None else None
        row: dict[str, Any] = {
            t("moderation.col_id"): i.id,
            t("field.title"): i.title,
            t("moderation.col_stage"): t(f"idea.stage.{i.stage}"),
            t("moderation.col_group"): group.name if group else "",
            t("moderation.col_field"): t(f"field_of_action.{i.field_of_action}")
            if i.field_of_action
            else "",
            t("field.place"): i.place,
            t("moderation.col_language"): language_name(i.language),
            t("moderation.col_channel"): t(f"channel.{i.channel}"),
            t("moderation.col_supports"): i.supports,
            t("moderation.col_submitted"): t.datetime(i.submitted_at),
        }
        if full:
            row[t("field.description")] = i.description
            row[t("moderation.col_reason")] = i.reason
            row[t("moderation.col_edit_note")] = i.edit_note
            row[t("moderation.col_duplicate_of")] = i.duplicate_of or ""
        rows.append(row)
    return rows


def table_height(rows: int, most: int = 15) -> int:
    """Pixels for a table showing up to ``most`` rows without its own scroll bar.

    >>> table_height(3), table_height(100)
    (143, 563)
    """
    return 38 + 35 * max(1, min(rows, most))


def csv_bytes(rows: Sequence[dict[str, Any]]) -> bytes:
    """UTF-8 with BOM (Excel), comma-separated; text that looks like a formula is
    neutralised (``'=…``) so a spreadsheet never runs it."""
    buffer = io.StringIO()
    if rows:
        writer = csv.writer(buffer)
        writer.writerow([neutralise(h) for h in rows[0]])
        writer.writerows([neutralise(v) for v in row.values()] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def all_ideas(
    ctx: PageContext, quartier: Quartier, ideas: Sequence[Idea], groups: dict[int, WorkingGroup]
) -> None:
    """Every idea of the Quartier with its stage, filterable, with a CSV download."""
    t = ctx.t
    stage_col, group_col = st.columns(2)
    stage = stage_col.selectbox(t("moderation.filter_stage"), list(Stage), index=None,
                                placeholder=t("moderation.all"), key="moderation_stage",
                                format_func=lambda s: t(f"idea.stage.{s}"))  # fmt: skip
    group_id = group_col.selectbox(t("moderation.filter_group"), list(groups), index=None,
                                   placeholder=t("moderation.all"), key="moderation_group",
                                   format_func=lambda g: groups[g].name)  # fmt: skip
    shown = [
        i
        for i in ideas
        if (stage is None or i.stage == stage) and (group_id is None or i.group_id == group_id)
    ]
    if len(ideas) >= LIST_LIMIT:
        st.caption(t("moderation.list_capped", count=LIST_LIMIT))
    st.caption(t("moderation.list_count", shown=len(shown), total=len(ideas)))
    if not shown:
        st.info(t("moderation.list_empty"), icon=":material/filter_alt_off:")
        return
    st.dataframe(idea_rows(t, shown, groups), hide_index=True, height=table_height(len(shown)))
    st.download_button(
        t("moderation.download_csv"),
        lambda: csv_bytes(idea_rows(t, shown, groups, full=True)),
        f"ideen-{quartier.slug}.csv",
        "text/csv",
        icon=":material/download:",
        help=t("moderation.download_help"),
    )

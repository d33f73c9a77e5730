"""Opening a round on the "Priorisierung" page (coordinators).

The group and the method are picked above the form, because they decide which ideas,
voters and settings the form offers; everything else is one st.form, one click. For the
Aktionsfonds the ideas and their requested amounts are ticked and typed in one table.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import pandas as pd
import streamlit as st

from quartier.auth.accounts import accounts_of_quartier
from quartier.errors import QuartierError
from quartier.i18n import DISPLAY_TZ
from quartier.ideas import GroupMember, Idea, Stage, WorkingGroup, group_ideas, group_members
from quartier.prioritisation import (
    DEFAULT_BUDGET_CENTS,
    DEFAULT_CAP_CENTS,
    DEFAULT_CRITERIA,
    Criterion,
    Method,
    open_round,
)
from quartier.ui.components import flash_and_rerun, plain, show_error
from quartier.ui.rounds_ui import ROUND_KEY, show_round
from quartier.ui.router import PageContext

DEFAULT_WINNERS = 3
DEFAULT_DOTS = 5
DEFAULT_MAX_DOTS = 3
DEFAULT_DAYS = 14
DEFAULT_CLOSING = time(18, 0)


def _name(member: GroupMember) -> str:
    return member.display_name or member.username


def _jury_candidates(ctx: PageContext, groups: list[WorkingGroup]) -> dict[int, str]:
    """Accounts of the Quartier that a fund jury may draw on: every active account."""
    quartier_id = groups[0].quartier_id
    accounts = accounts_of_quartier(ctx.db, ctx.user, quartier_id)
    return {a.id: a.display_name or a.username for a in accounts}


def open_round_section(ctx: PageContext, groups: list[WorkingGroup], *, expanded: bool) -> None:
    t = ctx.t
    active = [g for g in groups if not g.is_archived]
    with st.expander(t("rounds.new"), icon=":material/add:", expanded=expanded):
        if not active:
            st.info(t("rounds.no_groups"), icon=":material/info:")
            return
        by_id = {g.id: g for g in active}
        left, right = st.columns(2)
        group_id = left.selectbox(
            t("rounds.group"),
            list(by_id),
            format_func=lambda i: by_id[i].name,
            key="new_round_group",
        )
        method = right.selectbox(
            t("rounds.method"),
            list(Method),
            key="new_round_method",
            format_func=lambda m: t(f"prioritisation.method.{m.value}"),
        )
        group = by_id[int(group_id)]
        candidates = group_ideas(ctx.db, ctx.user, group.id)
        if len(candidates) < 2:
            st.info(
                t("rounds.too_few_ideas", group=plain(group.name), count=len(candidates)),
                icon=":material/info:",
            )
            return
        _open_form(ctx, group, Method(method or Method.DOTS), candidates, active)


def _voter_options(
    ctx: PageContext, group: WorkingGroup, method: Method, groups: list[WorkingGroup]
) -> tuple[dict[int, str], list[int]]:
    members = {m.user_id: _name(m) for m in group_members(ctx.db, group.id)}
    if method is Method.FUND:
        return {**members, **_jury_candidates(ctx, groups)}, list(members)
    return members, list(members)


def _open_form(
    ctx: PageContext,
    group: WorkingGroup,
    method: Method,
    candidates: list[Idea],
    groups: list[WorkingGroup],
) -> None:
    t = ctx.t
    titles = {i.id: i.title for i in candidates}
    fresh = [i.id for i in candidates if i.stage is Stage.PUBLISHED]
    voters, default_voters = _voter_options(ctx, group, method, groups)
    settings: dict[str, Any] = {}
    with st.form(f"new_round_{group.id}_{method.value}"):
        title = st.text_input(
            t("field.title"), max_chars=120, placeholder=t("rounds.title_placeholder")
        )
        if method is Method.FUND:
            fund_rows = _fund_ideas(ctx, candidates, fresh)
        else:
            idea_ids = st.multiselect(
                t("rounds.ideas"),
                list(titles),
                default=fresh,
                format_func=titles.__getitem__,
                help=t("rounds.ideas_help"),
            )
        voter_label = t("rounds.jury") if method is Method.FUND else t("rounds.voters")
        voter_help = t("rounds.jury_help") if method is Method.FUND else t("rounds.voters_help")
        voter_ids = st.multiselect(
            voter_label,
            list(voters),
            default=default_voters,
            format_func=voters.__getitem__,
            help=voter_help,
        )
        left, right = st.columns(2)
        today = datetime.now(DISPLAY_TZ).date()
        day = left.date_input(
            t("rounds.closes_day"),
            value=today + timedelta(days=DEFAULT_DAYS),
            min_value=today,
            format="DD.MM.YYYY",
        )
        hour = right.time_input(t("rounds.closes_time"), value=DEFAULT_CLOSING, step=900)
        if method is not Method.FUND:
            settings["winners"] = st.number_input(
                t("rounds.winners"),
                min_value=1,
                max_value=len(candidates),
                value=min(DEFAULT_WINNERS, len(candidates)),
                step=1,
                help=t("rounds.winners_help"),
            )
        if method is Method.DOTS:
            left, right = st.columns(2)
            settings["dots_per_member"] = left.number_input(
                t("rounds.dots_per_member"), min_value=1, max_value=100, value=DEFAULT_DOTS, step=1
            )
            settings["max_dots_per_idea"] = right.number_input(
                t("rounds.max_dots_per_idea"),
                min_value=1,
                max_value=100,
                value=DEFAULT_MAX_DOTS,
                step=1,
            )
        criteria = _criteria_editor(ctx) if method is Method.CRITERIA else None
        if method is Method.FUND:
            _fund_budget(ctx, settings)
        submitted = st.form_submit_button(t("rounds.open_submit"), type="primary")
    if not submitted:
        return
    closes = datetime.combine(
        day if isinstance(day, date) else today, hour or DEFAULT_CLOSING, tzinfo=DISPLAY_TZ
    )
    if criteria is not None:
        settings["criteria"] = criteria
    if method is Method.FUND:
        try:
            idea_ids, settings["requested_cents"] = fund_requests(fund_rows)
        except BadAmount as bad:
            st.error(
                t("rounds.amount_invalid", idea=plain(titles[bad.idea_id]), value=bad.text),
                icon=":material/error:",
            )
            return
    try:
        created = open_round(
            ctx.db, ctx.user, group.id, title, method, idea_ids, voter_ids, closes, **settings
        )
    except QuartierError as exc:
        show_error(t, exc)
    else:
        show_round(created.id, ROUND_KEY)
        flash_and_rerun(t("rounds.opened", title=plain(created.title)))


def _criteria_editor(ctx: PageContext) -> list[Criterion]:
    t = ctx.t
    name, weight, inverted = t("rounds.crit.name"), t("rounds.crit.weight"), t("rounds.crit.inv")
    frame = pd.DataFrame(
        [{name: c.name, weight: c.weight, inverted: c.is_inverted} for c in DEFAULT_CRITERIA]
    )
    st.caption(t("rounds.criteria_editor_help"))
    edited = st.data_editor(
        frame,
        num_rows="dynamic",
        hide_index=True,
        key="new_round_criteria",
        column_config={
            name: st.column_config.TextColumn(name, max_chars=80),
            weight: st.column_config.NumberColumn(
                weight, min_value=0.5, max_value=10.0, step=0.5, format="localized"
            ),
            inverted: st.column_config.CheckboxColumn(inverted, help=t("rounds.crit.inv_help")),
        },
    )
    criteria = []
    for row in edited.to_dict("records"):
        raw_name = row.get(name)
        text = "" if raw_name is None or _missing(raw_name) else str(raw_name)
        raw_weight = row.get(weight)
        if not text.strip() and _missing(raw_weight):
            continue  # an empty row added by mistake
        value = 0.0 if _missing(raw_weight) else float(raw_weight)
        criteria.append(Criterion(text, value, bool(row.get(inverted) or False)))
    return criteria


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _fund_budget(ctx: PageContext, settings: dict[str, Any]) -> None:
    """Budget and cap of the fund, entered in euros."""
    t = ctx.t
    left, right = st.columns(2)
    budget = left.number_input(
        t("rounds.budget"),
        min_value=0.0,
        step=500.0,
        format="%.2f",
        value=DEFAULT_BUDGET_CENTS / 100,
    )
    cap = right.number_input(
        t("rounds.cap"), min_value=0.0, step=100.0, format="%.2f", value=DEFAULT_CAP_CENTS / 100
    )
    settings["budget_cents"] = round(float(budget or 0) * 100)
    settings["cap_cents"] = round(float(cap or 0) * 100)


FundRow = tuple[int, bool, str]  # idea id, in the round, requested amount as typed


def _fund_ideas(ctx: PageContext, candidates: list[Idea], fresh: list[int]) -> list[FundRow]:
    """The fund's ideas and their requested amounts in one table: tick an idea to take it
    into the round and type its amount in euros."""
    t = ctx.t
    take, idea, amount = t("rounds.col.take"), t("rounds.col.idea"), t("rounds.col.requested_eur")
    candidates = sorted(candidates, key=lambda i: i.id not in fresh)  # preselected ones first
    # The amount next to the tick, so both stay in view on a phone; the title may scroll.
    frame = pd.DataFrame([{take: i.id in fresh, amount: "", idea: i.title} for i in candidates])
    st.markdown(t("rounds.fund_ideas"))
    st.caption(t("rounds.amounts_help"))
    edited = st.data_editor(
        frame,
        num_rows="fixed",
        hide_index=True,
        key="new_round_amounts",
        disabled=[idea],
        column_config={
            take: st.column_config.CheckboxColumn(
                take, width="small", help=t("rounds.col.take_help")
            ),
            amount: st.column_config.TextColumn(amount, width="small"),
            idea: st.column_config.TextColumn(idea, width="large"),
        },
    )
    return [
        (c.id, bool(row[take]), "" if _missing(row[amount]) else str(row[amount]))
        for c, row in zip(candidates, edited.to_dict("records"), strict=True)
    ]


class BadAmount(ValueError):
    def __init__(self, idea_id: int, text: str) -> None:
        super().__init__(text)
        self.idea_id, self.text = idea_id, text


def euro_cents(text: str) -> int | None:
    """An amount typed in euros as cents; None when empty; ValueError when unreadable.
    German and English notation both work.

    >>> [euro_cents(x) for x in ["1.200", "1.200,50 €", "1200.5", "1,200.50", " 80 ", ""]]
    [120000, 120050, 120050, 120050, 8000, None]
    >>> euro_cents("zwölf")
    Traceback (most recent call last):
    ...
    ValueError: zwölf
    """
    clean = text.replace("€", "").replace(" ", "").replace("\xa0", "").strip()
    if not clean:
        return None
    if "," in clean and "." in clean:  # the later mark is the decimal one
        decimal, thousands = (",", ".") if clean.rfind(",") > clean.rfind(".") else (".", ",")
        clean = clean.replace(thousands, "").replace(decimal, ".")
    elif "," in clean:
        clean = clean.replace(",", ".")
    elif clean.count(".") == 1 and len(clean.split(".")[1]) == 3:
        clean = clean.replace(".", "")  # "1.200" is twelve hundred euros
    try:
        value = Decimal(clean)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return int((value * 100).to_integral_value(ROUND_HALF_UP))


def fund_requests(rows: list[FundRow]) -> tuple[list[int], dict[int, int]]:
    """The ticked ideas and their amounts in cents (an empty amount is left out, so the
    domain names the idea whose amount is missing); raises BadAmount."""
    ideas: list[int] = []
    requested: dict[int, int] = {}
    for idea_id, taken, text in rows:
        if not taken:
            continue
        ideas.append(idea_id)
        try:
            cents = euro_cents(text)
        except ValueError:
            raise BadAmount(idea_id, text) from None
        if cents is not None:
            requested[idea_id] = cents
    return ideas, requested

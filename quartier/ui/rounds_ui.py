"""Shared parts of the "Priorisierung" page: which Quartier, which round, the ideas'
texts, and the transparent result (table, tie note, chart, CSV).

Who sees what: staff of the Quartier see every round; members see the rounds of their
working groups and the rounds whose voter list (or fund jury) names them. The live
result of an open round ("Zwischenstand") is for staff only — members see the result
once the round is closed, so early votes do not steer later ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import streamlit as st
from babel.numbers import format_currency, format_decimal, get_decimal_symbol, get_group_symbol

from quartier.auth import Action, can
from quartier.errors import NotFoundError, PermissionDenied
from quartier.i18n import DISPLAY_TZ, LANGUAGES, Translator
from quartier.ideas import WorkingGroup, group_ideas, list_groups, public_idea
from quartier.prioritisation import (
    IdeaResult,
    Method,
    Outcome,
    Reason,
    Round,
    RoundResult,
    list_rounds,
)
from quartier.quartiers import Quartier
from quartier.round_charts import ScoreBar, score_bars
from quartier.survey_charts import csv_bytes
from quartier.ui.components import linked_pick, plain, show_linked
from quartier.ui.router import PageContext
from quartier.ui.survey_pages import own_quartier

ROUND_PARAM = "round"
ROUND_KEY = "rounds_pick"  # the round picker
TIE_BACKGROUND = "background-color: rgba(230, 159, 0, 0.22)"
CHOSEN_BACKGROUND = "background-color: rgba(11, 110, 79, 0.12)"


@dataclass(frozen=True)
class IdeaText:
    title: str
    description: str


@dataclass(frozen=True)
class RoundEntry:
    round: Round
    group_name: str


# --- formatting -------------------------------------------------------------------------


def euros(t: Translator, cents: int | None) -> str:
    """An amount in the reader's locale; empty for None."""
    if cents is None:
        return ""
    return str(format_currency(cents / 100, "EUR", locale=_locale(t)))


def when(t: Translator, moment: datetime) -> str:
    """A moment in Berlin time, e.g. "05.03.2026 18:00 Uhr"."""
    local = moment.astimezone(DISPLAY_TZ) if moment.tzinfo else moment
    return t("rounds.when", day=t.date(local.date()), time=local.strftime("%H:%M"))


def number(t: Translator, value: float) -> str:
    """A score with two decimals in the reader's locale, e.g. "2,33"."""
    return str(format_decimal(value, format="#,##0.00", locale=_locale(t)))


def _locale(t: Translator) -> str:
    return LANGUAGES[t.code].babel_locale


def separators(t: Translator) -> str:
    """Plotly's decimal and thousands marks for the reader's locale."""
    return get_decimal_symbol(_locale(t)) + get_group_symbol(_locale(t))


def state_text(t: Translator, rnd: Round) -> str:
    if not rnd.is_open:
        return t("rounds.state.closed")
    return t("rounds.state.open") if rnd.accepts_ballots() else t("rounds.state.expired")


def method_name(t: Translator, method: Method) -> str:
    return t(f"prioritisation.method.{method.value}")


# --- which Quartier, which round ----------------------------------------------------------


def choose_quartier(ctx: PageContext, key: str) -> Quartier:
    """The Quartiere this account works in; stops the page when there is none."""
    return own_quartier(ctx, key, "my_quartier.none")


def visible_rounds(ctx: PageContext, quartier: Quartier) -> list[RoundEntry]:
    """The rounds this account may see, open ones first, then newest first."""
    groups: dict[int, WorkingGroup] = {
        g.id: g for g in list_groups(ctx.db, quartier.id, include_archived=True)
    }
    entries = []
    for rnd in list_rounds(ctx.db, quartier.id):
        group = groups.get(rnd.group_id)
        if group is None:
            continue
        if can(ctx.user, Action.VIEW_GROUP, group) or can(ctx.user, Action.VOTE_IN_ROUND, rnd):
            entries.append(RoundEntry(rnd, group.name))
    return sorted(entries, key=lambda e: not e.round.is_open)  # stable: newest first stays


def round_label(t: Translator, entry: RoundEntry) -> str:
    """The picker's label: without the round's state, which closing changes (see
    ``linked_pick``)."""
    rnd = entry.round
    return t(
        "rounds.label",
        title=rnd.title,
        group=entry.group_name,
        method=method_name(t, rnd.method),
        closes=when(t, rnd.closes_at),
    )


def choose_round(ctx: PageContext, entries: Sequence[RoundEntry], key: str) -> RoundEntry:
    """A round picker that follows ``?round=ID`` (e.g. right after opening one)."""
    by_id = {e.round.id: e for e in entries}
    return linked_pick(ctx.t("rounds.choose"), by_id, key, ROUND_PARAM,
                       lambda i: round_label(ctx.t, by_id[i]))  # fmt: skip


def show_round(round_id: int, key: str) -> None:
    """Let ``choose_round`` pick ``round_id`` on the next run."""
    show_linked(ROUND_PARAM, round_id, key)


# --- the round's ideas ------------------------------------------------------------------


def round_ideas(ctx: PageContext, rnd: Round) -> dict[int, IdeaText]:
    """Title and description of each idea of the round, in the round's order."""
    found: dict[int, IdeaText] = {}
    try:
        for idea in group_ideas(ctx.db, ctx.user, rnd.group_id):
            found[idea.id] = IdeaText(idea.title, idea.description)
    except (NotFoundError, PermissionDenied):
        pass  # a jury member from outside the group: read the ideas one by one below
    texts = {}
    for idea_id in rnd.idea_ids:
        if idea_id not in found:
            try:
                idea = public_idea(ctx.db, idea_id)
            except NotFoundError:
                found[idea_id] = IdeaText(f"#{idea_id}", "")
            else:
                found[idea_id] = IdeaText(idea.title, idea.description)
        texts[idea_id] = found[idea_id]
    return texts


def idea_heading(t: Translator, text: IdeaText) -> None:
    """An idea's title in bold and its description folded away."""
    st.markdown(f"**{plain(text.title)}**")
    if text.description:
        with st.expander(t("rounds.description")):
            st.text(text.description)


# --- the round at a glance ----------------------------------------------------------------


def rule_text(t: Translator, rnd: Round) -> str:
    """How the round decides, in words."""
    if rnd.method is Method.DOTS:
        return t(
            "rounds.rule.punkte",
            dots=rnd.dots_per_member,
            max=rnd.max_dots_per_idea,
            winners=rnd.winners,
        )
    if rnd.method is Method.CRITERIA:
        return t("rounds.rule.kriterien", winners=rnd.winners)
    if rnd.method is Method.RANKING:
        return t("rounds.rule.rangfolge", top=len(rnd.idea_ids) - 1, winners=rnd.winners)
    jury = len(rnd.voter_ids)
    return t(
        "rounds.rule.aktionsfonds",
        majority=jury // 2 + 1,
        jury=jury,
        budget=euros(t, rnd.budget_cents),
        cap=euros(t, rnd.cap_cents),
    )


def round_overview(ctx: PageContext, entry: RoundEntry) -> None:
    t, rnd = ctx.t, entry.round
    st.subheader(plain(rnd.title), anchor=False)
    st.caption(
        t(
            "rounds.facts",
            group=plain(entry.group_name),
            method=method_name(t, rnd.method),
            closes=when(t, rnd.closes_at),
            state=state_text(t, rnd),
        )
    )
    st.markdown(rule_text(t, rnd))
    if rnd.method is Method.CRITERIA:
        st.markdown(
            t(
                "rounds.criteria_list",
                criteria="; ".join(
                    criterion_label(t, c.name, c.weight, c.is_inverted) for c in rnd.criteria
                ),
            )
        )


def criterion_label(t: Translator, name: str, weight: float, inverted: bool) -> str:
    text = t("rounds.criterion", name=plain(name), weight=t.number(weight))
    return f"{text} {t('rounds.inverted')}" if inverted else text


# --- the result ---------------------------------------------------------------------------


def _score_columns(t: Translator, rnd: Round, r: IdeaResult) -> dict[str, object]:
    if rnd.method is Method.DOTS:
        return {t("rounds.col.dots"): int(r.score)}
    if rnd.method is Method.RANKING:
        return {t("rounds.col.borda"): int(r.score)}
    if rnd.method is Method.CRITERIA:
        return {
            t("rounds.col.mean"): number(t, r.score) if r.spread is not None else "–",
            t("rounds.col.spread"): number(t, r.spread) if r.spread is not None else "–",
        }
    return {
        t("rounds.col.yes"): r.yes,
        t("rounds.col.no"): r.no,
        t("rounds.col.abstain"): r.abstain,
        t("rounds.col.requested"): euros(t, r.requested_cents),
    }


def reason_text(t: Translator, r: IdeaResult) -> str:
    text = t(f"prioritisation.reason.{r.reason.value}")
    if r.note:
        text = t("rounds.reason_with_note", reason=text, note=r.note)
    return text


def result_rows(
    t: Translator, result: RoundResult, ideas: dict[int, IdeaText]
) -> list[dict[str, object]]:
    rnd = result.round
    return [
        {
            t("rounds.col.rank"): r.rank,
            t("rounds.col.idea"): ideas[r.idea_id].title if r.idea_id in ideas else f"#{r.idea_id}",
            **_score_columns(t, rnd, r),
            t("rounds.col.outcome"): t(f"prioritisation.outcome.{r.outcome.value}"),
            t("rounds.col.reason"): reason_text(t, r),
        }
        for r in result.results
    ]


def _highlight(outcomes: list[Outcome]):  # type: ignore[no-untyped-def]
    def style(row: pd.Series) -> list[str]:
        outcome = outcomes[int(str(row.name))]
        colour = {Outcome.TIE: TIE_BACKGROUND, Outcome.CHOSEN: CHOSEN_BACKGROUND}.get(outcome, "")
        return [colour] * len(row)

    return style


def _whole(value: float) -> str:
    return str(round(value))


def _axis_title(t: Translator, method: Method) -> str:
    return t(f"rounds.axis.{method.value}")


def result_section(ctx: PageContext, result: RoundResult, ideas: dict[int, IdeaText]) -> None:
    """Who could vote, how many did, the table per idea, ties, the chart and its CSV."""
    t, rnd = ctx.t, result.round
    if result.is_final:
        st.subheader(t("rounds.result"), anchor=False)
    else:
        st.subheader(t("rounds.preview"), anchor=False)
        st.caption(t("rounds.preview_help"))
    st.markdown(t("rounds.turnout", voted=result.voted, eligible=result.eligible))
    st.caption(t("rounds.eligible", names=plain(", ".join(result.voter_names))))
    if rnd.method is Method.FUND and result.remaining_cents is not None:
        st.caption(
            t(
                "rounds.fund_facts",
                budget=euros(t, rnd.budget_cents),
                cap=euros(t, rnd.cap_cents),
                remaining=euros(t, result.remaining_cents),
            )
        )
    tied = [r for r in result.results if r.outcome is Outcome.TIE]
    if tied:
        tied_names = ", ".join(f"„{plain(ideas[r.idea_id].title)}“" for r in tied)
        who = t("rounds.who.jury") if rnd.method is Method.FUND else t("rounds.who.group")
        st.warning(t("rounds.tie_note", ideas=tied_names, who=who), icon=":material/balance:")
    rows = result_rows(t, result, ideas)
    if not rows:
        return
    frame = pd.DataFrame(rows)
    outcomes = [r.outcome for r in result.results]
    st.dataframe(frame.style.apply(_highlight(outcomes), axis=1), hide_index=True)
    bars = [
        ScoreBar(f"{r.rank}. {ideas[r.idea_id].title}", r.score, r.outcome) for r in result.results
    ]
    names = {o: t(f"prioritisation.outcome.{o.value}") for o in Outcome}
    figure = score_bars(
        bars,
        axis_title=_axis_title(t, rnd.method),
        outcome_names=names,
        number=(lambda v: number(t, v)) if rnd.method is Method.CRITERIA else _whole,
        separators=separators(t),
        integer=rnd.method is not Method.CRITERIA,
    )
    st.plotly_chart(figure, config={"displayModeBar": False, "responsive": True})
    headers = list(rows[0])
    st.download_button(
        t("rounds.download_csv"),
        csv_bytes(headers, [list(row.values()) for row in rows]),
        file_name=f"runde-{rnd.id}.csv",
        mime="text/csv",
        icon=":material/download:",
        key=f"round_csv_{rnd.id}",
    )


def chosen_results(result: RoundResult) -> list[IdeaResult]:
    return [r for r in result.results if r.outcome is Outcome.CHOSEN]


def tie_results(result: RoundResult) -> list[IdeaResult]:
    """Ideas tied at the cut, decided or not (a decision can be corrected)."""
    return [r for r in result.results if r.outcome is Outcome.TIE or r.reason is Reason.SETTLED]

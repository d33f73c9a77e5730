"""The dashboard page's pieces: the period picker, the KPI tiles, one section per chart
(figure, CSV download) and the honest empty state.

Every number comes from ``quartier.dashboard`` with groups below the Quartier's k already
hidden in the SQL; this module only picks, labels and lays out. The population shares
the language reach is measured against are entered here too (one form, one call).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from babel.dates import format_date

from quartier import dashboard_charts as charts
from quartier.auth import User
from quartier.dashboard import (
    DIMENSIONS,
    idea_funnel,
    language_reach,
    network_growth,
    participation,
)
from quartier.dashboard.model import Kpi, KpiValue, Period, PeriodKind, trend_window
from quartier.events import population_shares, set_population_shares
from quartier.events.model import LANGUAGES, OTHER_LANGUAGE, SHARE_TOLERANCE, language_name
from quartier.i18n import Translator, berlin_today
from quartier.quartiers import Quartier
from quartier.storage import Database
from quartier.survey_charts import csv_bytes
from quartier.ui.components import plain, run_action
from quartier.ui.network_ui import on_phone

#: Plotly's tool bar is clutter on a phone; zoom and pan still work by gesture.
PLOTLY_CONFIG = {"displayModeBar": False, "displaylogo": False}
#: How far back the period picker reaches, per kind (the current period first).
PERIODS_BACK = {PeriodKind.MONTH: 36, PeriodKind.QUARTER: 12, PeriodKind.YEAR: 6}
#: Pixels per legend line: on a phone the legend takes one line per group above the chart.
PHONE_LEGEND_LINE = 22

#: Always offered in the population form: the languages of the resident pages.
FORM_LANGUAGES = ("de", "tr", "ar", "ru", "uk", "pl", "en")


# --- Periods -------------------------------------------------------------------------------------


def month_name(t: Translator, day: date) -> str:
    """``Mai 2026`` / ``May 2026``."""
    return str(format_date(day, "LLLL y", locale=t.language.babel_locale))


def period_name(t: Translator, period: Period) -> str:
    """The period as a reader says it: ``Mai 2026``, ``2. Quartal 2026``, ``2026``."""
    if period.kind is PeriodKind.MONTH:
        return month_name(t, period.start)
    if period.kind is PeriodKind.QUARTER:
        quarter = (period.start.month - 1) // 3 + 1
        return t("dashboard.period.quarter_name", quarter=quarter, year=period.start.year)
    return str(period.start.year)


def period_choices(kind: PeriodKind, day: date) -> list[Period]:
    """The periods of ``kind`` the picker offers, the one containing ``day`` first.

    >>> [p.label for p in period_choices(PeriodKind.QUARTER, date(2026, 5, 2))][:3]
    ['Q2 2026', 'Q1 2026', 'Q4 2025']
    """
    periods = [Period.of(kind, day)]
    while len(periods) < PERIODS_BACK[kind]:
        periods.append(periods[-1].previous())
    return periods


def choose_period(t: Translator, key: str, day: date | None = None) -> Period:
    """Kind (Monat/Quartal/Jahr) and which one; the current period by default."""
    kind_column, period_column = st.columns([1, 1], vertical_alignment="bottom")
    with kind_column:
        kind = st.segmented_control(
            t("dashboard.period_kind"),
            [k.value for k in PeriodKind],
            format_func=lambda k: t(f"dashboard.period_kind.{k}"),
            default=PeriodKind.MONTH.value,
            required=True,
            key=f"{key}_kind",
        )
    chosen_kind = PeriodKind(kind or PeriodKind.MONTH.value)
    by_start = {p.start.isoformat(): p for p in period_choices(chosen_kind, day or berlin_today())}
    start = period_column.selectbox(
        t(f"dashboard.which.{chosen_kind.value}"),
        list(by_start),
        format_func=lambda s: period_name(t, by_start[s]),
        key=f"{key}_{chosen_kind.value}",
    )
    return by_start[str(start)]


# --- KPI tiles -----------------------------------------------------------------------------------


def signed(t: Translator, change: int) -> str | int:
    """The change for ``st.metric``: ``+12`` / ``-3`` with German separators; a zero
    stays the number 0, which Streamlit draws grey without an arrow."""
    if change == 0:
        return 0
    return ("+" if change > 0 else "-") + t.number(abs(change))


def kpi_tiles(t: Translator, values: Sequence[KpiValue], period: Period) -> None:
    """One tile per KPI with its change against the previous period. The tiles share
    each row (four on a laptop) and wrap, one per row on a phone."""
    previous = period_name(t, period.previous())
    with st.container(horizontal=True, gap="small"):
        for value in values:
            st.metric(
                t(f"dashboard.kpi.{value.kpi.value}"),
                t.number(value.value),
                delta=signed(t, value.change),
                delta_description=t(f"dashboard.vs_previous.{period.kind.value}"),
                help=t(f"dashboard.kpi_help.{value.kpi.value}"),
                border=True,
                height="stretch",  # tiles in a row share the row and its height
            )
    st.caption(t("dashboard.kpi_caption", period=period_name(t, period), previous=previous))


#: Standing figures: an active network alone is no participation in a period.
STANDING = (Kpi.ACTIVE_ACTORS, Kpi.ACTIVE_TIES)


def has_activity(values: Sequence[KpiValue]) -> bool:
    """Whether anything happened in the period (people reached, events, responses,
    ideas, measures) — the network's state alone does not count."""
    return any(v.value for v in values if v.kpi not in STANDING)


def empty_state(t: Translator, quartier: Quartier, period: Period) -> None:
    """A period without any data: say so, and where data comes from."""
    st.info(
        t("dashboard.empty", period=period_name(t, period), quartier=plain(quartier.name)),
        icon=":material/info:",
    )
    left, right = st.columns(2)
    left.page_link("pages/events.py", label=t("dashboard.to_events"),
                   icon=":material/celebration:")  # fmt: skip
    right.page_link("pages/offerings.py", label=t("dashboard.to_offerings"),
                    icon=":material/volunteer_activism:")  # fmt: skip


def suppression_note(t: Translator, k: int) -> None:
    st.caption(t("dashboard.suppression_note", k=k))


# --- Charts and their data ------------------------------------------------------------------------


def csv_of(frame: pd.DataFrame) -> bytes:
    """A table as CSV (missing cells blank, formula-like text neutralised)."""
    rows = [[None if _missing(v) else v for v in row] for row in frame.itertuples(index=False)]
    return csv_bytes([str(c) for c in frame.columns], rows)


def readable(t: Translator, frame: pd.DataFrame) -> pd.DataFrame:
    """A table for the screen: numbers with German separators, "verborgen" as it is, gaps
    as a dash (one text type per column, which Arrow needs)."""

    def cell(value: object) -> str:
        if _missing(value):
            return "–"
        if isinstance(value, int | float) and not isinstance(value, bool):
            return t.number(value)
        return str(value)

    return frame.map(cell)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)  # NaN


def chart_with_data(
    figure: go.Figure, frame: pd.DataFrame, file_name: str, key: str, t: Translator
) -> None:
    """The figure, then a download of exactly its data."""
    if on_phone() and figure.layout.showlegend and len(figure.data) > 2:
        # The legend's lines would squeeze the chart to a strip: grow the figure instead.
        height = int(figure.layout.height or 360) + PHONE_LEGEND_LINE * len(figure.data)
        figure = go.Figure(figure).update_layout(height=height)
    st.plotly_chart(figure, key=f"{key}_chart", config=PLOTLY_CONFIG, width="stretch")
    st.download_button(
        t("dashboard.download_csv"),
        csv_of(frame),
        file_name=f"{file_name}.csv",
        mime="text/csv",
        key=f"{key}_download",
        on_click="ignore",
        icon=":material/download:",
        type="tertiary",
    )


def period_slug(period: Period) -> str:
    """The period in a file name.

    >>> [period_slug(Period.of(k, date(2026, 5, 2))) for k in PeriodKind]
    ['2026-05', '2026-q2', '2026']
    """
    if period.kind is PeriodKind.MONTH:
        return period.start.strftime("%Y-%m")
    if period.kind is PeriodKind.QUARTER:
        return f"{period.start.year}-q{(period.start.month - 1) // 3 + 1}"
    return str(period.start.year)


def file_stem(quartier: Quartier, period: Period, name: str) -> str:
    """``dashboard-nord-2026-05-teilnahme-channel``."""
    return f"dashboard-{quartier.slug}-{period_slug(period)}-{name}"


def window_caption(t: Translator, period: Period) -> None:
    window = trend_window(period)
    last = window.end - timedelta(days=1)
    st.caption(t("dashboard.window", start=month_name(t, window.start), end=month_name(t, last)))


def participation_section(
    db: Database, t: Translator, quartier: Quartier, period: Period, k: int
) -> None:
    """Participation per month by one dimension at a time."""
    dimension = st.segmented_control(
        t("dashboard.dimension"),
        list(DIMENSIONS),
        format_func=lambda d: t(f"dashboard.dimension.{d}"),
        default=DIMENSIONS[0],
        required=True,
        key=f"dashboard_dimension_{quartier.id}",
    )
    dimension = str(dimension or DIMENSIONS[0])
    breakdown = participation(db, quartier.id, period, dimension, k)
    window_caption(t, period)
    if breakdown.is_empty:
        st.info(t("dashboard.participation_empty"), icon=":material/info:")
        return
    labels = charts.group_labels(dimension, {code for _, code, _ in breakdown.rows}, t)
    chart_with_data(
        charts.participation_figure(breakdown, t, labels),
        charts.breakdown_table(breakdown, t, labels),
        file_stem(quartier, period, f"teilnahme-{dimension}"),
        f"dashboard_participation_{dimension}",
        t,
    )
    suppression_note(t, k)


def reach_section(
    db: Database, t: Translator, quartier: Quartier, period: Period, k: int
) -> list[str]:
    """Reached languages against the population shares (figure, table, download);
    returns the languages reached in the period."""
    reach = language_reach(db, quartier.id, period, k)
    if not reach.total_reached:
        st.info(t("dashboard.reach_empty", period=period_name(t, period)),
                icon=":material/info:")  # fmt: skip
    else:
        frame = charts.reach_table(reach, t)
        chart_with_data(charts.reach_figure(reach, t), frame,
                        file_stem(quartier, period, "sprachen"), "dashboard_reach", t)  # fmt: skip
        st.dataframe(readable(t, frame), hide_index=True, width="stretch")
        st.caption(t("dashboard.reach_help"))
        suppression_note(t, k)
    if not reach.has_population:
        st.warning(t("dashboard.shares_missing"), icon=":material/edit_note:")
    return [row.language for row in reach.rows if row.reached]


def funnel_section(db: Database, t: Translator, quartier: Quartier, period: Period) -> None:
    steps = idea_funnel(db, quartier.id, period)
    if not steps or not steps[0].ideas:
        st.info(t("dashboard.funnel_empty", period=period_name(t, period)),
                icon=":material/info:")  # fmt: skip
        return
    chart_with_data(charts.funnel_figure(steps, t), charts.funnel_table(steps, t),
                    file_stem(quartier, period, "ideen"), "dashboard_funnel", t)  # fmt: skip
    st.caption(t("dashboard.funnel_help", period=period_name(t, period)))


def growth_section(db: Database, t: Translator, quartier: Quartier, period: Period) -> None:
    points = network_growth(db, quartier.id, period)
    if not any(p.actors or p.ties for p in points):
        st.info(t("dashboard.growth_empty"), icon=":material/info:")
        st.page_link("pages/network.py", label=t("nav.network"), icon=":material/hub:")
        return
    window_caption(t, period)
    chart_with_data(charts.growth_figure(points, t), charts.growth_table(points, t),
                    file_stem(quartier, period, "netzwerk"), "dashboard_growth", t)  # fmt: skip


# --- Population shares ---------------------------------------------------------------------------


def language_label(t: Translator, code: str) -> str:
    return t("language.other") if code == OTHER_LANGUAGE else language_name(code, t.code)


def form_languages(
    stored: Sequence[str], reached: Sequence[str], extra: Sequence[str]
) -> list[str]:
    """The languages the form asks for: stored ones, reached ones, the resident pages'
    languages and the chosen extra ones, each once, "andere" last.

    >>> form_languages(["tr", "andere"], ["bg"], ["ro"])
    ['tr', 'bg', 'de', 'ar', 'ru', 'uk', 'pl', 'en', 'ro', 'andere']
    """
    codes = dict.fromkeys([*stored, *reached, *FORM_LANGUAGES, *extra])
    codes.pop(OTHER_LANGUAGE, None)
    return [*codes, OTHER_LANGUAGE]


def shares_form(
    db: Database, user: User, t: Translator, quartier: Quartier, reached: Sequence[str]
) -> None:
    """The current population shares (source, year) and a form to replace them."""
    current = population_shares(db, quartier.id)
    stored = current.shares if current else {}
    if current:
        st.caption(
            t("dashboard.shares_source_line", source=plain(current.source or "–"),
              year=current.as_of_year or "–")
        )  # fmt: skip
    key = f"dashboard_shares_{quartier.id}"
    with st.expander(t("dashboard.shares_expander"), icon=":material/edit_note:",
                     expanded=current is None):  # fmt: skip
        st.caption(t("dashboard.shares_help", tolerance=t.number(SHARE_TOLERANCE)))
        listed = form_languages(list(stored), [c for c in reached if c in LANGUAGES], [])
        extra = st.multiselect(
            t("dashboard.shares_more"),
            [c for c in LANGUAGES if c not in listed],
            format_func=lambda c: language_label(t, c),
            placeholder=t("dashboard.shares_more_placeholder"),
            key=f"{key}_extra",
        )
        codes = form_languages(listed[:-1], [], extra)
        with st.form(key, border=False):
            entered: dict[str, float | None] = {}
            for row in range(0, len(codes), 3):  # rows of three keep the order on a phone
                for column, code in zip(st.columns(3), codes[row : row + 3], strict=False):
                    entered[code] = column.number_input(
                        t("dashboard.share_label", language=language_label(t, code)),
                        min_value=0.0,
                        max_value=100.0,
                        value=float(stored.get(code, 0.0)),
                        step=0.5,
                        format="%.1f",
                        key=f"{key}_{code}",
                    )
            source_column, year_column = st.columns([2, 1])
            source = source_column.text_input(
                t("dashboard.shares_source"), value=current.source if current else "",
                max_chars=200, key=f"{key}_source",
            )  # fmt: skip
            year = year_column.number_input(
                t("dashboard.shares_year"), min_value=1990, max_value=2100, step=1,
                value=current.as_of_year if current else None, key=f"{key}_year",
            )  # fmt: skip
            submitted = st.form_submit_button(t("dashboard.shares_save"), type="primary")
        if submitted:  # the error shows under the form
            shares = {code: float(v) for code, v in entered.items() if v}
            run_action(
                t,
                lambda: set_population_shares(
                    db, user, quartier.id, shares, source.strip(), int(year) if year else None
                ),
                t("dashboard.shares_saved"),
            )

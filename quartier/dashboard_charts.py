"""Plotly figures and tables of the coordinator dashboard: data in, figure or table out.

No Streamlit, no database. Small groups arrive hidden (None) from the SQL: a hidden
cell has no bar in a figure, and the table shows "verborgen" instead. Group colours follow a
fixed order per dimension (channels, event types, the language list), so a group keeps
its colour whichever others appear. Every text from users (working-group names) is
escaped, because plotly reads a little HTML. The figures have no widgets, so they render
as static images too (the yearly report).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date

from quartier.charts import BRAND
from quartier.dashboard.model import Breakdown, FunnelStep, GrowthPoint, Reach
from quartier.dashboard.participation import OFFERINGS_GROUP
from quartier.events.model import LANGUAGES, OTHER_LANGUAGE, EventType, language_name
from quartier.i18n import Translator
from quartier.survey_charts import GROUP_COLOURS, NEUTRAL, label

CHANNELS: tuple[str, ...] = ("online", "qr", "kiosk", "papier")
POPULATION_COLOUR = NEUTRAL
TIES_COLOUR = GROUP_COLOURS[1]
#: Enough distinct colours for the longest fixed order (20 languages and "andere").
COLOURS = GROUP_COLOURS + (
    "#8c564b", "#bcbd22", "#17becf", "#9467bd", "#e377c2", "#393b79", "#637939",
    "#843c39", "#7b4173", "#3182bd", "#31a354", "#756bb1", "#636363", "#e7ba52",
)  # fmt: skip
HEIGHT = 360


def _canonical(dimension: str) -> tuple[str, ...]:
    if dimension == "channel":
        return CHANNELS
    if dimension == "event_type":
        return (*(e.value for e in EventType), OFFERINGS_GROUP)
    if dimension == "language":
        return (*LANGUAGES, OTHER_LANGUAGE)
    return ()


def group_order(dimension: str, codes: Iterable[str]) -> list[str]:
    """``codes`` in the dimension's fixed order, unknown ones (and group names) after
    them alphabetically.

    >>> group_order("channel", ["papier", "online"]), group_order("working_group", ["b", "a"])
    (['online', 'papier'], ['a', 'b'])
    """
    order = {code: i for i, code in enumerate(_canonical(dimension))}
    return sorted(set(codes), key=lambda c: (order.get(c, len(order)), c.casefold(), c))


def group_colour(dimension: str, code: str, position: int) -> str:
    """A group's colour: by its place in the fixed order, else by its place in the chart."""
    canonical = _canonical(dimension)
    index = canonical.index(code) if code in canonical else position
    return COLOURS[index % len(COLOURS)]


def group_labels(dimension: str, codes: Iterable[str], t: Translator) -> dict[str, str]:
    """Readable names of the groups, in the dimension's order: channel and event type
    names from the catalogue, language names in the reader's language, working groups
    as they are named (plain text; escaped where drawn)."""

    def name(code: str) -> str:
        if dimension == "channel":
            return t(f"channel.{code}")
        if dimension == "event_type":
            return (
                t("dashboard.group.angebote")
                if code == OFFERINGS_GROUP
                else t(f"event_type.{code}")
            )
        if dimension == "language":
            return language_label(code, t)
        return code

    return {code: name(code) for code in group_order(dimension, codes)}


def language_label(code: str, t: Translator) -> str:
    return t("language.other") if code == OTHER_LANGUAGE else language_name(code, t.code)


def month_label(month: date, t: Translator) -> str:
    """A month as the reader says it, e.g. "März 2026" or "Jan. 2026"."""
    return str(format_date(month, "MMM yyyy", locale=t.language.babel_locale))


def _percent(value: float, t: Translator) -> str:
    return f"{t.number(round(value, 1))} %"


def _hidden(k: int, t: Translator) -> str:
    return t("dashboard.chart.hidden", k=k)


def _layout(figure: go.Figure, *, legend: bool, **extra: Any) -> go.Figure:
    figure.update_layout(
        height=HEIGHT,
        margin={"l": 8, "r": 24, "t": 40 if legend else 16, "b": 8},
        plot_bgcolor="rgba(0,0,0,0)",
        paper_bgcolor="rgba(0,0,0,0)",
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "title": None},
        hoverlabel={"align": "left"},
        **extra,
    )
    return figure


def _axis(title: str, **extra: Any) -> dict[str, Any]:
    return {"title": {"text": label(title, 40), "font": {"size": 12}}, "fixedrange": True,
            "gridcolor": "#e5e5e5", "rangemode": "tozero", **extra}  # fmt: skip


def _empty(figure: go.Figure, t: Translator) -> None:
    figure.add_annotation(x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                          text=label(t("dashboard.chart.no_data"), 60))  # fmt: skip


# --- participation --------------------------------------------------------------------


def participation_figure(
    b: Breakdown, t: Translator, labels: Mapping[str, str] | None = None
) -> go.Figure:
    """Stacked monthly columns, one trace per group (fixed colours); hidden cells have
    no column part. ``labels``: group code → name (default :func:`group_labels`)."""
    names = (
        dict(labels)
        if labels is not None
        else group_labels(b.dimension, (c for _, c, _ in b.rows), t)
    )
    months = [m for m, _ in b.totals] or sorted({m for m, _, _ in b.rows})
    x = [month_label(m, t) for m in months]
    cells = {(m, c): n for m, c, n in b.rows}
    figure = go.Figure()
    for position, code in enumerate(group_order(b.dimension, (c for _, c, _ in b.rows))):
        values = [cells.get((m, code)) for m in months]
        name = label(names.get(code, code), 40)
        figure.add_bar(
            x=x,
            y=values,
            name=name,
            marker_color=group_colour(b.dimension, code, position),
            hovertemplate="%{x}: %{y}<extra>" + name + "</extra>",
        )
    if b.is_empty:
        _empty(figure, t)
    return _layout(figure, legend=bool(b.rows), barmode="stack", bargap=0.25,
                   xaxis={"type": "category", "fixedrange": True},
                   yaxis=_axis(t("dashboard.chart.count")))  # fmt: skip


def breakdown_table(
    b: Breakdown, t: Translator, labels: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """One row per month, one column per group and the total; hidden cells "verborgen"."""
    names = (
        dict(labels)
        if labels is not None
        else group_labels(b.dimension, (c for _, c, _ in b.rows), t)
    )
    codes = group_order(b.dimension, (c for _, c, _ in b.rows))
    cells = {(m, c): n for m, c, n in b.rows}
    hidden = _hidden(b.k, t)
    records = []
    for month, total in b.totals:
        record: dict[str, object] = {t("dashboard.chart.month"): month_label(month, t)}
        for code in codes:
            n = cells.get((month, code))
            record[names.get(code, code)] = hidden if n is None else n
        record[t("dashboard.chart.total")] = hidden if total is None else total
        records.append(record)
    columns = [t("dashboard.chart.month"), *(names.get(c, c) for c in codes),
               t("dashboard.chart.total")]  # fmt: skip
    return pd.DataFrame(records, columns=columns)


# --- reach ----------------------------------------------------------------------------


def reach_figure(r: Reach, t: Translator) -> go.Figure:
    """Per language, its share of everyone reached next to its share of the population
    (horizontal bars, the largest population first; hidden counts have no bar)."""
    y = [label(language_label(row.language, t), 40) for row in r.rows]
    figure = go.Figure()
    figure.add_bar(
        x=[row.reached_share for row in r.rows],
        y=y,
        orientation="h",
        name=label(t("dashboard.chart.reached_share"), 40),
        marker_color=BRAND,
        text=["" if s is None else _percent(s, t) for s in (row.reached_share for row in r.rows)],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}: %{text}<extra></extra>",
    )
    if r.has_population:
        shares = [row.population_share for row in r.rows]
        figure.add_bar(
            x=shares,
            y=y,
            orientation="h",
            name=label(t("dashboard.chart.population_share"), 40),
            marker_color=POPULATION_COLOUR,
            text=["" if s is None else _percent(s, t) for s in shares],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    if not r.rows:
        _empty(figure, t)
    categories = {"automargin": True, "autorange": "reversed", "fixedrange": True}
    figure = _layout(figure, legend=r.has_population, barmode="group",
                     xaxis=_axis(t("dashboard.chart.share_axis"), ticksuffix=" %"),
                     yaxis=categories)  # fmt: skip
    figure.update_layout(height=max(HEIGHT, 60 + 34 * len(r.rows)))
    return figure


def reach_table(r: Reach, t: Translator) -> pd.DataFrame:
    """Language, reached ("verborgen" when hidden), shares in percent, ratio."""
    hidden = _hidden(r.k, t)

    def rounded(value: float | None, digits: int) -> float | None:
        return None if value is None else round(value, digits)

    return pd.DataFrame(
        [[language_label(row.language, t), hidden if row.reached is None else row.reached,
          rounded(row.reached_share, 1), rounded(row.population_share, 1),
          rounded(row.ratio, 2)] for row in r.rows],
        columns=[t("dashboard.chart.language"), t("dashboard.chart.reached"),
                 t("dashboard.chart.reached_share"), t("dashboard.chart.population_share"),
                 t("dashboard.chart.ratio")],
    )  # fmt: skip


# --- funnel and growth ----------------------------------------------------------------


def _funnel_share(steps: list[FunnelStep], n: int) -> float | None:
    first = steps[0].ideas if steps else 0
    return 100.0 * n / first if first else None


def funnel_figure(steps: list[FunnelStep], t: Translator) -> go.Figure:
    """The idea pipeline as a funnel, each step with its count and share of the submitted."""
    texts = []
    for step in steps:
        share = _funnel_share(steps, step.ideas)
        number = t.number(step.ideas)
        texts.append(number if share is None else f"{number} ({_percent(share, t)})")
    figure = go.Figure(
        go.Funnel(
            y=[label(t(f"dashboard.funnel.{s.stage}"), 30) for s in steps],
            x=[s.ideas for s in steps],
            text=texts,
            textinfo="text",
            marker={"color": BRAND},
            connector={"fillcolor": "#cfe3dc"},
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    if not any(s.ideas for s in steps):
        _empty(figure, t)
    return _layout(figure, legend=False, yaxis={"automargin": True, "fixedrange": True})


def funnel_table(steps: list[FunnelStep], t: Translator) -> pd.DataFrame:
    return pd.DataFrame(
        [[t(f"dashboard.funnel.{s.stage}"), s.ideas,
          None if (v := _funnel_share(steps, s.ideas)) is None else round(v, 1)]
         for s in steps],
        columns=[t("dashboard.chart.stage"), t("dashboard.chart.ideas"),
                 t("dashboard.chart.share_of_submitted")],
    )  # fmt: skip


def growth_figure(points: list[GrowthPoint], t: Translator) -> go.Figure:
    """Actors and ties at each month end, as two lines."""
    x = [t.date(p.month_end) for p in points]
    figure = go.Figure()
    for name, values, colour in (
        (t("dashboard.chart.actors"), [p.actors for p in points], BRAND),
        (t("dashboard.chart.ties"), [p.ties for p in points], TIES_COLOUR),
    ):
        shown = label(name, 40)
        figure.add_scatter(x=x, y=values, name=shown, mode="lines+markers",
                           line={"color": colour, "width": 3},
                           hovertemplate="%{x}: %{y}<extra>" + shown + "</extra>")  # fmt: skip
    if not any(p.actors or p.ties for p in points):
        _empty(figure, t)
    return _layout(figure, legend=True, xaxis={"type": "category", "fixedrange": True},
                   yaxis=_axis(t("dashboard.chart.count")))  # fmt: skip


def growth_table(points: list[GrowthPoint], t: Translator) -> pd.DataFrame:
    return pd.DataFrame(
        [[t.date(p.month_end), p.actors, p.ties] for p in points],
        columns=[t("dashboard.chart.day"), t("dashboard.chart.actors"), t("dashboard.chart.ties")],
    )

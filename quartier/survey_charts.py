"""Plotly figures of survey results: data in, ``go.Figure`` out (no Streamlit, no database).

A count that is not shown — below k, or hidden to protect one that is — arrives as
None and is drawn exactly like an empty one: no bar, no number, no other colour, so
nobody can tell "nobody" from "a few". Totals come with the data (from the SQL); they
are never added up here. Labels are escaped, because plotly reads a little HTML in
texts and survey labels come from coordinators and imported spreadsheets.
"""

from __future__ import annotations

import csv
import html
import io
import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from quartier.charts import BRAND
from quartier.surveys.exports import neutralise
from quartier.surveys.results import Counts

#: Formats a share in percent (0–100) for the reader, e.g. ``"42 %"``.
Percent = Callable[[float], str]
#: Formats a number for the reader, e.g. ``"2,5"``.
Number = Callable[[float], str]

#: Colours of the groups of a cross-tab (Okabe–Ito, readable with colour blindness).
GROUP_COLOURS = ("#0b6e4f", "#e69f00", "#0072b2", "#cc79a7", "#56b4e9", "#d55e00", "#009e73",
                 "#7f7f7f")  # fmt: skip
#: Likert scales: brown for the lower half, teal for the upper, grey in the middle.
LOWER = ("#8c510a", "#bf812d", "#dfc27d")
UPPER = ("#80cdc1", "#35978f", "#01665e")
NEUTRAL = "#bdbdbd"
ROW = 26  # pixels per bar
HEADROOM = 1.35
LIKERT_MIN_HEIGHT = 250  # room right of the longest bar for its number
WRAP = 28  # characters per label line
TITLE_WRAP = 34  # characters per axis title line (fits a 360-pixel phone)


@dataclass(frozen=True)
class Group:
    """One row of a breakdown: a label, a count per option (None: not shown) and the
    group's total (None: not shown)."""

    label: str
    counts: tuple[int | None, ...]
    total: int | None

    def share(self, index: int) -> float | None:
        """The option's share of the total in percent, None when either is not shown.

        >>> Group("", (3, None), 12).share(0), Group("", (3, None), 12).share(1)
        (25.0, None)
        """
        n = self.counts[index]
        if n is None or not self.total:
            return None
        return 100.0 * n / self.total


def groups_of(counts: Counts, codes: Sequence[str], labels: Mapping[str, str]) -> list[Group]:
    """The groups of ``counts`` in the order of ``labels`` (group code → label), each
    with its counts in the order of ``codes``."""
    return [
        Group(
            label,
            tuple(counts.cell(code, c) for c in codes),
            counts.totals.get(code),
        )
        for code, label in labels.items()
        if code in counts.totals
    ]


def label(text: str, width: int = WRAP) -> str:
    """``text`` as plotly shows it literally, long texts on several lines.

    >>> label("<b>Bänke</b> & Tische")
    '&lt;b&gt;Bänke&lt;/b&gt; &amp; Tische'
    >>> label("Internationales Kinderfest am Lindenplatz")
    'Internationales Kinderfest<br>am Lindenplatz'
    """
    lines = textwrap.wrap(text, width) or [""]
    return "<br>".join(html.escape(line, quote=False) for line in lines)


def _layout(figure: go.Figure, *, rows: float, legend: bool = False, **axes: Any) -> go.Figure:
    figure.update_layout(
        height=round(max(150, ROW * rows + (110 if legend else 80))),
        margin={"l": 8, "r": 64, "t": 40 if legend else 8, "b": 8},  # r: numbers past bars
        plot_bgcolor="rgba(0,0,0,0)",
        paper_bgcolor="rgba(0,0,0,0)",
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "title": None,
                "traceorder": "normal"},
        hoverlabel={"align": "left"},
        **axes,
    )  # fmt: skip
    return figure


def _axis_title(text: str) -> dict[str, Any]:
    return {"text": label(text, TITLE_WRAP), "font": {"size": 12}}


def _value_axis(title: str, **extra: Any) -> dict[str, Any]:
    return {"title": _axis_title(title), "rangemode": "tozero",
            "gridcolor": "#e5e5e5", "zeroline": True, "zerolinecolor": "#9e9e9e",
            "fixedrange": True, "nticks": 6, **extra}  # fmt: skip


def _category_axis(**extra: Any) -> dict[str, Any]:
    return {"automargin": True, "autorange": "reversed", "fixedrange": True, **extra}


def count_bars(
    options: Sequence[str],
    counts: Sequence[int | None],
    total: int | None,
    *,
    axis_title: str,
    percent: Percent,
) -> go.Figure:
    """Horizontal bars of counts, the first option on top, each labelled ``n (share)``.

    >>> fig = count_bars(["Ja", "Nein", "Weiß nicht"], [12, None, 7], 25, axis_title="Anzahl",
    ...                  percent=lambda p: f"{p:.0f} %")
    >>> list(fig.data[0].y), list(fig.data[0].x), list(fig.data[0].text)
    (['Ja', 'Nein', 'Weiß nicht'], [12, None, 7], ['12 (48 %)', '', '7 (28 %)'])
    """
    group = Group("", tuple(counts), total)
    texts = []
    for i, n in enumerate(counts):
        share = group.share(i)
        texts.append(
            "" if n is None else f"{n} ({percent(share)})" if share is not None else str(n)
        )
    figure = go.Figure(
        go.Bar(
            x=list(counts),
            y=[label(o) for o in options],
            orientation="h",
            marker_color=BRAND,
            text=texts,
            textposition="outside",
            constraintext="none",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    top = max((n for n in counts if n is not None), default=0)
    return _layout(figure, rows=len(options),
                   xaxis=_value_axis(axis_title, range=[0, max(1.0, top * HEADROOM)]),
                   yaxis=_category_axis())  # fmt: skip


def share_bars(
    options: Sequence[str],
    groups: Sequence[Group],
    *,
    axis_title: str,
    percent: Percent,
) -> go.Figure:
    """Horizontal bars of each option's share of its group's total (percent), one bar per
    group (a legend when there are several), the first option on top.

    >>> fig = share_bars(["Park", "Spielplatz"], [Group("Alle", (6, None), 8)],
    ...                  axis_title="Anteil", percent=lambda p: f"{p:.0f} %")
    >>> list(fig.data[0].x), list(fig.data[0].text)
    ([75.0, None], ['75 % (6)', ''])
    """
    figure = go.Figure()
    several = len(groups) > 1
    for g_index, group in enumerate(groups):
        shares = [group.share(i) for i in range(len(options))]
        texts = [
            "" if s is None else percent(s) if several else f"{percent(s)} ({group.counts[i]})"
            for i, s in enumerate(shares)
        ]
        details = [
            "" if s is None else f"{percent(s)} ({group.counts[i]} / {group.total})"
            for i, s in enumerate(shares)
        ]
        figure.add_bar(
            x=shares,
            y=[label(o) for o in options],
            name=label(group.label, 40),
            orientation="h",
            marker_color=GROUP_COLOURS[g_index % len(GROUP_COLOURS)] if several else BRAND,
            text=texts,
            textposition="outside",
            constraintext="none",
            textfont={"size": 11},
            cliponaxis=False,
            customdata=details,
            hovertemplate="%{y}: %{customdata}<extra>%{fullData.name}</extra>",
        )
    top = max((s for g in groups for i in range(len(options)) if (s := g.share(i))), default=0)
    return _layout(
        figure,
        # Bars of one option sit close together: a group's bar is narrower than a row.
        rows=len(options) * (1 + 0.75 * (len(groups) - 1)),
        legend=several,
        barmode="group",
        bargap=0.25,
        xaxis=_value_axis(axis_title, range=[0, max(10.0, min(100.0, top) * HEADROOM)],
                          ticksuffix=" %"),
        yaxis=_category_axis(),
    )  # fmt: skip


def _scale_colours(n: int) -> list[str]:
    """Colours of an ``n``-point scale: lower half brown, middle grey, upper half teal.

    >>> _scale_colours(5)
    ['#8c510a', '#dfc27d', '#bdbdbd', '#80cdc1', '#01665e']
    >>> _scale_colours(4)
    ['#8c510a', '#dfc27d', '#80cdc1', '#01665e']
    """
    half = n // 2
    lower = [LOWER[round(i * (len(LOWER) - 1) / max(1, half - 1))] for i in range(half)]
    upper = [UPPER[round(i * (len(UPPER) - 1) / max(1, half - 1))] for i in range(half)]
    if half == 1:
        lower, upper = [LOWER[1]], [UPPER[1]]
    return lower + ([NEUTRAL] if n % 2 else []) + upper


def likert_bars(
    options: Sequence[str],
    groups: Sequence[Group],
    *,
    axis_title: str,
    percent: Percent,
) -> go.Figure:
    """A diverging stacked bar per group: the lower half of the scale to the left of
    zero, the upper half to the right, the middle (odd scales) split across zero.

    >>> fig = likert_bars(["schlecht", "mittel", "gut"], [Group("Alle", (2, 4, None), 10)],
    ...                   axis_title="Anteil", percent=lambda p: f"{p:.0f} %")
    >>> [(t.name, t.x[0]) for t in fig.data]
    [('mittel', -20.0), ('schlecht', -20.0), ('mittel', 20.0), ('gut', None)]
    """
    n = len(options)
    half = n // 2
    middle = half if n % 2 else None
    colours = _scale_colours(n)
    y = [label(g.label, 40) for g in groups]
    figure = go.Figure()

    def add(index: int, sign: float, portion: float, show_legend: bool, text: bool) -> None:
        shares = [g.share(index) for g in groups]
        figure.add_bar(
            x=[None if s is None else sign * s * portion for s in shares],
            y=y,
            name=label(options[index], 40),
            legendgroup=str(index),
            legendrank=index + 1,
            showlegend=show_legend,
            orientation="h",
            marker_color=colours[index],
            text=[percent(s) if s is not None and text else "" for s in shares],
            textposition="inside",
            insidetextanchor="middle",
            textangle=0,
            customdata=[
                "" if s is None else f"{percent(s)} ({g.counts[index]} / {g.total})"
                for g, s in zip(groups, shares, strict=True)
            ],
            hovertemplate="%{fullData.name}: %{customdata}<extra>%{y}</extra>",
        )

    # Relative bars stack outwards from zero in the order they are added.
    if middle is not None:
        add(middle, -1.0, 0.5, False, False)
    for index in reversed(range(half)):
        add(index, -1.0, 1.0, True, True)
    if middle is not None:
        add(middle, 1.0, 0.5, True, True)
    for index in range(n - half, n):
        add(index, 1.0, 1.0, True, True)
    reach = max(_side(groups, range(half), middle), _side(groups, range(n - half, n), middle))
    limit = min(100, max(10, math.ceil(reach / 10) * 10))
    ticks = [v for v in range(-100, 101, 25 if limit > 50 else 10) if abs(v) <= limit]
    figure = _layout(
        figure,
        rows=len(groups) * 1.4,
        legend=True,
        barmode="relative",
        bargap=0.3,
        xaxis=_value_axis(axis_title, range=[-limit, limit], tickvals=ticks,
                          ticktext=[percent(abs(v)) for v in ticks]),
        yaxis=_category_axis(),
    )  # fmt: skip
    # On a phone the legend wraps to a line per scale point: leave it room above the bars.
    # A share too narrow for its number shows none (the hover still has it).
    figure.update_layout(height=max(LIKERT_MIN_HEIGHT, figure.layout.height),
                         bargap=0.55 if len(groups) == 1 else 0.3,
                         uniformtext={"minsize": 10, "mode": "hide"})  # fmt: skip
    return figure


def _side(groups: Sequence[Group], indices: range, middle: int | None) -> float:
    """The widest one side of the diverging bars reaches, in percent."""
    widest = 0.0
    for g in groups:
        shares = [g.share(i) or 0.0 for i in indices]
        neutral = (g.share(middle) or 0.0) / 2 if middle is not None else 0.0
        widest = max(widest, sum(shares) + neutral)
    return widest


def rank_bars(
    options: Sequence[str],
    means: Sequence[float | None],
    respondents: Sequence[int | None],
    *,
    axis_title: str,
    number: Number,
) -> go.Figure:
    """Mean rank per option (1 = ranked first), the best (lowest) on top; options ranked
    by fewer than k respondents have no bar and come last.

    >>> fig = rank_bars(["A", "B", "C"], [2.5, None, 1.5], [10, None, 12], axis_title="Rang",
    ...                 number=lambda v: f"{v:.1f}")
    >>> list(fig.data[0].y), list(fig.data[0].x), list(fig.data[0].text)
    (['C', 'A', 'B'], [1.5, 2.5, None], ['Ø 1.5', 'Ø 2.5', ''])
    """
    order = sorted(range(len(options)), key=lambda i: (means[i] is None, means[i] or 0.0))
    figure = go.Figure(
        go.Bar(
            x=[means[i] for i in order],
            y=[label(options[i]) for i in order],
            orientation="h",
            marker_color=BRAND,
            text=["" if means[i] is None else f"Ø {number(means[i] or 0.0)}" for i in order],
            textposition="outside",
            constraintext="none",
            cliponaxis=False,
            customdata=["" if respondents[i] is None else str(respondents[i]) for i in order],
            hovertemplate="%{y}: %{text} (n = %{customdata})<extra></extra>",
        )
    )
    top = max(len(options), max((m for m in means if m is not None), default=0.0))
    return _layout(figure, rows=len(options),
                   xaxis=_value_axis(axis_title, range=[0, top + 0.5], dtick=1),
                   yaxis=_category_axis())  # fmt: skip


def bin_labels(bins: Sequence[tuple[float, float]], integer: bool, number: Number) -> list[str]:
    """Readable bins; the first and last also hold every smaller or larger value.

    >>> bin_labels([(10, 20), (20, 30), (30, 40)], True, str)
    ['≤ 19', '20–29', '≥ 30']
    >>> bin_labels([(1, 2), (2, 3), (3, 4)], True, str)
    ['≤ 1', '2', '≥ 3']
    >>> bin_labels([(0.0, 0.5), (0.5, 1.0), (1.0, 1.5)], False, str)
    ['< 0.5', '0.5–1.0', '≥ 1.0']
    >>> bin_labels([(4.0, 5.0)], True, str)
    ['4']
    """

    def show(value: float) -> str:
        return number(int(value)) if integer else number(value)

    labels = []
    last = len(bins) - 1
    for i, (low, high) in enumerate(bins):
        upper = high - 1 if integer else high
        whole = integer and high - low == 1
        middle = show(low) if whole else f"{show(low)}–{show(upper)}"
        if last == 0:
            labels.append(middle)
        elif i == 0:
            labels.append(f"≤ {show(upper)}" if integer else f"< {show(high)}")
        elif i == last:
            labels.append(f"≥ {show(low)}")
        else:
            labels.append(middle)
    return labels


def median_position(bins: Sequence[tuple[float, float]], median: float, integer: bool) -> float:
    """Where ``median`` lies on a category axis of the bins (0 = middle of the first).

    A whole number ``v`` fills [v, v + 1), so it sits in the middle of its own bin.

    >>> median_position([(1, 2), (2, 3), (3, 4)], 2, True)
    1.0
    >>> median_position([(10, 20), (20, 30)], 25.0, False)
    1.0
    """
    start, width = bins[0][0], bins[0][1] - bins[0][0]
    value = median + 0.5 if integer else median
    position = (value - start) / width - 0.5
    return min(len(bins) - 0.5, max(-0.5, position))


def histogram(
    bins: Sequence[tuple[float, float]],
    counts: Sequence[int | None],
    median: float | None,
    *,
    integer: bool,
    number: Number,
    axis_title: str,
    count_title: str,
    median_text: str,
) -> go.Figure:
    """Answers per bin as columns, the median as a dashed line labelled ``median_text``.

    >>> fig = histogram([(10, 20), (20, 30)], [7, None], 17.0, integer=True, number=str,
    ...                 axis_title="Alter", count_title="Anzahl", median_text="Median: 17")
    >>> list(fig.data[0].x), list(fig.data[0].y), fig.layout.shapes[0].x0
    (['≤ 19', '≥ 20'], [7, None], 0.25)
    """
    names = bin_labels(bins, integer, number)
    figure = go.Figure(
        go.Bar(
            x=names,
            y=list(counts),
            marker_color=BRAND,
            text=["" if n is None else str(n) for n in counts],
            textposition="outside",
            constraintext="none",
            cliponaxis=False,
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    if median is not None and bins:
        position = median_position(bins, median, integer)
        figure.add_shape(
            type="line",
            x0=position,
            x1=position,
            xref="x",
            y0=0,
            y1=1,
            yref="paper",
            line={"color": "#333333", "dash": "dash", "width": 2},
        )
        figure.add_annotation(x=position, y=1, xref="x", yref="paper", yanchor="bottom",
                              text=label(median_text), showarrow=False,
                              font={"color": "#333333"})  # fmt: skip
    figure.update_layout(
        height=280,
        margin={"l": 0, "r": 8, "t": 28, "b": 8},
        plot_bgcolor="rgba(0,0,0,0)",
        paper_bgcolor="rgba(0,0,0,0)",
        showlegend=False,
        bargap=0.1,
        xaxis={"title": _axis_title(axis_title), "type": "category",
               "fixedrange": True},
        yaxis={"title": _axis_title(count_title), "rangemode": "tozero",
               "gridcolor": "#e5e5e5", "fixedrange": True},
    )  # fmt: skip
    return figure


def csv_bytes(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """A chart's data as CSV for Excel (UTF-8 with BOM), hidden cells blank and text
    that a spreadsheet would run as a formula neutralised.

    >>> csv_bytes(["Antwort", "Anzahl"], [["=HYPERLINK()", 7], ["-", None]]).decode("utf-8-sig")
    "Antwort,Anzahl\\r\\n'=HYPERLINK(),7\\r\\n'-,\\r\\n"
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(h) for h in headers])
    writer.writerows([["" if v is None else neutralise(v) for v in row] for row in rows])
    return buffer.getvalue().encode("utf-8-sig")


def group_rows(
    options: Sequence[str], groups: Sequence[Group], *, split: bool
) -> list[tuple[object, ...]]:
    """Rows of a choice chart for its CSV: (group,) option, count, share in %, total.

    >>> group_rows(["a", "b"], [Group("", (5, None), 5)], split=False)
    [('a', 5, 100.0, 5), ('b', None, None, 5)]
    """
    rows: list[tuple[object, ...]] = []
    for group in groups:
        for i, option in enumerate(options):
            share = group.share(i)
            cells = (option, group.counts[i], None if share is None else round(share, 1),
                     group.total)  # fmt: skip
            rows.append((group.label, *cells) if split else cells)
    return rows

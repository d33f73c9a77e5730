"""Plotly figures of prioritisation rounds: data in, ``go.Figure`` out (no Streamlit, no
database).

The result chart shows one horizontal bar per idea in rank order, the best on top. The
outcome is told by colour *and* by the legend (one trace per outcome), so it does not
rest on colour alone; ties stand out in orange because the group still decides them.
Idea titles come from residents: they are escaped, since plotly reads a little HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from quartier.charts import BRAND
from quartier.prioritisation import Outcome
from quartier.survey_charts import label

#: Bar colours per outcome (Okabe–Ito orange for ties, readable with colour blindness).
OUTCOME_COLOURS: Mapping[Outcome, str] = {
    Outcome.CHOSEN: BRAND,
    Outcome.TIE: "#e69f00",
    Outcome.NOT_CHOSEN: "#9e9e9e",
}
ROW = 30  # pixels per bar
WRAP = 32  # characters per label line
TITLE_WRAP = 44  # characters per axis title line (fits a 360-pixel phone)


@dataclass(frozen=True)
class ScoreBar:
    """One idea's bar: its label (e.g. ``"1. Hoffest"``), score and outcome."""

    label: str
    score: float
    outcome: Outcome


def score_bars(
    bars: Sequence[ScoreBar],
    *,
    axis_title: str,
    outcome_names: Mapping[Outcome, str],
    number: Callable[[float], str],
    separators: str = ".,",
    integer: bool = False,
) -> go.Figure:
    """Horizontal bars of the ideas' scores in the given (rank) order, first on top, one
    trace per outcome so the legend names the colours. ``separators`` are the decimal and
    thousands marks of the axis ticks (",." in German); ``integer`` scores get whole-number
    ticks.

    >>> fig = score_bars(
    ...     [ScoreBar("1. Hoffest", 7, Outcome.CHOSEN), ScoreBar("2. <b>Bank</b>", 3, Outcome.TIE),
    ...      ScoreBar("3. Café", 3, Outcome.TIE)],
    ...     axis_title="Punkte", number=str,
    ...     outcome_names={Outcome.CHOSEN: "ausgewählt", Outcome.TIE: "Gleichstand",
    ...                    Outcome.NOT_CHOSEN: "nicht ausgewählt"})
    >>> [(t.name, list(t.y), list(t.x)) for t in fig.data]
    [('ausgewählt', ['1. Hoffest'], [7]), ('Gleichstand', ['2. &lt;b&gt;Bank&lt;/b&gt;', '3. Café'], [3, 3])]
    >>> list(fig.layout.yaxis.categoryarray)
    ['1. Hoffest', '2. &lt;b&gt;Bank&lt;/b&gt;', '3. Café']
    """  # noqa: E501
    labels = [label(b.label, WRAP) for b in bars]
    figure = go.Figure()
    for outcome in (Outcome.CHOSEN, Outcome.TIE, Outcome.NOT_CHOSEN):
        picked = [i for i, b in enumerate(bars) if b.outcome is outcome]
        if not picked:
            continue
        figure.add_trace(
            go.Bar(
                x=[bars[i].score for i in picked],
                y=[labels[i] for i in picked],
                name=outcome_names[outcome],
                orientation="h",
                marker_color=OUTCOME_COLOURS[outcome],
                text=[number(bars[i].score) for i in picked],
                textposition="outside",
                constraintext="none",
                cliponaxis=False,
                hovertemplate="%{y}: %{text}<extra></extra>",
            )
        )
    top = max((b.score for b in bars), default=0.0)
    lines = sum(text.count("<br>") + 1 for text in labels)
    figure.update_layout(
        height=round(max(180, ROW * max(len(bars), lines * 0.7) + 110)),
        margin={"l": 8, "r": 48, "t": 40, "b": 8},
        plot_bgcolor="rgba(0,0,0,0)",
        paper_bgcolor="rgba(0,0,0,0)",
        showlegend=True,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "title": None},
        hoverlabel={"align": "left"},
        barmode="overlay",
        separators=separators,
        xaxis={
            "title": {"text": label(axis_title, TITLE_WRAP), "font": {"size": 12}},
            "range": [0, max(1.0, top * 1.25)],
            "rangemode": "tozero",
            "gridcolor": "#e5e5e5",
            "fixedrange": True,
            "nticks": 6,
            **({"tickformat": ",d", "dtick": 1 if top <= 6 else None} if integer else {}),
        },
        yaxis={
            "automargin": True,
            "autorange": "reversed",
            "fixedrange": True,
            "categoryorder": "array",
            "categoryarray": labels,
        },
    )
    return figure

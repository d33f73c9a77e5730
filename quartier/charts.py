"""Plotly figure builders: data in, ``go.Figure`` out (no Streamlit, no database)."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

BRAND = "#0b6e4f"


def horizontal_counts(items: Sequence[tuple[str, int]], *, rtl: bool = False) -> go.Figure:
    """A compact horizontal bar chart of labelled counts, the first item on top.

    >>> fig = horizontal_counts([("Schule", 3), ("Kita", 2)])
    >>> list(fig.data[0].y), list(fig.data[0].x)
    (['Kita', 'Schule'], [2, 3])
    """
    ordered = list(reversed(items))  # plotly draws the first category at the bottom
    labels = [label for label, _ in ordered]
    counts = [count for _, count in ordered]
    figure = go.Figure(
        go.Bar(
            x=counts,
            y=labels,
            orientation="h",
            marker_color=BRAND,
            text=counts,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    figure.update_layout(
        height=max(160, 28 * len(labels) + 40),
        margin={"l": 0, "r": 24, "t": 8, "b": 8},
        xaxis={"visible": False, "autorange": "reversed" if rtl else True},
        yaxis={"automargin": True, "side": "right" if rtl else "left"},
        plot_bgcolor="rgba(0,0,0,0)",
        paper_bgcolor="rgba(0,0,0,0)",
        showlegend=False,
    )
    return figure

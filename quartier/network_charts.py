"""The actor network as a plotly figure: data in, ``go.Figure`` out (no Streamlit).

Edges are drawn as one line trace per tie type with ``None`` between the segments (one
trace per edge is about a hundred times slower to build and to draw), nodes as one
marker trace per actor type so the legend names the colours. Positions come from the
layout of the union of all dates and the axes have fixed ranges, so an actor stays in
the same place whatever date the slider shows. Names and group names are typed by
people and plotly reads a little HTML: they are escaped.

:func:`network_view` runs the whole pipeline (snapshot, filters, metrics, layout,
figure) and caches the result.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import plotly.graph_objects as go
from babel.numbers import get_decimal_symbol

from quartier.i18n import Translator, translator
from quartier.network import graph as network_graph
from quartier.network import layout
from quartier.network import metrics as network_metrics
from quartier.network.graph import (
    ActorInfo,
    Filters,
    KeyCache,
    NetworkData,
    apply_filters,
    as_of,
)
from quartier.network.layout import positions as union_positions
from quartier.network.metrics import Metrics, compute_metrics
from quartier.network.model import ActorType, TieType

#: What node sizes can follow (keys ``network.metric.*``).
SIZE_BY = ("degree", "weighted_degree", "betweenness")

#: A fixed colour per actor type (the same type has the same colour on every page).
ACTOR_COLOURS: Mapping[ActorType, str] = {
    ActorType.SCHOOL: "#0072b2",
    ActorType.KITA: "#56b4e9",
    ActorType.EARLY_HELP: "#cc79a7",
    ActorType.INTEGRATION_OFFICER: "#e69f00",
    ActorType.YOUTH_OFFICE: "#d55e00",
    ActorType.HOUSING_COMPANY: "#8c564b",
    ActorType.CITY: "#332288",
    ActorType.PROVIDER: "#009e73",
    ActorType.MOSQUE: "#117733",
    ActorType.CHURCH: "#882255",
    ActorType.SPORTS_CLUB: "#c9b300",
    ActorType.MIGRANT_ORGANISATION: "#aa4499",
    ActorType.LIBRARY: "#44aa99",
    ActorType.RESIDENT_INITIATIVE: "#ddaa33",
    ActorType.JOBCENTER: "#999933",
    ActorType.POLICE: "#1f3a93",
    ActorType.FUNDER: "#e15759",
    ActorType.OTHER: "#9e9e9e",
}

#: Line colour and width per tie type.
TIE_STYLES: Mapping[TieType, tuple[str, float]] = {
    TieType.COOPERATION: ("rgba(90, 90, 90, 0.45)", 1.2),
    TieType.CONTRACT: ("rgba(40, 40, 40, 0.7)", 2.4),
    TieType.FUNDING: ("rgba(230, 159, 0, 0.6)", 1.6),
    TieType.MEMBERSHIP: ("rgba(86, 180, 233, 0.6)", 1.4),
    TieType.REFERRAL: ("rgba(204, 121, 167, 0.6)", 1.4),
}

LABEL_LIMIT = 80  # nodes: at most this many are labelled with their names
LABEL_WIDTH = 28  # characters of a label
WEBGL_FROM = 1000  # nodes: from here on draw with WebGL (SVG gets slow)
AXIS_RANGE = (-0.05, 1.05)
UIREVISION = "quartier-network"  # keeps zoom and legend clicks when the date changes


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _label(name: str) -> str:
    short = name if len(name) <= LABEL_WIDTH else name[: LABEL_WIDTH - 1].rstrip() + "…"
    return _escape(short)


def _sizes(values: list[float], many: bool) -> list[float]:
    """Marker diameters growing with the square root of the metric (area ∝ value)."""
    low, high = (4.0, 16.0) if many else (9.0, 34.0)
    top = max(values, default=0.0)
    if top <= 0:
        return [low] * len(values)
    return [low + (high - low) * math.sqrt(max(v, 0.0) / top) for v in values]


def _metric(metrics: Metrics, size_by: str) -> Mapping[int, float]:
    if size_by not in SIZE_BY:
        raise ValueError(f"size_by must be one of {SIZE_BY}, not {size_by!r}")
    values: Mapping[int, float] = getattr(metrics, size_by)
    return values


class _Texts:
    """Translated pieces of the hover texts, looked up once per figure (not per node)."""

    def __init__(self, t: Translator, size_by: str) -> None:
        self.t = t
        self.size_by = size_by
        self.metric = t(f"network.metric.{size_by}")
        self.point = get_decimal_symbol(t.language.babel_locale)
        self.types = {a: t(f"actor_type.{a.value}") for a in ActorType}
        self._ties: dict[int, str] = {}

    def ties(self, count: int) -> str:
        if count not in self._ties:
            self._ties[count] = self.t("network.hover_ties", count=count)
        return self._ties[count]

    def value(self, value: float) -> str:
        if self.size_by == "betweenness":
            return f"{value:.3f}".replace(".", self.point)
        return self.t.number(int(value)) if value >= 1000 else str(int(value))

    def hover(self, a: ActorInfo, ties: int, value: float) -> str:
        groups = ", ".join(_escape(g) for g in a.groups) or "–"
        return "<br>".join((
            f"<b>{_escape(a.name)}</b>",
            self.types[a.actor_type],
            self.ties(ties),
            self.t("network.hover_groups", groups=groups),
            f"{self.metric}: {self.value(value)}",
        ))  # fmt: skip


def _edges(
    view: NetworkData, positions: Mapping[int, tuple[float, float]]
) -> tuple[dict[TieType, list[tuple[float, float, float, float]]], dict[int, int]]:
    """Segments per tie type, and the number of ties per actor."""
    segments: dict[TieType, list[tuple[float, float, float, float]]] = {}
    ties_of: dict[int, int] = {}
    for tie in view.ties:
        (x0, y0), (x1, y1) = positions[tie.source_id], positions[tie.target_id]
        segments.setdefault(tie.tie_type, []).append((x0, y0, x1, y1))
        ties_of[tie.source_id] = ties_of.get(tie.source_id, 0) + 1
        ties_of[tie.target_id] = ties_of.get(tie.target_id, 0) + 1
    return segments, ties_of


def _separated(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """start, end, None for every segment: one line trace draws them all."""
    out = np.full(3 * len(starts), None, dtype=object)
    out[0::3] = starts
    out[1::3] = ends
    return out


def network_figure(
    view: NetworkData,
    positions: Mapping[int, tuple[float, float]],
    metrics: Metrics,
    *,
    t: Translator,
    size_by: str = "degree",
    highlight: int | None = None,
) -> go.Figure:
    """The network ``view`` drawn at ``positions`` (of the union of all dates): one edge
    trace per tie type present, one node trace per actor type present, node size by
    ``size_by`` (one of :data:`SIZE_BY`), names as labels up to 80 actors, hover with
    name, type, number of ties, working groups and the metric. ``highlight`` (the ego
    actor) gets a thick outline. Raises ValueError for an unknown ``size_by``.

    The arrays are numpy arrays (plotly checks those quickly); edge coordinates are
    object arrays with ``None`` between the segments.
    """
    values = _metric(metrics, size_by)
    many = len(view.actors) > WEBGL_FROM
    kind = "scattergl" if many else "scatter"
    labelled = len(view.actors) <= LABEL_LIMIT
    texts = _Texts(t, size_by)
    traces: list[dict[str, Any]] = []
    segments, ties_of = _edges(view, positions)
    for tie_type in TieType:
        if tie_type not in segments:
            continue
        colour, width = TIE_STYLES[tie_type]
        coords = np.asarray(segments[tie_type], dtype=float)
        traces.append({
            "type": kind, "mode": "lines", "name": t(f"tie_type.{tie_type.value}"),
            "x": _separated(coords[:, 0], coords[:, 2]),
            "y": _separated(coords[:, 1], coords[:, 3]),
            "line": {"color": colour, "width": width}, "hoverinfo": "skip",
            "legendgroup": "ties", "legendgrouptitle": {"text": t("network.legend_ties")},
        })  # fmt: skip
    ordered = sorted(view.actors, key=lambda a: a.id)
    measured = [float(values.get(a.id, 0.0)) for a in ordered]
    sizes = dict(zip((a.id for a in ordered), _sizes(measured, many), strict=True))
    value_of = dict(zip((a.id for a in ordered), measured, strict=True))
    by_type: dict[ActorType, list[ActorInfo]] = {}
    for actor in ordered:
        by_type.setdefault(actor.actor_type, []).append(actor)
    for actor_type in ActorType:
        actors = by_type.get(actor_type)
        if not actors:
            continue
        lit = np.asarray([a.id == highlight for a in actors])
        node: dict[str, Any] = {
            "type": kind,
            "mode": "markers",
            "name": texts.types[actor_type],
            "x": np.asarray([positions[a.id][0] for a in actors], dtype=float),
            "y": np.asarray([positions[a.id][1] for a in actors], dtype=float),
            "hovertext": np.asarray(
                [texts.hover(a, ties_of.get(a.id, 0), value_of[a.id]) for a in actors],
                dtype=object,
            ),
            "hoverinfo": "text",
            "customdata": np.asarray([a.id for a in actors], dtype=np.int64),
            "marker": {
                "size": np.asarray([sizes[a.id] for a in actors], dtype=float),
                "color": ACTOR_COLOURS[actor_type],
                "line": {"color": np.where(lit, "#111111", "#ffffff").astype(object),
                         "width": np.where(lit, 4.0, 0.5 if many else 1.0)},
            },
            "legendgroup": "actors",
            "legendgrouptitle": {"text": t("network.legend_actors")},
        }  # fmt: skip
        if labelled:
            labels = np.asarray([_label(a.name) for a in actors], dtype=object)
            node.update(mode="markers+text", textposition="top center", textfont={"size": 11},
                        text=labels)  # fmt: skip
        if not many:
            node["cliponaxis"] = False  # labels at the edge stay readable
        traces.append(node)
    axis = {"range": list(AXIS_RANGE), "visible": False, "autorange": False}
    layout_: dict[str, Any] = {
        "xaxis": axis,
        "yaxis": axis,
        "uirevision": UIREVISION,
        "height": 640,
        # labels are centred on their node: room for half a label beside the axes
        "margin": {"l": 72, "r": 24, "t": 24, "b": 8}
        if labelled
        else {"l": 8, "r": 8, "t": 8, "b": 8},
        "hovermode": "closest",
        "hoverlabel": {"align": "left"},
        "legend": {"groupclick": "toggleitem", "itemsizing": "constant"},
        "plot_bgcolor": "rgba(0,0,0,0)",
        "paper_bgcolor": "rgba(0,0,0,0)",
    }
    if not view.actors:
        layout_["annotations"] = [
            {"x": 0.5, "y": 0.5, "text": t("network.empty"), "showarrow": False}
        ]
    return go.Figure(data=traces, layout=layout_)


@dataclass(frozen=True)
class NetworkView:
    """What the network page shows for one date and filter: the figure (shared by the
    cache: do not mutate it), the snapshot drawn and its metrics."""

    figure: go.Figure
    view: NetworkData
    metrics: Metrics


def _build(
    data: NetworkData, day: date | None, filters: Filters, size_by: str, language: str
) -> NetworkView:
    view = apply_filters(as_of(data, day), filters)
    measured = compute_metrics(view)
    placed = union_positions(data)  # the union of all dates: nodes never jump
    figure = network_figure(view, placed, measured, t=translator(language), size_by=size_by,
                            highlight=filters.ego)  # fmt: skip
    return NetworkView(figure, view, measured)


_VIEWS: KeyCache[NetworkView] = KeyCache(16)


def network_view(
    data: NetworkData, day: date | None, filters: Filters, size_by: str, language: str
) -> NetworkView:
    """The network as of ``day`` (None: every date at once) narrowed by ``filters``, its
    metrics and its figure in ``language``, laid out on the union of all dates; cached by
    (data.key, day, filters, size_by, language). ``data`` must be the whole network as
    :func:`~quartier.network.graph.load_network` returns it. Raises ValueError for an
    unknown ``size_by`` or ego depth.
    """
    if size_by not in SIZE_BY:
        raise ValueError(f"size_by must be one of {SIZE_BY}, not {size_by!r}")
    return _VIEWS.get_or_make(
        (data.key, day, filters, size_by, language),
        lambda: _build(data, day, filters, size_by, language),
    )


def clear_caches() -> None:
    """Forget every cached network, view, metric and layout (benchmarks: the cold path)."""
    network_graph.clear_cache()
    _VIEWS.clear()
    network_metrics.clear_cache()
    layout.clear_cache()

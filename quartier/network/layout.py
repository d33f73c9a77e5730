"""Where each actor sits in the drawing: one layout for the union of all dates.

The as-of slider must not make the drawing jump, so positions are computed once for
every actor and tie ever entered (call :func:`positions` with the unfiltered network,
not a snapshot) and every snapshot draws its actors at those places. The layout is
igraph's Fruchterman-Reingold (networkx's ``spring_layout`` takes seconds at 2,000
actors), run per connected component with a fixed seed, so the same network gets the
same positions in every call and process; it is cached by :attr:`NetworkData.key`.
"""

from __future__ import annotations

import math

import igraph as ig  # type: ignore[import-untyped]

from quartier.network.graph import KeyCache, NetworkData
from quartier.network.metrics import seeded, to_igraph

Positions = dict[int, tuple[float, float]]


GAP = 0.8  # between component boxes, in units of an isolated actor's box


def _scaled(values: list[float]) -> list[float]:
    low, high = min(values), max(values)
    if high - low < 1e-12:
        return [0.5] * len(values)
    return [(v - low) / (high - low) for v in values]


def _in_unit_box(coords: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """``coords`` scaled evenly (keeping the shape) and centred into [0, 1]²."""
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    left, bottom = min(xs), min(ys)
    width, height = max(xs) - left, max(ys) - bottom
    span = max(width, height)
    if span < 1e-12:
        return [(0.5, 0.5)] * len(coords)
    left -= (span - width) / 2
    bottom -= (span - height) / 2
    return [((x - left) / span, (y - bottom) / span) for x, y in coords]


def _component(graph: ig.Graph, members: list[int]) -> list[tuple[float, float]]:
    if len(members) == 1:
        return [(0.5, 0.5)]
    sub = graph.induced_subgraph(members)  # keeps the order of ``members``
    coords = sub.layout_fruchterman_reingold(weights="weight").coords
    return _in_unit_box([(float(c[0]), float(c[1])) for c in coords])


def _packed(boxes: list[float]) -> list[tuple[float, float]]:
    """Top-left corners of square boxes with the given sides, in rows (largest first)."""
    width = max(boxes[0], math.sqrt(sum(side * side for side in boxes)) * 1.2)
    corners, x, y, row = [], 0.0, 0.0, 0.0
    for side in boxes:
        if x > 0 and x + side > width:
            x, y, row = 0.0, y + row + GAP, 0.0
        corners.append((x, y))
        x, row = x + side + GAP, max(row, side)
    return corners


def _layout(data: NetworkData) -> Positions:
    """Fruchterman-Reingold per connected component, components packed in rows by size
    (each box's area grows with its actors), so isolated actors and small groups do not
    drift to the edges and squeeze the rest of the network into a corner."""
    g = to_igraph(data)
    if len(g.ids) == 0:
        return {}
    parts = sorted((sorted(c) for c in g.graph.connected_components()),
                   key=lambda c: (-len(c), c[0]))  # fmt: skip
    sides = [math.sqrt(len(c)) for c in parts]
    xs, ys = [0.0] * len(g.ids), [0.0] * len(g.ids)
    with seeded():
        for members, side, (left, top) in zip(parts, sides, _packed(sides), strict=True):
            for vertex, (x, y) in zip(members, _component(g.graph, members), strict=True):
                xs[vertex], ys[vertex] = left + x * side, -(top + y * side)
    xs, ys = _scaled(xs), _scaled(ys)
    return {actor_id: (xs[i], ys[i]) for i, actor_id in enumerate(g.ids)}


_CACHE: KeyCache[Positions] = KeyCache(16)


def positions(data: NetworkData) -> Positions:
    """Actor id → (x, y), both in [0, 1], for every actor of ``data`` (cached by its key;
    callers must not mutate the result). A single actor sits in the middle.

    >>> from quartier.network.graph import ActorInfo
    >>> from quartier.network.model import ActorType
    >>> positions(NetworkData(1, (ActorInfo(5, "Kita", ActorType.KITA),), ()))
    {5: (0.5, 0.5)}
    """
    return _CACHE.get_or_make(data.key, lambda: _layout(data))


def clear_cache() -> None:
    _CACHE.clear()

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


#: Height of the strip along the bottom that holds isolated actors and small groups.
STRIP = 0.12
#: A component at least this share of the largest one's size gets room in the main area.
MAIN_SHARE = 0.2


def _stretched(coords: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """``coords`` scaled to fill [0, 1]² (each axis on its own: a drawing, not a map)."""
    return list(zip(_scaled([c[0] for c in coords]), _scaled([c[1] for c in coords]), strict=True))


def _scaled(values: list[float]) -> list[float]:
    low, high = min(values), max(values)
    if high - low < 1e-12:
        return [0.5] * len(values)
    return [(v - low) / (high - low) for v in values]


def _component(graph: ig.Graph, members: list[int]) -> list[tuple[float, float]]:
    if len(members) == 1:
        return [(0.5, 0.5)]
    sub = graph.induced_subgraph(members)  # keeps the order of ``members``
    coords = sub.layout_fruchterman_reingold(weights="weight").coords
    return _stretched([(float(c[0]), float(c[1])) for c in coords])


def _row(
    graph: ig.Graph, parts: list[list[int]], bottom: float, height: float, pad: float
) -> dict[int, tuple[float, float]]:
    """``parts`` side by side across the width, each as wide as its share of the actors."""
    total = sum(len(members) for members in parts)
    placed, left = {}, 0.0
    for members in parts:
        width = len(members) / total
        for vertex, (x, y) in zip(members, _component(graph, members), strict=True):
            placed[vertex] = (left + (pad + (1 - 2 * pad) * x) * width, bottom + y * height)
        left += width
    return placed


def _layout(data: NetworkData) -> Positions:
    """Fruchterman-Reingold per connected component. The large components share the main
    area side by side; isolated actors and small groups sit in a strip along the bottom,
    so they do not drift to the edges and squeeze the network into a corner."""
    g = to_igraph(data)
    if len(g.ids) == 0:
        return {}
    parts = sorted((sorted(c) for c in g.graph.connected_components()),
                   key=lambda c: (-len(c), c[0]))  # fmt: skip
    biggest = len(parts[0])
    main = [c for c in parts if len(c) > 1 and len(c) >= MAIN_SHARE * biggest]
    rest = [c for c in parts if not (len(c) > 1 and len(c) >= MAIN_SHARE * biggest)]
    placed: Positions = {}
    with seeded():
        if not main:  # nobody has a tie yet: a grid
            columns = math.ceil(math.sqrt(len(g.ids)))
            for i in range(len(g.ids)):
                placed[i] = ((i % columns) / max(columns - 1, 1), -float(i // columns))
        else:
            strip, gap = (STRIP, 0.04) if rest else (0.0, 0.0)
            placed |= _row(g.graph, main, strip + gap, 1 - strip - gap, 0.03)
            if rest:
                placed |= _row(g.graph, rest, 0.0, strip, 0.15)
    xs = _scaled([placed[i][0] for i in range(len(g.ids))])
    ys = _scaled([placed[i][1] for i in range(len(g.ids))])
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

"""Metrics of a network as discussion prompts: degree, brokers, single points of
failure, communities, isolates, components, density; who is missing; who carries
events and measures.

Computed with igraph (C core): at 2,000 actors and 10,000 ties networkx's exact
betweenness takes seconds, igraph's a fraction of one. The definitions follow networkx
on :func:`~quartier.network.graph.simple_graph` (ties undirected, parallel ties one
edge), and the tests compare both. Louvain communities are random in igraph; they are
computed with a fixed seed (see :func:`seeded`), so the same network always gives the
same communities. Results are cached by :attr:`NetworkData.key`.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import igraph as ig  # type: ignore[import-untyped]

from quartier.network.graph import ActorInfo, KeyCache, NetworkData, tie_weights
from quartier.network.model import ActorType

SEED = 42
_RNG_LOCK = threading.Lock()


@contextmanager
def seeded(seed: int = SEED) -> Iterator[None]:
    """Run igraph's random parts (layouts, Louvain) with a private, seeded generator.

    igraph draws from Python's ``random`` module by default; swapping in a seeded
    ``random.Random`` under a lock makes results identical across calls, threads and
    processes without touching the application's global random state.
    """
    with _RNG_LOCK:
        ig.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            ig.set_random_number_generator(random)


@dataclass(frozen=True)
class IGraph:
    """An undirected igraph graph of a network: vertex ``i`` is actor ``ids[i]`` (ids
    ascending), one edge per pair of actors with ties, ``weight`` = summed strength."""

    graph: ig.Graph
    ids: tuple[int, ...]
    weights: tuple[int, ...]


def to_igraph(data: NetworkData) -> IGraph:
    ids = tuple(sorted(a.id for a in data.actors))
    index = {actor_id: i for i, actor_id in enumerate(ids)}
    pairs = sorted(tie_weights(data.ties).items())
    graph = ig.Graph(n=len(ids), edges=[(index[s], index[e]) for (s, e), _ in pairs])
    weights = tuple(w for _, w in pairs)
    graph.es["weight"] = list(weights)
    return IGraph(graph, ids, weights)


@dataclass(frozen=True)
class Metrics:
    """Metrics of one network (callers must not mutate the dicts: results are cached).

    ``degree``: number of other actors tied to an actor; ``weighted_degree``: sum of the
    strengths of its ties; ``betweenness``: share of shortest paths between other actors
    through it (0..1, as networkx ``normalized=True``); ``articulation_points``: actors
    whose removal splits a component; ``bridges``: pairs (smaller id first) whose ties are
    the only link between two parts; ``communities``: Louvain, largest first;
    ``components``: largest first; ``density``: share of possible pairs that are tied.
    """

    degree: dict[int, int]
    weighted_degree: dict[int, int]
    betweenness: dict[int, float]
    articulation_points: tuple[int, ...]
    bridges: tuple[tuple[int, int], ...]
    communities: tuple[frozenset[int], ...]
    isolates: tuple[int, ...]
    components: tuple[frozenset[int], ...]
    density: float


def _groups(groups: Iterable[Iterable[int]], ids: tuple[int, ...]) -> tuple[frozenset[int], ...]:
    sets = [frozenset(ids[i] for i in members) for members in groups]
    return tuple(sorted(sets, key=lambda s: (-len(s), min(s))))


def _compute(data: NetworkData) -> Metrics:
    g = to_igraph(data)
    graph, ids, n = g.graph, g.ids, len(g.ids)
    degree = graph.degree()
    strength = graph.strength(weights="weight")
    raw = graph.betweenness(directed=False)
    # networkx, normalized=True, undirected: 2·b / ((n−1)(n−2)) where b counts each pair once.
    scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0
    pairs = [graph.es[k].tuple for k in graph.bridges()]
    with seeded():
        louvain = graph.community_multilevel(weights="weight")
    m = graph.ecount()
    return Metrics(
        degree={ids[i]: int(d) for i, d in enumerate(degree)},
        weighted_degree={ids[i]: int(s) for i, s in enumerate(strength)},
        betweenness={ids[i]: float(b) * scale for i, b in enumerate(raw)},
        articulation_points=tuple(sorted(ids[i] for i in graph.articulation_points())),
        bridges=tuple(sorted((min(ids[a], ids[b]), max(ids[a], ids[b])) for a, b in pairs)),
        communities=_groups(louvain, ids),
        isolates=tuple(ids[i] for i, d in enumerate(degree) if d == 0),
        components=_groups(graph.connected_components(), ids),
        density=2.0 * m / (n * (n - 1)) if n > 1 else 0.0,
    )


_CACHE: KeyCache[Metrics] = KeyCache(32)


def compute_metrics(data: NetworkData) -> Metrics:
    """The metrics of ``data`` (cached by its key).

    >>> from quartier.network.graph import ActorInfo
    >>> from quartier.network.model import Tie, TieType
    >>> from datetime import datetime
    >>> star = NetworkData(1, tuple(ActorInfo(i, str(i), ActorType.KITA) for i in (1, 2, 3, 4)),
    ...     tuple(Tie(i, 1, 1, i, TieType.COOPERATION, 2, None, None, "", None,
    ...               datetime(2020, 1, 1)) for i in (2, 3, 4)))
    >>> m = compute_metrics(star)
    >>> m.betweenness[1], m.articulation_points, m.density
    (1.0, (1,), 0.5)
    """
    return _CACHE.get_or_make(data.key, lambda: _compute(data))


def clear_cache() -> None:
    _CACHE.clear()


def missing_types(data: NetworkData) -> list[ActorType]:
    """The actor types of the closed list (not "andere") without any actor that belongs
    to a working group: "who is missing" at the table.

    >>> from quartier.network.graph import ActorInfo
    >>> data = NetworkData(1, (ActorInfo(1, "Kita", ActorType.KITA, group_ids=(3,)),
    ...                        ActorInfo(2, "Schule", ActorType.SCHOOL)), ())
    >>> ActorType.KITA in missing_types(data), ActorType.SCHOOL in missing_types(data)
    (False, True)
    """
    present = {a.actor_type for a in data.actors if a.group_ids}
    return [t for t in ActorType if t is not ActorType.OTHER and t not in present]


def involvement(data: NetworkData) -> list[ActorInfo]:
    """Actors carrying events or measures, most first (events + measures), ties broken
    by name; actors with neither are left out.

    >>> from quartier.network.graph import ActorInfo
    >>> data = NetworkData(1, (ActorInfo(1, "B", ActorType.KITA, events=1, measures=1),
    ...     ActorInfo(2, "A", ActorType.SCHOOL, events=2), ActorInfo(3, "C", ActorType.CITY)), ())
    >>> [a.name for a in involvement(data)]
    ['A', 'B']
    """
    busy = [a for a in data.actors if a.events + a.measures > 0]
    return sorted(busy, key=lambda a: (-(a.events + a.measures), a.name.casefold(), a.id))

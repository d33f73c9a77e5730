"""The network of one Quartier as data: actors with their links, dated ties, snapshots.

:func:`load_network` (from :mod:`quartier.network.loading`) reads everything the network
page needs in one read transaction (a fingerprint query, then three queries if anything
changed) into a :class:`NetworkData` (:mod:`quartier.network.data`). The rest, here, is
pure: :func:`as_of` gives the network as it was on a day, :func:`apply_filters` narrows it
to actor types, tie types, working groups, fields of action or the ego network of one
actor, :func:`date_range` gives the days to choose from, and :func:`to_networkx` /
:func:`simple_graph` hand it to networkx, the graph model. Metrics and layout
(``metrics``, ``layout``) use igraph where networkx is too slow, and cache their results
by :attr:`NetworkData.key` in a :class:`KeyCache`. The names of ``data`` and ``loading``
can be imported from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import networkx as nx

from quartier.network.data import ActorInfo, KeyCache, NetworkData
from quartier.network.loading import clear_cache, load_network
from quartier.network.model import ActorType, FieldOfAction, Tie, TieType


@dataclass(frozen=True)
class Filters:
    """What the network page narrows the graph to; an empty set means "no filter".

    ``ego``: show only this actor and everyone within ``depth`` (1 or 2) ties of it.
    """

    actor_types: frozenset[ActorType] = frozenset()
    tie_types: frozenset[TieType] = frozenset()
    group_ids: frozenset[int] = frozenset()
    fields: frozenset[FieldOfAction] = frozenset()
    ego: int | None = None
    depth: int = 1


# --- snapshots and filters -------------------------------------------------------------------


def date_range(data: NetworkData, today: date | None = None) -> tuple[date, date]:
    """The days the as-of slider offers: from the earliest start of a tie or actor (a year
    ago when nothing is dated) up to today.

    >>> from datetime import date
    >>> date_range(NetworkData(1, (), ()), today=date(2026, 5, 1))
    (datetime.date(2025, 5, 1), datetime.date(2026, 5, 1))
    >>> a = ActorInfo(1, "Kita", ActorType.KITA, active_from=date(2021, 3, 1))
    >>> date_range(NetworkData(1, (a,), ()), today=date(2026, 5, 1))[0]
    datetime.date(2021, 3, 1)
    """
    end = today or date.today()
    starts = [a.active_from for a in data.actors if a.active_from is not None]
    starts += [t.starts_on for t in data.ties if t.starts_on is not None]
    start = min(starts) if starts else end - timedelta(days=365)
    return min(start, end), end


def _with(data: NetworkData, actors: Iterable[ActorInfo], ties: Iterable[Tie]) -> NetworkData:
    return NetworkData(data.quartier_id, tuple(actors), tuple(ties), data.entered_at)


def as_of(data: NetworkData, day: date | None) -> NetworkData:
    """The network as it was on ``day``: the actors active then and the ties holding then
    between them (a tie that ends on ``day`` still holds that day). ``None`` gives
    everything (the union of all dates) unchanged.

    >>> from datetime import date, datetime
    >>> a, b = ActorInfo(1, "A", ActorType.KITA), ActorInfo(2, "B", ActorType.SCHOOL)
    >>> tie = Tie(7, 1, 1, 2, TieType.COOPERATION, 2, date(2020, 1, 1), date(2022, 12, 31),
    ...           "", None, datetime(2020, 1, 1))
    >>> data = NetworkData(1, (a, b), (tie,))
    >>> [len(as_of(data, date(y, 12, 31)).ties) for y in (2019, 2022, 2023)]
    [0, 1, 0]
    """
    if day is None:
        return data
    actors = [a for a in data.actors if a.active_on(day)]
    present = {a.id for a in actors}
    ties = [t for t in data.ties if t.active_on(day)
            and t.source_id in present and t.target_id in present]  # fmt: skip
    return _with(data, actors, ties)


def _neighbours(ties: Iterable[Tie]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for t in ties:
        out.setdefault(t.source_id, set()).add(t.target_id)
        out.setdefault(t.target_id, set()).add(t.source_id)
    return out


def apply_filters(data: NetworkData, filters: Filters) -> NetworkData:
    """Only the actors of the chosen types, working groups and fields of action, and the
    ties of the chosen types between them; then, with ``filters.ego``, only that actor and
    the actors within ``filters.depth`` ties of it (the ego actor itself is kept whatever
    its type). An ego actor not in ``data`` gives an empty network.

    Raises ValueError for a depth other than 1 or 2.
    """
    if filters.depth not in (1, 2):
        raise ValueError(f"ego depth must be 1 or 2, not {filters.depth}")

    def keep(a: ActorInfo) -> bool:
        return (
            (not filters.actor_types or a.actor_type in filters.actor_types)
            and (not filters.group_ids or not filters.group_ids.isdisjoint(a.group_ids))
            and (not filters.fields or not filters.fields.isdisjoint(a.fields_of_action))
        )

    kept = {a.id for a in data.actors if keep(a) or a.id == filters.ego}
    ties = [t for t in data.ties if t.source_id in kept and t.target_id in kept
            and (not filters.tie_types or t.tie_type in filters.tie_types)]  # fmt: skip
    if filters.ego is not None:
        if filters.ego not in data:
            return _with(data, (), ())
        near = _neighbours(ties)
        reached, frontier = {filters.ego}, {filters.ego}
        for _ in range(filters.depth):
            frontier = {n for a in frontier for n in near.get(a, ())} - reached
            reached |= frontier
        kept = reached
        ties = [t for t in ties if t.source_id in kept and t.target_id in kept]
    return _with(data, (a for a in data.actors if a.id in kept), ties)


# --- networkx, the graph model ------------------------------------------------------------


def _node_attributes(a: ActorInfo) -> dict[str, object]:
    return {
        "name": a.name,
        "actor_type": a.actor_type.value,
        "fields_of_action": [f.value for f in a.fields_of_action],
        "contact_role": a.contact_role,
        "active_from": a.active_from,
        "active_to": a.active_to,
        "groups": list(a.groups),
        "events": a.events,
        "measures": a.measures,
    }


def to_networkx(data: NetworkData) -> nx.MultiDiGraph:
    """The network as a networkx multigraph: one node per actor (attributes name,
    actor_type, fields_of_action, contact_role, active_from, active_to, groups, events,
    measures), one edge per tie from source to target with the tie id as key (attributes
    tie_type, strength, starts_on, ends_on).

    >>> from datetime import datetime
    >>> a, b = ActorInfo(1, "A", ActorType.KITA), ActorInfo(2, "B", ActorType.SCHOOL)
    >>> t = Tie(7, 1, 1, 2, TieType.FUNDING, 3, None, None, "", None, datetime(2020, 1, 1))
    >>> g = to_networkx(NetworkData(1, (a, b), (t,)))
    >>> list(g.edges(keys=True, data="tie_type")), g.nodes[2]["actor_type"]
    ([(1, 2, 7, 'foerderung')], 'schule')
    """
    graph = nx.MultiDiGraph(quartier_id=data.quartier_id)
    graph.add_nodes_from((a.id, _node_attributes(a)) for a in data.actors)
    graph.add_edges_from(
        (t.source_id, t.target_id, t.id,
         {"tie_type": t.tie_type.value, "strength": t.strength, "starts_on": t.starts_on,
          "ends_on": t.ends_on})
        for t in data.ties
    )  # fmt: skip
    return graph


def tie_weights(ties: Iterable[Tie]) -> dict[tuple[int, int], int]:
    """The undirected pairs (smaller id first) with the summed strength of their ties."""
    weights: dict[tuple[int, int], int] = {}
    for t in ties:
        s, e = t.source_id, t.target_id
        pair = (s, e) if s < e else (e, s)  # Tie.pair, inlined: this runs for every tie
        weights[pair] = weights.get(pair, 0) + t.strength
    return weights


def simple_graph(data: NetworkData) -> nx.Graph:
    """The network as a simple undirected graph: parallel ties between two actors become
    one edge whose ``weight`` is the sum of their strengths.

    >>> from datetime import datetime
    >>> a, b = ActorInfo(1, "A", ActorType.KITA), ActorInfo(2, "B", ActorType.SCHOOL)
    >>> ties = tuple(Tie(i, 1, s, e, tt, 2, None, None, "", None, datetime(2020, 1, 1))
    ...              for i, s, e, tt in ((1, 1, 2, TieType.FUNDING), (2, 2, 1, TieType.REFERRAL)))
    >>> list(simple_graph(NetworkData(1, (a, b), ties)).edges(data="weight"))
    [(1, 2, 4)]
    """
    graph = nx.Graph(quartier_id=data.quartier_id)
    graph.add_nodes_from((a.id, _node_attributes(a)) for a in data.actors)
    graph.add_weighted_edges_from((s, e, w) for (s, e), w in tie_weights(data.ties).items())
    return graph


__all__ = [
    "ActorInfo",
    "Filters",
    "KeyCache",
    "NetworkData",
    "apply_filters",
    "as_of",
    "clear_cache",
    "date_range",
    "load_network",
    "simple_graph",
    "tie_weights",
    "to_networkx",
]

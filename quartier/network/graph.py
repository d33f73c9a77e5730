"""The network of one Quartier as data: actors with their links, dated ties, snapshots.

:func:`load_network` reads everything the network page needs in one read transaction (a
fingerprint query, then three queries if anything changed). The rest is pure:
:func:`as_of` gives the network as it was on a day, :func:`apply_filters` narrows it to
actor types, tie types, working groups, fields of action or the ego network of one
actor, and :func:`to_networkx` / :func:`simple_graph` hand it to networkx, the graph
model. Metrics and layout (``metrics``, ``layout``) use igraph where networkx is too
slow, and cache their results by :attr:`NetworkData.key`.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cached_property

import networkx as nx

from quartier.network.model import ActorType, FieldOfAction, Tie, TieType
from quartier.storage import Database
from quartier.storage.db import Cursor


@dataclass(frozen=True)
class ActorInfo:
    """An actor as the network shows it, with what links it to the rest of the Quartier.

    ``group_ids``/``groups``: the non-archived working groups in which a member stands
    for the actor (by group name); ``events``: distinct events it organises, partners or
    hosts; ``measures``: distinct measures it is responsible for, funds or partners.
    """

    id: int
    name: str
    actor_type: ActorType
    fields_of_action: tuple[FieldOfAction, ...] = ()
    contact_role: str = ""
    active_from: date | None = None
    active_to: date | None = None
    group_ids: tuple[int, ...] = ()
    groups: tuple[str, ...] = ()
    events: int = 0
    measures: int = 0

    def active_on(self, day: date) -> bool:
        """Whether the actor exists on ``day`` (both ends inclusive).

        >>> a = ActorInfo(1, "Kita", ActorType.KITA, active_to=date(2024, 6, 30))
        >>> a.active_on(date(2024, 6, 30)), a.active_on(date(2024, 7, 1))
        (True, False)
        """
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or self.active_to >= day
        )


def _day(value: date | None) -> int:
    return -1 if value is None else value.toordinal()


@dataclass(frozen=True)
class NetworkData:
    """The actors and ties of one Quartier (all of them, or a snapshot/filtered view).

    ``entered_at`` is the latest time any actor or tie was entered or changed.
    """

    quartier_id: int
    actors: tuple[ActorInfo, ...]
    ties: tuple[Tie, ...]
    entered_at: datetime | None = None

    @cached_property
    def key(self) -> str:
        """A stable hash of the content (actors, their links and the ties, not who entered
        them when): equal content gives the same key in every process.

        >>> a = NetworkData(1, (ActorInfo(1, "Kita", ActorType.KITA),), ())
        >>> b = NetworkData(1, (ActorInfo(1, "Kita", ActorType.KITA),), ())
        >>> a.key == b.key, len(a.key)
        (True, 32)
        >>> a.key == NetworkData(1, (ActorInfo(1, "Kita", ActorType.SCHOOL),), ()).key
        False
        """
        actors = sorted(
            (a.id, a.name, a.actor_type.value, tuple(f.value for f in a.fields_of_action),
             a.contact_role, _day(a.active_from), _day(a.active_to), a.group_ids, a.groups,
             a.events, a.measures)
            for a in self.actors
        )  # fmt: skip
        ties = sorted(
            (t.id, t.source_id, t.target_id, t.tie_type.value, t.strength, _day(t.starts_on),
             _day(t.ends_on), t.notes)
            for t in self.ties
        )  # fmt: skip
        text = repr((self.quartier_id, actors, ties))
        return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()

    @cached_property
    def _index(self) -> dict[int, ActorInfo]:
        return {a.id: a for a in self.actors}

    def actor(self, actor_id: int) -> ActorInfo:
        """The actor with ``actor_id``; KeyError if it is not in this network."""
        return self._index[actor_id]

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._index


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


class KeyCache[V]:
    """A small thread-safe least-recently-used cache (bounded, so a long-running app does
    not keep every version of every network)."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key: Hashable, make: Callable[[], V]) -> V:
        """The cached value for ``key``, made (outside the lock) and kept when missing."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        self.put(key, value)
        return value

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: Hashable, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


# --- loading -------------------------------------------------------------------------------

_ACTORS_SQL = """
WITH grp AS (
    SELECT DISTINCT m.actor_id, g.id, g.name
    FROM working_group_members m JOIN working_groups g ON g.id = m.group_id
    WHERE m.quartier_id = $q AND g.quartier_id = $q AND NOT g.is_archived
        AND m.actor_id IS NOT NULL
), grp_list AS (
    SELECT actor_id, list(id ORDER BY name, id) AS ids, list(name ORDER BY name, id) AS names
    FROM grp GROUP BY actor_id
), fld AS (
    SELECT actor_id, list(field ORDER BY field) AS fields
    FROM actor_fields WHERE quartier_id = $q GROUP BY actor_id
), ev AS (
    SELECT l.actor_id, count(DISTINCT l.event_id) AS n
    FROM event_actors l JOIN events e ON e.id = l.event_id AND e.quartier_id = $q
    WHERE l.quartier_id = $q GROUP BY l.actor_id
), ms AS (
    SELECT actor_id, count(DISTINCT measure_id) AS n FROM (
        SELECT l.actor_id, l.measure_id
        FROM measure_actors l JOIN measures m ON m.id = l.measure_id AND m.quartier_id = $q
        WHERE l.quartier_id = $q
        UNION ALL
        SELECT responsible_actor_id, id FROM measures
        WHERE quartier_id = $q AND responsible_actor_id IS NOT NULL
    ) GROUP BY actor_id
)
SELECT a.id, a.name, a.actor_type, coalesce(fld.fields, []), a.contact_role, a.active_from,
    a.active_to, coalesce(grp_list.ids, []), coalesce(grp_list.names, []),
    coalesce(ev.n, 0), coalesce(ms.n, 0)
FROM actors a
LEFT JOIN fld ON fld.actor_id = a.id
LEFT JOIN grp_list ON grp_list.actor_id = a.id
LEFT JOIN ev ON ev.actor_id = a.id
LEFT JOIN ms ON ms.actor_id = a.id
WHERE a.quartier_id = $q
ORDER BY a.id
"""

_ENTERED_SQL = """
SELECT greatest(
    (SELECT greatest(max(created_at), max(updated_at)) FROM actors WHERE quartier_id = $q),
    (SELECT greatest(max(created_at), max(updated_at)) FROM ties WHERE quartier_id = $q))
"""

# The columns of ties.TIE_SELECT, with the timestamps read as UTC without a time zone:
# converting 10,000 TIMESTAMPTZ values to Python costs more than the rest of the load.
_TIES_SQL = """
SELECT t.id, t.quartier_id, t.source_id, t.target_id, t.tie_type, t.strength, t.starts_on,
    t.ends_on, t.notes, t.created_by, t.created_at::TIMESTAMP,
    coalesce(nullif(u.display_name, ''), u.username, ''), t.updated_at::TIMESTAMP
FROM ties t LEFT JOIN users u ON u.id = t.created_by
WHERE t.quartier_id = $q
ORDER BY t.id
"""

# A fingerprint of every row load_network reads (count and XOR of row hashes per
# table): a few milliseconds, against tens for the load itself.
_VERSION_SQL = " UNION ALL ".join((
    "SELECT 1 AS part, count(*) AS n, bit_xor(hash(id, name, actor_type, contact_role,"
    " active_from, active_to, notes, created_at, updated_at)) AS h FROM actors"
    " WHERE quartier_id = $q",
    "SELECT 2, count(*), bit_xor(hash(actor_id, field)) FROM actor_fields WHERE quartier_id = $q",
    "SELECT 3, count(*), bit_xor(hash(t.id, t.source_id, t.target_id, t.tie_type, t.strength,"
    " t.starts_on, t.ends_on, t.notes, t.created_by, t.created_at, t.updated_at,"
    " u.display_name, u.username)) FROM ties t LEFT JOIN users u ON u.id = t.created_by"
    " WHERE t.quartier_id = $q",
    "SELECT 4, count(*), bit_xor(hash(id, name, is_archived)) FROM working_groups"
    " WHERE quartier_id = $q",
    "SELECT 5, count(*), bit_xor(hash(group_id, user_id, actor_id)) FROM working_group_members"
    " WHERE quartier_id = $q",
    "SELECT 6, count(*), bit_xor(hash(id)) FROM events WHERE quartier_id = $q",
    "SELECT 7, count(*), bit_xor(hash(event_id, actor_id, role)) FROM event_actors"
    " WHERE quartier_id = $q",
    "SELECT 8, count(*), bit_xor(hash(id, responsible_actor_id)) FROM measures"
    " WHERE quartier_id = $q",
    "SELECT 9, count(*), bit_xor(hash(measure_id, actor_id, role)) FROM measure_actors"
    " WHERE quartier_id = $q",
))  # fmt: skip

_TYPES = {t.value: t for t in ActorType}
_FIELDS = {f.value: f for f in FieldOfAction}
_TIE_TYPES = {t.value: t for t in TieType}
_LOADED: KeyCache[tuple[object, NetworkData]] = KeyCache(16)


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.replace(tzinfo=UTC)


def _read(cur: Cursor, quartier_id: int) -> NetworkData:
    params = {"q": quartier_id}
    actors = tuple(
        ActorInfo(
            r[0], r[1], _TYPES[r[2]], tuple(_FIELDS[f] for f in r[3]), r[4], r[5], r[6],
            tuple(r[7]), tuple(r[8]), r[9], r[10],
        )
        for r in cur.execute(_ACTORS_SQL, params).fetchall()
    )  # fmt: skip
    ties = tuple(
        Tie(r[0], r[1], r[2], r[3], _TIE_TYPES[r[4]], r[5], r[6], r[7], r[8], r[9],
            r[10].replace(tzinfo=UTC), r[11], _utc(r[12]))
        for r in cur.execute(_TIES_SQL, params).fetchall()
    )  # fmt: skip
    entered = cur.execute(_ENTERED_SQL, params).fetchone()
    return NetworkData(quartier_id, actors, ties, None if entered is None else entered[0])


def load_network(db: Database, quartier_id: int) -> NetworkData:
    """Every actor and tie of the Quartier, past and present (the union of all dates),
    read in one read transaction.

    While nothing the network shows has changed (a fingerprint query of a few
    milliseconds says so), the same :class:`NetworkData` is returned again, so its key
    and everything cached by it stay valid.
    """
    with db.read() as cur:
        cur.begin()
        try:
            version = tuple(sorted(cur.execute(_VERSION_SQL, {"q": quartier_id}).fetchall()))
            known = _LOADED.get((db.path, quartier_id))
            if known is not None and known[0] == version:
                return known[1]
            data = _read(cur, quartier_id)
        finally:
            cur.rollback()
    _LOADED.put((db.path, quartier_id), (version, data))
    return data


def clear_cache() -> None:
    """Forget the networks read so far (benchmarks: the cold path)."""
    _LOADED.clear()


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


# --- snapshots and filters -------------------------------------------------------------------


def _with(data: NetworkData, actors: Iterable[ActorInfo], ties: Iterable[Tie]) -> NetworkData:
    return NetworkData(data.quartier_id, tuple(actors), tuple(ties), data.entered_at)


def as_of(data: NetworkData, day: date | None) -> NetworkData:
    """The network as it was on ``day``: the actors active then and the ties holding then
    between them (a tie that ends on ``day`` still holds that day). ``None`` gives
    everything (the union of all dates) unchanged.

    >>> from datetime import date
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

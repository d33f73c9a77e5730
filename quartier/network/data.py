"""The network as loaded: :class:`ActorInfo` (an actor with its links), :class:`NetworkData`
(the actors and ties of one Quartier, or a view of them) with its content :attr:`~NetworkData.key`,
and :class:`KeyCache`, the bounded cache that keeps what is derived from a network.

:mod:`quartier.network.loading` fills these from the database; :mod:`quartier.network.graph`
takes views of them and hands them to networkx (and re-exports all three).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from quartier.network.model import ActorType, FieldOfAction, Tie


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

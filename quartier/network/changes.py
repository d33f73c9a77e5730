"""What changed in the network between two dates: new and ended actors and ties.

The lists agree with :func:`~quartier.network.graph.as_of`: something is *new* when it
starts after ``since`` and by ``until`` (so it is missing on ``since`` and there on
``until``), and *ended* when its last day falls on or after ``since`` and before
``until`` (there on ``since``, gone on ``until``). A tie that both starts and ends in
between shows up in both lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from quartier.network.graph import ActorInfo, NetworkData
from quartier.network.model import Tie


@dataclass(frozen=True)
class Changes:
    new_actors: tuple[ActorInfo, ...]
    ended_actors: tuple[ActorInfo, ...]
    new_ties: tuple[Tie, ...]
    ended_ties: tuple[Tie, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.new_actors or self.ended_actors or self.new_ties or self.ended_ties)


def _started(day: date | None, since: date, until: date) -> bool:
    return day is not None and since < day <= until


def _ended(day: date | None, since: date, until: date) -> bool:
    return day is not None and since <= day < until


def changes_between(data: NetworkData, since: date, until: date) -> Changes:
    """New actors and ties (started in (since, until]) and ended ones (last day in
    [since, until)), each list by date, then name or id. The dates may come in either
    order.

    >>> from datetime import date, datetime
    >>> from quartier.network.model import ActorType, TieType
    >>> a = ActorInfo(1, "Kita", ActorType.KITA, active_from=date(2024, 3, 1))
    >>> t = Tie(9, 1, 1, 2, TieType.COOPERATION, 2, None, date(2024, 6, 30), "", None,
    ...         datetime(2024, 1, 1))
    >>> c = changes_between(NetworkData(1, (a,), (t,)), date(2024, 1, 1), date(2024, 12, 31))
    >>> [x.name for x in c.new_actors], [x.id for x in c.ended_ties]
    (['Kita'], [9])
    >>> changes_between(NetworkData(1, (a,), (t,)), date(2024, 7, 1), date(2024, 12, 31)).is_empty
    True
    """
    if until < since:
        since, until = until, since
    new_actors = [a for a in data.actors if _started(a.active_from, since, until)]
    ended_actors = [a for a in data.actors if _ended(a.active_to, since, until)]
    new_ties = [t for t in data.ties if _started(t.starts_on, since, until)]
    ended_ties = [t for t in data.ties if _ended(t.ends_on, since, until)]
    return Changes(
        tuple(sorted(new_actors, key=lambda a: (a.active_from, a.name.casefold(), a.id))),
        tuple(sorted(ended_actors, key=lambda a: (a.active_to, a.name.casefold(), a.id))),
        tuple(sorted(new_ties, key=lambda t: (t.starts_on, t.id))),
        tuple(sorted(ended_ties, key=lambda t: (t.ends_on, t.id))),
    )

"""Network growth: actors and ties active at each month end, in one query.

The as-of rule is that of :func:`quartier.network.graph.as_of`: an actor counts on a day
between its ``active_from`` and ``active_to`` (both inclusive, open ends unbounded); a
tie counts on a day it holds (``starts_on`` .. ``ends_on`` inclusive) while both its
actors count. So a tie's span is the intersection of its own and its two actors' spans,
and each count is a range join of the days against the spans.
"""

from __future__ import annotations

from datetime import date

from quartier.dashboard.model import (
    GrowthPoint,
    Period,
    _add_months,
    trend_window,
)
from quartier.i18n import berlin_today
from quartier.storage import Database

_EARLIEST = "DATE '0001-01-01'"
_LATEST = "DATE '9999-12-31'"

#: (id, lo, hi): the days each actor of the Quartier ($quartier) is active.
ACTOR_SPANS = f"""
    SELECT id, coalesce(active_from, {_EARLIEST}) AS lo, coalesce(active_to, {_LATEST}) AS hi
    FROM actors WHERE quartier_id = $quartier"""

#: (id, lo, hi): the days each tie holds between two active actors.
TIE_SPANS = f"""
    SELECT t.id,
        greatest(coalesce(t.starts_on, {_EARLIEST}), s.lo, e.lo) AS lo,
        least(coalesce(t.ends_on, {_LATEST}), s.hi, e.hi) AS hi
    FROM ties t
    JOIN ({ACTOR_SPANS}) s ON s.id = t.source_id
    JOIN ({ACTOR_SPANS}) e ON e.id = t.target_id
    WHERE t.quartier_id = $quartier"""

GROWTH_SQL = f"""
WITH days AS (SELECT unnest($days) AS day),
actor_spans AS ({ACTOR_SPANS}),
tie_spans AS ({TIE_SPANS}),
actor_counts AS (
    SELECT d.day, count(a.id) AS n FROM days d
    LEFT JOIN actor_spans a ON a.lo <= d.day AND a.hi >= d.day GROUP BY d.day
),
tie_counts AS (
    SELECT d.day, count(t.id) AS n FROM days d
    LEFT JOIN tie_spans t ON t.lo <= d.day AND t.hi >= d.day GROUP BY d.day
)
SELECT a.day, a.n, t.n FROM actor_counts a JOIN tie_counts t ON t.day = a.day ORDER BY a.day
"""


def month_ends(period: Period, today: date) -> list[date]:
    """The last day of every month of the trend window that has ended by ``today``, and
    ``today`` itself for the month it falls in.

    >>> from quartier.dashboard.model import PeriodKind
    >>> p = Period.of(PeriodKind.QUARTER, date(2026, 2, 1))
    >>> month_ends(p, date(2026, 2, 10))[-2:]
    [datetime.date(2026, 1, 31), datetime.date(2026, 2, 10)]
    >>> len(month_ends(p, date(2030, 1, 1))), month_ends(p, date(2020, 1, 1))
    (12, [])
    """
    ends = []
    for month in trend_window(period).months():
        last = date.fromordinal(_add_months(month, 1).toordinal() - 1)
        if last <= today:
            ends.append(last)
        elif month <= today:
            ends.append(today)
    return ends


def network_growth(
    db: Database, quartier_id: int, period: Period, *, today: date | None = None
) -> list[GrowthPoint]:
    """Actors and ties active at each month end of :func:`trend_window` of ``period``
    (:func:`month_ends`: not after ``today``, the running month counted on ``today``)."""
    days = month_ends(period, today or berlin_today())
    if not days:
        return []
    with db.read() as cur:
        rows = cur.execute(GROWTH_SQL, {"quartier": quartier_id, "days": days}).fetchall()
    return [GrowthPoint(day, int(actors), int(ties)) for day, actors, ties in rows]

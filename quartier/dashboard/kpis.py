"""The KPI tiles: every figure for a period and its previous period, in one query.

A period and its previous one are adjacent, so each source is read once over both
(``[prev_start, end)``, restricted to the Quartier first) and each figure is two FILTER
aggregates: the current period from ``start`` on, the previous one before it.

- people_reached: recorded attendance of events starting in the period plus the people
  of offering sessions held in it;
- events: events starting in the period on or before today ("held");
- survey_responses, ideas_submitted: submitted in the period (UTC bounds of Berlin
  midnights);
- ideas_to_measures: measures with an idea created in the period;
- measures_done: measures whose latest status change is to 'umgesetzt' and fell in the
  period (``measure_status_changes``);
- active_actors, active_ties: on the period's last day, or today when that is earlier
  (0 for a period that starts after today), with the as-of rule of the network.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from quartier.dashboard.growth import ACTOR_SPANS, TIE_SPANS
from quartier.dashboard.model import Kpi, KpiValue, Period
from quartier.i18n import berlin_today
from quartier.storage import Database


def _both(aggregate: str, source: str, current: str, previous: str) -> str:
    """The two scalar subqueries of one figure (pieces are constants of this module)."""
    return (
        f"(SELECT {aggregate} FILTER (WHERE {current}) FROM {source}),"
        f" (SELECT {aggregate} FILTER (WHERE {previous}) FROM {source})"
    )


_PEOPLE = (
    "(SELECT coalesce(sum(attendance) FILTER (WHERE starts_on >= $start), 0) FROM ev)"
    " + (SELECT coalesce(sum(people) FILTER (WHERE held_on >= $start), 0) FROM ses),"
    " (SELECT coalesce(sum(attendance) FILTER (WHERE starts_on < $start), 0) FROM ev)"
    " + (SELECT coalesce(sum(people) FILTER (WHERE held_on < $start), 0) FROM ses)"
)
_FIGURES = ",\n    ".join((
    _PEOPLE,
    _both("count(*)", "ev", "starts_on >= $start AND starts_on < $held", "starts_on < $prev_held"),
    _both("count(*)", "resp", "submitted_at >= $lo", "submitted_at < $lo"),
    _both("count(*)", "idea", "submitted_at >= $lo", "submitted_at < $lo"),
    _both("count(*)", "made", "created_at >= $lo", "created_at < $lo"),
    _both("count(*)", "done", "changed_at >= $lo", "changed_at < $lo"),
    _both("count(*)", "actor_spans", "lo <= $asof AND hi >= $asof",
          "lo <= $prev_asof AND hi >= $prev_asof"),
    _both("count(*)", "tie_spans", "lo <= $asof AND hi >= $asof",
          "lo <= $prev_asof AND hi >= $prev_asof"),
))  # fmt: skip

KPI_SQL = f"""
WITH ev AS (
    SELECT e.starts_on, d.attendance FROM events e
    JOIN event_details d ON d.event_id = e.id AND d.quartier_id = $quartier
    WHERE e.quartier_id = $quartier AND e.starts_on >= $prev_start AND e.starts_on < $end
),
ses AS (
    SELECT held_on, people FROM offering_sessions
    WHERE quartier_id = $quartier AND held_on >= $prev_start AND held_on < $end
),
resp AS (
    SELECT submitted_at FROM responses
    WHERE quartier_id = $quartier AND submitted_at >= $prev_lo AND submitted_at < $hi
),
idea AS (
    SELECT submitted_at FROM ideas
    WHERE quartier_id = $quartier AND submitted_at >= $prev_lo AND submitted_at < $hi
),
made AS (
    SELECT created_at FROM measures WHERE quartier_id = $quartier AND idea_id IS NOT NULL
      AND created_at >= $prev_lo AND created_at < $hi
),
done AS (
    SELECT changed_at FROM (
        SELECT arg_max(status, changed_at) AS status, max(changed_at) AS changed_at
        FROM measure_status_changes WHERE quartier_id = $quartier GROUP BY measure_id
    ) WHERE status = 'umgesetzt' AND changed_at >= $prev_lo AND changed_at < $hi
),
actor_spans AS ({ACTOR_SPANS}),
tie_spans AS ({TIE_SPANS})
SELECT
    {_FIGURES}
"""


def _as_of(period: Period, today: date) -> date | None:
    """The day the network is counted on for ``period``."""
    if period.start > today:
        return None
    return min(period.end - timedelta(days=1), today)


def kpi_params(quartier_id: int, period: Period, today: date) -> dict[str, Any]:
    """The parameters of :data:`KPI_SQL` for ``period`` and its previous period."""
    previous = period.previous()
    tomorrow = today + timedelta(days=1)
    return {
        "quartier": quartier_id,
        "prev_start": previous.start,
        "start": period.start,
        "end": period.end,
        "prev_held": min(previous.end, tomorrow),
        "held": min(period.end, tomorrow),
        "prev_lo": previous.utc_bounds()[0],
        "lo": period.utc_bounds()[0],
        "hi": period.utc_bounds()[1],
        "prev_asof": _as_of(previous, today),
        "asof": _as_of(period, today),
    }


def kpis(
    db: Database, quartier_id: int, period: Period, *, today: date | None = None
) -> list[KpiValue]:
    """Every :class:`Kpi` in enum order for ``period``, with the same figure for
    ``period.previous()``. ``today`` (default: Berlin's) caps "events held" and the day
    actors and ties are counted on."""
    day = today or berlin_today()
    with db.read() as cur:
        row = cur.execute(KPI_SQL, kpi_params(quartier_id, period, day)).fetchone()
    assert row is not None
    return [
        KpiValue(kpi, int(row[2 * i] or 0), int(row[2 * i + 1] or 0)) for i, kpi in enumerate(Kpi)
    ]


def period_has_data(kpi_values: list[KpiValue]) -> bool:
    """Whether any current figure is above zero.

    >>> period_has_data([KpiValue(Kpi.EVENTS, 0, 3)]), period_has_data([KpiValue(Kpi.EVENTS, 1, 0)])
    (False, True)
    """
    return any(v.value > 0 for v in kpi_values)

"""What the yearly report shows, read once: :func:`report_data`.

Everything is counted for one Quartier and one calendar year (Berlin time). KPIs and
the chart data come from :mod:`quartier.dashboard` (small groups hidden there, in SQL);
the lists of events, offerings and measures and the network summary are read here.
A year that is still running is counted up to today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from quartier import dashboard
from quartier.dashboard.model import (
    Breakdown,
    FunnelStep,
    GrowthPoint,
    KpiValue,
    Period,
    Reach,
    utc_midnight,
)
from quartier.errors import NotFoundError, ValidationError
from quartier.i18n import berlin_today
from quartier.ideas.reading import berlin_day
from quartier.network.graph import as_of, load_network
from quartier.network.metrics import compute_metrics
from quartier.privacy import min_group_size
from quartier.quartiers import Quartier, list_quartiers
from quartier.storage import Database

FIRST_YEAR = 2000
LAST_YEAR = 2100


@dataclass(frozen=True)
class EventLine:
    title: str
    starts_on: date
    event_type: str  # EventType value
    place: str
    attendance: int | None  # None = not recorded (yet)


@dataclass(frozen=True)
class OfferingLine:
    title: str
    kind: str  # OfferingKind value
    sessions: int  # held in the year
    people: int  # summed over those sessions


@dataclass(frozen=True)
class MeasureLine:
    title: str
    status: str  # MeasureStatus value at the end of the year (today for a running year)
    starts_on: date | None
    ends_on: date | None
    finished_on: date | None  # set when it was finished within the year
    milestones: int
    milestones_done: int  # by the end of the year


@dataclass(frozen=True)
class NetworkSummary:
    """The network on ``day`` and what changed during the year up to that day: a tie is
    *new* when its first day is in the year, *ended* when its last day is in the year
    before ``day``; components and density as in :mod:`quartier.network.metrics`."""

    day: date
    actors: int
    ties: int
    new_actors: int
    new_ties: int
    ended_ties: int
    components: int
    isolates: int
    density: float


@dataclass(frozen=True)
class ReportData:
    quartier: Quartier
    year: int
    generated_on: date
    until: date  # the last day counted: 31 December, or today in a running year
    k: int
    kpis: tuple[KpiValue, ...]
    participation: Breakdown  # by channel, monthly
    reach: Reach
    population_source: str
    population_year: int | None
    funnel: tuple[FunnelStep, ...]
    growth: tuple[GrowthPoint, ...]
    events: tuple[EventLine, ...]
    offerings: tuple[OfferingLine, ...]
    measures: tuple[MeasureLine, ...]
    network: NetworkSummary


def check_year(year: int, today: date) -> int:
    """``year`` if a report can be made for it: not before 2000, not after this year.

    >>> check_year(2025, date(2026, 3, 1))
    2025
    >>> check_year(2027, date(2026, 3, 1))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    quartier.errors.ValidationError: Für das Jahr 2027 ...
    """
    if not FIRST_YEAR <= year <= min(today.year, LAST_YEAR):
        raise ValidationError(
            "errors.report_year", field="year", year=year, first=FIRST_YEAR, last=today.year
        )
    return year


def quartier_by_id(db: Database, quartier_id: int) -> Quartier:
    for quartier in list_quartiers(db):
        if quartier.id == quartier_id:
            return quartier
    raise NotFoundError("errors.quartier_missing", field="quartier")


_EVENTS_SQL = """
SELECT e.title, e.starts_on, coalesce(d.event_type, 'sonstiges'), e.place, d.attendance
FROM events e LEFT JOIN event_details d ON d.event_id = e.id
WHERE e.quartier_id = $q AND e.starts_on >= $start AND e.starts_on < $end
ORDER BY e.starts_on, d.starts_at NULLS FIRST, e.id
"""

# Offerings with sessions in the year, and active ones without (they show a zero).
_OFFERINGS_SQL = """
SELECT o.title, o.kind, count(s.id), coalesce(sum(s.people), 0)
FROM offerings o
LEFT JOIN offering_sessions s
       ON s.offering_id = o.id AND s.held_on >= $start AND s.held_on < $end
WHERE o.quartier_id = $q
GROUP BY o.id, o.title, o.kind, o.is_active
HAVING count(s.id) > 0 OR o.is_active
ORDER BY o.title, o.id
"""

# The status at the year's end from the dated status history (the measure's own status
# when it has none); measures already finished or cancelled before the year and not
# touched in it are left out.
_MEASURES_SQL = """
WITH history AS (
    SELECT measure_id,
           arg_max(status, changed_at) FILTER (WHERE changed_at < $hi) AS at_end,
           arg_max(status, changed_at) FILTER (WHERE changed_at < $lo) AS at_start,
           count(*) FILTER (WHERE changed_at >= $lo AND changed_at < $hi) AS changes,
           max(changed_at) FILTER (WHERE status = 'umgesetzt' AND changed_at >= $lo
                                   AND changed_at < $hi) AS finished_at
    FROM measure_status_changes WHERE quartier_id = $q GROUP BY measure_id
),
stones AS (
    SELECT measure_id, count(*) AS n, count(*) FILTER (WHERE done_on < $end) AS done
    FROM milestones WHERE quartier_id = $q GROUP BY measure_id
)
SELECT m.title, coalesce(h.at_end, m.status), m.starts_on, m.ends_on,
       CASE WHEN coalesce(h.at_end, m.status) = 'umgesetzt' THEN h.finished_at END,
       coalesce(s.n, 0), coalesce(s.done, 0)
FROM measures m
LEFT JOIN history h ON h.measure_id = m.id
LEFT JOIN stones s ON s.measure_id = m.id
WHERE m.quartier_id = $q
  AND (m.created_at < $hi OR m.starts_on < $end)
  AND NOT (coalesce(h.at_start, '') IN ('umgesetzt', 'abgebrochen') AND h.changes = 0)
ORDER BY CASE coalesce(h.at_end, m.status) WHEN 'umgesetzt' THEN 0 WHEN 'in_umsetzung' THEN 1
         WHEN 'geplant' THEN 2 ELSE 3 END, m.starts_on NULLS LAST, m.id
"""

_POPULATION_SQL = "SELECT source, as_of_year FROM population_sources WHERE quartier_id = ?"


def _lists(
    db: Database, quartier_id: int, year: int
) -> tuple[
    tuple[EventLine, ...], tuple[OfferingLine, ...], tuple[MeasureLine, ...], str, int | None
]:
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    lo, hi = utc_midnight(start), utc_midnight(end)
    params = {"q": quartier_id, "start": start, "end": end}
    with db.read() as cur:
        events = tuple(EventLine(*r) for r in cur.execute(_EVENTS_SQL, params).fetchall())
        offerings = tuple(
            OfferingLine(r[0], r[1], int(r[2]), int(r[3]))
            for r in cur.execute(_OFFERINGS_SQL, params).fetchall()
        )
        rows = cur.execute(
            _MEASURES_SQL, {"q": quartier_id, "end": end, "lo": lo, "hi": hi}
        ).fetchall()
        source = cur.execute(_POPULATION_SQL, [quartier_id]).fetchone()
    measures = tuple(
        MeasureLine(r[0], r[1], r[2], r[3], berlin_day(r[4]), int(r[5]), int(r[6])) for r in rows
    )
    return (
        events,
        offerings,
        measures,
        (source[0] if source else ""),
        (source[1] if source else None),
    )


def network_summary(db: Database, quartier_id: int, year: int, until: date) -> NetworkSummary:
    """The network on ``until`` and the year's changes up to it (see NetworkSummary)."""
    data = load_network(db, quartier_id)
    shown = as_of(data, until)
    metrics = compute_metrics(shown)
    start = date(year, 1, 1)
    return NetworkSummary(
        day=until,
        actors=len(shown.actors),
        ties=len(shown.ties),
        new_actors=sum(
            a.active_from is not None and start <= a.active_from <= until for a in data.actors
        ),
        new_ties=sum(t.starts_on is not None and start <= t.starts_on <= until for t in data.ties),
        ended_ties=sum(t.ends_on is not None and start <= t.ends_on < until for t in data.ties),
        components=len(metrics.components),
        isolates=len(metrics.isolates),
        density=metrics.density,
    )


def report_data(
    db: Database, quartier_id: int, year: int, *, today: date | None = None
) -> ReportData:
    """Everything the report on ``year`` shows. Raises NotFoundError for an unknown
    Quartier and ValidationError for a year before 2000 or after this one."""
    today = today or berlin_today()
    check_year(year, today)
    quartier = quartier_by_id(db, quartier_id)
    period = Period.year(year)
    until = min(date(year, 12, 31), today)
    k = min_group_size(db, quartier_id)
    events, offerings, measures, source, source_year = _lists(db, quartier_id, year)
    return ReportData(
        quartier=quartier,
        year=year,
        generated_on=today,
        until=until,
        k=k,
        kpis=tuple(dashboard.kpis(db, quartier_id, period, today=today)),
        participation=dashboard.participation(db, quartier_id, period, "channel", k),
        reach=dashboard.language_reach(db, quartier_id, period, k),
        population_source=source,
        population_year=source_year,
        funnel=tuple(dashboard.idea_funnel(db, quartier_id, period)),
        growth=tuple(dashboard.network_growth(db, quartier_id, period, today=today)),
        events=events,
        offerings=offerings,
        measures=measures,
        network=network_summary(db, quartier_id, year, until),
    )

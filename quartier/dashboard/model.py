"""Periods, KPI tiles and chart data of the coordinator dashboard and the yearly report.

Pure: no database, no Streamlit. Periods are Berlin calendar periods; the queries turn
them into UTC instants for timestamps (responses, ideas) and compare dates directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from quartier.i18n import DISPLAY_TZ

BERLIN = DISPLAY_TZ


class PeriodKind(StrEnum):
    MONTH = "monat"
    QUARTER = "quartal"
    YEAR = "jahr"


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


_LENGTH = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}


@dataclass(frozen=True)
class Period:
    """A calendar period [start, end) in Berlin time.

    >>> p = Period.of(PeriodKind.QUARTER, date(2026, 5, 17))
    >>> p.start, p.end, p.label
    (datetime.date(2026, 4, 1), datetime.date(2026, 7, 1), 'Q2 2026')
    >>> p.previous().label, Period.of(PeriodKind.MONTH, date(2026, 1, 3)).previous().label
    ('Q1 2026', '12/2025')
    >>> Period.of(PeriodKind.YEAR, date(2025, 12, 31)).months()[-1]
    datetime.date(2025, 12, 1)
    """

    kind: PeriodKind
    start: date
    end: date  # exclusive

    @classmethod
    def of(cls, kind: PeriodKind, day: date) -> Period:
        """The period of ``kind`` that contains ``day``."""
        kind = PeriodKind(kind)
        if kind is PeriodKind.YEAR:
            start = date(day.year, 1, 1)
        elif kind is PeriodKind.QUARTER:
            start = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        else:
            start = date(day.year, day.month, 1)
        return cls(kind, start, _add_months(start, _LENGTH[kind]))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls.of(PeriodKind.YEAR, date(year, 1, 1))

    def previous(self) -> Period:
        return Period.of(self.kind, _add_months(self.start, -_LENGTH[self.kind]))

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end

    def months(self) -> list[date]:
        """The first day of every month in the period."""
        return [_add_months(self.start, i) for i in range(_LENGTH[self.kind])]

    @property
    def label(self) -> str:
        if self.kind is PeriodKind.YEAR:
            return str(self.start.year)
        if self.kind is PeriodKind.QUARTER:
            return f"Q{(self.start.month - 1) // 3 + 1} {self.start.year}"
        return f"{self.start.month:02d}/{self.start.year}"

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as UTC instants: midnight in Berlin, for TIMESTAMPTZ columns."""
        return utc_midnight(self.start), utc_midnight(self.end)


def utc_midnight(day: date) -> datetime:
    """Midnight of ``day`` in Berlin as an aware UTC datetime.

    >>> utc_midnight(date(2026, 7, 1)).isoformat(), utc_midnight(date(2026, 1, 1)).isoformat()
    ('2026-06-30T22:00:00+00:00', '2025-12-31T23:00:00+00:00')
    """
    return datetime(day.year, day.month, day.day, tzinfo=BERLIN).astimezone(UTC)


def trend_window(period: Period) -> Period:
    """The months the trend charts show for ``period``: the year itself for a year,
    else the twelve months that end with the period.

    >>> w = trend_window(Period.of(PeriodKind.MONTH, date(2026, 3, 9)))
    >>> w.start, w.end
    (datetime.date(2025, 4, 1), datetime.date(2026, 4, 1))
    """
    if period.kind is PeriodKind.YEAR:
        return period
    return Period(PeriodKind.YEAR, _add_months(period.end, -12), period.end)


class Kpi(StrEnum):
    """The KPI tiles, in display order; label key ``dashboard.kpi.<value>``."""

    PEOPLE_REACHED = "people_reached"  # event attendance + offering session people
    EVENTS = "events"  # events held (start day in the period)
    SURVEY_RESPONSES = "survey_responses"
    IDEAS_SUBMITTED = "ideas_submitted"
    IDEAS_TO_MEASURES = "ideas_to_measures"  # measures created from an idea in the period
    MEASURES_DONE = "measures_done"  # measures whose latest status 'umgesetzt' fell in the period
    ACTIVE_ACTORS = "active_actors"  # at the last day of the period
    ACTIVE_TIES = "active_ties"


@dataclass(frozen=True)
class KpiValue:
    kpi: Kpi
    value: int
    previous: int

    @property
    def change(self) -> int:
        return self.value - self.previous


@dataclass(frozen=True)
class Breakdown:
    """Monthly counts split by a dimension, small cells already hidden in SQL.

    ``rows`` are (month, group code, people or None when hidden); ``totals`` per month
    (None when the month's total is itself below k). ``k`` is the threshold used.
    """

    dimension: str  # 'channel' | 'event_type' | 'language' | 'working_group'
    rows: tuple[tuple[date, str, int | None], ...]
    totals: tuple[tuple[date, int | None], ...]
    k: int

    @property
    def is_empty(self) -> bool:
        return not any(n for _, _, n in self.rows) and not any(n for _, n in self.totals)


@dataclass(frozen=True)
class ReachRow:
    """One language: how many were reached (None = fewer than k), its share of everyone
    reached, its population share (None = not entered) and the ratio of the two
    (1.0 = reached in proportion; below 0.5 = clearly under-reached)."""

    language: str
    reached: int | None
    reached_share: float | None
    population_share: float | None
    ratio: float | None


@dataclass(frozen=True)
class Reach:
    rows: tuple[ReachRow, ...]
    total_reached: int
    k: int
    has_population: bool


@dataclass(frozen=True)
class FunnelStep:
    stage: str  # quartier.ideas.stages.Stage value on the PATH, plus 'umgesetzt'
    ideas: int


@dataclass(frozen=True)
class GrowthPoint:
    month_end: date  # last day of the month
    actors: int
    ties: int

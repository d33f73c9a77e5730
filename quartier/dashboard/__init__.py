"""The coordinator dashboard's figures: KPIs, participation over time, reach of language
communities, the idea funnel and network growth. Reads only; the pages check permissions.

Every query is one DuckDB statement restricted to one Quartier; breakdowns of people
hide cells below k in the SQL (:func:`quartier.privacy.suppressed`).
"""

from quartier.dashboard.funnel import FUNNEL, idea_funnel
from quartier.dashboard.growth import month_ends, network_growth
from quartier.dashboard.kpis import kpis, period_has_data
from quartier.dashboard.model import (
    Breakdown,
    FunnelStep,
    GrowthPoint,
    Kpi,
    KpiValue,
    Period,
    PeriodKind,
    Reach,
    ReachRow,
    trend_window,
    utc_midnight,
)
from quartier.dashboard.participation import DIMENSIONS, OFFERINGS_GROUP, participation
from quartier.dashboard.reach import language_reach
from quartier.i18n import berlin_today

__all__ = [
    "DIMENSIONS",
    "FUNNEL",
    "OFFERINGS_GROUP",
    "Breakdown",
    "FunnelStep",
    "GrowthPoint",
    "Kpi",
    "KpiValue",
    "Period",
    "PeriodKind",
    "Reach",
    "ReachRow",
    "berlin_today",
    "idea_funnel",
    "kpis",
    "language_reach",
    "month_ends",
    "network_growth",
    "participation",
    "period_has_data",
    "trend_window",
    "utc_midnight",
]

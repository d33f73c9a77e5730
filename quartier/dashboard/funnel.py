"""The idea pipeline as a funnel, in one query.

The cohort is the Quartier's ideas submitted in the period. Each idea gets the furthest
step it has reached, and a step counts every idea at or beyond it, so the counts never
grow along the funnel:

1. eingereicht — every idea of the cohort;
2. veroeffentlicht — published now, or once (a 'veroeffentlicht' history row), or further;
3. priorisiert — put into a prioritisation round (open or closed), or further;
4. massnahme — a measure was made of it (whatever its status, cancelled included);
5. umgesetzt — its stage is 'umgesetzt': the rule of ``quartier.ideas.stages.STAGE_SQL``
   (not unpublished, rejected or a duplicate, and its latest measure is 'umgesetzt'),
   applied to the cohort alone instead of working out every idea's stage (STAGE_SQL reads
   the whole city's round results; a test checks both agree).
"""

from __future__ import annotations

from quartier.dashboard.model import FunnelStep, Period
from quartier.storage import Database

FUNNEL: tuple[str, ...] = (
    "eingereicht",
    "veroeffentlicht",
    "priorisiert",
    "massnahme",
    "umgesetzt",
)

FUNNEL_SQL = """
WITH cohort AS (
    SELECT id, status FROM ideas
    WHERE quartier_id = $quartier AND submitted_at >= $lo AND submitted_at < $hi
),
published AS (
    SELECT DISTINCT idea_id FROM idea_history
    WHERE quartier_id = $quartier AND action = 'veroeffentlicht'
),
prioritised AS (SELECT DISTINCT idea_id FROM round_ideas WHERE quartier_id = $quartier),
measured AS (
    SELECT idea_id, arg_max(status, id) AS latest FROM measures
    WHERE quartier_id = $quartier AND idea_id IS NOT NULL GROUP BY idea_id
),
levels AS (
    SELECT CASE
        WHEN m.latest = 'umgesetzt'
             AND c.status NOT IN ('eingereicht', 'abgelehnt', 'duplikat') THEN 5
        WHEN m.idea_id IS NOT NULL THEN 4
        WHEN r.idea_id IS NOT NULL THEN 3
        WHEN c.status = 'veroeffentlicht' OR p.idea_id IS NOT NULL THEN 2
        ELSE 1 END AS level
    FROM cohort c
    LEFT JOIN published p ON p.idea_id = c.id
    LEFT JOIN prioritised r ON r.idea_id = c.id
    LEFT JOIN measured m ON m.idea_id = c.id
)
SELECT count(*), count(*) FILTER (WHERE level >= 2), count(*) FILTER (WHERE level >= 3),
       count(*) FILTER (WHERE level >= 4), count(*) FILTER (WHERE level >= 5)
FROM levels
"""


def idea_funnel(db: Database, quartier_id: int, period: Period) -> list[FunnelStep]:
    """How many of the ideas submitted in ``period`` reached at least each step of
    :data:`FUNNEL` (monotone non-increasing)."""
    lo, hi = period.utc_bounds()
    with db.read() as cur:
        row = cur.execute(FUNNEL_SQL, {"quartier": quartier_id, "lo": lo, "hi": hi}).fetchone()
    assert row is not None
    return [FunnelStep(stage, int(n)) for stage, n in zip(FUNNEL, row, strict=True)]

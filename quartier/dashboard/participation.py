"""Participation over time: monthly counts by channel, event type, language or working group.

Each dimension is ONE query. Its pieces (constants below) each yield ``(month, cell, n)``
for one source, restricted to the Quartier and the window first; the pieces are added
up per (month, cell), every (month, cell) pair of the groups seen in the window is
filled in (zeros included), and :func:`quartier.privacy.suppressed` hides small cells
in the same statement. Timestamps (responses, ideas) fall into months by a range join
against the months' UTC bounds, bound as lists; dates (events, sessions) compare directly.

The same pieces over a single "month" (the period itself) give the language reach
(:mod:`quartier.dashboard.reach`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from quartier.dashboard.model import Breakdown, Period, trend_window, utc_midnight
from quartier.ideas.stages import IDEA_GROUP_SQL
from quartier.privacy import suppressed
from quartier.storage import Database

DIMENSIONS: tuple[str, ...] = ("channel", "event_type", "language", "working_group")

#: The group of offering sessions in the 'event_type' dimension.
OFFERINGS_GROUP = "angebote"

# The buckets: month (first day), its UTC bounds, and the first day of the next month.
BUCKETS = (
    "SELECT unnest($months) AS month, unnest($lo) AS lo, unnest($hi) AS hi,"
    " unnest($next) AS next_month"
)

# --- pieces: (month, cell, n) of one source, n as DOUBLE -------------------------------


def _by_timestamp(table: str, column: str) -> str:
    """One row per response or idea, counted by ``column``; both names are constants."""
    return f"""
    SELECT b.month, x.{column} AS cell, count(*)::DOUBLE AS n
    FROM {table} x JOIN buckets b ON x.submitted_at >= b.lo AND x.submitted_at < b.hi
    WHERE x.quartier_id = $quartier AND x.submitted_at >= $wlo AND x.submitted_at < $whi
    GROUP BY ALL"""


RESPONSES_BY_CHANNEL = _by_timestamp("responses", "channel")
IDEAS_BY_CHANNEL = _by_timestamp("ideas", "channel")
RESPONSES_BY_LANGUAGE = _by_timestamp("responses", "language")
IDEAS_BY_LANGUAGE = _by_timestamp("ideas", "language")

# Events fall into the month of their start day; only recorded attendance counts.
_EVENTS = """
    FROM events e JOIN event_details d ON d.event_id = e.id
    JOIN buckets b ON e.starts_on >= b.month AND e.starts_on < b.next_month
    WHERE e.quartier_id = $quartier AND d.quartier_id = $quartier
      AND e.starts_on >= $d0 AND e.starts_on < $d1"""

ATTENDANCE_BY_TYPE = f"""
    SELECT b.month, d.event_type AS cell, sum(d.attendance)::DOUBLE AS n {_EVENTS}
      AND d.attendance IS NOT NULL
    GROUP BY ALL"""

SESSIONS_AS_GROUP = f"""
    SELECT b.month, '{OFFERINGS_GROUP}' AS cell, sum(s.people)::DOUBLE AS n
    FROM offering_sessions s
    JOIN buckets b ON s.held_on >= b.month AND s.held_on < b.next_month
    WHERE s.quartier_id = $quartier AND s.held_on >= $d0 AND s.held_on < $d1
    GROUP BY ALL"""

ATTENDANCE_BY_LANGUAGE = """
    SELECT b.month, a.category AS cell, sum(a.people)::DOUBLE AS n
    FROM events e
    JOIN event_attendance a ON a.event_id = e.id
      AND a.quartier_id = $quartier AND a.dimension = 'sprache'
    JOIN buckets b ON e.starts_on >= b.month AND e.starts_on < b.next_month
    WHERE e.quartier_id = $quartier AND e.starts_on >= $d0 AND e.starts_on < $d1
    GROUP BY ALL"""

# A session's people are split equally over its languages (a session without languages
# is not counted by language); the sum per cell is rounded once, at the end. The shares
# are summed as exact integers in units of 1/SPLIT_UNIT (lcm(1..21): exact for up to 21
# languages) and divided once, so a cell of exactly x.5 rounds the same way every time
# (a float sum in varying order sometimes gave x.4999...).
SPLIT_UNIT = 232_792_560
SESSIONS_BY_LANGUAGE = f"""
    SELECT b.month, l.language AS cell,
           (sum(s.people::HUGEINT * {SPLIT_UNIT} // l.n_languages) / {SPLIT_UNIT})::DOUBLE AS n
    FROM offering_sessions s
    JOIN (SELECT session_id, language, count(*) OVER (PARTITION BY session_id) AS n_languages
          FROM offering_session_languages WHERE quartier_id = $quartier) l
      ON l.session_id = s.id
    JOIN buckets b ON s.held_on >= b.month AND s.held_on < b.next_month
    WHERE s.quartier_id = $quartier AND s.held_on >= $d0 AND s.held_on < $d1
    GROUP BY ALL"""

ATTENDANCE_BY_GROUP = """
    SELECT b.month, g.name AS cell, sum(d.attendance)::DOUBLE AS n
    FROM events e JOIN event_details d ON d.event_id = e.id
    JOIN working_groups g ON g.id = d.group_id AND g.quartier_id = $quartier
    JOIN buckets b ON e.starts_on >= b.month AND e.starts_on < b.next_month
    WHERE e.quartier_id = $quartier AND d.quartier_id = $quartier
      AND e.starts_on >= $d0 AND e.starts_on < $d1 AND d.attendance IS NOT NULL
    GROUP BY ALL"""

# An idea's group: its latest assignment in the history, else the group given at insert.
IDEAS_BY_GROUP = f"""
    SELECT b.month, g.name AS cell, count(*)::DOUBLE AS n
    FROM ideas i
    LEFT JOIN ({IDEA_GROUP_SQL}) a ON a.idea_id = i.id
    JOIN working_groups g ON g.quartier_id = $quartier
      AND g.id = CASE WHEN a.idea_id IS NULL THEN i.group_id ELSE a.group_id END
    JOIN buckets b ON i.submitted_at >= b.lo AND i.submitted_at < b.hi
    WHERE i.quartier_id = $quartier AND i.submitted_at >= $wlo AND i.submitted_at < $whi
    GROUP BY ALL"""

PIECES: dict[str, tuple[str, ...]] = {
    "channel": (RESPONSES_BY_CHANNEL, IDEAS_BY_CHANNEL),
    "event_type": (ATTENDANCE_BY_TYPE, SESSIONS_AS_GROUP),
    "language": (
        RESPONSES_BY_LANGUAGE,
        IDEAS_BY_LANGUAGE,
        ATTENDANCE_BY_LANGUAGE,
        SESSIONS_BY_LANGUAGE,
    ),
    "working_group": (ATTENDANCE_BY_GROUP, IDEAS_BY_GROUP),
}


def cells_sql(pieces: tuple[str, ...]) -> str:
    """Every (month, cell) of the groups seen in the buckets, zeros included, as the
    ``(grp, cell, n)`` that :func:`quartier.privacy.suppressed` expects."""
    union = "\n    UNION ALL\n".join(pieces)
    return f"""
    WITH buckets AS ({BUCKETS}),
    facts AS ({union}),
    counts AS (SELECT month, cell, round(sum(n))::BIGINT AS n FROM facts GROUP BY ALL),
    seen AS (SELECT DISTINCT cell FROM counts WHERE n > 0)
    SELECT b.month AS grp, s.cell, coalesce(c.n, 0) AS n
    FROM buckets b CROSS JOIN seen s
    LEFT JOIN counts c ON c.month = b.month AND c.cell = s.cell"""


def query(dimension: str) -> str:
    """The whole suppressed query of ``dimension``; raises ValueError for an unknown one."""
    if dimension not in PIECES:
        raise ValueError(f"dimension must be one of {DIMENSIONS}, not {dimension!r}")
    return f"SELECT grp, cell, n, total FROM ({suppressed(cells_sql(PIECES[dimension]))})" \
        " ORDER BY grp, cell"  # fmt: skip


def bind(sql: str, params: dict[str, Any]) -> dict[str, Any]:
    """The ``params`` that ``sql`` uses (DuckDB refuses named parameters it does not use).

    >>> bind("SELECT $a + $b", {"a": 1, "b": 2, "c": 3})
    {'a': 1, 'b': 2}
    """
    used = set(re.findall(r"\$(\w+)", sql))
    return {name: value for name, value in params.items() if name in used}


def bucket_params(quartier_id: int, months: list[date], end: date) -> dict[str, Any]:
    """The parameters of the pieces for buckets starting at ``months`` (ascending), the
    last one ending at ``end``."""
    nexts = [*months[1:], end]
    lows = [utc_midnight(m) for m in months]
    highs = [utc_midnight(m) for m in nexts]
    return {
        "quartier": quartier_id,
        "months": months,
        "lo": lows,
        "hi": highs,
        "next": nexts,
        "d0": months[0],
        "d1": end,
        "wlo": lows[0],
        "whi": highs[-1],
    }


def participation(
    db: Database, quartier_id: int, period: Period, dimension: str, k: int
) -> Breakdown:
    """Monthly counts over :func:`trend_window` of ``period`` split by ``dimension``
    (one of :data:`DIMENSIONS`), small cells hidden (None) in the SQL.

    'channel': survey responses + ideas by channel; 'event_type': recorded event
    attendance by event type plus offering session people as the group 'angebote';
    'language': responses + ideas by language + event attendance by language + session
    people split equally over the session's languages (rounded per cell);
    'working_group': attendance at events of a working group + ideas assigned to it,
    by group name. ``totals`` has every month of the window (None when below k).
    Raises ValueError for an unknown dimension.
    """
    sql = query(dimension)
    window = trend_window(period)
    months = window.months()
    params = bucket_params(quartier_id, months, window.end) | {"k": k}
    with db.read() as cur:
        found = cur.execute(sql, bind(sql, params)).fetchall()
    rows = tuple((grp, str(cell), None if n is None else int(n)) for grp, cell, n, _ in found)
    by_month = {grp: None if total is None else int(total) for grp, _, _, total in found}
    totals = tuple((m, by_month.get(m)) for m in months)
    return Breakdown(dimension, rows, totals, k)

"""Reading ideas with their derived stage, group and support count in one query.

Every read of an :class:`Idea` goes through :func:`fetch_ideas`, so the board, the
moderation queue and the status page agree on an idea's stage (``STAGE_SQL``) and its
working group (``IDEA_GROUP_SQL``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from quartier.i18n import DISPLAY_TZ
from quartier.ideas.model import Idea, IdeaStatus
from quartier.ideas.stages import IDEA_GROUP_SQL, STAGE_SQL, Stage
from quartier.network import FieldOfAction
from quartier.storage.db import Cursor
from quartier.surveys.responses import Channel

NEWEST_FIRST = "submitted_at DESC, id DESC"
OLDEST_FIRST = "submitted_at ASC, id ASC"

# Never read more than this many ideas in one list (the board pages through them).
MAX_LIST = 1000

_COLUMNS = """i.id, i.quartier_id, i.title, i.description, i.field_of_action, i.place,
    i.language, i.channel, i.event_id, i.submitted_at, i.status, p.stage, p.assigned_group,
    i.duplicate_of, i.reason, i.edit_note"""

_AUTHOR = {True: "i.author_name, i.author_contact", False: "NULL, NULL"}


def _query(where: str, order: str, with_author: bool) -> str:
    """The idea query; ``where`` and ``order`` are constants of this package.

    The page is picked on narrow rows (id, sort key, stage, group) and only its ideas
    are then read in full, so a board over tens of thousands of ideas stays fast.
    """
    return f"""
WITH stages AS ({STAGE_SQL}),
assigned AS ({IDEA_GROUP_SQL}),
picked AS (
    SELECT i.id, i.submitted_at, s.stage,
        CASE WHEN g.idea_id IS NULL THEN i.group_id ELSE g.group_id END AS assigned_group,
        COUNT(*) OVER () AS total
    FROM ideas i
    JOIN stages s ON s.idea_id = i.id
    LEFT JOIN assigned g ON g.idea_id = i.id
    LEFT JOIN ideas o ON o.id = i.duplicate_of
    WHERE i.quartier_id = $quartier AND ({where})
    ORDER BY {order}
    LIMIT $limit OFFSET $offset
),
supported AS (
    SELECT idea_id, count(*) AS n FROM idea_supports
    WHERE quartier_id = $quartier AND idea_id IN (SELECT id FROM picked)
    GROUP BY idea_id
)
SELECT {_COLUMNS}, {_AUTHOR[with_author]}, p.total, coalesce(supported.n, 0)
FROM picked p
JOIN ideas i ON i.id = p.id
LEFT JOIN supported ON supported.idea_id = p.id
ORDER BY {", ".join(f"p.{term.strip()}" for term in order.split(","))}
"""


def _count_query(where: str) -> str:
    return f"""
WITH stages AS ({STAGE_SQL}),
assigned AS ({IDEA_GROUP_SQL})
SELECT count(*) FROM ideas i
JOIN stages s ON s.idea_id = i.id
LEFT JOIN assigned g ON g.idea_id = i.id
LEFT JOIN ideas o ON o.id = i.duplicate_of
WHERE i.quartier_id = $quartier AND ({where})
"""


def _idea(row: tuple[Any, ...]) -> Idea:
    return Idea(
        id=int(row[0]),
        quartier_id=int(row[1]),
        title=str(row[2]),
        description=str(row[3]),
        field_of_action=FieldOfAction(row[4]) if row[4] else None,
        place=str(row[5]),
        language=str(row[6]),
        channel=Channel(row[7]),
        event_id=None if row[8] is None else int(row[8]),
        submitted_at=row[9],
        status=IdeaStatus(row[10]),
        stage=Stage(row[11]),
        group_id=None if row[12] is None else int(row[12]),
        duplicate_of=None if row[13] is None else int(row[13]),
        reason=str(row[14]),
        edit_note=str(row[15]),
        author_name=row[16],
        author_contact=row[17],
        supports=int(row[19]),
    )


def fetch_ideas(
    cur: Cursor,
    quartier_id: int,
    where: str = "true",
    params: dict[str, Any] | None = None,
    *,
    with_author: bool = False,
    order: str = NEWEST_FIRST,
    limit: int = MAX_LIST,
    offset: int = 0,
) -> tuple[list[Idea], int]:
    """One page of the Quartier's ideas matching ``where`` and the total number matching.

    ``where`` may use ``i`` (the idea), ``s.stage``, ``assigned_group`` and ``o`` (the
    original of a duplicate) and named parameters from ``params``.
    """
    values: dict[str, Any] = {
        **(params or {}),
        "quartier": quartier_id,
        "limit": max(0, min(limit, MAX_LIST)),
        "offset": max(0, offset),
    }
    rows = cur.execute(_query(where, order, with_author), values).fetchall()
    if rows:
        return [_idea(r) for r in rows], int(rows[0][18])
    if values["offset"] == 0 and values["limit"] > 0:
        return [], 0
    # Paged past the end (or asked for no rows): the window count had no row to ride on.
    del values["limit"], values["offset"]
    counted = cur.execute(_count_query(where), values).fetchone()
    return [], int(counted[0]) if counted else 0


def quartier_of_idea(cur: Cursor, idea_id: int) -> int | None:
    row = cur.execute("SELECT quartier_id FROM ideas WHERE id = ?", [idea_id]).fetchone()
    return None if row is None else int(row[0])


def load_idea(cur: Cursor, idea_id: int, *, with_author: bool = False) -> Idea | None:
    """One idea with its stage, or None if there is no such idea."""
    quartier_id = quartier_of_idea(cur, idea_id)
    if quartier_id is None:
        return None
    ideas, _ = fetch_ideas(
        cur, quartier_id, "i.id = $idea", {"idea": idea_id}, with_author=with_author
    )
    return ideas[0] if ideas else None


def berlin_day(moment: datetime | date | None) -> date | None:
    """The calendar day of a stored moment as seen in the Quartier (Berlin time)."""
    if moment is None:
        return None
    if isinstance(moment, datetime):
        return moment.astimezone(DISPLAY_TZ).date() if moment.tzinfo else moment.date()
    return moment

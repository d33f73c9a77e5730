"""Where an idea stands, derived in SQL from moderation, rounds and measures.

Nothing here is stored: an idea is "in Priorisierung" while it is in an open round,
"ausgewählt" once a closed round chose it (or its group settled a tie in its favour),
"Maßnahme" once a measure exists, and so on. One definition, used by the public board,
the receipt page, the moderation queue and the dashboard.
"""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    SUBMITTED = "eingereicht"
    PUBLISHED = "veroeffentlicht"
    IN_PRIORITISATION = "in_priorisierung"
    CHOSEN = "ausgewaehlt"
    MEASURE = "massnahme"
    DONE = "umgesetzt"
    REJECTED = "abgelehnt"
    DUPLICATE = "duplikat"
    CANCELLED = "abgebrochen"


# The happy path a resident follows on the board and the receipt page.
PATH: tuple[Stage, ...] = (
    Stage.SUBMITTED,
    Stage.PUBLISHED,
    Stage.IN_PRIORITISATION,
    Stage.CHOSEN,
    Stage.MEASURE,
    Stage.DONE,
)

# (quartier_id, idea_id, round_id, chosen_at) of every idea a closed round chose: stored
# outcome 'ausgewaehlt', or a tie whose latest decision chose it.
CHOSEN_SQL = """
SELECT rr.quartier_id, rr.idea_id, rr.round_id, r.closed_at AS chosen_at
FROM round_results rr
JOIN rounds r ON r.id = rr.round_id AND r.closed_at IS NOT NULL
LEFT JOIN (
    SELECT round_id, idea_id, arg_max(is_chosen, decided_at) AS is_chosen
    FROM round_decisions GROUP BY round_id, idea_id
) d ON d.round_id = rr.round_id AND d.idea_id = rr.idea_id
WHERE rr.outcome = 'ausgewaehlt' OR (rr.outcome = 'gleichstand' AND d.is_chosen)
"""

# (idea_id, stage) for the ideas of one Quartier; the single parameter is the quartier id.
STAGE_SQL = f"""
WITH chosen AS ({CHOSEN_SQL}),
open_rounds AS (
    SELECT DISTINCT ri.idea_id FROM round_ideas ri
    JOIN rounds r ON r.id = ri.round_id AND r.closed_at IS NULL
    WHERE ri.quartier_id = $quartier
),
latest_measure AS (
    SELECT idea_id, arg_max(status, id) AS status FROM measures
    WHERE quartier_id = $quartier AND idea_id IS NOT NULL GROUP BY idea_id
)
SELECT i.id AS idea_id,
    CASE
        WHEN i.status IN ('eingereicht', 'abgelehnt', 'duplikat') THEN i.status
        WHEN m.status = 'umgesetzt' THEN 'umgesetzt'
        WHEN m.status = 'abgebrochen' THEN 'abgebrochen'
        WHEN m.status IS NOT NULL THEN 'massnahme'
        WHEN o.idea_id IS NOT NULL THEN 'in_priorisierung'
        WHEN c.idea_id IS NOT NULL THEN 'ausgewaehlt'
        ELSE 'veroeffentlicht'
    END AS stage
FROM ideas i
LEFT JOIN latest_measure m ON m.idea_id = i.id
LEFT JOIN open_rounds o ON o.idea_id = i.id
LEFT JOIN (SELECT DISTINCT idea_id FROM chosen WHERE quartier_id = $quartier) c
    ON c.idea_id = i.id
WHERE i.quartier_id = $quartier
"""

# (idea_id, group_id) of every idea of one Quartier ($quartier) that a coordinator has
# assigned or unassigned: the latest 'zugewiesen' history row wins, its detail holds the
# group id ('' = unassigned). ideas.group_id cannot be updated once history rows refer
# to the idea (DuckDB rewrites updates of indexed columns as delete + insert), so the
# assignment lives in idea_history; ideas.group_id is only a value given at insert.
IDEA_GROUP_SQL = """
SELECT idea_id, TRY_CAST(arg_max(detail, (happened_at, rowid)) AS BIGINT) AS group_id
FROM idea_history
WHERE quartier_id = $quartier AND action = 'zugewiesen'
GROUP BY idea_id
"""

"""Reach of language communities: who was reached in a period against the population.

ONE query: the 'language' pieces of :mod:`quartier.dashboard.participation` over a single
bucket (the period), suppressed like every breakdown (the bucket is the group), joined
in full with the Quartier's population shares. Shares are in percent (0–100), like the
population shares; the ratio is reached share / population share.
"""

from __future__ import annotations

from quartier.dashboard.model import Period, Reach, ReachRow
from quartier.dashboard.participation import PIECES, bind, bucket_params, cells_sql
from quartier.privacy import suppressed
from quartier.storage import Database

REACH_SQL = f"""
WITH reached AS ({suppressed(cells_sql(PIECES["language"]))}),
shares AS (
    SELECT language, share::DOUBLE AS share FROM population_shares WHERE quartier_id = $quartier
)
SELECT coalesce(r.cell, s.language) AS language, r.n, s.share, r.total
FROM reached r FULL OUTER JOIN shares s ON s.language = r.cell
ORDER BY s.share DESC NULLS LAST, r.n DESC NULLS LAST, language
"""


def _row(language: str, reached: int | None, share: float | None, total: int) -> ReachRow:
    reached_share = None if reached is None or not total else 100.0 * reached / total
    ratio = None
    if reached_share is not None and share:
        ratio = reached_share / share
    return ReachRow(language, reached, reached_share, share, ratio)


def language_reach(db: Database, quartier_id: int, period: Period, k: int) -> Reach:
    """The languages reached in ``period`` (survey responses and ideas by language, event
    attendance by language, session people split over the session's languages) and the
    population shares, one row per language reached or with a share, sorted by share
    (descending), then by reached (descending). Counts below k are None (and so are
    their shares and ratios); ``total_reached`` is everyone counted by language, 0 when
    it is itself below k."""
    params = bucket_params(quartier_id, [period.start], period.end) | {"k": k}
    with db.read() as cur:
        found = cur.execute(REACH_SQL, bind(REACH_SQL, params)).fetchall()
    # every reached row carries the same total, None when it is below k
    total = max((int(t) for *_, t in found if t is not None), default=0)
    rows = tuple(
        _row(str(language), None if n is None else int(n), share, total)
        for language, n, share, _ in found
    )
    return Reach(rows, total, k, any(share is not None for _, _, share, _ in found))

"""Shared helpers for the events tests."""

from __future__ import annotations

from datetime import date

from quartier.storage import Database

TODAY = date(2026, 11, 21)

TABLES = (
    "events",
    "event_details",
    "event_languages",
    "event_attendance",
    "offerings",
    "offering_languages",
    "offering_sessions",
    "offering_session_languages",
    "population_shares",
    "population_sources",
)


def counts(db: Database) -> dict[str, int]:
    """Rows per events table: compare before and after a refused action."""
    with db.read() as cur:
        return {t: int(cur.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLES}

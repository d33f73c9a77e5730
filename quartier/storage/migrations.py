"""Numbered, named schema migrations applied in order.

Each migration is a ``NNNN_name.sql`` file in ``migrations/``. It runs in one
transaction together with the row that records it in ``schema_migrations``, so a
failing migration leaves neither half a schema nor a record; running ``migrate``
again applies only what is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from quartier.storage.db import Database

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_FILE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """The migrations in ``directory``, ordered by version number."""
    found: list[Migration] = []
    for file in sorted(directory.glob("*.sql")):
        match = _FILE.match(file.name)
        if not match:
            raise ValueError(f"migration file name not NNNN_name.sql: {file.name}")
        found.append(Migration(int(match[1]), match[2], file.read_text(encoding="utf-8")))
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise ValueError("two migrations share a version number")
    return found


def applied_versions(db: Database) -> set[int]:
    with db.read() as cur:
        cur.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
            " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        rows = cur.execute("SELECT version FROM schema_migrations").fetchall()
    return {int(r[0]) for r in rows}


def migrate(db: Database, migrations: list[Migration] | None = None) -> list[str]:
    """Apply every migration not yet applied; return the names applied now."""
    todo = load_migrations() if migrations is None else migrations
    done = applied_versions(db)
    applied: list[str] = []
    for migration in sorted(todo, key=lambda m: m.version):
        if migration.version in done:
            continue
        with db.transaction() as cur:
            cur.execute(migration.sql)
            cur.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                [migration.version, migration.name],
            )
        applied.append(f"{migration.version:04d}_{migration.name}")
    return applied


def schema_version(db: Database) -> int:
    """The highest applied migration version (0 for an empty database)."""
    return max(applied_versions(db), default=0)

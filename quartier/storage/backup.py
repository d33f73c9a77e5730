"""Backups are complete DuckDB files made with ``COPY FROM DATABASE``; a restore
checks the file first and then replaces the database file in one rename, so a bad
backup never touches the current data."""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from quartier.errors import BackupInvalid
from quartier.storage.db import Database, open_database, unavailable_error
from quartier.storage.migrations import load_migrations, migrate


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    schema_version: int
    installation_id: str
    tables: dict[str, int]


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def backup_to(db: Database, target: Path) -> BackupInfo:
    """Write a complete copy of ``db`` to the new file ``target``.

    Writers are paused (the write lock) while the copy runs, so it is consistent.
    """
    target = Path(target)
    if target.exists():
        raise BackupInvalid("errors.backup_target_exists", code="backup_target_exists", path=target)
    target.parent.mkdir(parents=True, exist_ok=True)
    alias = f"backup_{uuid.uuid4().hex[:8]}"
    with db.transaction() as cur:
        source = cur.execute("SELECT current_database()").fetchone()
        assert source is not None
        # ATTACH/COPY DATABASE do not run inside a transaction: end ours first.
        cur.commit()
        cur.execute(f"ATTACH {_quoted(target)} AS {alias}")
        try:
            cur.execute(f"COPY FROM DATABASE {_ident(str(source[0]))} TO {alias}")
        finally:
            cur.execute(f"DETACH {alias}")
            cur.begin()
    return inspect_backup(target)


def inspect_backup(path: Path) -> BackupInfo:
    """Check that ``path`` is a Quartier backup this version can restore.

    Raises BackupInvalid naming the file and the problem.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupInvalid("errors.backup_missing", code="backup_missing", path=path)
    try:
        conn = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        if "lock" in str(exc).lower():
            raise unavailable_error(str(path), exc) from exc
        raise BackupInvalid(
            "errors.backup_not_duckdb", code="backup_not_duckdb", path=path
        ) from exc
    try:
        tables = {
            str(r[0])
            for r in conn.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
            ).fetchall()
        }
        if not {"schema_migrations", "app_meta"} <= tables:
            raise BackupInvalid("errors.backup_not_quartier", code="backup_not_quartier", path=path)
        version_row = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
        version = int(version_row[0]) if version_row and version_row[0] is not None else 0
        known = max((m.version for m in load_migrations()), default=0)
        if version > known:
            raise BackupInvalid(
                "errors.backup_newer", code="backup_newer", path=path, version=version, known=known
            )
        installation = conn.execute(
            "SELECT value FROM app_meta WHERE key = 'installation_id'"
        ).fetchone()
        counts = {
            name: int(conn.execute(f"SELECT count(*) FROM {_ident(name)}").fetchone()[0])  # type: ignore[index]
            for name in sorted(tables)
        }
    finally:
        conn.close()
    return BackupInfo(path, version, str(installation[0]) if installation else "", counts)


def restore_to(backup: Path, target: Path, *, keep_previous: Path | None = None) -> BackupInfo:
    """Replace the database file ``target`` by ``backup``.

    The backup is checked and migrated in a temporary copy first; only then is the
    target replaced by one atomic rename. Raises BackupInvalid for a bad backup and
    DatabaseUnavailable while another process (the running app) holds ``target``.
    With ``keep_previous`` the current file is first copied there.
    """
    info = inspect_backup(backup)
    target = Path(target)
    if target.exists():
        # Opening and closing the current file checks nobody else holds it and
        # checkpoints its write-ahead log, which must not outlive the old file.
        open_database(target).close()
        if keep_previous is not None:
            shutil.copyfile(target, keep_previous)
    temporary = target.with_name(f".{target.name}.restore-{uuid.uuid4().hex[:8]}")
    try:
        shutil.copyfile(backup, temporary)
        restored = open_database(temporary)
        try:
            migrate(restored)
        finally:
            restored.close()
        with temporary.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    finally:
        for leftover in (temporary, Path(f"{temporary}.wal")):
            leftover.unlink(missing_ok=True)
    return info

"""One DuckDB connection per process, a cursor per unit of work, serialised writes.

A DuckDB connection is not thread-safe and Streamlit sessions are threads, so every
unit of work takes its own ``cursor()``. Writers additionally take a process-wide
lock: DuckDB uses optimistic concurrency and two transactions touching the same row
fail with "Conflict on update"; serialising writes in one process avoids that, and
keeping counters and votes append-only avoids it across the board.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from quartier import config
from quartier.errors import DatabaseUnavailable

Cursor = duckdb.DuckDBPyConnection

MEMORY = ":memory:"


class Database:
    """A DuckDB database opened read-write by this process.

    Use :meth:`read` for queries and :meth:`transaction` for writes::

        with db.transaction() as cur:
            cur.execute("INSERT ...", [...])
    """

    def __init__(self, conn: duckdb.DuckDBPyConnection, path: str) -> None:
        self._conn = conn
        self.path = path
        self._write_lock = threading.RLock()

    @contextmanager
    def read(self) -> Iterator[Cursor]:
        """A fresh cursor for reading; closed afterwards."""
        cur = self._conn.cursor()
        try:
            yield cur
        finally:
            cur.close()

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        """A cursor inside one transaction, committed on success, rolled back on any error."""
        with self._write_lock:
            cur = self._conn.cursor()
            try:
                cur.begin()
                try:
                    yield cur
                except BaseException:
                    cur.rollback()
                    raise
                cur.commit()
            finally:
                cur.close()

    def close(self) -> None:
        with self._write_lock:
            self._conn.close()


def unavailable_error(path: str, exc: duckdb.Error) -> DatabaseUnavailable:
    text = str(exc)
    if "Could not set lock" in text or "Conflicting lock" in text:
        pid = re.search(r"PID (\d+)", text)
        return DatabaseUnavailable(
            "errors.db_locked", code="db_locked", path=path, pid=pid.group(1) if pid else "?"
        )
    if "not a valid DuckDB database" in text or "orrupt" in text:
        return DatabaseUnavailable("errors.db_not_database", code="db_corrupt", path=path)
    return DatabaseUnavailable("errors.db_cannot_open", code="db_cannot_open", path=path)


def open_database(path: str | Path, *, read_only: bool = False) -> Database:
    """Open (and create) the database file at ``path`` with this process's limits.

    Raises DatabaseUnavailable with a German explanation when the file is locked by
    another process, is not a DuckDB database, or cannot be created.
    """
    target = str(path)
    if target != MEMORY:
        parent = Path(target).expanduser().parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnavailable(
                "errors.db_cannot_open", code="db_cannot_open", path=str(parent)
            ) from exc
    settings: dict[str, str | bool | int | float | list[str]] = {
        "memory_limit": config.get("QUARTIER_MEMORY_LIMIT"),
        "threads": str(config.get_int("QUARTIER_THREADS")),
    }
    try:
        conn = duckdb.connect(target, read_only=read_only, config=settings)
    except (duckdb.IOException, duckdb.SerializationException) as exc:
        raise unavailable_error(target, exc) from exc
    return Database(conn, target)


_shared: dict[str, Database] = {}
_shared_lock = threading.Lock()


def shared_database(path: str | Path) -> Database:
    """The process-wide Database for ``path``, opened and migrated on first use.

    The Streamlit script threads and the login routes of the web server share it, so
    the file is opened read-write exactly once per process.
    """
    from quartier.storage.migrations import migrate

    key = str(Path(path).expanduser().resolve()) if str(path) != MEMORY else MEMORY
    with _shared_lock:
        db = _shared.get(key)
        if db is None:
            db = open_database(key)
            migrate(db)
            _shared[key] = db
        return db


def close_shared() -> None:
    """Close every shared database (tests, CLI restore)."""
    with _shared_lock:
        for db in _shared.values():
            db.close()
        _shared.clear()

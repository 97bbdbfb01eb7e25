"""The worker's connections to a SQLite database: write-ahead log, synced at checkpoints.

Each message is committed twice (sending, then sent); with SQLite's default rollback journal
every commit waits for the disk several times, which held the worker to about 12 messages a
second in the bench. In WAL mode with synchronous=NORMAL a commit survives the worker being
killed (it is in the OS's cache), though not a power cut; PostgreSQL is untouched.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event


def _wal(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # kept by the database file: the API uses it too
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")  # the API writes the same file
    cursor.close()


def tune_for_queue(engine: Engine) -> Engine:
    """WAL and NORMAL sync on a SQLite engine's connections (others are left as they are)."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _wal)
    return engine

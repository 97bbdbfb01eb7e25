"""Database engine and session factory (built by the app factory, never at import)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware."""
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """Treat a naive datetime read back from SQLite as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _ensure_sqlite_directory(url: str) -> None:
    """Create the directory of a SQLite file database if it is missing."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    """Make SQLite enforce foreign keys, as PostgreSQL does, and overwrite what is deleted."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")  # erased personal data doesn't linger in free pages
    cursor.close()


# FastAPI runs sync routes and the session dependency's clean-up on one 40-thread pool; with
# fewer pooled connections than threads, threads waiting for a connection can starve the
# clean-ups that would return one, and requests stall for the pool timeout (measured: p95 33 s
# at 50 concurrent conversations with SQLAlchemy's default 5 + 10). So allow 40 at least.
REQUEST_THREADS = 40


def _server_options(url: str) -> dict[str, Any]:
    """Pool options: as many connections as request threads; survive a database restart."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            return {}
        return {"pool_size": 10, "max_overflow": REQUEST_THREADS}
    # pre_ping drops connections a restarted PostgreSQL closed, so the next request works.
    return {
        "pool_pre_ping": True,
        "pool_size": 10,
        "max_overflow": REQUEST_THREADS,
        "pool_timeout": 10,
        "pool_recycle": 1800,
    }


def make_engine(url: str) -> Engine:
    """Build an engine for the URL, preparing SQLite files and foreign keys."""
    _ensure_sqlite_directory(url)
    engine = create_engine(url, **_server_options(url))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory bound to the engine."""
    return sessionmaker(bind=engine, expire_on_commit=False)

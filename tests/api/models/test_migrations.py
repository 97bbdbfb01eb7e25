"""Alembic: upgrade an empty database from the command line; models match the migrations."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from api.core.db import make_engine
from api.core.settings import REPO_ROOT
from api.models.tables import Base

TABLES = {"organisations", "provider_clients", "people", "consents", "needs", "audit_events"}


def test_upgrade_head_from_repo_root_honours_database_url(tmp_path: Path) -> None:
    database = tmp_path / "nested" / "empty.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}

    result = subprocess.run(
        [sys.executable, "-m", "alembic", "-c", "api/alembic.ini", "upgrade", "head"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    with sqlite3.connect(database) as connection:
        tables = {row[0] for row in connection.execute("select name from sqlite_master")}
    assert tables >= TABLES | {"alembic_version"}


def test_autogenerate_finds_nothing_to_change_in_a_fresh_process(tmp_path: Path) -> None:
    """Alembic's own comparison, with only what migrations/env.py imports (not the whole app)."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'head.db'}"}
    alembic = [sys.executable, "-m", "alembic", "-c", "api/alembic.ini"]
    run = {"cwd": REPO_ROOT, "env": env, "capture_output": True, "text": True, "check": False}

    upgraded = subprocess.run([*alembic, "upgrade", "head"], **run)
    checked = subprocess.run([*alembic, "check"], **run)

    assert upgraded.returncode == 0, upgraded.stderr
    assert checked.returncode == 0, checked.stderr[-2000:]
    assert "No new upgrade operations detected" in checked.stdout + checked.stderr


def test_models_match_migrations(database: str) -> None:
    engine = make_engine(database)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()

    assert differences == []

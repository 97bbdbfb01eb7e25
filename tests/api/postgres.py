"""A throwaway PostgreSQL server for tests, from the machine's binaries (no Docker)."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.api.live import free_port


def _as_postgres(command: list[str]) -> list[str]:
    """The command run as the postgres user when we are root (PostgreSQL refuses root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def available() -> bool:
    """Whether initdb and pg_ctl are on PATH (and, as root, a postgres user to run them)."""
    tools = shutil.which("initdb") and shutil.which("pg_ctl")
    if os.geteuid() == 0:
        return bool(tools and shutil.which("runuser") and _user_exists("postgres"))
    return bool(tools)


def _user_exists(name: str) -> bool:
    """Whether a system user exists."""
    return subprocess.run(["id", name], capture_output=True, check=False).returncode == 0


@contextmanager
def temporary_postgres() -> Iterator[str]:
    """Start a server in a temporary directory; yields a SQLAlchemy URL; stops and removes it."""
    root = Path(tempfile.mkdtemp(prefix="frontdoor-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, user="postgres")
    data, port = root / "data", free_port()
    run = {"check": True, "capture_output": True, "timeout": 120}
    subprocess.run(
        _as_postgres(["initdb", "-D", str(data), "-U", "postgres", "--auth=trust"]), **run
    )
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1"
    start = ["pg_ctl", "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"]
    subprocess.run(_as_postgres(start), **run)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_postgres(["pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop"]), **run)
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """An empty database on the server of `server_url`; yields its URL; drops it afterwards."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(server_url)
    name = f"frontdoor_test_{secrets.token_hex(6)}"
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

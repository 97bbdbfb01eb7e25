"""The scaled topology on one machine's loopback: 2 Rasa, 2 action servers, 2 APIs behind HAProxy.

Redis (trackers, locks, reply de-duplication) and PostgreSQL (records) run from the machine's
Debian binaries in a work directory. Used by `make run-scaled` (`python -m deploy.local`) and by
the fault tests in tests/scale/, which kill and restart each process.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BOT_BIN = REPO / ".venv" / "bot" / "bin"
API_BIN = REPO / ".venv" / "api" / "bin"
MODEL = REPO / "models" / "current.tar.gz"
PG_BINS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
PG_BIN = PG_BINS[-1] if PG_BINS else Path("/usr/lib/postgresql/15/bin")  # Debian's layout
PG_USER = "postgres"  # PostgreSQL refuses to run as root; Debian's package creates this user
PUBLIC_BASE_URL = "https://frontdoor.test"
INSTANCES = ("1", "2")
BALANCED = ("rasa", "actions", "api")  # HAProxy backends, one server per instance
HAPROXY_TEMPLATE = REPO / "deploy" / "haproxy.cfg.template"


def free_port() -> int:
    """A TCP port nobody is listening on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def pg_tool(name: str) -> str:
    """Path of a PostgreSQL server binary (Debian keeps them off PATH)."""
    return shutil.which(name) or str(PG_BIN / name)


def missing_tools() -> list[str]:
    """System programs the scaled topology needs that this machine lacks."""
    needed = {"redis-server": shutil.which("redis-server"), "haproxy": shutil.which("haproxy")}
    needed["postgres"] = Path(pg_tool("postgres")).exists() and Path(pg_tool("initdb")).exists()
    if os.geteuid() == 0:
        needed["setpriv"] = shutil.which("setpriv")
        needed["postgres user"] = _user_exists(PG_USER)
    return [name for name, found in needed.items() if not found]


def _user_exists(name: str) -> bool:
    """Whether a system user exists."""
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def as_pg_user(command: list[str]) -> list[str]:
    """Run as the postgres user when root; setpriv execs in place so the pid is the server's."""
    if os.geteuid() != 0:
        return command
    user = pwd.getpwnam(PG_USER)
    ids = [f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--init-groups"]
    return ["setpriv", *ids, "--", *command]


def http_ok(url: str) -> Callable[[], bool]:
    """A readiness probe: the URL answers 200."""

    def probe() -> bool:
        try:
            with urllib.request.urlopen(url, timeout=1.0) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    return probe


def redis_ok(port: int) -> Callable[[], bool]:
    """A readiness probe: Redis answers PING (and has loaded its data)."""

    def probe() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1.0) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(64).startswith(b"+PONG")
        except OSError:
            return False

    return probe


def pg_ok(port: int) -> Callable[[], bool]:
    """A readiness probe: PostgreSQL accepts connections."""

    def probe() -> bool:
        done = subprocess.run(
            [pg_tool("pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(port)], check=False
        )
        return done.returncode == 0

    return probe


@dataclass
class Service:
    """How to start one process and know it is ready."""

    command: list[str]
    ready: Callable[[], bool]
    env: dict[str, str] | None = None


@dataclass
class ScaledStack:
    """The running topology: its ports, environment and processes."""

    workdir: Path
    ports: dict[str, int]
    env: dict[str, str]
    services: dict[str, Service] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def webhook_url(self) -> str:
        """The load balancer's address for Twilio's webhooks."""
        return f"http://127.0.0.1:{self.ports['lb_webhooks']}"

    @property
    def api_url(self) -> str:
        """The load balancer's address for the API."""
        return f"http://127.0.0.1:{self.ports['lb_api']}"

    def url_of(self, name: str) -> str:
        """Direct address of one instance (rasa1, api2, ...), bypassing the balancer."""
        return f"http://127.0.0.1:{self.ports[name]}"

    def launch(self, name: str) -> None:
        """Start a process in its own process group, logging to the work directory."""
        service = self.services[name]
        log = open(self.workdir / f"{name}.log", "a")  # noqa: SIM115 - closed with the process
        self.processes[name] = subprocess.Popen(
            service.command,
            cwd=REPO,
            env=service.env or self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, names: list[str], timeout: float = 240.0) -> None:
        """Wait until every named process answers its readiness probe."""
        deadline = time.monotonic() + timeout
        waiting = list(names)
        while waiting and time.monotonic() < deadline:
            for name in list(waiting):
                if self.processes[name].poll() is not None:
                    self.fail(name, "exited")
                if self.services[name].ready():
                    waiting.remove(name)
            time.sleep(0.3)
        if waiting:
            self.fail(waiting[0], "did not become ready")

    def fail(self, name: str, what: str) -> None:
        """Stop everything and raise with the end of that process's log."""
        self.stop()
        tail = (self.workdir / f"{name}.log").read_text(errors="replace")[-4000:]
        raise RuntimeError(f"{name} {what}:\n{tail}")

    def start(self, *names: str) -> None:
        """Start several processes at once and wait for all of them."""
        for name in names:
            self.launch(name)
        self.wait_ready(list(names))

    def kill(self, name: str) -> None:
        """SIGKILL a process and everything it started, as a crash would."""
        process = self.processes.pop(name)
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=15)

    def restart(self, name: str) -> None:
        """Start a killed process again on the same port with the same data."""
        self.start(name)
        if name.rstrip("12") in BALANCED:
            self.wait_balanced()

    def wait_balanced(self, timeout: float = 60.0) -> None:
        """Wait until HAProxy's health checks see every server UP (else it answers 503)."""
        url = f"http://127.0.0.1:{self.ports['lb_stats']}/stats;csv"
        deadline = time.monotonic() + timeout
        states: dict[str, str] = {}
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=1.0) as response:
                    rows = response.read().decode().splitlines()
            except (urllib.error.URLError, OSError):
                rows = []
            states = {
                f"{cells[0]}/{cells[1]}": cells[17]
                for cells in (row.split(",") for row in rows[1:])
                if len(cells) > 17 and cells[0] in BALANCED and cells[1] != "BACKEND"
            }
            if len(states) == 2 * len(BALANCED) and all(v == "UP" for v in states.values()):
                return
            time.sleep(0.2)
        raise RuntimeError(f"HAProxy does not see every server UP: {states}")

    def stop(self) -> None:
        """Stop every process politely, then forcibly (balancer first, databases last)."""
        order = sorted(self.processes, key=lambda n: ("redis" in n or "postgres" in n, n))
        for name in order:
            process = self.processes[name]
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)
        self.processes.clear()

    def run(self, *command: str, env: dict[str, str] | None = None) -> str:
        """A one-off command (migrations, CLI) in this topology's environment."""
        done = subprocess.run(
            command, cwd=REPO, env=env or self.env, capture_output=True, text=True, timeout=180
        )
        if done.returncode != 0:
            raise RuntimeError(f"{command} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout


def plan(workdir: Path) -> ScaledStack:
    """Choose ports and settings; describe every process (starts nothing)."""
    names = ["lb_webhooks", "lb_api", "lb_actions", "lb_stats", "redis", "postgres"]
    names += [f"{kind}{i}" for kind in ("rasa", "actions", "api") for i in INSTANCES]
    ports = {name: free_port() for name in names}
    redis_url = f"redis://127.0.0.1:{ports['redis']}/0"
    env = {
        **os.environ,
        "FRONTDOOR_ENV": "development",
        "TWILIO_ACCOUNT_SID": os.environ.get("TWILIO_ACCOUNT_SID") or "AC" + secrets.token_hex(16),
        "TWILIO_AUTH_TOKEN": os.environ.get("TWILIO_AUTH_TOKEN") or secrets.token_hex(16),
        "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        "API_URL": f"http://127.0.0.1:{ports['lb_api']}",
        "ACTION_SERVER_URL": f"http://127.0.0.1:{ports['lb_actions']}/webhook",
        "FRONTDOOR_SERVICE_TOKEN": secrets.token_urlsafe(24),
        "FRONTDOOR_ACTIONS_TOKEN": secrets.token_urlsafe(24),
        "RASA_API_TOKEN": secrets.token_urlsafe(24),
        "DEV_PROVIDER_TOKEN": os.environ.get("DEV_PROVIDER_TOKEN") or secrets.token_urlsafe(24),
        "DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:{ports['postgres']}/frontdoor",
        **redis_settings(redis_url),
        "LOCALES_DIR": str(REPO / "locales"),
        "PYTHONPATH": str(REPO),
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
    }
    stack = ScaledStack(workdir, ports, env)
    describe_services(stack)
    return stack


def redis_settings(redis_url: str) -> dict[str, str]:
    """REDIS_URL plus the host/port/db fields bot/endpoints.scaled.yml reads."""
    from urllib.parse import urlsplit

    parts = urlsplit(redis_url)
    db = (parts.path or "/0").lstrip("/") or "0"
    return {
        "REDIS_URL": redis_url,
        "REDIS_HOST": parts.hostname or "localhost",
        "REDIS_PORT": str(parts.port or 6379),
        "REDIS_PASSWORD": parts.password or "",
        "REDIS_TRACKER_DB": db,
        "REDIS_LOCK_DB": str(int(db) + 1),
    }


def describe_services(stack: ScaledStack) -> None:
    """Fill in the command and readiness probe of every process."""
    ports, work = stack.ports, stack.workdir
    redis_dir, pg_data = work / "redis", work / "postgres"
    stack.services["redis"] = Service(
        ["redis-server", "--port", str(ports["redis"]), "--bind", "127.0.0.1",
         "--dir", str(redis_dir), "--appendonly", "yes", "--appendfsync", "always",
         "--save", "", "--daemonize", "no"],
        redis_ok(ports["redis"]),
    )  # fmt: skip
    pg_options = ["-p", str(ports["postgres"]), "-k", str(pg_data)]
    # Each API instance may open 10 + 40 connections (api/core/db.py); leave room for both and

    # tools.
    pg_options += ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"]
    stack.services["postgres"] = Service(
        as_pg_user([pg_tool("postgres"), "-D", str(pg_data), *pg_options]), pg_ok(ports["postgres"])
    )
    for i in INSTANCES:
        api_env = {**stack.env, "FRONTDOOR_WEBHOOK_WORKER": "true" if i == "1" else "false"}
        stack.services[f"api{i}"] = Service(
            [str(API_BIN / "uvicorn"), "--factory", "api.app:create_app", "--host", "127.0.0.1",
             "--port", str(ports[f"api{i}"]), "--no-access-log"],
            http_ok(f"{stack.url_of(f'api{i}')}/health"), api_env,
        )  # fmt: skip
        stack.services[f"actions{i}"] = Service(
            [str(BOT_BIN / "python"), "-m", "actions.server"],
            http_ok(f"{stack.url_of(f'actions{i}')}/health"),
            {**stack.env, "ACTIONS_PORT": str(ports[f"actions{i}"])},
        )
        stack.services[f"rasa{i}"] = Service(
            [str(BOT_BIN / "python"), "-m", "bot.server", "run", "--model", str(MODEL),
             "--credentials", "bot/credentials.yml", "--endpoints", "bot/endpoints.scaled.yml",
             "--port", str(ports[f"rasa{i}"]), "--interface", "127.0.0.1",
             "--enable-api", f"--auth-token={stack.env['RASA_API_TOKEN']}"],
            http_ok(f"{stack.url_of(f'rasa{i}')}/webhooks/twilio_sms/"),
        )  # fmt: skip
    config = work / "haproxy.cfg"
    stack.services["haproxy"] = Service(
        ["haproxy", "-db", "-f", str(config)], http_ok(f"{stack.api_url}/health")
    )


def haproxy_config(ports: dict[str, int]) -> str:
    """The balancer's configuration from deploy/haproxy.cfg.template for these ports."""
    text = HAPROXY_TEMPLATE.read_text(encoding="utf-8")
    for name, port in ports.items():
        text = text.replace("{" + name + "}", str(port))
    return text


def prepare_data(stack: ScaledStack) -> None:
    """Create Redis's directory and a PostgreSQL cluster owned by the postgres user."""
    (stack.workdir / "redis").mkdir(parents=True, exist_ok=True)
    pg_data = stack.workdir / "postgres"
    (stack.workdir / "haproxy.cfg").write_text(haproxy_config(stack.ports), encoding="utf-8")
    if (pg_data / "PG_VERSION").exists():
        return
    pg_data.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(pg_data, user=PG_USER, group=PG_USER)
        pg_data.chmod(0o700)
    initdb = [pg_tool("initdb"), "-D", str(pg_data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
    stack.run(*as_pg_user(initdb))


def create_database(stack: ScaledStack) -> None:
    """Create the `frontdoor` database if missing, migrate it and add the dev provider."""
    psql = [shutil.which("psql") or pg_tool("psql"), "-h", "127.0.0.1", "-p"]
    psql += [str(stack.ports["postgres"]), "-U", "postgres", "-tA", "-d", "postgres", "-c"]
    exists = stack.run(*psql, "SELECT 1 FROM pg_database WHERE datname = 'frontdoor'")
    if not exists.strip():
        stack.run(*psql, "CREATE DATABASE frontdoor")
    stack.run(str(API_BIN / "alembic"), "-c", "api/alembic.ini", "upgrade", "head")
    stack.run(str(API_BIN / "python"), "-m", "api.cli", "ensure-dev-provider")


def start_scaled(workdir: Path) -> ScaledStack:
    """Start the whole topology in `workdir`: data stores, migrations, servers, balancer."""
    if missing := missing_tools():
        raise RuntimeError(f"Missing for the scaled topology: {', '.join(missing)}")
    if not MODEL.exists():
        raise RuntimeError("No trained model at models/current.tar.gz (run `make setup`).")
    workdir.mkdir(parents=True, exist_ok=True)
    stack = plan(workdir)
    prepare_data(stack)
    stack.start("redis", "postgres")
    create_database(stack)
    stack.start("api1", "api2", "haproxy")
    stack.start(*(f"{kind}{i}" for kind in ("actions", "rasa") for i in INSTANCES))
    stack.wait_balanced()
    return stack


def _interrupt(_signum: int, _frame: object) -> None:
    """Turn SIGTERM into the same clean stop as Ctrl-C."""
    raise KeyboardInterrupt


def main() -> None:
    """`make run-scaled`: start everything under var/scaled, print the addresses, wait."""
    workdir = REPO / "var" / "scaled"
    if (workdir / "postgres").exists() and os.geteuid() == 0:
        shutil.chown(workdir / "postgres", user=PG_USER, group=PG_USER)
    signal.signal(signal.SIGTERM, _interrupt)  # stop the children on `kill` too, not only Ctrl-C
    stack = start_scaled(workdir)
    sys.stdout.write(
        f"\n  Front Door, scaled: 2 Rasa, 2 action servers, 2 APIs behind HAProxy on loopback.\n"
        f"  Redis {stack.env['REDIS_URL']}  PostgreSQL {stack.env['DATABASE_URL']}\n"
        f"  SMS webhook (via the balancer): {stack.webhook_url}/webhooks/twilio_sms/webhook\n"
        f"  API (via the balancer):         {stack.api_url}/docs\n"
        f"  Twilio auth token for signing:  {stack.env['TWILIO_AUTH_TOKEN']}\n"
        f"  Development provider token:     {stack.env['DEV_PROVIDER_TOKEN']}\n"
        f"  Logs: {workdir}/*.log    Ctrl-C stops everything.\n"
    )
    sys.stdout.flush()
    try:
        while all(p.poll() is None for p in stack.processes.values()):
            time.sleep(1)
        sys.stderr.write("A process exited; stopping.\n")
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()


if __name__ == "__main__":
    main()

"""Starts the real Front Door processes (API, action server, Rasa) on free loopback ports."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BOT_BIN = REPO / ".venv" / "bot" / "bin"
API_BIN = REPO / ".venv" / "api" / "bin"
MODEL = REPO / "models" / "current.tar.gz"
PUBLIC_BASE_URL = "https://frontdoor.test"  # what Twilio would call; signatures cover this


def free_port() -> int:
    """A TCP port nobody is listening on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Stack:
    """One running Front Door: its URLs, secrets and processes."""

    workdir: Path
    env: dict[str, str]
    rasa_url: str
    api_url: str
    actions_url: str
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    started_with: dict[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)

    @property
    def auth_token(self) -> str:
        return self.env["TWILIO_AUTH_TOKEN"]

    @property
    def dev_provider_token(self) -> str:
        return self.env["DEV_PROVIDER_TOKEN"]

    @property
    def outbox_url(self) -> str:
        """The development outbox (`python -m bot.dev_outbox`), when started."""
        return f"http://127.0.0.1:{self.env['DEV_OUTBOX_PORT']}"

    @property
    def tracker_db(self) -> Path:
        return Path(self.env["RASA_TRACKER_DB"])

    def run(self, *command: str) -> str:
        """Run a one-off command (migrations, admin CLI) in this stack's environment."""
        done = subprocess.run(
            command, cwd=REPO, env=self.env, capture_output=True, text=True, timeout=120
        )
        if done.returncode != 0:
            raise RuntimeError(f"{command} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def start(self, name: str, *command: str, health_url: str, timeout: float = 120.0) -> None:
        """Start a process and wait until its health URL answers."""
        self.started_with[name] = (command, health_url)
        log = open(self.workdir / f"{name}.log", "a")  # noqa: SIM115 - closed with the process
        self.processes[name] = subprocess.Popen(
            command, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.processes[name].poll() is not None:
                break
            try:
                with urllib.request.urlopen(health_url, timeout=1.0) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.3)
        self.stop()
        tail = (self.workdir / f"{name}.log").read_text()[-4000:]
        raise RuntimeError(f"{name} did not become healthy at {health_url}:\n{tail}")

    def start_background(self, name: str, *command: str) -> None:
        """Start a process that serves no HTTP (the scheduler); it is stopped with the rest."""
        self.started_with[name] = (command, "")
        log = open(self.workdir / f"{name}.log", "a")  # noqa: SIM115 - closed with the process
        self.processes[name] = subprocess.Popen(
            command, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )

    def kill(self, name: str) -> None:
        """Kill one process abruptly (SIGKILL), as a crash would."""
        process = self.processes.pop(name)
        process.kill()
        process.wait(timeout=15)

    def restart(self, name: str) -> None:
        """Start a killed or stopped process again with the same command and port."""
        command, health_url = self.started_with[name]
        if health_url:
            self.start(name, *command, health_url=health_url)
        else:
            self.start_background(name, *command)

    def stop(self) -> None:
        """Stop every process, politely first."""
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()


def start_stack(
    workdir: Path,
    services: tuple[str, ...] = ("api", "actions", "rasa"),
    extra_env: dict[str, str] | None = None,
) -> Stack:
    """Migrate a fresh database, create the dev provider, and start the chosen processes."""
    rasa_port, actions_port, api_port = free_port(), free_port(), free_port()
    api_url = f"http://127.0.0.1:{api_port}"
    actions_url = f"http://127.0.0.1:{actions_port}"
    env = {
        **os.environ,
        "FRONTDOOR_ENV": "development",
        "TWILIO_ACCOUNT_SID": "AC" + secrets.token_hex(16),
        "TWILIO_AUTH_TOKEN": secrets.token_hex(16),
        "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        "API_URL": api_url,
        "ACTION_SERVER_URL": f"{actions_url}/webhook",
        "FRONTDOOR_SERVICE_TOKEN": secrets.token_urlsafe(24),
        "ACTIONS_PORT": str(actions_port),
        "FRONTDOOR_ACTIONS_TOKEN": secrets.token_urlsafe(24),
        "DEV_PROVIDER_TOKEN": secrets.token_urlsafe(24),
        "DATABASE_URL": f"sqlite:///{workdir / 'frontdoor.db'}",
        "RASA_TRACKER_DB": str(workdir / "rasa-tracker.db"),
        "LOCALES_DIR": str(REPO / "locales"),
        "PYTHONPATH": str(REPO),
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "RASA_URL": f"http://127.0.0.1:{rasa_port}",
        "RASA_API_TOKEN": secrets.token_urlsafe(24),
        "SCHEDULER_POLL_SECONDS": "1",
        "DEV_OUTBOX_PORT": str(free_port()),
        **(extra_env or {}),
    }
    stack = Stack(workdir, env, f"http://127.0.0.1:{rasa_port}", api_url, actions_url)
    stack.run(str(API_BIN / "alembic"), "-c", "api/alembic.ini", "upgrade", "head")
    stack.run(str(API_BIN / "python"), "-m", "api.cli", "ensure-dev-provider")
    if "outbox" in services:
        stack.start(
            "outbox", str(BOT_BIN / "python"), "-m", "bot.dev_outbox",
            health_url=f"{stack.outbox_url}/health",
        )  # fmt: skip
    if "api" in services:
        start_api(stack, api_port)
    if "actions" in services:
        start_actions(stack)
    if "rasa" in services:
        start_rasa(stack, rasa_port)
    if "scheduler" in services:
        stack.start_background("scheduler", str(BOT_BIN / "python"), "-m", "bot.scheduler")
    if "outbound" in services:
        stack.start_background("outbound", str(API_BIN / "python"), "-m", "api.outbound.worker")
    return stack


def start_api(stack: Stack, port: int) -> None:
    """The API (uvicorn) on `port`."""
    stack.start(
        "api",
        str(API_BIN / "uvicorn"), "--factory", "api.app:create_app",
        "--host", "127.0.0.1", "--port", str(port),
        health_url=f"{stack.api_url}/health",
    )  # fmt: skip


def start_actions(stack: Stack) -> None:
    """Our action server (rasa-sdk's, on loopback, for Rasa's token only) on ACTIONS_PORT."""
    stack.start(
        "actions",
        str(BOT_BIN / "python"), "-m", "actions.server",
        health_url=f"{stack.actions_url}/health",
    )  # fmt: skip


def start_rasa(stack: Stack, port: int, endpoints: str = "bot/endpoints.yml") -> None:
    """The Rasa server with our channels and the trained model on `port`."""
    stack.start(
        "rasa",
        str(BOT_BIN / "python"), "-m", "bot.server", "run", "--model", str(MODEL),
        "--credentials", "bot/credentials.yml", "--endpoints", endpoints,
        "--port", str(port), "--interface", "127.0.0.1",
        "--enable-api", f"--auth-token={stack.env['RASA_API_TOKEN']}",
        health_url=f"{stack.rasa_url}/webhooks/twilio_sms/",
    )  # fmt: skip

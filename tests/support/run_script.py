"""Runs the real `scripts/run` (honcho and every process) in a copy of the repository made of
symbolic links, with its own `.env`, `var/` and free loopback ports; stops it afterwards."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.support.stack import REPO, free_port

SKIPPED = {".env", "var", ".git", ".cache"}


def linked_checkout(root: Path, dotenv: str) -> Path:
    """A directory that looks like the repository (links to it) but has its own .env and var/."""
    root.mkdir(parents=True, exist_ok=True)
    for entry in REPO.iterdir():
        if entry.name not in SKIPPED:
            (root / entry.name).symlink_to(entry)
    (root / "var").mkdir()
    (root / ".env").write_text(dotenv)
    return root


def dotenv_for(root: Path, **overrides: str) -> str:
    """`.env.example` with loopback ports and stores under `root`, then the overrides."""
    values = {
        "FRONTDOOR_ENV": "development",
        "PUBLIC_BASE_URL": "https://frontdoor.test",
        "RASA_PORT": str(free_port()),
        "ACTIONS_PORT": str(free_port()),
        "API_PORT": str(free_port()),
        "DEV_OUTBOX_PORT": str(free_port()),
        "DATABASE_URL": f"sqlite:///{root / 'var' / 'frontdoor.db'}",
        "RASA_TRACKER_DB": str(root / "var" / "rasa-tracker.db"),
        "SCHEDULER_POLL_SECONDS": "3600",
        **overrides,
    }
    values.setdefault("API_URL", f"http://127.0.0.1:{values['API_PORT']}")
    values.setdefault("RASA_URL", f"http://127.0.0.1:{values['RASA_PORT']}")
    values.setdefault("ACTION_SERVER_URL", f"http://127.0.0.1:{values['ACTIONS_PORT']}/webhook")
    lines = [
        line
        for line in (REPO / ".env.example").read_text().splitlines()
        if line.split("=", 1)[0] not in values
    ]
    return "\n".join([*lines, *(f"{key}={value}" for key, value in values.items())]) + "\n"


@dataclass
class RunningScript:
    """`scripts/run` started in a linked checkout; its output goes to `log`."""

    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, url: str, timeout: float = 180.0) -> None:
        """Wait until `url` answers 200, failing with the output if the run ends first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"scripts/run ended:\n{self.output()[-4000:]}")
            try:
                with urllib.request.urlopen(url, timeout=1.0) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        raise RuntimeError(f"{url} did not answer:\n{self.output()[-4000:]}")

    def stop(self) -> None:
        """Ctrl-C, as a person would; then whatever lingers. honcho gives each process a group
        of its own, so a honcho killed before its children would leave them holding ports."""
        started = descendants(self.process.pid)
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        for pid in started:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def descendants(pid: int) -> list[int]:
    """Every live process below `pid` (read from /proc), deepest first."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found[::-1]


def start_run_script(checkout: Path, environ: dict[str, str]) -> RunningScript:
    """Start `scripts/run` in the checkout with exactly this environment."""
    log = checkout / "var" / "run.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(checkout / "scripts" / "run")],
            cwd=checkout,
            env=environ,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return RunningScript(process, log)


def base_environ(**extra: str) -> dict[str, str]:
    """A clean environment, as a shell would give: no Front Door setting unless passed."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "USER")
    return {
        **{key: os.environ[key] for key in keep if key in os.environ},
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        **extra,
    }

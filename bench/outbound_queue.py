"""(h) The outbound queue: a reminder run of 10,000 messages through the queue and the worker
(`python -m api.outbound.worker`) to the fake Twilio on loopback, paced at a configured rate.

Reports the time to enqueue (the service, one committed row per message, as the internal
endpoint does), the pace Twilio saw against the configured rate, the worker's CPU per message,
and duplicates; `--kill` SIGKILLs the worker a third of the way through and starts it again.
Run: `.venv/api/bin/python -m bench.outbound_queue [--messages 10000 --rate 100 --kill]`
(appends its table to var/bench/outbound.md). Loopback only.
"""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.fake_twilio import FakeTwilio
from tests.support.stack import API_BIN, REPO

SLOT = {"service": "Physio", "start": "2027-03-29T09:30:00+01:00", "length_minutes": 40,
        "place": "Elm St", "mode": "in_person"}  # fmt: skip
ARGUMENTS = {"booking": {"slot": SLOT}}
FINAL = ("sent", "delivered", "failed", "abandoned")


@dataclass(frozen=True)
class Result:
    """One run's numbers."""

    messages: int
    rate: float
    enqueue_seconds: float
    achieved_rate: float
    cpu_ms_per_message: float
    duplicates: int
    states: dict[str, int]
    killed: bool
    received: int  # messages Twilio was asked for

    @property
    def pace_error(self) -> float:
        return abs(self.achieved_rate - self.rate) / self.rate


def phone(n: int) -> str:
    return f"+4479{n:08d}"  # a possible UK mobile number per message; the fake is on loopback


def environment(workdir: Path, twilio: FakeTwilio, rate: float) -> dict[str, str]:
    """A fresh database migrated to head, and the worker's settings pointing at the fake."""
    env = {
        **os.environ, "FRONTDOOR_ENV": "development", "PYTHONPATH": str(REPO),
        "DATABASE_URL": f"sqlite:///{workdir / 'frontdoor.db'}",
        "TWILIO_ACCOUNT_SID": twilio.account_sid, "TWILIO_AUTH_TOKEN": twilio.auth_token,
        "TWILIO_API_BASE_URL": twilio.base_url, "TWILIO_CONTENT_API_BASE_URL": twilio.base_url,
        "OUTBOUND_RATES": f"sms={rate}", "OUTBOUND_POLL_SECONDS": "0.2",
    }  # fmt: skip
    subprocess.run([str(API_BIN / "alembic"), "-c", "api/alembic.ini", "upgrade", "head"],
                   cwd=REPO, env=env, check=True, capture_output=True)  # fmt: skip
    with sqlite3.connect(workdir / "frontdoor.db") as db:  # as the worker leaves the file
        db.execute("PRAGMA journal_mode=WAL")
    return env


def enqueue_run(env: dict[str, str], count: int) -> float:
    """Queue `count` reminders as the internal endpoint does; the seconds it took."""
    script = (
        "import json, sys, time\n"
        "from api.core import crypto\nfrom api.core.db import make_engine, make_session_factory\n"
        "from api.core.settings import Settings\nfrom api.outbound.queue import enqueue\n"
        "from bench.outbound_queue import ARGUMENTS, phone\n"
        "s = Settings(); crypto.configure(s.data_key, s.old_data_keys)\n"
        "factory = make_session_factory(make_engine(s.database_url))\n"
        "start = time.perf_counter()\n"
        "with factory() as session:\n"
        f"    for n in range({count}):\n"
        "        enqueue(session, key=f'reminder:{n}', purpose='reminder', phone=phone(n),\n"
        "                language='en', channels=['sms'], response='utter_reminder',\n"
        "                arguments=ARGUMENTS)\n"
        "print(time.perf_counter() - start)\n"
    )
    done = subprocess.run([str(API_BIN / "python"), "-c", script], cwd=REPO, env=env,
                          check=True, capture_output=True, text=True)  # fmt: skip
    return float(done.stdout.strip().splitlines()[-1])


@contextmanager
def worker(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`python -m api.outbound.worker`, stopped (politely) on leaving unless killed."""
    with open(log, "ab") as out:
        command = [str(API_BIN / "python"), "-m", "api.outbound.worker"]
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=out)
        try:
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=30)


def cpu_seconds(pid: int) -> float:
    """User + system CPU the process has used (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def states(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as db:
        return dict(db.execute("SELECT state, count(*) FROM outbound_messages GROUP BY state"))


def wait_until(predicate, seconds: float) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"not done within {seconds} s")
        time.sleep(0.2)


def run(count: int, rate: float, kill: bool, workdir: Path) -> Result:
    """Enqueue `count`, send them all (killing the worker once if asked); the numbers."""
    database = workdir / "frontdoor.db"
    with FakeTwilio() as twilio:
        env = environment(workdir, twilio, rate)
        enqueue_seconds = enqueue_run(env, count)
        cpu = 0.0
        done = lambda: sum(states(database).get(s, 0) for s in FINAL) == count  # noqa: E731
        with worker(env, workdir / "worker.log") as first:
            if kill:  # mid-send: Twilio has the message, the worker has not heard back
                twilio.hold_at = count // 3
                wait_until(lambda: len(twilio.messages) >= count // 3, count / rate * 2 + 60)
                cpu += cpu_seconds(first.pid)
                first.kill()  # SIGKILL, as a crash would
                first.wait()
                twilio.released.set()
            else:
                wait_until(done, count / rate * 2 + 60)
                cpu += cpu_seconds(first.pid)
        if kill:
            with worker(env, workdir / "worker.log") as second:
                wait_until(done, count / rate * 2 + 60)
                cpu += cpu_seconds(second.pid)
        arrivals = sorted(m.at for m in twilio.messages)
        counts = Counter(m.form["To"] for m in twilio.messages)
    # The pace of the uninterrupted stretch: a restart's gap is not the worker's pacing.
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:], strict=False)]
    steady = [g for g in gaps if g < 1.0]
    achieved = len(steady) / sum(steady) if steady else 0.0
    return Result(count, rate, enqueue_seconds, achieved, cpu / max(len(arrivals), 1) * 1000,
                  sum(n - 1 for n in counts.values()), states(database), kill,
                  len(arrivals))  # fmt: skip


def table(results: list[Result]) -> str:
    lines = [
        "| messages | configured rate /s | enqueue (s) | achieved rate /s | off by "
        "| worker CPU per message | kill -9 | duplicates | states |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.messages:,} | {r.rate:g} | {r.enqueue_seconds:.1f} | {r.achieved_rate:.2f} | "
            f"{r.pace_error:.2%} | {r.cpu_ms_per_message:.2f} ms | {'yes' if r.killed else 'no'} | "
            f"{r.duplicates} | {', '.join(f'{k} {v}' for k, v in sorted(r.states.items()))} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--kill", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-outbound-") as folder:
        result = run(args.messages, args.rate, args.kill, Path(folder))
    text = table([result])
    print(text)
    out = REPO / "var" / "bench" / "outbound.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("a") as handle:
        handle.write(text + "\n\n")


if __name__ == "__main__":
    main()

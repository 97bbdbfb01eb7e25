"""(d) Provider `GET /v1/people/{id}/needs` p95 with 1k, 100k and 1M stored people (SQLite).

Filler people (each with a consent and two needs) are bulk-inserted with sqlite3 between runs; the
person read is recorded through the internal API like any other. Bounded loops, loopback only.
Run: `.venv/api/bin/python -m bench.people_scale` (appends its table to var/bench/people.md).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import subprocess
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

from api.core.crypto import Keyring
from api.core.settings import DEV_DATA_KEY
from bench.run import WORK, get_level, record_assessment, row, start_process
from tests.support.stack import API_BIN, REPO, start_stack

BATCH = 50_000


def add_people(database: Path, start: int, count: int) -> None:
    """Insert `count` people numbered from `start`, each with a consent and two needs."""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    # Phone numbers are stored encrypted, under the key the API (started from this env) uses.
    seal = Keyring(os.environ.get("FRONTDOOR_DATA_KEY", DEV_DATA_KEY)).seal_lookup
    with sqlite3.connect(database) as db:
        for first in range(start, start + count, BATCH):
            ids = [(str(uuid.uuid4()), n) for n in range(first, min(first + BATCH, start + count))]
            db.executemany(
                "INSERT INTO people (id, phone_e164, language, created_at, updated_at, "
                "confirmed_at) VALUES (?, ?, 'en', ?, ?, ?)",
                [(pid, seal(f"+4479{n:08d}"), now, now, now) for pid, n in ids],
            )
            db.executemany(
                "INSERT INTO consents (person_id, version, language, channel, granted, "
                "recorded_at) VALUES (?, 'v1', 'en', 'sms', 1, ?)",
                [(pid, now) for pid, _ in ids],
            )
            db.executemany(
                "INSERT INTO needs (person_id, kind, code_system, code, display, "
                "source_channel, recorded_at) VALUES (?, ?, 'fd', ?, ?, 'sms', ?)",
                [
                    (pid, kind, code, code, now)
                    for pid, _ in ids
                    for kind, code in (
                        ("device", "device-basic-mobile"),
                        ("connectivity", "online-none"),
                    )
                ],
            )
            db.commit()


def main() -> None:
    """Measure the GET at each size, growing one database."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,100000,1000000")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    WORK.mkdir(parents=True, exist_ok=True)
    stack = start_stack(Path(tempfile.mkdtemp(dir=WORK)), services=("api",))
    database = Path(stack.env["DATABASE_URL"].removeprefix("sqlite:///"))
    person = record_assessment(stack.api_url, stack.env["FRONTDOOR_SERVICE_TOKEN"], "+447700900998")
    stack.stop()
    port = int(stack.api_url.rsplit(":", 1)[1])
    env = {
        **stack.env,
        "FRONTDOOR_RATE_LIMIT_PER_MINUTE": "100000",
        "FRONTDOOR_WEBHOOK_WORKER": "false",
    }
    lines = [
        "| stored people | requests | p50 ms | p95 ms | req/s | errors |",
        "|---|---|---|---|---|---|",
    ]
    stored = 1
    results = {}
    for size in sizes:
        add_people(database, stored, size - stored)
        with sqlite3.connect(database) as db:
            (stored,) = db.execute("SELECT count(*) FROM people").fetchone()
        assert stored == size, f"{stored} people stored, expected {size}"
        api = start_process(
            [str(API_BIN / "uvicorn"), "--factory", "api.app:create_app", "--host", "127.0.0.1",
             "--port", str(port), "--no-access-log"],
            REPO, f"{stack.api_url}/health", WORK / "people-api.log", env,
        )  # fmt: skip
        try:
            url = f"{stack.api_url}/v1/people/{person}/needs"
            asyncio.run(get_level(url, stack.dev_provider_token, 2, 20))  # warm up
            result = asyncio.run(get_level(url, stack.dev_provider_token, 10, 100))
        finally:
            api.terminate()
            api.wait(timeout=30)
        results[size] = result
        lines.append(row(f"{size:,}", result).replace(f"| {result.concurrency} ", "", 1))
    first, last = results[sizes[0]], results[sizes[-1]]
    lines += ["", f"p95 at {sizes[-1]:,} ÷ p95 at {sizes[0]:,}: {last.p95_ms / first.p95_ms:.2f}"]
    text = "\n".join(lines) + "\n"
    (WORK / "people.md").write_text(text)
    print(text)  # noqa: T201 - the report is the output
    subprocess.run(["rm", "-f", str(database)], check=False)


if __name__ == "__main__":
    main()

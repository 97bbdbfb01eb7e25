"""Side-by-side benchmarks on loopback; prints a Markdown report (see docs/performance.md).

(a) our signed SMS webhook turn vs. a stock `rasa init` model's REST turn at 1, 10, 50 concurrent
conversations; (c) provider GET /v1/people/{id}/needs (auth + audit) vs. a bare FastAPI endpoint;
(e) resident memory of each process; (f) training and start-up time. Every loop is bounded in
requests and seconds. Run: `make bench` (or `.venv/api/bin/python -m bench.run`).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from bench.load import Result, rss_mb, run_load
from bot.simulator import (
    SMS_WEBHOOK_PATH,
    VOICE_WEBHOOK_PATH,
    call_form,
    heard_in,
    sms_form,
    twilio_signature,
)
from tests.support.stack import (
    API_BIN,
    BOT_BIN,
    PUBLIC_BASE_URL,
    REPO,
    Stack,
    free_port,
    start_stack,
)

WORK = REPO / "var" / "bench"
LEVELS = {1: 30, 10: 8, 50: 4}  # concurrent conversations -> turns per conversation
MAX_SECONDS = 120.0
OURS = ["Hello", "1", "yes", "no", "2", "4", "1", "3", "1", "2"]
VOICE_KEYS = ["1", "1", "2", "2", "4", "1", "3", "1", "1"]  # after dialling: language, consent, …
STOCK = ["hello", "I am happy", "bye", "hi", "I am sad", "yes", "goodbye", "hey", "great", "no"]
_level_ids = itertools.count(10)


def timed(command: list[str], cwd: Path, log: Path) -> float:
    """Run a command to completion; its wall time in seconds."""
    started = time.perf_counter()
    with log.open("w") as out:
        subprocess.run(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, check=True)
    return time.perf_counter() - started


def train_stock(retrain: bool) -> tuple[Path, float]:
    """A stock `rasa init` project and model under var/bench/stock (training time cached)."""
    project, record = WORK / "stock", WORK / "stock-train-seconds.json"
    if retrain or not record.exists():
        shutil.rmtree(project, ignore_errors=True)
        project.mkdir(parents=True)
        seconds = timed(
            [str(BOT_BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(project)],
            project, WORK / "stock-train.log",
        )  # fmt: skip
        record.write_text(json.dumps({"seconds": seconds}))
    return project, json.loads(record.read_text())["seconds"]


def train_ours(retrain: bool) -> float:
    """Training time of our model (a throwaway copy under var/bench; cached unless --retrain)."""
    record = WORK / "ours-train-seconds.json"
    if retrain or not record.exists():
        out = Path(tempfile.mkdtemp(dir=WORK))
        seconds = timed(
            [str(BOT_BIN / "rasa"), "train", "--config", "bot/config.yml", "--domain",
             "bot/domain.yml", "--data", "data", "--out", str(out), "--force"],
            REPO, WORK / "ours-train.log",
        )  # fmt: skip
        shutil.rmtree(out, ignore_errors=True)
        record.write_text(json.dumps({"seconds": seconds}))
    return json.loads(record.read_text())["seconds"]


def start_process(
    command: list[str], cwd: Path, health: str, log: Path, env: dict[str, str] | None = None
) -> subprocess.Popen:
    """Start a server and wait for its health URL (at most 180 s, or until it exits)."""
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(health, timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"{command[-3]} did not start; see {log}")


async def sms_level(stack: Stack, concurrency: int, turns: int) -> Result:
    """Our signed SMS webhook: each worker a fresh conversation per ten turns."""
    level = next(_level_ids)
    url = stack.rasa_url + SMS_WEBHOOK_PATH
    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=100)) as client:

        async def turn(worker: int, step: int) -> None:
            number = f"+4477{level:02d}{worker:03d}{step // len(OURS):03d}"
            form = sms_form(OURS[step % len(OURS)], number, stack.env["TWILIO_ACCOUNT_SID"])
            signature = twilio_signature(stack.auth_token, PUBLIC_BASE_URL + SMS_WEBHOOK_PATH, form)
            response = await client.post(url, data=form, headers={"X-Twilio-Signature": signature})
            response.raise_for_status()
            if b"<Message>" not in response.content:
                raise RuntimeError("no reply")

        return await run_load(turn, concurrency, turns, MAX_SECONDS)


async def voice_level(stack: Stack, concurrency: int, turns: int) -> Result:
    """Our signed voice webhook: dial, then keypad answers, a new call per ten turns."""
    level = next(_level_ids)
    public_start = PUBLIC_BASE_URL + VOICE_WEBHOOK_PATH
    next_url: dict[int, str] = {}
    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=100)) as client:

        async def turn(worker: int, step: int) -> None:
            conversation, position = divmod(step, len(VOICE_KEYS) + 1)
            number = f"+4477{level:02d}{worker:03d}{conversation:03d}"
            call_sid = f"CA{level:04d}{worker:04d}{conversation:04d}".ljust(34, "0")
            if position == 0 or worker not in next_url:
                public, form = (
                    public_start,
                    call_form(number, call_sid, stack.env["TWILIO_ACCOUNT_SID"]),
                )
            else:
                public = next_url[worker]
                form = call_form(
                    number,
                    call_sid,
                    stack.env["TWILIO_ACCOUNT_SID"],
                    Digits=VOICE_KEYS[position - 1],
                )
            signature = twilio_signature(stack.auth_token, public, form)
            local = stack.rasa_url + public.removeprefix(PUBLIC_BASE_URL)
            response = await client.post(
                local, data=form, headers={"X-Twilio-Signature": signature}
            )
            response.raise_for_status()
            heard = heard_in(response.text)
            if not heard.says or heard.action is None:
                next_url.pop(worker, None)
                raise RuntimeError("no prompt")
            next_url[worker] = heard.action

        return await run_load(turn, concurrency, turns, MAX_SECONDS)


async def rest_level(stock_url: str, concurrency: int, turns: int) -> Result:
    """A stock Rasa REST channel turn."""
    level = next(_level_ids)
    url = stock_url + "/webhooks/rest/webhook"
    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=100)) as client:

        async def turn(worker: int, step: int) -> None:
            body = {"sender": f"bench-{level}-{worker}", "message": STOCK[step % len(STOCK)]}
            response = await client.post(url, json=body)
            response.raise_for_status()
            if not response.json():
                raise RuntimeError("no reply")

        return await run_load(turn, concurrency, turns, MAX_SECONDS)


async def get_level(url: str, token: str | None, concurrency: int, requests: int) -> Result:
    """GET one URL from `concurrency` workers."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=100)) as client:

        async def turn(_worker: int, _step: int) -> None:
            (await client.get(url, headers=headers)).raise_for_status()

        return await run_load(turn, concurrency, requests, MAX_SECONDS)


def row(name: str, result: Result) -> str:
    """One Markdown table row."""
    return (
        f"| {name} | {result.concurrency} | {len(result.latencies)} | {result.p50_ms:.0f} | "
        f"{result.p95_ms:.0f} | {result.per_second:.1f} | {result.errors} |"
    )


def record_assessment(api_url: str, service_token: str, number: str) -> str:
    """Store one person's assessment as the action server does; the person's id for providers."""
    body = {
        "phone": number,
        "language": "en",
        "channel": "sms",
        "consent": {"granted": True, "language": "en"},
        "interpreter": {"needed": True, "language": "ur"},
        "answers": {"device": ["basic_phone"], "connectivity": ["not_online"]},
    }
    headers = {"Authorization": f"Bearer {service_token}"}
    stored = httpx.post(f"{api_url}/internal/assessments", json=body, headers=headers, timeout=30)
    stored.raise_for_status()
    return str(stored.json()["person_id"])


def main() -> None:
    """Run every benchmark and print the report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--retrain", action="store_true", help="measure training again")
    parser.add_argument("--quick", action="store_true", help="a few turns only (smoke test)")
    args = parser.parse_args()
    if args.quick:
        LEVELS.clear()
        LEVELS.update({1: 4, 2: 3})
    WORK.mkdir(parents=True, exist_ok=True)
    report: list[str] = []
    stock_dir, stock_train = train_stock(args.retrain)
    ours_train = train_ours(args.retrain)

    started = time.perf_counter()
    stack = start_stack(Path(tempfile.mkdtemp(dir=WORK)))
    ours_start = time.perf_counter() - started
    stock_port = free_port()
    started = time.perf_counter()
    stock = start_process(
        [str(BOT_BIN / "rasa"), "run", "--enable-api", "--model", "models", "--port",
         str(stock_port), "--interface", "127.0.0.1", "--credentials", "credentials.yml"],
        stock_dir, f"http://127.0.0.1:{stock_port}/", WORK / "stock-rasa.log",
    )  # fmt: skip
    stock_start = time.perf_counter() - started
    stock_url = f"http://127.0.0.1:{stock_port}"
    extra: list[subprocess.Popen] = []
    try:
        for section in (
            lambda: turn_section(stack, stock_url),
            lambda: provider_section(stack, extra),
            lambda: memory_section(stack, stock, extra),
        ):
            report += section()
            show(report)
        report += [
            "", "### (f) Training and start-up", "",
            "| | ours | stock `rasa init` | ours / stock |", "|---|---|---|---|",
            f"| training (s) | {ours_train:.0f} | {stock_train:.0f} "
            f"| {ours_train / stock_train:.2f} |",
            f"| start to healthy (s) | {ours_start:.0f} (API + actions + Rasa) | {stock_start:.0f} "
            f"| {ours_start / stock_start:.2f} |",
        ]  # fmt: skip
    finally:
        for process in [stock, *extra]:
            process.terminate()
        for process in [stock, *extra]:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        stack.stop()
    show(report, final=True)


def show(report: list[str], final: bool = False) -> None:
    """Write the report so far to var/bench/results.md; print it when complete."""
    text = "\n".join(report) + "\n"
    (WORK / "results.md").write_text(text)
    if final:
        print(text)  # noqa: T201 - the report is the output


def turn_section(stack: Stack, stock_url: str) -> list[str]:
    """(a): both kinds of turn at each concurrency, alternating, in this one run."""
    lines = ["### (a, b) Conversation turns: signed SMS and voice webhooks vs. stock Rasa REST", ""]
    lines += ["| turn | concurrent | turns | p50 ms | p95 ms | turns/s | errors |"]
    lines += ["|---|---|---|---|---|---|---|"]
    ratios = []
    asyncio.run(sms_level(stack, 2, 2))  # warm up both (first-turn model loading)
    asyncio.run(rest_level(stock_url, 2, 2))
    asyncio.run(voice_level(stack, 2, 2))
    for concurrency, turns in LEVELS.items():
        ours = asyncio.run(sms_level(stack, concurrency, turns))
        stock = asyncio.run(rest_level(stock_url, concurrency, turns))
        voice = asyncio.run(voice_level(stack, concurrency, turns))
        lines += [row("ours: SMS webhook", ours), row("stock: REST", stock)]
        lines += [row("ours: voice webhook (b)", voice)]
        ratios.append(
            f"| {concurrency} | {ours.per_second / stock.per_second:.2f} | "
            f"{ours.p95_ms / stock.p95_ms:.2f} | {voice.per_second / stock.per_second:.2f} | "
            f"{voice.p95_ms / stock.p95_ms:.2f} |"
        )
    lines += [
        "",
        "| concurrent | SMS turns/s ÷ stock | SMS p95 ÷ stock | voice turns/s ÷ stock "
        "| voice p95 ÷ stock |",
        "|---|---|---|---|---|",
    ]
    return lines + ratios


def provider_section(stack: Stack, extra: list[subprocess.Popen]) -> list[str]:
    """(c): the provider GET (auth + audit, SQLite) vs. a bare FastAPI endpoint."""
    person = record_assessment(stack.api_url, stack.env["FRONTDOOR_SERVICE_TOKEN"], "+447700900999")
    env_api, env_bare = free_port(), free_port()
    uvicorn = [str(API_BIN / "uvicorn"), "--factory", "--host", "127.0.0.1", "--no-access-log"]
    # The highest per-credential limit the settings allow: measure the work, not the limiter.
    env = {**stack.env, "FRONTDOOR_RATE_LIMIT_PER_MINUTE": "100000"}
    env["FRONTDOOR_WEBHOOK_WORKER"] = "false"
    extra.append(
        start_process(
            [*uvicorn, "api.app:create_app", "--port", str(env_api)], REPO,
            f"http://127.0.0.1:{env_api}/health", WORK / "api.log", env,
        )
    )  # fmt: skip
    extra.append(
        start_process(
            [*uvicorn, "bench.bare_app:create_app", "--port", str(env_bare)], REPO,
            f"http://127.0.0.1:{env_bare}/health", WORK / "bare.log",
        )
    )  # fmt: skip
    path = f"/v1/people/{person}/needs"
    lines = ["", "### (c) Provider `GET /v1/people/{id}/needs` vs. a bare FastAPI endpoint", ""]
    lines += ["| endpoint | concurrent | requests | p50 ms | p95 ms | req/s | errors |"]
    lines += ["|---|---|---|---|---|---|---|"]
    ratios = []
    for concurrency, requests in ((1, 300), (10, 150)):
        ours = asyncio.run(
            get_level(f"http://127.0.0.1:{env_api}{path}", stack.dev_provider_token,
                      concurrency, requests)
        )  # fmt: skip
        base = asyncio.run(get_level(f"http://127.0.0.1:{env_bare}{path}", None, concurrency,
                                     requests))  # fmt: skip
        lines += [row("ours: auth + audit + SQLite", ours), row("bare FastAPI", base)]
        ratios.append(f"| {concurrency} | {ours.per_second / base.per_second:.2f} |")
    return lines + ["", "| concurrent | req/s ours ÷ bare |", "|---|---|", *ratios]


def memory_section(
    stack: Stack, stock: subprocess.Popen, extra: list[subprocess.Popen]
) -> list[str]:
    """(e): resident memory after the runs above."""
    lines = ["", "### (e) Resident memory after the runs", "", "| process | MiB |", "|---|---|"]
    for name, process in stack.processes.items():
        lines.append(f"| ours: {name} | {rss_mb(process.pid):.0f} |")
    lines.append(f"| stock Rasa server | {rss_mb(stock.pid):.0f} |")
    lines.append(
        f"| ours: API (bench instance, after the provider GETs) | {rss_mb(extra[0].pid):.0f} |"
    )
    lines.append(f"| bare FastAPI | {rss_mb(extra[1].pid):.0f} |")
    return lines


if __name__ == "__main__":
    main()

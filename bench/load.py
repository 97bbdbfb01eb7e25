"""Bounded concurrent request loops on loopback and their latency summary."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

Turn = Callable[[int, int], Awaitable[None]]  # (worker, step) -> one request, raising on failure


@dataclass(frozen=True)
class Result:
    """Latencies of one load run."""

    concurrency: int
    latencies: list[float]
    seconds: float
    errors: int

    @property
    def p50_ms(self) -> float:
        """Median latency in milliseconds."""
        return statistics.median(self.latencies) * 1000 if self.latencies else float("nan")

    @property
    def p95_ms(self) -> float:
        """95th percentile latency in milliseconds."""
        if len(self.latencies) < 2:
            return self.p50_ms
        return statistics.quantiles(self.latencies, n=20)[-1] * 1000

    @property
    def per_second(self) -> float:
        """Completed requests per second of wall time."""
        return len(self.latencies) / self.seconds if self.seconds else 0.0


async def run_load(turn: Turn, concurrency: int, per_worker: int, max_seconds: float) -> Result:
    """`concurrency` workers each make up to `per_worker` requests, stopping at `max_seconds`."""
    latencies: list[float] = []
    errors = 0
    started = time.perf_counter()
    deadline = started + max_seconds

    async def worker(index: int) -> None:
        nonlocal errors
        for step in range(per_worker):
            if time.perf_counter() > deadline:
                return
            begun = time.perf_counter()
            try:
                await turn(index, step)
            except Exception:  # noqa: BLE001 - counted, the loop goes on
                errors += 1
                continue
            latencies.append(time.perf_counter() - begun)

    await asyncio.gather(*(worker(i) for i in range(concurrency)))
    return Result(concurrency, latencies, time.perf_counter() - started, errors)


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MiB (Linux /proc)."""
    for line in open(f"/proc/{pid}/status", encoding="ascii"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")

"""The outbound worker killed (SIGKILL) mid-run and started again sends nothing twice: each
message is committed as `sending` before Twilio hears of it, and one left so is abandoned (and
recorded) rather than sent again. The same run as bench/outbound_queue.py, smaller; the fake
Twilio holds its answer to the 300th message, so the kill always lands mid-send."""

from __future__ import annotations

from pathlib import Path

from bench.outbound_queue import run


def test_a_worker_killed_mid_run_and_restarted_sends_nothing_twice(tmp_path: Path) -> None:
    result = run(count=900, rate=60, kill=True, workdir=tmp_path)

    assert result.duplicates == 0
    # The one Twilio took as the worker died is recorded as abandoned; every other was sent once.
    assert result.states == {"sent": 899, "abandoned": 1}
    assert result.received == 900

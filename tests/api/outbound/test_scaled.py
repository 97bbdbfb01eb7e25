"""Two outbound workers at once over one database, sharing a real Redis (REDIS_URL): together
they keep each sender's rate, never send a message twice, and one starting does not abandon
what the other is sending."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from api.core.db import make_engine, make_session_factory
from api.models.outbound import OutboundMessage
from api.outbound import queue
from api.outbound.scaled import PREFIX, RedisLiveness, RedisPacer, connect
from api.outbound.store import tune_for_queue
from api.outbound.worker import Worker
from tests.support.fake_twilio import FakeTwilio
from tests.support.redis_server import redis_server

RATE = 20.0


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    with redis_server(tmp_path / "redis") as url:
        yield url


def scaled_worker(worker: Worker, database: str, redis_url: str) -> Worker:
    """A worker like the fixture's, on its own connections, sharing Redis."""
    client = connect(redis_url)
    rates = {**worker.settings.rates, "sms": RATE}
    return Worker(make_session_factory(tune_for_queue(make_engine(database))), worker.settings,
                  worker.wording, time.time, pacer=RedisPacer(client, rates),
                  liveness=RedisLiveness(client))  # fmt: skip


def enqueue(session: Session, count: int) -> None:
    for n in range(count):
        phone = f"+4479{n:08d}"
        queue.enqueue(session, key=f"run:{n}", purpose="reminder", phone=phone, language="en",
                      channels=["sms"], body="See you tomorrow at 9:30.")  # fmt: skip


def test_two_workers_share_the_senders_rate_and_send_each_message_once(
    worker: Worker, database: str, redis_url: str, twilio: FakeTwilio, session: Session
) -> None:
    enqueue(session, 40)
    workers = [scaled_worker(worker, database, redis_url) for _ in range(2)]

    def drain(one: Worker) -> None:
        deadline = time.monotonic() + 30
        while len(twilio.messages) < 40 and time.monotonic() < deadline:
            one.run_once()

    threads = [threading.Thread(target=drain, args=(one,)) for one in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Counter(m.form["To"] for m in twilio.messages).most_common(1)[0][1] == 1
    assert len(twilio.messages) == 40
    arrivals = sorted(m.at for m in twilio.messages)
    pace = (len(arrivals) - 1) / (arrivals[-1] - arrivals[0])
    gaps = [round(b - a, 3) for a, b in zip(arrivals, arrivals[1:], strict=False)]
    assert pace < RATE * 1.1, (pace, gaps)


def test_a_starting_worker_abandons_only_what_dead_workers_left_sending(
    worker: Worker, database: str, redis_url: str, session: Session
) -> None:
    enqueue(session, 2)
    alive, dead, starting = (scaled_worker(worker, database, redis_url) for _ in range(3))
    assert alive.liveness and dead.liveness and starting.liveness
    alive.liveness.beat()
    dead.liveness.beat()
    ids = [m.id for m in session.query(OutboundMessage).order_by(OutboundMessage.id)]
    assert queue.start_sending(session, ids[0], alive.liveness.worker_id)
    assert queue.start_sending(session, ids[1], dead.liveness.worker_id)
    connect(redis_url).delete(PREFIX + "worker:" + dead.liveness.worker_id)  # its key expired

    assert starting.start() == 1
    session.expire_all()
    states = [session.get(OutboundMessage, i).state for i in ids]  # type: ignore[union-attr]
    assert states == ["sending", "abandoned"]

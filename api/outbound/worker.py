"""The outbound worker: takes due messages from the queue, paces each sender, sends, records.

    python -m api.outbound.worker     (one per database; several with REDIS_URL, scaled.py)

Each message is committed as `sending` just before Twilio hears of it and as `sent` (with its
SID, encoding and segments) just after; one left `sending` by a worker that was killed is
recorded as abandoned when the worker starts again, never sent twice.
"""

from __future__ import annotations

import signal
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import httpx
import requests
import structlog
from sqlalchemy.orm import Session, sessionmaker
from twilio.base.exceptions import TwilioRestException

from api.core.db import as_utc, utcnow
from api.messaging.service import set_opted_out
from api.models.outbound import ABANDONED, FAILED, SENT, OutboundMessage
from api.outbound import queue, templates
from api.outbound.call_endpoints import keys_url
from api.outbound.failures import OPTED_OUT_CODE, follow_up
from api.outbound.pacing import Pacer
from api.outbound.routing import VOICE, Route, route
from api.outbound.scaled import ALIVE_SECONDS, RedisLiveness, RedisPacer
from api.outbound.settings import OutboundSettings
from api.outbound.twilio_send import Sender, TwilioSender, sender_of
from api.outbound.voice_call import call_twiml
from api.outbound.wording import MessageWording

log = structlog.get_logger(__name__)

BATCH = 200
HORIZON_SECONDS = 2.0  # route only what may go this soon: opt-outs stay current
RETRY_SECONDS = 30


@dataclass(frozen=True)
class Planned:
    """A message with its route, its sender and what it costs the sender."""

    message: OutboundMessage
    route: Route
    sender: Sender
    cost: int


class Worker:
    """Sends what is due, at each sender's rate."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        settings: OutboundSettings,
        wording: MessageWording,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        pacer: Pacer | RedisPacer | None = None,
        liveness: RedisLiveness | None = None,
    ) -> None:
        """One worker; with a shared pacer and liveness (Redis, api/outbound/scaled.py) one of
        several, whose clock must then be the wall clock."""
        self.factory = factory
        self.settings = settings
        self.wording = wording
        self.twilio = TwilioSender(settings)
        self.pacer = pacer or Pacer(settings.rates)
        self.liveness = liveness
        self.clock, self.sleep = clock, sleep

    def start(self) -> int:
        """Abandon what a stopped worker left mid-send (alone: every `sending` message; one of
        several: those of workers no longer alive); how many."""
        alive = self.liveness.alive() if self.liveness else None
        with self.factory() as session:
            return queue.abandon_interrupted(session, alive)

    def run_once(self, now: datetime | None = None) -> int:
        """Send every message due now whose sender is free soon; how many were handled.

        A sender's slot is booked just before its message goes (not while planning, which
        would let the first slots pass while the rest are routed and then send them at once);
        the sender free soonest goes next, so a slow sender does not hold up a fast one.
        """
        moment = now or utcnow()
        with self.factory() as session:
            plan = self._plan(session, moment)
            pending: dict[str, deque[Planned]] = {}
            for planned in plan:
                pending.setdefault(planned.sender.address, deque()).append(planned)
            while pending:
                address = min(pending, key=lambda a: self.pacer.next_free(a, self.clock()))
                planned = pending[address].popleft()
                if not pending[address]:
                    del pending[address]
                kind = planned.sender.kind
                at = self.pacer.reserve(address, kind, planned.cost, self.clock())
                self.sleep(max(0.0, at - self.clock()))
                self._send(session, planned)
        return len(plan)

    def _plan(self, session: Session, now: datetime) -> list[Planned]:
        """Due messages routed, as many per sender as it may send within the horizon."""
        plan: list[Planned] = []
        booked: dict[str, float] = {}  # seconds of each sender's time this plan already takes
        for message in queue.due(session, now, BATCH):
            if message.not_after is not None and as_utc(message.not_after) < now:
                queue.finish(session, message, ABANDONED, error_code=queue.EXPIRED)
                continue
            way = route(session, message, self.wording, now)
            if way is None:
                queue.finish(session, message, ABANDONED, error_code=queue.NO_CHANNEL)
                continue
            sender = sender_of(self.settings, way)
            cost = way.cost.segments if way.cost else 1
            free = self.pacer.next_free(sender.address, self.clock()) - self.clock()
            if free + booked.get(sender.address, 0.0) > HORIZON_SECONDS:
                continue  # this sender is busy: its later messages wait their turn too
            booked[sender.address] = (
                booked.get(sender.address, 0.0) + cost / self.settings.rates[sender.kind]
            )
            plan.append(Planned(message, way, sender, cost))
        return plan

    def _send(self, session: Session, planned: Planned) -> None:
        message, way = planned.message, planned.route
        worker_id = self.liveness.worker_id if self.liveness else None
        if not queue.start_sending(session, message.id, worker_id):
            return
        twiml = None
        if way.channel == VOICE:
            twiml = call_twiml(self.wording, message.language, way.text, keys_url(message.id))
        cost = {"encoding": way.cost.encoding, "segments": way.cost.segments} if way.cost else {}
        try:
            sid = self.twilio.send(message.phone_e164, way, planned.sender, twiml)
        except TwilioRestException as error:
            code = str(error.code) if error.code else None
            queue.finish(session, message, FAILED, channel=way.channel, error_code=code, **cost)
            if code == OPTED_OUT_CODE:  # they sent STOP to Twilio: remember it as ours
                set_opted_out(session=session, phone_e164=message.phone_e164,
                              channel=way.channel, opted_out=True)  # fmt: skip
            follow_up(session, message, code)
            session.commit()
            log.info("outbound_refused", channel=way.channel, code=code, message=message.id)
            return
        except requests.ConnectionError:  # Twilio never heard of it: safe to try again later
            queue.requeue(session, message, RETRY_SECONDS)
            log.warning("outbound_twilio_unreachable", message=message.id)
            return
        sent = {"twilio_sid": sid, "sender": planned.sender.address, "content_sid": way.content_sid}
        queue.finish(session, message, SENT, channel=way.channel, **sent, **cost)
        log.info("outbound_sent", channel=way.channel, message=message.id)

    def synchronise_templates(self) -> int | None:
        """Refresh the WhatsApp templates and their approvals from the Content API."""
        auth = (self.settings.account_sid, self.settings.auth_token)
        try:
            with httpx.Client(auth=auth, timeout=10) as client, self.factory() as session:
                return templates.synchronise(session, client, self.settings.content_base_url)
        except httpx.HTTPError as error:
            log.warning("whatsapp_templates_not_synchronised", error=type(error).__name__)
            return None


def main() -> None:  # pragma: no cover - the process entry point, run by the e2e tests
    """Run until SIGTERM or SIGINT."""
    from api.outbound.process import build_worker

    worker = build_worker()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    log.info("outbound_worker_started", abandoned=worker.start())
    last_sync = last_look = time.monotonic()
    worker.synchronise_templates()
    while not stop.is_set():
        if time.monotonic() - last_sync > 600:
            worker.synchronise_templates()
            last_sync = time.monotonic()
        if worker.liveness and time.monotonic() - last_look > ALIVE_SECONDS / 3:
            worker.start()  # keeps this one alive; abandons what a dead one left
            last_look = time.monotonic()
        if worker.run_once() == 0:
            stop.wait(worker.settings.poll_seconds)


if __name__ == "__main__":
    main()

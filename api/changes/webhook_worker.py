"""A background thread that fans out and delivers webhooks every few seconds.

One per process; with several API instances, claim rows (SELECT … FOR UPDATE SKIP LOCKED on
PostgreSQL) or run the worker in one instance only.
"""

from __future__ import annotations

import threading

import httpx
import structlog
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from api.changes.webhook_delivery import deliver_due, fan_out
from api.core.db import utcnow
from api.core.settings import Settings

log = structlog.get_logger(__name__)


class WebhookWorker:
    """Runs fan_out and deliver_due on an interval until stopped."""

    def __init__(
        self, factory: sessionmaker[Session], *, development: bool, interval: float = 2.0
    ) -> None:
        """A worker over the session factory; `development` allows loopback receivers."""
        self._factory = factory
        self._development = development
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="webhooks", daemon=True)

    def start(self) -> None:
        """Start the thread."""
        self._thread.start()

    def stop(self) -> None:
        """Ask the thread to finish and wait for it."""
        self._stop.set()
        self._thread.join(timeout=30)

    @property
    def alive(self) -> bool:
        """Whether the thread is still running."""
        return self._thread.is_alive()

    def run_once(self, client: httpx.Client) -> int:
        """One round: queue new events, then deliver what is due."""
        with self._factory() as session:
            fan_out(session)
            return deliver_due(session, client, now=utcnow(), development=self._development)

    def _run(self) -> None:
        """Loop until stopped, surviving database and network errors."""
        with httpx.Client(timeout=5.0, follow_redirects=False) as client:
            while not self._stop.wait(self._interval):
                try:
                    self.run_once(client)
                except (SQLAlchemyError, httpx.HTTPError) as exc:
                    log.error("webhook_worker_error", error=type(exc).__name__)
                except Exception:  # noqa: BLE001 — the thread must outlive any one bad round
                    log.exception("webhook_worker_error")


def start_webhook_worker(
    factory: sessionmaker[Session], settings: Settings
) -> WebhookWorker | None:
    """Start the worker unless FRONTDOOR_WEBHOOK_WORKER turns it off."""
    if not settings.webhook_worker:
        return None
    worker = WebhookWorker(factory, development=not settings.is_production)
    worker.start()
    return worker

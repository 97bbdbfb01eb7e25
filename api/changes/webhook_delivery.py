"""Fan change events out to subscriptions and deliver them: signed, retried with backoff, and
kept as dead letters after repeated failure."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
import structlog
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.changes.service import visible_changes
from api.changes.webhook_signing import SIGNATURE_HEADER, signature_header
from api.changes.webhook_urls import (
    InvalidWebhookURLError,
    MalformedWebhookURLError,
    check_webhook_url,
)
from api.core.db import as_utc
from api.models.tables import ChangeEvent, Organisation, WebhookDelivery, WebhookSubscription

log = structlog.get_logger(__name__)

PENDING, DELIVERED, DEAD, CANCELLED = "pending", "delivered", "dead", "cancelled"


class UndeliverableError(Exception):
    """A delivery that can never succeed as it stands: dead-lettered at once."""


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry a failing delivery."""

    max_attempts: int = 6
    first_delay: timedelta = timedelta(seconds=30)
    max_delay: timedelta = timedelta(hours=1)

    def delay(self, attempts: int) -> timedelta:
        """The wait after the given number of failed attempts (doubling, capped)."""
        return min(self.first_delay * (2 ** (attempts - 1)), self.max_delay)


def fan_out(session: Session, *, batch: int = 500) -> int:
    """Queue a delivery per subscription for each new event its organisation may see."""
    queued = 0
    subscriptions = session.scalars(
        select(WebhookSubscription).where(WebhookSubscription.deleted_at.is_(None))
    )
    for subscription in subscriptions:
        organisation = session.get(Organisation, subscription.organisation_id)
        assert organisation is not None
        query = visible_changes(organisation, after=subscription.last_event_id).limit(batch)
        events = list(session.scalars(query))
        for change in events:
            session.add(WebhookDelivery(subscription_id=subscription.id, event_id=change.id))
        last = session.scalar(select(ChangeEvent.id).order_by(ChangeEvent.id.desc()).limit(1))
        if len(events) < batch:
            subscription.last_event_id = max(subscription.last_event_id, last or 0)
        elif events:
            subscription.last_event_id = events[-1].id
        queued += len(events)
    session.commit()
    return queued


def _still_wanted(session: Session, subscription: WebhookSubscription, change: ChangeEvent) -> bool:
    """Whether the subscription stands and its organisation may still see the event."""
    if subscription.deleted_at is not None:
        return False
    organisation = session.get(Organisation, subscription.organisation_id)
    assert organisation is not None
    query = visible_changes(organisation, after=change.id - 1).where(ChangeEvent.id == change.id)
    return session.scalar(query) is not None


def payload(change: ChangeEvent, delivery: WebhookDelivery) -> bytes:
    """The delivery body: which person changed how (read the person again for details)."""
    body = {
        "delivery_id": delivery.id,
        "event": {
            "id": change.id,
            "type": change.type,
            "person_id": change.person_id,
            "at": as_utc(change.at).isoformat().replace("+00:00", "Z"),
        },
    }
    return json.dumps(body, separators=(",", ":")).encode("utf-8")


def _attempt(
    client: httpx.Client, subscription: WebhookSubscription, body: bytes, now: datetime, dev: bool
) -> tuple[int | None, str | None]:
    """POST one signed delivery: (status code, error) — error None on a 2xx."""
    try:
        check_webhook_url(subscription.url, development=dev)
        response = client.post(
            subscription.url,
            content=body,
            headers={
                "Content-Type": "application/json",
                SIGNATURE_HEADER: signature_header(subscription.secret, int(now.timestamp()), body),
            },
        )
    except MalformedWebhookURLError as exc:
        raise UndeliverableError(str(exc)) from exc
    except InvalidWebhookURLError as exc:
        return None, str(exc)
    except httpx.HTTPError as exc:
        return None, type(exc).__name__
    except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
        # Not an HTTPError in httpx; a URL stored before it was checked. It won't get better.
        raise UndeliverableError("the URL is not valid") from exc
    if 200 <= response.status_code < 300:
        return response.status_code, None
    return response.status_code, f"HTTP {response.status_code}"


def deliver_due(
    session: Session,
    client: httpx.Client,
    *,
    now: datetime,
    development: bool,
    policy: RetryPolicy = RetryPolicy(),
    batch: int = 50,
) -> int:
    """Try every pending delivery that is due; returns how many were delivered."""
    due = session.scalars(
        select(WebhookDelivery)
        .where(WebhookDelivery.status == PENDING, WebhookDelivery.next_attempt_at <= now)
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(batch)
    ).all()
    delivered = 0
    for delivery in due:
        subscription = session.get(WebhookSubscription, delivery.subscription_id)
        change = session.get(ChangeEvent, delivery.event_id)
        assert subscription is not None and change is not None
        if not _still_wanted(session, subscription, change):
            delivery.status = CANCELLED
            session.commit()
            continue
        delivered += _deliver_one(
            session, client, delivery, subscription, change, now, development, policy
        )
    return delivered


def _deliver_one(
    session: Session,
    client: httpx.Client,
    delivery: WebhookDelivery,
    subscription: WebhookSubscription,
    change: ChangeEvent,
    now: datetime,
    dev: bool,
    policy: RetryPolicy,
) -> int:
    """Attempt one delivery and record the outcome; 1 if delivered. Never raises for the
    delivery's own fault, so one bad row cannot stop the others (or the worker thread)."""
    delivery.attempts += 1
    final = False
    try:
        status, error = _attempt(client, subscription, payload(change, delivery), now, dev)
    except UndeliverableError as exc:
        status, error, final = None, str(exc), True
    except Exception as exc:  # noqa: BLE001 — recorded as a dead letter and logged, not lost
        log.exception("webhook_delivery_error", delivery_id=delivery.id)
        status, error, final = None, type(exc).__name__, True
    delivery.last_status_code, delivery.last_error = status, error
    if error is None:
        delivery.status, delivery.delivered_at = DELIVERED, now
    elif final or delivery.attempts >= policy.max_attempts:
        delivery.status = DEAD
        log.warning("webhook_dead_letter", delivery_id=delivery.id, error=error)
    else:
        delivery.next_attempt_at = now + policy.delay(delivery.attempts)
    session.commit()
    return 1 if error is None else 0

"""Provider API: webhook subscriptions of the caller's organisation, and their dead letters."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Response, status
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.auth.providers import Principal
from api.changes.webhook_delivery import DEAD
from api.changes.webhook_signing import new_secret
from api.changes.webhook_urls import InvalidWebhookURLError, check_webhook_url
from api.core.db import as_utc, utcnow
from api.core.deps import SessionDep, SettingsDep, SubscriptionsWriter
from api.core.errors import AUTH_ERRORS
from api.models.tables import ChangeEvent, WebhookDelivery, WebhookSubscription
from api.people.access import audit_read

RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]
router = APIRouter(prefix="/v1/subscriptions", tags=["subscriptions"])
NO_SUBSCRIPTION = "No such subscription for this organisation."


class SubscriptionIn(BaseModel):
    """Where to send change notifications."""

    model_config = ConfigDict(extra="forbid")

    url: Annotated[str, Field(max_length=2000, examples=["https://epr.example.nhs.uk/frontdoor"])]


class SubscriptionOut(BaseModel):
    """A webhook subscription (its secret is shown only when created)."""

    id: int
    url: str
    created_at: datetime


class SubscriptionCreated(SubscriptionOut):
    """A new subscription with the secret that signs its deliveries, shown this once."""

    secret: str = Field(description="HMAC-SHA256 key: verify X-FrontDoor-Signature with it.")


class DeadLetter(BaseModel):
    """A delivery that failed every attempt; the event is in the changes feed by id."""

    delivery_id: int
    event_id: int
    event_type: str
    attempts: int
    last_status_code: int | None
    last_error: str | None


def _out(subscription: WebhookSubscription) -> SubscriptionOut:
    """The provider view of a subscription."""
    return SubscriptionOut(
        id=subscription.id, url=subscription.url, created_at=as_utc(subscription.created_at)
    )


def _own(session: Session, principal: Principal, subscription_id: int) -> WebhookSubscription:
    """The organisation's live subscription, or 404 (another organisation's looks the same)."""
    subscription = session.get(WebhookSubscription, subscription_id)
    if (
        subscription is None
        or subscription.organisation_id != principal.organisation.id
        or subscription.deleted_at is not None
    ):
        raise HTTPException(404, NO_SUBSCRIPTION)
    return subscription


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=SubscriptionCreated,
    responses={**AUTH_ERRORS, 422: {"description": "Not HTTPS, or a private address"}},
)
def create_subscription(
    body: SubscriptionIn, principal: SubscriptionsWriter, session: SessionDep, settings: SettingsDep
) -> Any:
    """Subscribe an HTTPS URL to changes of people this organisation may see, from now on."""
    try:
        url = check_webhook_url(body.url, development=not settings.is_production)
    except InvalidWebhookURLError as exc:
        raise HTTPException(422, f"The webhook URL is refused: {exc}.") from exc
    latest = session.scalar(select(ChangeEvent.id).order_by(ChangeEvent.id.desc()).limit(1))
    subscription = WebhookSubscription(
        organisation_id=principal.organisation.id,
        url=url,
        secret=new_secret(),
        last_event_id=latest or 0,
    )
    session.add(subscription)
    session.flush()
    audit_read(session, principal, action="subscriptions.create", outcome="ok", fields=("url",))
    return SubscriptionCreated(**_out(subscription).model_dump(), secret=subscription.secret)


@router.get("", response_model=list[SubscriptionOut], responses=AUTH_ERRORS)
def list_subscriptions(principal: SubscriptionsWriter, session: SessionDep) -> Any:
    """This organisation's live subscriptions."""
    rows = session.scalars(
        select(WebhookSubscription)
        .where(
            WebhookSubscription.organisation_id == principal.organisation.id,
            WebhookSubscription.deleted_at.is_(None),
        )
        .order_by(WebhookSubscription.id)
    )
    return [_out(subscription) for subscription in rows]


@router.delete(
    "/{subscription_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={**AUTH_ERRORS, 404: {"description": NO_SUBSCRIPTION}},
)
def delete_subscription(
    subscription_id: RowId, principal: SubscriptionsWriter, session: SessionDep
) -> Response:
    """Stop a subscription; pending deliveries are cancelled."""
    subscription = _own(session, principal, subscription_id)
    subscription.deleted_at = utcnow()
    audit_read(session, principal, action="subscriptions.delete", outcome="ok", fields=("url",))
    return Response(status_code=204)


@router.get(
    "/{subscription_id}/dead-letters",
    response_model=list[DeadLetter],
    responses={**AUTH_ERRORS, 404: {"description": NO_SUBSCRIPTION}},
)
def dead_letters(
    subscription_id: RowId, principal: SubscriptionsWriter, session: SessionDep
) -> Any:
    """Deliveries of this subscription that failed every attempt."""
    subscription = _own(session, principal, subscription_id)
    rows = session.execute(
        select(WebhookDelivery, ChangeEvent.type)
        .join(ChangeEvent, WebhookDelivery.event_id == ChangeEvent.id)
        .where(WebhookDelivery.subscription_id == subscription.id, WebhookDelivery.status == DEAD)
        .order_by(WebhookDelivery.id)
    )
    return [
        DeadLetter(
            delivery_id=delivery.id,
            event_id=delivery.event_id,
            event_type=event_type,
            attempts=delivery.attempts,
            last_status_code=delivery.last_status_code,
            last_error=delivery.last_error,
        )
        for delivery, event_type in rows
    ]

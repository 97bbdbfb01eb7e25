"""The bot's API for messages Front Door starts: queue one (once per idempotency key), read its
state. The outbound worker (api/outbound/worker.py) sends them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import httpx
from fastapi import APIRouter, HTTPException, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from api.core.deps import SessionDep
from api.core.phones import InvalidPhoneNumberError, normalise_sender
from api.models.outbound import OutboundMessage
from api.outbound import queue, templates
from api.outbound.settings import OutboundSettings

router = APIRouter(prefix="/internal/outbound", tags=["internal"])

Channel = Literal["sms", "whatsapp", "voice"]
Key = Annotated[str, Field(min_length=1, max_length=120, pattern=r"^[A-Za-z0-9:._>-]+$")]


class MessageIn(BaseModel):
    """A message to queue: finished text, or a response rendered when it is sent."""

    model_config = ConfigDict(extra="forbid")

    key: Key
    purpose: str = Field(min_length=1, max_length=32, pattern=r"^[a-z_]+$")
    phone: str = Field(max_length=32)
    language: str = Field(min_length=2, max_length=16)
    channels: list[Channel] = Field(min_length=1, max_length=3)
    body: str | None = Field(default=None, min_length=1, max_length=1600)
    response: str | None = Field(default=None, max_length=64, pattern=r"^utter_[a-z_]+$")
    arguments: dict[str, Any] | None = None
    whatsapp_last_inbound_at: datetime | None = None
    not_before: datetime | None = None
    not_after: datetime | None = None
    priority: int = Field(default=0, ge=0, le=9, description="higher goes first (codes: 9)")

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        try:
            return normalise_sender(value)
        except InvalidPhoneNumberError as exc:
            raise ValueError(str(exc)) from exc

    @model_validator(mode="after")
    def _words(self) -> MessageIn:
        if (self.body is None) == (self.response is None):
            raise ValueError("give either body or response")
        return self


class MessageOut(BaseModel):
    """A queued message's state."""

    id: int
    key: str
    state: str
    channel: str | None
    error_code: str | None
    encoding: str | None
    segments: int | None
    fallback_of: int | None
    sid: str | None


def _out(message: OutboundMessage) -> MessageOut:
    return MessageOut(
        id=message.id, key=message.idempotency_key, state=message.state, channel=message.channel,
        error_code=message.error_code, encoding=message.encoding, segments=message.segments,
        fallback_of=message.fallback_of, sid=message.twilio_sid,
    )  # fmt: skip


@router.post("/messages", response_model=MessageOut, status_code=201, responses={200: {}, 401: {}})
def enqueue(body: MessageIn, session: SessionDep, response: Response) -> MessageOut:
    """Queue a message; the same key again returns the first one (200), never a second message."""
    fields = body.model_dump(exclude={"key"})
    message, created = queue.enqueue(session, key=body.key, **fields)
    if not created:
        response.status_code = status.HTTP_200_OK
    return _out(message)


@router.get("/messages", response_model=list[MessageOut], responses={401: {}, 404: {}})
def messages_of(session: SessionDep, key: Annotated[str, Query(max_length=120)]) -> Any:
    """A message and its fallbacks, in order."""
    message = queue.by_key(session, key)
    if message is None:
        raise HTTPException(404, "No message has this key.")
    chain = [message]
    while (later := queue.fallback_of(session, chain[-1].id)) is not None:
        chain.append(later)
    return [_out(m) for m in chain]


class TemplatesSynced(BaseModel):
    """How many of our WhatsApp templates the Content API holds."""

    templates: int


@router.post("/templates/sync", response_model=TemplatesSynced, responses={401: {}, 502: {}})
def synchronise_templates(session: SessionDep) -> TemplatesSynced:
    """Read the WhatsApp templates and their approvals from Twilio's Content API now (the
    worker also does this every few minutes)."""
    settings = OutboundSettings.from_env()
    auth = (settings.account_sid, settings.auth_token)
    try:
        with httpx.Client(auth=auth, timeout=10) as client:
            count = templates.synchronise(session, client, settings.content_base_url)
    except httpx.HTTPError as error:
        raise HTTPException(502, "Twilio's Content API did not answer.") from error
    return TemplatesSynced(templates=count)

"""Endpoints for the channels: STOP / START records, delivery status, and who may be messaged."""

from __future__ import annotations

from typing import Annotated, Literal

import structlog
from fastapi import APIRouter, Query, status
from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.core.deps import SessionDep
from api.core.phones import InvalidPhoneNumberError, normalise_sender
from api.core.problems import problem
from api.messaging.service import channel_states, record_status, set_opted_out
from api.outbound.status import apply_status

router = APIRouter(prefix="/internal", tags=["internal"])
log = structlog.get_logger(__name__)

Channel = Literal["sms", "whatsapp", "voice"]


def _phone(value: str) -> str:
    """An E.164 phone number, or a validation error."""
    try:
        return normalise_sender(value)
    except InvalidPhoneNumberError as exc:
        raise ValueError(str(exc)) from exc


class OptChange(BaseModel):
    """A number and the channel it opted out of (or back into)."""

    model_config = ConfigDict(extra="forbid")

    phone: str = Field(max_length=32)
    channel: Channel = "sms"

    _normalise = field_validator("phone")(_phone)


class StatusIn(BaseModel):
    """A Twilio status callback for a message we sent, as the channel forwards it."""

    model_config = ConfigDict(extra="forbid")

    message_sid: str = Field(min_length=2, max_length=64, pattern=r"^[A-Za-z0-9]+$")
    status: str = Field(min_length=1, max_length=16, pattern=r"^[a-z_-]+$")
    error_code: str | None = Field(default=None, max_length=16)
    to: str | None = Field(default=None, max_length=32)
    channel: Channel = "sms"

    _normalise = field_validator("to")(lambda value: None if value is None else _phone(value))


class ChannelStateOut(BaseModel):
    """Whether a channel may be used for a number, and why not."""

    opted_out: bool
    last_status: str | None
    last_error_code: str | None
    reachable: bool


class PreferencesOut(BaseModel):
    """A number's state on every channel."""

    phone: str
    channels: dict[str, ChannelStateOut]


def _preferences(session: SessionDep, phone: str) -> PreferencesOut:
    states = channel_states(session=session, phone_e164=phone)
    return PreferencesOut(
        phone=phone,
        channels={
            name: ChannelStateOut(**state.__dict__, reachable=state.reachable)
            for name, state in states.items()
        },
    )


@router.post("/contact-preferences/opt-out", response_model=PreferencesOut, responses={401: {}})
def opt_out(body: OptChange, session: SessionDep) -> PreferencesOut:
    """Record STOP: nothing more is sent to this number on this channel."""
    set_opted_out(session=session, phone_e164=body.phone, channel=body.channel, opted_out=True)
    session.commit()
    log.info("contact_opted_out", channel=body.channel)
    return _preferences(session, body.phone)


@router.post("/contact-preferences/opt-in", response_model=PreferencesOut, responses={401: {}})
def opt_in(body: OptChange, session: SessionDep) -> PreferencesOut:
    """Record START: this number may be messaged on this channel again."""
    set_opted_out(session=session, phone_e164=body.phone, channel=body.channel, opted_out=False)
    session.commit()
    log.info("contact_opted_in", channel=body.channel)
    return _preferences(session, body.phone)


@router.post("/messages/status", status_code=status.HTTP_204_NO_CONTENT, responses={401: {}})
def message_status(body: StatusIn, session: SessionDep) -> None:
    """Record a delivery status Twilio reported."""
    record_status(
        session=session,
        message_sid=body.message_sid,
        status=body.status,
        error_code=body.error_code,
        phone_e164=body.to,
        channel=body.channel,
    )
    apply_status(session, body.message_sid, body.status, body.error_code)  # queued messages
    session.commit()
    log.info("message_status", status=body.status, channel=body.channel)


@router.get("/contact-preferences", response_model=PreferencesOut, responses={401: {}, 422: {}})
def contact_preferences(
    phone: Annotated[str, Query(max_length=32)], session: SessionDep
) -> PreferencesOut | object:
    """Which channels may be used for this number."""
    try:
        normalised = normalise_sender(phone)
    except InvalidPhoneNumberError:
        return problem(
            422, "The request is not valid.", extra={"errors": [{"loc": ["query", "phone"]}]}
        )
    return _preferences(session, normalised)

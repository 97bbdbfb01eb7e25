"""Call preferences (the bot's API): slower speech a caller asked for, kept for their next calls.

Erased with everything else about the person (api/people/erasure.py).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.db import utcnow
from api.core.deps import SessionDep
from api.core.phones import InvalidPhoneNumberError, normalise_sender
from api.core.problems import problem
from api.models.messaging import CallPreference

router = APIRouter(prefix="/internal", tags=["internal"])


def _phone(value: str) -> str:
    try:
        return normalise_sender(value)
    except InvalidPhoneNumberError as exc:
        raise ValueError(str(exc)) from exc


class CallPreferencesIn(BaseModel):
    """What a caller chose for their calls."""

    model_config = ConfigDict(extra="forbid")

    phone: str = Field(max_length=32)
    slower_speech: bool

    _normalise = field_validator("phone")(_phone)


class CallPreferencesOut(BaseModel):
    """How to speak to a number on a call."""

    slower_speech: bool


def slower_speech(*, session: Session, phone_e164: str) -> bool:
    """Whether the number asked for slower speech."""
    row = session.scalar(select(CallPreference).where(CallPreference.phone_e164 == phone_e164))
    return bool(row and row.slower_speech)


def set_slower_speech(*, session: Session, phone_e164: str, slower: bool) -> None:
    """Keep the number's choice; the caller commits."""
    row = session.scalar(select(CallPreference).where(CallPreference.phone_e164 == phone_e164))
    if row is None:
        session.add(CallPreference(phone_e164=phone_e164, slower_speech=slower))
    elif row.slower_speech != slower:
        row.slower_speech = slower
        row.changed_at = utcnow()


@router.get("/call-preferences", response_model=CallPreferencesOut, responses={401: {}, 422: {}})
def get_call_preferences(
    phone: Annotated[str, Query(max_length=32)], session: SessionDep
) -> CallPreferencesOut | object:
    """How to speak to this number on a call."""
    try:
        normalised = normalise_sender(phone)
    except InvalidPhoneNumberError:
        return problem(
            422, "The request is not valid.", extra={"errors": [{"loc": ["query", "phone"]}]}
        )
    return CallPreferencesOut(slower_speech=slower_speech(session=session, phone_e164=normalised))


@router.put("/call-preferences", response_model=CallPreferencesOut, responses={401: {}, 422: {}})
def put_call_preferences(body: CallPreferencesIn, session: SessionDep) -> CallPreferencesOut:
    """Keep a caller's choice for their next calls."""
    set_slower_speech(session=session, phone_e164=body.phone, slower=body.slower_speech)
    session.commit()
    return CallPreferencesOut(slower_speech=body.slower_speech)

"""Call-backs, for the action server: queue one when a person asks to be called (CALL ME)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel

from api.callbacks.service import (
    REASONS,
    request_callback,
)
from api.core.deps import SessionDep
from api.people.schemas import LanguageCode, PhoneNumber

router = APIRouter(prefix="/internal/callbacks", tags=["internal"])


class CallbackIn(BaseModel):
    """What the action server posts when a person asks to be called."""

    phone: PhoneNumber
    language: LanguageCode
    interpreter_language: LanguageCode | None = None
    reason: Literal[REASONS] = "asked"  # type: ignore[valid-type]
    channel: Literal["sms", "whatsapp", "voice"]


class CallbackQueued(BaseModel):
    """The queued request and when we promised to call."""

    id: int
    due_at: datetime


@router.post("", status_code=201, response_model=CallbackQueued, responses={401: {}, 422: {}})
def queue_callback(body: CallbackIn, session: SessionDep) -> Any:
    """Queue a call-back for this number (or return the one already waiting)."""
    request = request_callback(
        session=session,
        phone_e164=body.phone,
        language=body.language,
        interpreter_language=body.interpreter_language,
        reason=body.reason,
        channel=body.channel,
    )
    session.commit()
    return CallbackQueued(id=request.id, due_at=request.due_at)

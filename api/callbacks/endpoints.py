"""Call-backs, for front-door staff (provider credentials): list, claim and close them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from pydantic import BaseModel, Field
from sqlalchemy import select

from api.auth.providers import Principal
from api.callbacks.service import (
    CallbackRefused,
    claim_callback,
    close_callback,
    is_overdue,
    visible_to,
)
from api.core.db import utcnow
from api.core.deps import SessionDep, require_scope
from api.core.errors import AUTH_ERRORS
from api.models.callbacks import CallbackRequest
from api.people.access import audit_read

router = APIRouter(prefix="/v1/callbacks", tags=["call-backs"])
CallbackManager = Annotated[Principal, Depends(require_scope("callbacks:manage"))]
CallbackId = Annotated[int, Path(ge=1, le=2**31 - 1)]


class CallbackOut(BaseModel):
    """A request as staff see it (the number is theirs to call)."""

    id: int
    phone: str
    language: str
    interpreter_language: str | None
    reason: str
    channel: str
    status: str
    created_at: datetime
    due_at: datetime
    overdue: bool


class CloseIn(BaseModel):
    """How the call went, in a few words (no clinical detail)."""

    outcome: str = Field(min_length=1, max_length=200)


def _out(request: CallbackRequest) -> CallbackOut:
    due = (
        request.due_at if request.due_at.tzinfo else request.due_at.replace(tzinfo=utcnow().tzinfo)
    )
    return CallbackOut(
        id=request.id,
        phone=request.phone_e164,
        language=request.language,
        interpreter_language=request.interpreter_language,
        reason=request.reason,
        channel=request.channel,
        status=request.status,
        created_at=request.created_at,
        due_at=due,
        overdue=is_overdue(request, utcnow()),
    )


def _staff_only(principal: Principal) -> None:
    if not principal.organisation.shares_consented_needs:
        raise HTTPException(
            status_code=404, detail="No call-backs are shared with this organisation."
        )


@router.get("", response_model=list[CallbackOut], responses={**AUTH_ERRORS, 404: {}})
def list_callbacks(
    principal: CallbackManager,
    session: SessionDep,
    status: Annotated[Literal["open", "claimed", "done"], Query()] = "open",
) -> Any:
    """Call-backs in a status, the most overdue first: open ones to every front-door
    organisation, claimed and done ones only to the organisation that claimed them."""
    _staff_only(principal)
    rows = session.scalars(
        select(CallbackRequest)
        .where(visible_to(principal.organisation, status))
        .order_by(CallbackRequest.due_at)
        .limit(500)
    ).all()
    audit_read(session, principal, action="callbacks.list", outcome="ok", fields=["callbacks"])
    return [_out(row) for row in rows]


def _refused_as_conflict(session: SessionDep, error: CallbackRefused) -> HTTPException:
    """A refused claim or close: its audit row kept, and a 409 saying why."""
    session.commit()
    return HTTPException(status_code=409, detail=str(error))


@router.post("/{callback_id}/claim", response_model=CallbackOut, responses={**AUTH_ERRORS, 409: {}})
def claim(callback_id: CallbackId, principal: CallbackManager, session: SessionDep) -> Any:
    """Take an open call-back: nobody else will ring the person."""
    _staff_only(principal)
    try:
        request = claim_callback(session=session, callback_id=callback_id, via="api",
                                 organisation=principal.organisation,
                                 client_id=principal.client.id)  # fmt: skip
    except CallbackRefused as error:
        raise _refused_as_conflict(session, error) from error
    session.commit()
    return _out(request)


@router.post("/{callback_id}/close", response_model=CallbackOut, responses={**AUTH_ERRORS, 409: {}})
def close(
    callback_id: CallbackId, body: CloseIn, principal: CallbackManager, session: SessionDep
) -> Any:
    """Finish a claimed call-back with a short outcome."""
    _staff_only(principal)
    try:
        request = close_callback(session=session, callback_id=callback_id, via="api",
                                 organisation=principal.organisation, outcome=body.outcome,
                                 client_id=principal.client.id)  # fmt: skip
    except CallbackRefused as error:
        raise _refused_as_conflict(session, error) from error
    session.commit()
    return _out(request)

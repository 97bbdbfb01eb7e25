"""Call-back requests: a person asked for a human (or an interpreter) to ring them.

Staff of the organisations that run the front door (`shares_consented_needs`) see the open
requests, claim one and close it; every read and change is audited. A person has at most one
open request: asking again returns it rather than queueing twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session

from api.core.audit import record_audit
from api.core.db import as_utc, utcnow
from api.models.callbacks import CLAIMED, DONE, OPEN, CallbackRequest, CallbackStaff
from api.models.tables import Organisation

REASONS = ("asked", "interpreter", "struggling", "no_input")
CALL_BACK_WITHIN = timedelta(days=1)


def due_by(asked_at: datetime) -> datetime:
    """When we promise to call: one day later, moved past a weekend to Monday."""
    due = asked_at + CALL_BACK_WITHIN
    while due.weekday() >= 5:  # Saturday, Sunday
        due += timedelta(days=1)
    return due


def open_request_for(*, session: Session, phone_e164: str) -> CallbackRequest | None:
    """The person's request that nobody has finished yet, if any."""
    return session.scalar(
        select(CallbackRequest)
        .where(CallbackRequest.phone_e164 == phone_e164, CallbackRequest.status != DONE)
        .limit(1)
    )


def request_callback(
    *,
    session: Session,
    phone_e164: str,
    language: str,
    interpreter_language: str | None,
    reason: str,
    channel: str,
) -> CallbackRequest:
    """Queue a call-back, or return the one already waiting."""
    existing = open_request_for(session=session, phone_e164=phone_e164)
    if existing is not None:
        return existing
    now = utcnow()
    request = CallbackRequest(
        phone_e164=phone_e164,
        language=language,
        interpreter_language=interpreter_language,
        reason=reason,
        channel=channel,
        created_at=now,
        due_at=due_by(now),
    )
    session.add(request)
    session.flush()
    return request


class CallbackRefused(Exception):
    """A claim or close that can't happen; the message says why, in plain words."""


def visible_to(organisation: Organisation, status: str) -> ColumnElement[bool]:
    """The call-backs in `status` this organisation may list: every open one (the shared
    queue), but only its own once claimed or done (they carry the person's number)."""
    in_status = CallbackRequest.status == status
    if status == OPEN:
        return in_status
    return in_status & (CallbackRequest.claimed_by == organisation.id)


def is_overdue(request: CallbackRequest, now: datetime) -> bool:
    """Not done, and past the time we promised."""
    return request.status != DONE and as_utc(request.due_at) < now


def claim_callback(
    *,
    session: Session,
    callback_id: int,
    organisation: Organisation,
    via: str,
    client_id: int | None = None,
) -> CallbackRequest:
    """Take an open call-back for the organisation; refused (and audited) otherwise.

    One conditional UPDATE, so of several organisations claiming at once exactly one wins: the
    database applies it only while the row is still open and unclaimed."""
    won = session.execute(
        update(CallbackRequest)
        .where(
            CallbackRequest.id == callback_id,
            CallbackRequest.status == OPEN,
            CallbackRequest.claimed_by.is_(None),
        )
        .values(status=CLAIMED, claimed_by=organisation.id, claimed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    request = session.get(CallbackRequest, callback_id, populate_existing=True)
    refusal = None
    if request is None:
        refusal = "There is no such call-back."
    elif won.rowcount != 1 and request.status == CLAIMED and request.claimed_by != organisation.id:
        refusal = "Another organisation has already claimed this call-back."
    elif won.rowcount != 1:
        refusal = "This call-back is not open any more."
    _audit(session, organisation, "callbacks.claim", via, "refused" if refusal else "ok", client_id)
    if refusal or request is None:
        raise CallbackRefused(refusal)
    return request


def close_callback(
    *,
    session: Session,
    callback_id: int,
    organisation: Organisation,
    outcome: str,
    via: str,
    client_id: int | None = None,
) -> CallbackRequest:
    """Finish a call-back this organisation claimed; refused (and audited) otherwise."""
    request = session.get(CallbackRequest, callback_id)
    refusal = None
    if request is None:
        refusal = "There is no such call-back."
    elif request.status != CLAIMED:
        refusal = "Only a claimed call-back can be closed."
    elif request.claimed_by != organisation.id:
        refusal = "Another organisation claimed this call-back; only they can close it."
    _audit(session, organisation, "callbacks.close", via, "refused" if refusal else "ok", client_id)
    if refusal or request is None:
        raise CallbackRefused(refusal)
    request.status, request.closed_at, request.outcome = DONE, utcnow(), outcome
    return request


def _audit(
    session: Session,
    organisation: Organisation,
    action: str,
    via: str,
    outcome: str,
    client_id: int | None = None,
) -> None:
    record_audit(session=session, action=action, outcome=outcome, fields=("callbacks", via),
                 organisation_id=organisation.id, client_id=client_id)  # fmt: skip


def set_callback_staff(*, session: Session, admin_user_id: int, organisation_id: int) -> None:
    """Make an admin page user call-back staff of an organisation (one organisation each)."""
    staff = session.scalar(
        select(CallbackStaff).where(CallbackStaff.admin_user_id == admin_user_id)
    )
    if staff is None:
        session.add(CallbackStaff(admin_user_id=admin_user_id, organisation_id=organisation_id))
    else:
        staff.organisation_id = organisation_id

"""The call-back queue for staff: see open call-backs, claim one, close it with a short outcome.

A user works the queue of the organisation they are call-back staff of (`callback_staff`, added
with `python -m api.cli add-callback-staff`); only organisations that run the front door
(`shares_consented_needs`) have a queue. Every view, claim and close is audited, refusals too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.admin.ui.auth import SignedIn
from api.admin.ui.web import BASE, check_csrf, current_user, page, to_login
from api.callbacks.service import CallbackRefused, claim_callback, close_callback, is_overdue
from api.core.audit import record_audit
from api.core.db import as_utc, utcnow
from api.core.deps import LanguagesDep, SessionDep
from api.models.admin import AdminUser
from api.models.callbacks import CLAIMED, OPEN, CallbackRequest, CallbackStaff
from api.models.tables import Consent, Need, Organisation, Person
from api.translations.languages import Languages

router = APIRouter(prefix="/callbacks", include_in_schema=False)
CallbackId = Annotated[int, Path(ge=1, le=2**31 - 1)]
BEST_TIMES = "contact_times"  # the question id of "When is the best time to contact you?"
REASONS = {
    "asked": "Asked for a call",
    "interpreter": "Asked for an interpreter",
    "struggling": "Struggled to answer",
    "no_input": "No answer on a call",
}
CHANNELS = {"sms": "Text message", "whatsapp": "WhatsApp", "voice": "Phone call"}


@dataclass(frozen=True)
class Row:
    """One call-back as staff see it."""

    id: int
    phone: str
    language: str
    interpreter: str
    reason: str
    best_times: str
    channel: str
    age: str
    due: str
    overdue: bool
    status: str
    ours: bool


def staff_organisation(session: Session, username: str) -> Organisation | None:
    """The organisation whose queue this admin page user works, if any."""
    return session.scalar(
        select(Organisation)
        .join(CallbackStaff, CallbackStaff.organisation_id == Organisation.id)
        .join(AdminUser, AdminUser.id == CallbackStaff.admin_user_id)
        .where(AdminUser.username == username)
    )


def _age(asked: datetime, now: datetime) -> str:
    """How long ago, in words."""
    minutes = int((now - as_utc(asked)) / timedelta(minutes=1))
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // (24 * 60)} days"


def _best_times(session: Session, phones: list[str]) -> dict[str, str]:
    """Each number's answer to "best time to contact you", where consent to share it stands."""
    if not phones:
        return {}
    rows = session.execute(
        select(Person.phone_e164, Need.display)
        .join(Need, Need.person_id == Person.id)
        .join(Consent, Consent.person_id == Person.id)
        .where(
            Person.phone_e164.in_(phones),
            Need.kind == BEST_TIMES,
            Need.superseded_at.is_(None),
            Consent.granted.is_(True),
            Consent.withdrawn_at.is_(None),
        )
    ).all()
    found: dict[str, list[str]] = {}
    for phone, display in rows:
        if display not in found.setdefault(phone, []):
            found[phone].append(display)
    return {phone: "; ".join(displays) for phone, displays in found.items()}


def _language_name(languages: Languages, code: str | None) -> str:
    language = languages.get(code) if code else None
    return language.english_name if language else (code or "")


def _rows(
    session: Session, organisation: Organisation, languages: Languages, now: datetime
) -> list[Row]:
    """Open call-backs and this organisation's claimed ones, the most overdue first."""
    requests = session.scalars(
        select(CallbackRequest)
        .where(
            (CallbackRequest.status == OPEN)
            | (
                (CallbackRequest.status == CLAIMED)
                & (CallbackRequest.claimed_by == organisation.id)
            )
        )
        .order_by(CallbackRequest.due_at)
        .limit(500)
    ).all()
    best = _best_times(session, sorted({r.phone_e164 for r in requests}))
    return [
        Row(
            id=r.id,
            phone=r.phone_e164,
            language=_language_name(languages, r.language),
            interpreter=_language_name(languages, r.interpreter_language) or "No",
            reason=REASONS.get(r.reason, r.reason),
            best_times=best.get(r.phone_e164, "Not given"),
            channel=CHANNELS.get(r.channel, r.channel),
            age=_age(r.created_at, now),
            due=as_utc(r.due_at).strftime("%a %d %b %H:%M UTC"),
            overdue=is_overdue(r, now),
            status=r.status,
            ours=r.claimed_by == organisation.id,
        )
        for r in requests
    ]


def _refused(request: Request, user: SignedIn, status: int, error: str) -> Response:
    return page(request, "callbacks.html", status, user=user, rows=[], error=error,
                organisation=None, message=None)  # fmt: skip


def _queue(
    request: Request,
    session: Session,
    user: SignedIn,
    languages: Languages,
    *,
    status: int = 200,
    error: str | None = None,
    message: str | None = None,
) -> Response:
    """The queue page of the user's organisation, or a clear refusal."""
    organisation = staff_organisation(session, user.username)
    if organisation is None:
        error = "Your account is not on a call-back team. Ask an admin to add you."
        return _refused(request, user, 403, error)
    if not organisation.shares_consented_needs:
        return _refused(request, user, 403, "Your organisation has no call-back queue.")
    rows = _rows(session, organisation, languages, utcnow())
    record_audit(session=session, action="callbacks.list", outcome="ok",
                 fields=("callbacks", "admin_ui"), organisation_id=organisation.id)  # fmt: skip
    session.commit()
    return page(request, "callbacks.html", status, user=user, rows=rows, error=error,
                organisation=organisation, message=message)  # fmt: skip


@router.get("", response_class=HTMLResponse)
def queue_page(
    request: Request, session: SessionDep, languages: LanguagesDep, message: str | None = None
) -> Response:
    """Open call-backs and the ones this organisation is working on."""
    user = current_user(request, session)
    if user is None:
        return to_login()
    shown = {"claimed": "Claimed: it is yours to call.", "closed": "Closed. Thank you."}
    return _queue(request, session, user, languages, message=shown.get(message or ""))


def _act(
    request: Request, session: Session, languages: Languages, csrf_token: str, action: str,
    callback_id: int, outcome: str = "",
) -> Response:  # fmt: skip
    """Claim or close for the signed-in user's organisation, then back to the queue."""
    user = current_user(request, session)
    if user is None:
        return to_login()
    check_csrf(user, csrf_token)
    organisation = staff_organisation(session, user.username)
    if organisation is None or not organisation.shares_consented_needs:
        return _queue(request, session, user, languages)
    try:
        if action == "claim":
            claim_callback(session=session, callback_id=callback_id, organisation=organisation,
                           via="admin_ui")  # fmt: skip
        else:
            close_callback(session=session, callback_id=callback_id, organisation=organisation,
                           outcome=outcome, via="admin_ui")  # fmt: skip
    except CallbackRefused as refusal:
        session.commit()  # the refusal's audit event
        return _queue(request, session, user, languages, status=409, error=str(refusal))
    session.commit()
    done = "claimed" if action == "claim" else "closed"
    return RedirectResponse(f"{BASE}/callbacks?message={done}", status_code=303)


@router.post("/{callback_id}/claim", response_class=HTMLResponse)
def claim(
    request: Request,
    callback_id: CallbackId,
    session: SessionDep,
    languages: LanguagesDep,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Take an open call-back: nobody else will ring the person."""
    return _act(request, session, languages, csrf_token, "claim", callback_id)


@router.post("/{callback_id}/close", response_class=HTMLResponse)
def close(
    request: Request,
    callback_id: CallbackId,
    session: SessionDep,
    languages: LanguagesDep,
    outcome: Annotated[str, Form(min_length=1, max_length=200)],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Finish a call-back this organisation claimed, with a few words on how it went."""
    user = current_user(request, session)
    if user is not None and not outcome.strip():
        check_csrf(user, csrf_token)
        error = "Write a few words about how the call went, then close it."
        return _queue(request, session, user, languages, status=422, error=error)
    return _act(request, session, languages, csrf_token, "close", callback_id, outcome.strip())

"""Waiting, for the action server and the scheduler: who is waiting, who is due a check-in,
claim and release a prompt, record the answer."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel, Field

from api.core.db import as_utc, utcnow
from api.core.deps import SessionDep
from api.models.waiting import CheckInPrompt
from api.people.records import person_by_phone
from api.people.schemas import PhoneNumber
from api.waiting.check_ins import NotToBeAskedError, claim_prompt, due_check_ins
from api.waiting.service import (
    CheckInIn,
    CheckInOut,
    WaitingForBot,
    record_check_in,
    waiting_for_bot,
)

router = APIRouter(prefix="/internal", tags=["internal"])
EveryHours = Annotated[float, Query(gt=0, le=24 * 90, description="Hours between check-ins")]


class DueOut(BaseModel):
    """A waiting person to ask how they are."""

    phone: str
    language: str
    organisation: str


class ClaimIn(BaseModel):
    """Claim the prompt of one person (refused if already asked within `every_hours`)."""

    phone: PhoneNumber
    channel: Literal["sms", "whatsapp", "voice"] = "sms"
    every_hours: float = Field(gt=0, le=24 * 90)


class ClaimOut(BaseModel):
    """The claimed prompt (release it if the message could not be sent)."""

    id: int


@router.get("/check-ins/due", response_model=list[DueOut], responses={401: {}, 422: {}})
def due(every_hours: EveryHours, session: SessionDep) -> Any:
    """Waiting people not asked (nor answering) for `every_hours`."""
    rows = due_check_ins(session, every=timedelta(hours=every_hours), now=utcnow())
    return [DueOut(phone=r.phone, language=r.language, organisation=r.organisation) for r in rows]


@router.post(
    "/check-in-prompts", status_code=201, response_model=ClaimOut,
    responses={401: {}, 404: {}, 409: {}, 422: {}},
)  # fmt: skip
def claim(body: ClaimIn, session: SessionDep) -> Any:
    """Claim a prompt before sending it, so two schedulers never ask the same person twice."""
    person = person_by_phone(session=session, phone_e164=body.phone)
    if person is None:
        raise HTTPException(404, "No person with this number.")
    try:
        prompt = claim_prompt(
            session=session, person=person, channel=body.channel,
            every=timedelta(hours=body.every_hours), now=utcnow(),
        )  # fmt: skip
    except NotToBeAskedError as exc:
        raise HTTPException(409, "This person withdrew consent: do not ask them.") from exc
    if prompt is None:
        raise HTTPException(409, "This person was asked recently.")
    session.commit()
    return ClaimOut(id=prompt.id)


@router.delete("/check-in-prompts/{prompt_id}", status_code=204, responses={401: {}, 404: {}})
def release(prompt_id: Annotated[int, Path(ge=1, le=2**31 - 1)], session: SessionDep) -> None:
    """Release a claim whose message could not be sent, so the next run tries again."""
    prompt = session.get(CheckInPrompt, prompt_id)
    if prompt is None:
        raise HTTPException(404, "No such prompt.")
    session.delete(prompt)
    session.commit()


@router.get("/waiting", response_model=list[WaitingForBot], responses={401: {}, 422: {}})
def list_waiting(
    session: SessionDep,
    phone: Annotated[PhoneNumber | None, Query(description="Only this number")] = None,
) -> Any:
    """Active waiting entries with each person's language and last check-in, to schedule them."""
    person = person_by_phone(session=session, phone_e164=phone) if phone else None
    if phone and person is None:
        return []
    rows = waiting_for_bot(session, person.id if person else None)
    return [
        WaitingForBot(
            id=entry.id,
            phone=who.phone_e164,
            language=who.language,
            organisation=organisation.name,
            referral=entry.referral,
            expected_wait_weeks=entry.expected_wait_weeks,
            since=as_utc(entry.created_at),
            last_check_in_at=as_utc(last) if last else None,
        )
        for entry, who, organisation, last in rows
    ]


@router.post("/check-ins", response_model=CheckInOut, responses={401: {}, 404: {}, 422: {}})
def create_check_in(body: CheckInIn, session: SessionDep) -> Any:
    """Record a check-in answer; worse or help_now alerts the providers (feed and webhook)."""
    person = person_by_phone(session=session, phone_e164=body.phone)
    if person is None:
        raise HTTPException(404, "No person with this number.")
    return record_check_in(session=session, person=person, body=body)

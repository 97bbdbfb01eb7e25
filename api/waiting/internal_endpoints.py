"""The check-in schedule for the bot's scheduler: who is due, claim a prompt, release it."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel, Field

from api.core.db import utcnow
from api.core.deps import ServiceDep, SessionDep
from api.models.waiting import CheckInPrompt
from api.people.records import person_by_phone
from api.people.schemas import PhoneNumber
from api.waiting.check_ins import NotToBeAskedError, claim_prompt, due_check_ins

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
def due(every_hours: EveryHours, _service: ServiceDep, session: SessionDep) -> Any:
    """Waiting people not asked (nor answering) for `every_hours`."""
    rows = due_check_ins(session, every=timedelta(hours=every_hours), now=utcnow())
    return [DueOut(phone=r.phone, language=r.language, organisation=r.organisation) for r in rows]


@router.post(
    "/check-in-prompts", status_code=201, response_model=ClaimOut,
    responses={401: {}, 404: {}, 409: {}, 422: {}},
)  # fmt: skip
def claim(body: ClaimIn, _service: ServiceDep, session: SessionDep) -> Any:
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
def release(
    prompt_id: Annotated[int, Path(ge=1, le=2**31 - 1)], _service: ServiceDep, session: SessionDep
) -> None:
    """Release a claim whose message could not be sent, so the next run tries again."""
    prompt = session.get(CheckInPrompt, prompt_id)
    if prompt is None:
        raise HTTPException(404, "No such prompt.")
    session.delete(prompt)
    session.commit()

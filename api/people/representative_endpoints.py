"""Someone acting for someone, for the action server: register, the person's answer, the end,
and the representative's read of the person's record (only within their authority)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy.orm import Session

from api.core.audit import record_audit
from api.core.db import utcnow
from api.core.deps import SessionDep
from api.core.phones import InvalidPhoneNumberError, normalise_phone
from api.models.tables import Person
from api.people import representatives as reps
from api.people.consent import CONSENT_VERSION
from api.people.held import HeldData, held_view
from api.people.records import person_by_phone, record_consent
from api.people.schemas import Channel, LanguageCode, PhoneNumber

router = APIRouter(prefix="/internal/representatives", tags=["internal"])
PhoneQuery = Annotated[PhoneNumber, Query(description="E.164 phone number")]
# Consent recorded on the person's behalf by a representative whose authority allows it.
BY_REPRESENTATIVE = "representative"


class RepresentativeIn(BaseModel):
    """Who is acting for whom, in what relationship and under what authority."""

    model_config = ConfigDict(extra="forbid")

    phone: PhoneNumber  # the representative's own number (the conversation's sender)
    person_phone: str = Field(max_length=32)  # typed by the representative: checked here
    person_language: LanguageCode
    relationship: Literal[reps.RELATIONSHIPS]  # type: ignore[valid-type]
    authority: Literal[reps.AUTHORITIES]  # type: ignore[valid-type]
    channel: Channel
    child_age: int | None = Field(default=None, ge=0, le=120)

    @model_validator(mode="after")
    def _parent_of_a_child(self) -> RepresentativeIn:
        if self.authority == reps.PARENT and (self.child_age is None or self.child_age >= 16):
            raise ValueError("a parent acts under this authority only for a child under 16")
        return self


class RepresentativeRecorded(BaseModel):
    """The registration: pending until the person says YES, or active."""

    id: int
    status: str
    person_language: str


class AnswerIn(BaseModel):
    """The person's YES or NO to someone acting for them."""

    model_config = ConfigDict(extra="forbid")

    phone: PhoneNumber  # the person's own number
    confirmed: bool
    channel: Channel


class Answered(BaseModel):
    """What the person answered, and for whom (to thank them in their language)."""

    status: str
    language: str
    relationship: str


class EndIn(BaseModel):
    """The person ends everyone acting for them."""

    model_config = ConfigDict(extra="forbid")

    phone: PhoneNumber
    channel: Channel


class ReadFor(BaseModel):
    """A representative's read: the person's record, or why they may not read it."""

    allowed: bool
    reason: str | None = Field(
        default=None, description="not_confirmed, declined, ended, child_16 or best_interests"
    )
    held: HeldData | None = None


class Ended(BaseModel):
    """How many representatives were ended, and the person's language (to say so in it)."""

    ended: int
    language: str | None = None


def _audit(session: Session, action: str, outcome: str, person_id: str | None) -> None:
    record_audit(
        session=session, action=action, outcome=outcome, fields=["representative"],
        person_id=person_id,
    )  # fmt: skip


def _person(session: Session, phone: str, language: str) -> Person:
    """The person acted for, created (in the language the representative gave) if new."""
    person = person_by_phone(session=session, phone_e164=phone)
    if person is None:
        person = Person(phone_e164=phone, language=language)
        session.add(person)
        session.flush()
    return person


@router.post("", response_model=RepresentativeRecorded, responses={401: {}, 422: {}})
def register(body: RepresentativeIn, session: SessionDep) -> Any:
    """Record someone acting for the person; authorities other than the person's consent
    stand at once, and with them the representative's consent to record and share."""
    try:
        person_phone = normalise_phone(body.person_phone)
    except InvalidPhoneNumberError as exc:
        raise HTTPException(422, "The person's number is not a valid phone number.") from exc
    if person_phone == body.phone:
        raise HTTPException(422, "Someone cannot act for their own number.")
    person = _person(session, person_phone, body.person_language)
    representative = reps.register(
        session=session, person_id=person.id, phone=body.phone, relationship=body.relationship,
        authority=body.authority, channel=body.channel, child_age=body.child_age,
    )  # fmt: skip
    if representative.status == reps.ACTIVE and reps.may_act(representative, utcnow()).allowed:
        record_consent(
            session=session, person=person, version=CONSENT_VERSION, language=person.language,
            channel=BY_REPRESENTATIVE,
        )  # fmt: skip
    _audit(session, "representative.register", representative.status, person.id)
    session.commit()
    return RepresentativeRecorded(
        id=representative.id, status=representative.status, person_language=person.language
    )


@router.post("/answer", response_model=Answered, responses={401: {}, 404: {}, 422: {}})
def answer(body: AnswerIn, session: SessionDep) -> Any:
    """The person's YES (they may act for me, and record and share my needs) or NO."""
    person = person_by_phone(session=session, phone_e164=body.phone)
    waiting = reps.pending_for(session=session, person_id=person.id) if person else None
    if person is None or waiting is None:
        raise HTTPException(404, "Nobody is waiting for this number's answer.")
    reps.answer(waiting, confirmed=body.confirmed)
    if body.confirmed:
        record_consent(
            session=session, person=person, version=CONSENT_VERSION, language=person.language,
            channel=body.channel,
        )  # fmt: skip
    _audit(session, "representative.answer", waiting.status, person.id)
    session.commit()
    return Answered(
        status=waiting.status, language=person.language, relationship=waiting.relationship
    )


@router.post("/end", response_model=Ended, responses={401: {}, 422: {}})
def end(body: EndIn, session: SessionDep) -> Any:
    """The person ends everyone acting, or waiting to act, for them."""
    person = person_by_phone(session=session, phone_e164=body.phone)
    ended = reps.end_all(session=session, person_id=person.id) if person else []
    _audit(session, "representative.end", "ok" if ended else "none", person.id if person else None)
    session.commit()
    return Ended(ended=len(ended), language=person.language if person else None)


@router.get("/held", response_model=ReadFor, responses={401: {}, 404: {}, 422: {}})
def held_for(phone: PhoneQuery, session: SessionDep) -> Any:
    """What is held about the person this number acts for, only within its authority (else
    only why not)."""
    representative = reps.latest_by_phone(session=session, phone=phone)
    person = session.get(Person, representative.person_id) if representative else None
    if representative is None or person is None:
        raise HTTPException(404, "This number acts for nobody.")
    decision = reps.may_act(representative, utcnow())
    _audit(
        session, "representative.read", "ok" if decision.allowed else f"refused:{decision.reason}",
        person.id,
    )  # fmt: skip
    session.commit()
    if not decision.allowed:
        return ReadFor(allowed=False, reason=decision.reason)
    return ReadFor(allowed=True, held=held_view(session, person))

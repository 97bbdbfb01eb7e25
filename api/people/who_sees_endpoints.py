"""WHO SEES and WHO READ for the action server: which organisations can see a number's needs
(STOP n / ALLOW n change one of them), and which read the record in the last 90 days."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, ConfigDict

from api.core.audit import record_audit
from api.core.deps import SessionDep
from api.models.tables import Person
from api.people.records import person_by_phone
from api.people.schemas import PhoneNumber
from api.people.views import OdsPath, change_organisation_consent
from api.people.who_sees import who_read, who_sees

router = APIRouter(prefix="/internal/people", tags=["internal"])
PhoneQuery = Annotated[PhoneNumber, Query(description="E.164 phone number")]


class SeerOut(BaseModel):
    """One organisation that can see the person's needs, or could if they had not stopped it."""

    ods_code: str
    name: str
    how: Literal["booking", "referral", "choice"]
    stopped: bool


class Seers(BaseModel):
    """Numbered by position (1 = first), in a stable order."""

    items: list[SeerOut]


class ReaderOut(BaseModel):
    """One organisation that read the record: the latest read and how many in the window."""

    ods_code: str
    name: str
    last_read_at: datetime
    reads: int


class Readers(BaseModel):
    """Most recent first."""

    items: list[ReaderOut]
    days: int = 90


class SeerChange(BaseModel):
    """Where the person said it (for the record)."""

    model_config = ConfigDict(extra="forbid")

    phone: PhoneNumber
    channel: Literal["sms", "whatsapp", "voice"] = "sms"


def _person(session: SessionDep, phone: str) -> Person | None:
    return person_by_phone(session=session, phone_e164=phone)


@router.get("/organisations", response_model=Seers, responses={401: {}, 422: {}})
def organisations(phone: PhoneQuery, session: SessionDep) -> Seers:
    """WHO SEES: the organisations that can see this number's needs, each with how."""
    person = _person(session, phone)
    if person is None:
        return Seers(items=[])
    seers = who_sees(session, person.id)
    record_audit(
        session=session, action="person.who_sees", outcome="ok", fields=["organisations"],
        person_id=person.id,
    )  # fmt: skip
    session.commit()
    return Seers(items=[SeerOut(**vars(seer)) for seer in seers])


@router.get("/reads", response_model=Readers, responses={401: {}, 422: {}})
def reads(phone: PhoneQuery, session: SessionDep) -> Readers:
    """WHO READ: the organisations that read this number's record in the last 90 days."""
    person = _person(session, phone)
    if person is None:
        return Readers(items=[])
    readers = who_read(session, person.id)
    record_audit(
        session=session, action="person.who_read", outcome="ok", fields=["audit"],
        person_id=person.id,
    )  # fmt: skip
    session.commit()
    return Readers(items=[ReaderOut(**vars(reader)) for reader in readers])


def _change(session: SessionDep, ods_code: str, body: SeerChange, *, withdraw: bool) -> SeerOut:
    person = _person(session, body.phone)
    if person is None:
        raise HTTPException(404, "No such person or organisation.")
    listed = {seer.ods_code: seer for seer in who_sees(session, person.id)}
    if ods_code not in listed:  # only those the person was shown can be changed from here
        raise HTTPException(404, "No such person or organisation.")
    change_organisation_consent(
        session, person_id=person.id, ods_code=ods_code, withdraw=withdraw, channel=body.channel,
        by="person",
    )  # fmt: skip
    seer = listed[ods_code]
    return SeerOut(ods_code=seer.ods_code, name=seer.name, how=seer.how, stopped=withdraw)  # type: ignore[arg-type]


@router.post(
    "/organisations/{ods_code}/stop", response_model=SeerOut, responses={401: {}, 404: {}, 422: {}}
)
def stop(ods_code: OdsPath, body: SeerChange, session: SessionDep) -> SeerOut:
    """STOP n: the organisation stops seeing the person at once (access, changes feed and
    webhooks), until ALLOW n."""
    return _change(session, ods_code, body, withdraw=True)


@router.post(
    "/organisations/{ods_code}/allow", response_model=SeerOut, responses={401: {}, 404: {}, 422: {}}
)
def allow(ods_code: OdsPath, body: SeerChange, session: SessionDep) -> SeerOut:
    """ALLOW n: the organisation may see the person again."""
    return _change(session, ods_code, body, withdraw=False)

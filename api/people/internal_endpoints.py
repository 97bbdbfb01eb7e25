"""MY DATA and DELETE for the action server: read back, or erase, what we hold about a number."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.core.audit import record_audit
from api.core.deps import SessionDep
from api.people.erasure import erase_person
from api.people.held import HeldData, held_view
from api.people.records import person_by_phone
from api.people.schemas import PhoneNumber

router = APIRouter(prefix="/internal/people", tags=["internal"])
PhoneQuery = Annotated[PhoneNumber, Query(description="E.164 phone number")]


class Erased(BaseModel):
    """Whether there was anything to erase."""

    erased: bool


@router.get("/held", response_model=HeldData, responses={401: {}, 422: {}})
def held_data(phone: PhoneQuery, session: SessionDep) -> Any:
    """MY DATA: everything held about this number, to read back to the person."""
    person = person_by_phone(session=session, phone_e164=phone)
    if person is None:
        return HeldData(held=False)
    record_audit(
        session=session, action="person.read_back", outcome="ok", fields=["all"],
        person_id=person.id,
    )  # fmt: skip
    session.commit()
    return held_view(session, person)


@router.delete("", response_model=Erased, responses={401: {}, 422: {}})
def erase(phone: PhoneQuery, session: SessionDep) -> Any:
    """DELETE: erase everything held about this number (the person confirmed it)."""
    person = person_by_phone(session=session, phone_e164=phone)
    if person is None:
        return Erased(erased=False)
    erase_person(session=session, person=person)
    record_audit(
        session=session, action="person.erase", outcome="ok", fields=["all"], person_id=person.id
    )
    session.commit()
    return Erased(erased=True)

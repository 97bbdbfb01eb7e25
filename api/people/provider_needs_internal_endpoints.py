"""Needs recorded by a provider, for the scheduler and the action server: who is due to be told,
claims on telling them, the need being asked about, and the person's accept or reject."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Response
from pydantic import BaseModel, ConfigDict

from api.assessment.store import current_flow
from api.core.audit import record_audit
from api.core.codes import INTERPRETER_KIND
from api.core.db import utcnow
from api.core.deps import SessionDep
from api.models.provider_needs import ProviderNeed
from api.models.tables import ChangeEvent, Organisation, Person
from api.people.provider_needs import (
    PENDING,
    as_answer,
    being_asked,
    conflicts,
    decide,
    due,
    person_said,
)
from api.people.records import person_by_phone
from api.people.schemas import PhoneNumber

router = APIRouter(prefix="/internal/provider-needs", tags=["internal"])
PhoneQuery = Annotated[PhoneNumber, Query(description="E.164 phone number")]


class DueItem(BaseModel):
    id: int
    phone: str


class Due(BaseModel):
    """Pending needs whose person is to be told (one per person: the oldest)."""

    items: list[DueItem]


class Asking(BaseModel):
    """The need the person is asked about, as the conversation shows it (None: nothing)."""

    need: dict[str, Any] | None


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    phone: PhoneNumber
    accept: bool
    channel: Literal["sms", "whatsapp", "voice"] = "sms"


class Decided(BaseModel):
    id: int
    status: str


@router.get("/due", response_model=Due, responses={401: {}})
def due_to_tell(session: SessionDep) -> Due:
    """Whom to tell about a need a provider recorded (never more than one at a time each)."""
    items: dict[str, DueItem] = {}
    for row in due(session):
        person = session.get(Person, row.person_id)
        if person is None or person.id in items or being_asked(session, person.id) is not None:
            continue
        items[person.id] = DueItem(id=row.id, phone=person.phone_e164)
    return Due(items=list(items.values()))


def _pending(session: SessionDep, need_id: int) -> ProviderNeed:
    row = session.get(ProviderNeed, need_id)
    if row is None or row.status != PENDING:
        raise HTTPException(404, "No such need waiting for an answer.")
    return row


@router.post("/{need_id}/claim", status_code=204, responses={401: {}, 404: {}, 409: {}})
def claim(need_id: int, session: SessionDep) -> Response:
    """Claim telling the person (409: told already, by another pass)."""
    row = _pending(session, need_id)
    if row.told_at is not None:
        raise HTTPException(409, "Already told.")
    row.told_at = utcnow()
    record_audit(
        session=session, action="observed_need.tell", outcome="ok", fields=("needs",),
        organisation_id=row.organisation_id, person_id=row.person_id, purpose="person",
    )  # fmt: skip
    session.commit()
    return Response(status_code=204)


@router.delete("/{need_id}/claim", status_code=204, responses={401: {}, 404: {}})
def release(need_id: int, session: SessionDep) -> Response:
    """The turn could not be started: tell them on a later pass."""
    row = _pending(session, need_id)
    row.told_at = None
    session.commit()
    return Response(status_code=204)


@router.get("/asking", response_model=Asking, responses={401: {}, 422: {}})
def asking(phone: PhoneQuery, session: SessionDep) -> Asking:
    """The need the person was told about and hasn't answered yet, if any."""
    person = person_by_phone(session=session, phone_e164=phone)
    row = being_asked(session, person.id) if person else None
    if person is None or row is None:
        return Asking(need=None)
    organisation = session.get(Organisation, row.organisation_id)
    own = person_said(session, person.id, row.kind)
    need = {
        "id": row.id,
        "organisation": organisation.name if organisation else "",
        "conflict": conflicts(row, own),
        **as_answer(current_flow(session=session), row),
    }
    return Asking(need=need)


@router.post("/{need_id}/decision", response_model=Decided, responses={401: {}, 404: {}})
def decision(need_id: int, body: Decision, session: SessionDep) -> Decided:
    """The person accepts or rejects it (only the person it is about: their number)."""
    row = _pending(session, need_id)
    person = person_by_phone(session=session, phone_e164=body.phone)
    if person is None or person.id != row.person_id:
        raise HTTPException(404, "No such need waiting for an answer.")
    question = current_flow(session=session).question(row.kind)
    replaces = row.kind == INTERPRETER_KIND or (question is not None and question.type == "single")
    decide(
        session, row=row, person=person, accept=body.accept, channel=body.channel,
        replaces=replaces,
    )  # fmt: skip
    session.add(ChangeEvent(person_id=person.id, type="needs.changed"))
    record_audit(
        session=session, action="observed_need.accept" if body.accept else "observed_need.reject",
        outcome="ok", fields=("needs",), organisation_id=row.organisation_id, person_id=person.id,
        purpose="person",
    )  # fmt: skip
    session.commit()
    return Decided(id=row.id, status=row.status)

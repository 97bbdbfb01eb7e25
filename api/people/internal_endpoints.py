"""MY DATA and DELETE for the action server: read back, or erase, what we hold about a number."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.assessment.model import SYSTEMS, Flow
from api.assessment.store import current_flow
from api.core.audit import record_audit
from api.core.codes import INTERPRETER_KIND, INTERPRETER_NOT_NEEDED
from api.core.deps import SessionDep
from api.models.tables import Need
from api.people.erasure import erase_person
from api.people.provider_needs import held_view
from api.people.records import current_consent, current_needs, person_by_phone
from api.people.schemas import PhoneNumber

router = APIRouter(prefix="/internal/people", tags=["internal"])
PhoneQuery = Annotated[PhoneNumber, Query(description="E.164 phone number")]


class InterpreterHeld(BaseModel):
    """The interpreter answer held."""

    needed: bool
    language: str | None = None


class HeldData(BaseModel):
    """What we hold about a number, as the person answered it (option ids of the flow)."""

    held: bool
    language: str | None = None
    consent_version: str | None = None
    interpreter: InterpreterHeld | None = None
    answers: dict[str, list[str]] = {}
    # Needs providers recorded: organisation, status, conflict, and the answer (as `answers` is).
    observed: list[dict[str, Any]] = []


class Erased(BaseModel):
    """Whether there was anything to erase."""

    erased: bool


def _answers(flow: Flow, needs: list[Need]) -> dict[str, list[str]]:
    """Stored codes turned back into the flow's option ids (codes the flow no longer has drop)."""
    answers: dict[str, list[str]] = {}
    for need in needs:
        question = flow.question(need.kind)
        if question is None:
            continue
        for option in question.options:
            system, code, _display = option.code
            if (SYSTEMS[system], code) == (need.code_system, need.code):
                answers.setdefault(question.id, []).append(option.id)
    return answers


def _interpreter(needs: list[Need]) -> InterpreterHeld | None:
    need = next((n for n in needs if n.kind == INTERPRETER_KIND), None)
    if need is None:
        return None
    if need.code == INTERPRETER_NOT_NEEDED[0]:
        return InterpreterHeld(needed=False)
    return InterpreterHeld(needed=True, language=need.value_code)


@router.get("/held", response_model=HeldData, responses={401: {}, 422: {}})
def held_data(phone: PhoneQuery, session: SessionDep) -> Any:
    """MY DATA: everything held about this number, to read back to the person."""
    person = person_by_phone(session=session, phone_e164=phone)
    if person is None:
        return HeldData(held=False)
    needs = current_needs(session=session, person_id=person.id)
    consent = current_consent(session=session, person_id=person.id)
    record_audit(
        session=session, action="person.read_back", outcome="ok", fields=["all"],
        person_id=person.id,
    )  # fmt: skip
    session.commit()
    flow = current_flow(session=session)
    return HeldData(
        held=True,
        language=person.language,
        consent_version=consent.version if consent else None,
        interpreter=_interpreter(needs),
        answers=_answers(flow, needs),
        observed=held_view(session, flow, person.id),
    )


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

"""What we hold about a person, as they answered it: MY DATA, and a representative's read."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from api.assessment.model import SYSTEMS, Flow
from api.assessment.store import current_flow
from api.core.codes import INTERPRETER_KIND, INTERPRETER_NOT_NEEDED
from api.models.tables import Need, Person
from api.people.provider_needs import held_view as observed_view
from api.people.records import current_consent, current_needs


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


def held_view(session: Session, person: Person) -> HeldData:
    """Everything held about the person (the caller audits the read)."""
    needs = current_needs(session=session, person_id=person.id)
    consent = current_consent(session=session, person_id=person.id)
    flow = current_flow(session=session)
    return HeldData(
        held=True,
        language=person.language,
        consent_version=consent.version if consent else None,
        interpreter=_interpreter(needs),
        answers=_answers(flow, needs),
        observed=observed_view(session, flow, person.id),
    )

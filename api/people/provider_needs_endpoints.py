"""Provider API: record a need the organisation observed, and read every provider-recorded need
with the person's answer and any conflict with what the person said (audited, consent-scoped)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, status
from pydantic import BaseModel, ConfigDict, Field

from api.assessment.store import current_flow
from api.auth.providers import Principal
from api.core.audit import record_audit
from api.core.db import as_utc
from api.core.deps import NeedsReader, SessionDep, require_scope
from api.core.errors import AUTH_ERRORS
from api.models.provider_needs import ProviderNeed
from api.models.tables import ChangeEvent
from api.people.access import audit_read, person_for_read
from api.people.provider_needs import (
    NotACodeOfTheAssessment,
    coded_observation,
    conflicts,
    observed,
    person_said,
    record_observed,
)
from api.people.schemas import Coding
from api.people.views import need_out

router = APIRouter(prefix="/v1/people", tags=["people"])
NeedsWriter = Annotated[Principal, Depends(require_scope("needs:write"))]
FIELDS = ("needs",)


class CodeIn(BaseModel):
    """A code of the assessment (as GET /v1/people/{id}/needs shows them)."""

    model_config = ConfigDict(extra="forbid")

    system: str = Field(max_length=200, examples=["http://snomed.info/sct"])
    code: str = Field(max_length=64, examples=["203901000000102"])


class ObservedNeedIn(BaseModel):
    """A need the organisation observed: the question (`kind`) and the answer's code; for an
    interpreter, the language as `value` (ISO 639-1) when the code doesn't name it."""

    model_config = ConfigDict(extra="forbid")

    kind: str = Field(max_length=32, examples=["interpreter"])
    code: CodeIn
    value: str | None = Field(default=None, max_length=16, examples=["pl"])


class ObservedNeedOut(BaseModel):
    """One need a provider recorded, the person's answer to it, and any conflict."""

    id: int
    kind: str
    code: Coding
    value: Coding | None
    source: Literal["provider"] = "provider"
    recorded_by: str = Field(description="ODS code of the organisation that recorded it")
    recorded_by_name: str
    recorded_at: datetime
    status: Literal["pending", "accepted", "rejected"]
    decided_at: datetime | None
    conflict: bool = Field(
        description="The person answered this question and said something else; neither "
        "overwrites the other"
    )
    person_said: list[Coding] = Field(description="The person's own current answer")


class ObservedNeeds(BaseModel):
    """Every need providers recorded about the person, oldest first."""

    person_id: str
    items: list[ObservedNeedOut]


def observed_out(
    row: ProviderNeed, ods: str, name: str, conflict: bool, own: list
) -> ObservedNeedOut:
    value = None
    if row.value_system and row.value_code:
        value = Coding(system=row.value_system, code=row.value_code, display=row.value_display)
    return ObservedNeedOut(
        id=row.id,
        kind=row.kind,
        code=Coding(system=row.code_system, code=row.code, display=row.display),
        value=value,
        recorded_by=ods,
        recorded_by_name=name,
        recorded_at=as_utc(row.recorded_at),
        status=row.status,  # type: ignore[arg-type]
        decided_at=as_utc(row.decided_at) if row.decided_at else None,
        conflict=conflict,
        person_said=[need_out(need).code for need in own],
    )


@router.post(
    "/{person_id}/observed-needs",
    status_code=status.HTTP_201_CREATED,
    response_model=ObservedNeedOut,
    responses={
        **AUTH_ERRORS,
        404: {"description": "No such person, or not visible to this organisation"},
        422: {"description": "Not a question or code of the assessment"},
    },
)
def record_observed_need(
    person_id: str, body: ObservedNeedIn, principal: NeedsWriter, session: SessionDep
) -> ObservedNeedOut:
    """Record a need the organisation observed. It stands beside the person's own answers,
    never over them; the person is texted, in their language, to accept or reject it."""
    person, _ = person_for_read(
        session, principal, person_id, action="observed_need.write", fields=FIELDS
    )
    try:
        coded = coded_observation(
            current_flow(session=session), body.kind, body.code.system, body.code.code, body.value
        )
    except NotACodeOfTheAssessment as exc:
        audit_read(
            session, principal, action="observed_need.write", outcome="invalid", fields=FIELDS,
            person_id=person.id,
        )  # fmt: skip
        raise HTTPException(422, str(exc)) from exc
    row = record_observed(
        session, person=person, organisation_id=principal.organisation.id,
        client_id=principal.client.id, coded=coded,
    )  # fmt: skip
    session.add(ChangeEvent(person_id=person.id, type="needs.changed"))
    record_audit(
        session=session, action="observed_need.write", outcome="ok", fields=FIELDS,
        organisation_id=principal.organisation.id, client_id=principal.client.id,
        person_id=person.id,
    )  # fmt: skip
    session.commit()
    own = person_said(session, person.id, row.kind)
    ods, name = principal.organisation.ods_code, principal.organisation.name
    return observed_out(row, ods, name, conflicts(row, own), own)


@router.get(
    "/{person_id}/observed-needs",
    response_model=ObservedNeeds,
    responses={
        **AUTH_ERRORS,
        404: {"description": "No such person, or not visible to this organisation"},
    },
)
def read_observed_needs(
    person_id: str, principal: NeedsReader, session: SessionDep
) -> ObservedNeeds:
    """Needs providers recorded about the person, with the person's answer (pending, accepted,
    rejected) and where they conflict with what the person said."""
    person, _ = person_for_read(
        session, principal, person_id, action="observed_need.read", fields=FIELDS
    )
    items = [
        observed_out(row, ods, name, conflict, person_said(session, person.id, row.kind))
        for row, ods, name, conflict in observed(session, person.id)
    ]
    audit_read(
        session, principal, action="observed_need.read", outcome="ok", fields=FIELDS,
        person_id=person.id,
    )  # fmt: skip
    return ObservedNeeds(person_id=person.id, items=items)

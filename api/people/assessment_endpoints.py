"""Endpoints for the action server: recording a finished assessment."""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import APIRouter, status
from fastapi.responses import JSONResponse

from api.assessment.coding import coded_answers
from api.assessment.store import current_flow
from api.core.audit import record_audit
from api.core.codes import INTERPRETER_LANGUAGES, interpreter_need
from api.core.db import utcnow
from api.core.deps import LanguagesDep, SessionDep
from api.core.problems import problem
from api.people.consent import CONSENT_VERSION
from api.people.records import record_answers, record_consent, record_need, upsert_person
from api.people.schemas import AssessmentIn, AssessmentNotRecorded, AssessmentRecorded
from api.translations.languages import Languages

router = APIRouter(prefix="/internal", tags=["internal"])
log = structlog.get_logger(__name__)


def _language_errors(body: AssessmentIn, languages: Languages) -> list[dict[str, Any]]:
    """Language codes that are neither offered nor known interpreter languages."""
    errors: list[dict[str, Any]] = []

    def fail(loc: list[str], msg: str) -> None:
        errors.append({"loc": ["body", *loc], "msg": msg, "type": "language"})

    if not languages.is_offered(body.language):
        fail(["language"], "not an offered conversation language")
    if not languages.is_offered(body.consent.language):
        fail(["consent", "language"], "not an offered conversation language")
    interpreter = body.interpreter
    if interpreter is not None:
        if not interpreter.needed and interpreter.language is not None:
            fail(["interpreter", "language"], "must be null when no interpreter is needed")
        elif interpreter.language is not None and interpreter.language not in INTERPRETER_LANGUAGES:
            fail(["interpreter", "language"], "not a known interpreter language")
    return errors


@router.post(
    "/assessments",
    status_code=status.HTTP_201_CREATED,
    response_model=AssessmentRecorded,
    responses={202: {"model": AssessmentNotRecorded}, 401: {}, 422: {}},
)
def record_assessment(body: AssessmentIn, session: SessionDep, languages: LanguagesDep) -> Any:
    """Record a person's language, consent and interpreter need (nothing without consent)."""
    answers, flow_errors = coded_answers(current_flow(session=session), body.answers)
    errors = _language_errors(body, languages) + flow_errors
    if errors:
        return problem(422, "The request is not valid.", extra={"errors": errors})
    if not body.consent.granted:
        log.info("assessment_not_recorded", reason="no_consent", channel=body.channel)
        return JSONResponse(AssessmentNotRecorded().model_dump(), status_code=202)
    person = upsert_person(session=session, phone_e164=body.phone, language=body.language)
    person.confirmed_at = utcnow()  # the action posts only after the read-back was confirmed
    record_consent(
        session=session,
        person=person,
        version=CONSENT_VERSION,
        language=body.consent.language,
        channel=body.channel,
    )
    fields = ["language", "consent"]
    if body.interpreter is not None:
        coded = interpreter_need(needed=body.interpreter.needed, language=body.interpreter.language)
        record_need(
            session=session,
            person=person,
            coded=coded,
            words=body.interpreter.words,
            channel=body.channel,
        )
        fields.append("needs.interpreter")
    for question_id, rows in answers.items():
        record_answers(
            session=session, person=person, kind=question_id, coded=rows, channel=body.channel
        )
        fields.append(f"needs.{question_id}")
    record_audit(
        session=session,
        action="assessment.record",
        outcome="ok",
        fields=fields,
        person_id=person.id,
    )
    session.commit()
    log.info("assessment_recorded", person_id=person.id, channel=body.channel)
    return AssessmentRecorded(person_id=person.id)

"""I-statement feedback for the action server: the statements to ask, and storing answers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from api.core.db import as_utc
from api.core.deps import SessionDep
from api.feedback.service import (
    Context,
    FeedbackIn,
    FeedbackOut,
    StatementOut,
    UnknownStatementError,
    record_feedback,
    statements,
)
from api.people.records import person_by_phone

router = APIRouter(prefix="/internal/feedback", tags=["internal"])


@router.get("/statements", response_model=list[StatementOut], responses={401: {}, 422: {}})
def list_statements(context: Annotated[Context | None, Query()] = None) -> Any:
    """The I statements to ask about (after a booking or an assessment), in survey order."""
    return statements(context)


@router.post("", status_code=201, response_model=FeedbackOut, responses={401: {}, 422: {}})
def create_feedback(body: FeedbackIn, session: SessionDep) -> Any:
    """Store one answer (yes, partly or no) with its language, channel and context."""
    person = person_by_phone(session=session, phone_e164=body.phone) if body.phone else None
    try:
        answer = record_feedback(session=session, person=person, body=body)
    except UnknownStatementError as exc:
        raise HTTPException(422, str(exc)) from exc
    return FeedbackOut(
        id=answer.id,
        statement_id=answer.statement_id,
        answer=answer.answer,  # type: ignore[arg-type]
        recorded_at=as_utc(answer.recorded_at),
    )

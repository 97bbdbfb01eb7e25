"""Feedback against person-centred "I statements": the statements, and storing answers.

The statements paraphrase the National Voices narrative for person-centred coordinated care and
the CQC single assessment framework "I statements" (/work/shared/reference/nhs-access-needs.md §5);
check them against the verbatim sources before going live. Translations live in the catalogs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from api.models.tables import Booking, FeedbackAnswer, Person
from api.people.schemas import Channel, LanguageCode, PhoneNumber

AnswerValue = Literal["yes", "partly", "no"]
Context = Literal["booking", "assessment"]
NV = "National Voices narrative for person-centred coordinated care (2013), paraphrased"
CQC = "CQC single assessment framework I statements, paraphrased"


@dataclass(frozen=True)
class Statement:
    """One "I statement" we ask about."""

    id: str
    text: str
    source: str
    contexts: tuple[str, ...] = ("booking", "assessment")


STATEMENTS: tuple[Statement, ...] = (
    Statement("listened", "I was listened to.", NV),
    Statement("own_language", "I could use my own language.", CQC),
    Statement("contact_way", "I was contacted the way I asked.", CQC),
    Statement("needs_met", "The support I need to use the service was there.", CQC),
    Statement("understood", "I understood what happens next.", NV),
    Statement("respect", "I was treated with respect and dignity.", CQC, ("booking",)),
)
BY_ID: dict[str, Statement] = {s.id: s for s in STATEMENTS}


class UnknownStatementError(ValueError):
    """No statement with this id."""


class StatementOut(BaseModel):
    """A statement the survey may ask about (English; the bot renders its translation)."""

    id: str
    text: str
    source: str
    contexts: list[str]


class FeedbackIn(BaseModel):
    """One answer to one statement."""

    phone: PhoneNumber | None = Field(
        default=None, description="Kept only to split answers by need; omit to answer anonymously"
    )
    statement_id: str = Field(max_length=32)
    answer: AnswerValue
    language: LanguageCode
    channel: Channel
    context: Context
    booking_id: int | None = Field(default=None, ge=1, le=2**31 - 1)


class FeedbackOut(BaseModel):
    """A stored answer."""

    id: int
    statement_id: str
    answer: AnswerValue
    recorded_at: datetime


def statements(context: str | None = None) -> list[StatementOut]:
    """The statements, optionally only those asked in one context."""
    return [
        StatementOut(id=s.id, text=s.text, source=s.source, contexts=list(s.contexts))
        for s in STATEMENTS
        if context is None or context in s.contexts
    ]


def record_feedback(*, session: Session, person: Person | None, body: FeedbackIn) -> FeedbackAnswer:
    """Store one answer and commit; a booking id must be the person's own booking."""
    if body.statement_id not in BY_ID:
        raise UnknownStatementError("No such statement.")
    booking_id = body.booking_id
    if booking_id is not None:
        booking = session.get(Booking, booking_id)
        if booking is None or person is None or booking.person_id != person.id:
            booking_id = None  # not theirs, or anonymous: keep the answer, drop the link
    answer = FeedbackAnswer(
        person_id=person.id if person else None,
        statement_id=body.statement_id,
        answer=body.answer,
        language=body.language,
        channel=body.channel,
        context=body.context,
        booking_id=booking_id,
    )
    session.add(answer)
    session.commit()
    return answer

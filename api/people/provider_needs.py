"""Needs a provider observed: recorded beside the person's own answers (never over them), the
person asked to accept or reject each, and conflicts with what the person said worked out.

Codes are the assessment's: a flow question id as `kind` with one of its options' codes, or
`interpreter` with an interpreter code (SNOMED CT, or ours for "not needed") and the language.
"""

from __future__ import annotations

from dataclasses import astuple
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.assessment.model import SYSTEMS, Flow
from api.core.codes import (
    ACCESS_NEED,
    INTERPRETER_KIND,
    INTERPRETER_LANGUAGES,
    INTERPRETER_NEEDED_GENERIC,
    INTERPRETER_NOT_NEEDED,
    SNOMED,
    CodedNeed,
    interpreter_need,
)
from api.core.db import utcnow
from api.models.provider_needs import ProviderNeed
from api.models.tables import Need, Organisation, Person
from api.people.records import current_consent, current_needs, record_answers, record_need

PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"


class NotACodeOfTheAssessment(ValueError):
    """The kind or code is not one the assessment records."""


def coded_observation(
    flow: Flow, kind: str, system: str, code: str, language: str | None
) -> CodedNeed:
    """The observation as the assessment would have coded it, or NotACodeOfTheAssessment."""
    if kind == INTERPRETER_KIND:
        return _interpreter(system, code, language)
    question = flow.question(kind)
    if question is None:
        raise NotACodeOfTheAssessment(f"{kind!r} is not a question of the assessment")
    for option in question.options:
        option_system, option_code, _display = option.code
        if (SYSTEMS[option_system], option_code) == (system, code):
            return option.coded(kind)
    raise NotACodeOfTheAssessment(f"{system} {code} is not an answer to {kind!r}")


def _interpreter(system: str, code: str, language: str | None) -> CodedNeed:
    if (system, code) == (ACCESS_NEED, INTERPRETER_NOT_NEEDED[0]):
        return interpreter_need(needed=False, language=None)
    if system == SNOMED and code == INTERPRETER_NEEDED_GENERIC[0]:
        return interpreter_need(needed=True, language=language)
    known = next((lang for lang in INTERPRETER_LANGUAGES.values() if lang.snomed == code), None)
    if system == SNOMED and known is not None:
        return interpreter_need(needed=True, language=known.code)
    raise NotACodeOfTheAssessment(f"{system} {code} is not an interpreter code")


def record_observed(
    session: Session, *, person: Person, organisation_id: int, client_id: int, coded: CodedNeed
) -> ProviderNeed:
    """Record it, pending the person's answer; the same one still pending is not doubled."""
    for row in _rows(session, person.id, status=PENDING):
        if row.organisation_id == organisation_id and _coded(row) == coded:
            return row
    row = ProviderNeed(
        person_id=person.id,
        organisation_id=organisation_id,
        client_id=client_id,
        kind=coded.kind,
        code_system=coded.code_system,
        code=coded.code,
        display=coded.display,
        value_system=coded.value_system,
        value_code=coded.value_code,
        value_display=coded.value_display,
    )
    session.add(row)
    session.flush()
    return row


def _coded(row: ProviderNeed | Need) -> CodedNeed:
    return CodedNeed(
        row.kind, row.code_system, row.code, row.display, row.value_system, row.value_code,
        row.value_display,
    )  # fmt: skip


def _rows(session: Session, person_id: str, status: str | None = None) -> list[ProviderNeed]:
    query = select(ProviderNeed).where(ProviderNeed.person_id == person_id)
    if status is not None:
        query = query.where(ProviderNeed.status == status)
    return list(session.scalars(query.order_by(ProviderNeed.id)))


def person_said(session: Session, person_id: str, kind: str) -> list[Need]:
    """The person's own current answer of this kind (empty when they haven't answered it)."""
    return current_needs(session=session, person_id=person_id, kind=kind)


def conflicts(row: ProviderNeed, own: list[Need]) -> bool:
    """Whether the person answered this question and said something else (e.g. no interpreter,
    where the provider says one is needed). Shown to both; never resolved by overwriting."""
    if row.status == ACCEPTED:  # the person's own answer now
        return False
    mine = {astuple(_coded(need)) for need in own}
    return bool(mine) and astuple(_coded(row)) not in mine


def observed(session: Session, person_id: str) -> list[tuple[ProviderNeed, str, str, bool]]:
    """Every need providers recorded about the person: (row, ods code, organisation name,
    conflict), oldest first."""
    names = {
        row.id: (row.ods_code, row.name)
        for row in session.scalars(
            select(Organisation).where(
                Organisation.id.in_(
                    select(ProviderNeed.organisation_id).where(ProviderNeed.person_id == person_id)
                )
            )
        )
    }
    found = []
    for row in _rows(session, person_id):
        ods, name = names.get(row.organisation_id, ("", ""))
        found.append((row, ods, name, conflicts(row, person_said(session, person_id, row.kind))))
    return found


def due(session: Session) -> list[ProviderNeed]:
    """Pending needs whose person has not been told yet (a claim whose turn did not start is
    released by the scheduler), while the person's consent stands."""
    rows = session.scalars(
        select(ProviderNeed)
        .where(ProviderNeed.status == PENDING, ProviderNeed.told_at.is_(None))
        .order_by(ProviderNeed.id)
    )
    return [row for row in rows if current_consent(session=session, person_id=row.person_id)]


def being_asked(session: Session, person_id: str) -> ProviderNeed | None:
    """The oldest pending need the person was told about (what "yes" or "no" answers)."""
    return session.scalar(
        select(ProviderNeed)
        .where(
            ProviderNeed.person_id == person_id,
            ProviderNeed.status == PENDING,
            ProviderNeed.told_at.is_not(None),
        )
        .order_by(ProviderNeed.id)
        .limit(1)
    )


def decide(
    session: Session,
    *,
    row: ProviderNeed,
    person: Person,
    accept: bool,
    channel: str,
    replaces: bool,
) -> None:
    """The person's answer. Accepted: their own answer becomes it, because they said so (one
    answer, `replaces`, is replaced; a multiple answer is added to). The caller commits."""
    row.status = ACCEPTED if accept else REJECTED
    row.decided_at = utcnow()
    row.decided_channel = channel
    if not accept:
        return
    coded = _coded(row)
    own = person_said(session, person.id, row.kind)
    if replaces or not own:
        record_need(session=session, person=person, coded=coded, words=None, channel=channel)
        return
    kept = [_coded(need) for need in own]
    record_answers(
        session=session, person=person, kind=row.kind, coded=[*kept, coded], channel=channel
    )


def as_answer(flow: Flow, row: ProviderNeed) -> dict[str, Any]:
    """The need as the conversation words answers: a question's option, or the interpreter."""
    if row.kind == INTERPRETER_KIND:
        needed = row.code != INTERPRETER_NOT_NEEDED[0]
        return {"interpreter_needed": needed, "interpreter_language": row.value_code}
    question = flow.question(row.kind)
    for option in question.options if question else ():
        system, code, _display = option.code
        if (SYSTEMS[system], code) == (row.code_system, row.code):
            return {"answers": {row.kind: [option.id]}}
    return {"answers": {}}


def held_view(session: Session, flow: Flow, person_id: str) -> list[dict[str, Any]]:
    """MY DATA's view of what providers recorded: who, the answer, the person's answer to it."""
    return [
        {"organisation": name, "status": row.status, "conflict": conflict, **as_answer(flow, row)}
        for row, _ods, name, conflict in observed(session, person_id)
    ]

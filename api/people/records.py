"""Writing and reading a person's records: person, consent and needs."""

from __future__ import annotations

from dataclasses import astuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.codes import CodedNeed
from api.core.db import utcnow
from api.models.tables import Consent, Need, Organisation, Person


def upsert_person(*, session: Session, phone_e164: str, language: str) -> Person:
    """The person with this phone number, created if new, with their language updated."""
    person = session.scalar(select(Person).where(Person.phone_e164 == phone_e164))
    if person is None:
        person = Person(phone_e164=phone_e164, language=language)
        session.add(person)
        session.flush()
    elif person.language != language:
        person.language = language
        person.updated_at = utcnow()
    return person


def current_consent(*, session: Session, person_id: str) -> Consent | None:
    """The latest granted consent that has not been withdrawn."""
    return session.scalar(
        select(Consent)
        .where(
            Consent.person_id == person_id,
            Consent.granted.is_(True),
            Consent.withdrawn_at.is_(None),
        )
        .order_by(Consent.recorded_at.desc(), Consent.id.desc())
        .limit(1)
    )


def record_consent(
    *, session: Session, person: Person, version: str, language: str, channel: str
) -> Consent:
    """Record granted consent, unless the same version and language is already current."""
    existing = current_consent(session=session, person_id=person.id)
    if existing is not None and (existing.version, existing.language) == (version, language):
        return existing
    consent = Consent(
        person_id=person.id, version=version, language=language, channel=channel, granted=True
    )
    session.add(consent)
    return consent


def current_needs(*, session: Session, person_id: str, kind: str | None = None) -> list[Need]:
    """The needs that no later answer has superseded."""
    query = select(Need).where(Need.person_id == person_id, Need.superseded_at.is_(None))
    if kind is not None:
        query = query.where(Need.kind == kind)
    return list(session.scalars(query.order_by(Need.kind, Need.id)))


def _same_answer(need: Need, coded: CodedNeed, words: str | None) -> bool:
    """Whether a stored need says the same as a new coded answer."""
    stored = (
        need.kind,
        need.code_system,
        need.code,
        need.display,
        need.value_system,
        need.value_code,
        need.value_display,
    )
    return stored == astuple(coded) and need.words == words


def record_need(
    *, session: Session, person: Person, coded: CodedNeed, words: str | None, channel: str
) -> Need:
    """Record an answer; it supersedes the current need of that kind unless it is the same."""
    now = utcnow()
    current = current_needs(session=session, person_id=person.id, kind=coded.kind)
    for need in current:
        if _same_answer(need, coded, words):
            return need
    for need in current:
        need.superseded_at = now
    need = Need(
        person_id=person.id,
        kind=coded.kind,
        code_system=coded.code_system,
        code=coded.code,
        display=coded.display,
        value_system=coded.value_system,
        value_code=coded.value_code,
        value_display=coded.value_display,
        words=words,
        source_channel=channel,
        recorded_at=now,
    )
    session.add(need)
    return need


def visible_person(
    *, session: Session, organisation: Organisation, person_id: str
) -> Person | None:
    """The person if this organisation may see them: current consent and a sharing agreement."""
    if not organisation.shares_consented_needs:
        return None
    person = session.get(Person, person_id)
    if person is None or current_consent(session=session, person_id=person.id) is None:
        return None
    return person


def person_by_phone(*, session: Session, phone_e164: str) -> Person | None:
    """The person with this phone number, whoever may see them."""
    return session.scalar(select(Person).where(Person.phone_e164 == phone_e164))


def record_answers(
    *, session: Session, person: Person, kind: str, coded: list[CodedNeed], channel: str
) -> list[Need]:
    """Record a (possibly multiple) answer; it supersedes the kind's current rows if different."""
    current = current_needs(session=session, person_id=person.id, kind=kind)
    if sorted(astuple(c) for c in coded) == sorted(
        (n.kind, n.code_system, n.code, n.display, n.value_system, n.value_code, n.value_display)
        for n in current
    ):
        return current
    now = utcnow()
    for need in current:
        need.superseded_at = now
    rows = [
        Need(
            person_id=person.id,
            kind=kind,
            code_system=item.code_system,
            code=item.code,
            display=item.display,
            source_channel=channel,
            recorded_at=now,
        )
        for item in coded
    ]
    session.add_all(rows)
    return rows

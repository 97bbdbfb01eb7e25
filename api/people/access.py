"""Who may see whom, and the audit row every provider read leaves behind."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import HTTPException
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from api.auth.providers import Principal
from api.core.audit import record_audit
from api.models.tables import Booking, Consent, Organisation, Person
from api.people.organisation_consent import is_withdrawn_for
from api.people.records import current_consent

NOT_FOUND = "No such person, or this organisation may not see them."


def audit_read(
    session: Session,
    principal: Principal,
    *,
    action: str,
    outcome: str,
    fields: Sequence[str],
    person_id: str | None = None,
) -> None:
    """Write and commit the audit event of one provider read or write, whatever its outcome."""
    record_audit(
        session=session,
        action=action,
        outcome=outcome,
        fields=fields,
        organisation_id=principal.organisation.id,
        client_id=principal.client.id,
        person_id=person_id,
    )
    session.commit()


def has_active_booking(session: Session, organisation_id: int, person_id: str) -> bool:
    """Whether the person has an active booking with the organisation."""
    query = exists().where(
        Booking.person_id == person_id,
        Booking.organisation_id == organisation_id,
        Booking.active_slot_id.is_not(None),
    )
    return bool(session.scalar(select(query)))


def visible_person(
    *, session: Session, organisation: Organisation, person_id: str
) -> Person | None:
    """The person if the organisation may see them now, else None.

    Consent must stand and not be withdrawn for this organisation, and either the organisation
    receives consented needs or the person has an active booking with it (booking carries their
    needs to the provider they booked with).
    """
    person = session.get(Person, person_id)
    if person is None or current_consent(session=session, person_id=person.id) is None:
        return None
    if is_withdrawn_for(session, person_id=person.id, organisation_id=organisation.id):
        return None
    if organisation.shares_consented_needs or has_active_booking(
        session, organisation.id, person.id
    ):
        return person
    return None


def may_see(session: Session, principal: Principal, person_id: str) -> bool:
    """Whether the principal's organisation may see this person now."""
    return (
        visible_person(session=session, organisation=principal.organisation, person_id=person_id)
        is not None
    )


def person_for_read(
    session: Session, principal: Principal, person_id: str, *, action: str, fields: Sequence[str]
) -> tuple[Person, Consent]:
    """The person and their current consent, or an audited 404 (never 403: existence is hidden)."""
    person = visible_person(
        session=session, organisation=principal.organisation, person_id=person_id
    )
    consent = current_consent(session=session, person_id=person.id) if person else None
    if person is None or consent is None:
        # The audit names a person who exists even when hidden: it is theirs, not the caller's.
        existing = session.get(Person, person_id)
        audit_read(
            session,
            principal,
            action=action,
            outcome="not_found",
            fields=fields,
            person_id=existing.id if existing else None,
        )
        raise HTTPException(404, NOT_FOUND)
    return person, consent

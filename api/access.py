"""Who may see whom, and the audit row every provider read leaves behind."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import HTTPException
from sqlalchemy.orm import Session

from api.audit import record_audit
from api.models import Consent, Person
from api.providers import Principal
from api.records import current_consent, visible_person

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

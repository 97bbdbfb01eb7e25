"""Append-only audit of reads and writes."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from api.models.tables import AuditEvent
from api.people.consent import PURPOSE_DIRECT_CARE


def record_audit(
    *,
    session: Session,
    action: str,
    outcome: str,
    fields: Sequence[str] = (),
    organisation_id: int | None = None,
    client_id: int | None = None,
    person_id: str | None = None,
    purpose: str = PURPOSE_DIRECT_CARE,
) -> AuditEvent:
    """Add an audit event to the session (committed with the work it describes)."""
    event = AuditEvent(
        organisation_id=organisation_id,
        client_id=client_id,
        person_id=person_id,
        action=action,
        fields=list(fields),
        purpose=purpose,
        outcome=outcome,
    )
    session.add(event)
    return event

"""Consent per organisation: a person may stop one organisation seeing them, keeping the rest.

General consent (`consents`) says the person shares their needs; a withdrawal row here says
"but not with this organisation". It stands until the person allows that organisation again.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from api.core.db import utcnow
from api.models.people import OrganisationConsentWithdrawal
from api.models.tables import ChangeEvent


def withdrawn_here(person_id: object, organisation_id: object) -> ColumnElement[bool]:
    """SQL: the person's consent is withdrawn for the organisation (arguments: columns/values)."""
    return exists().where(
        OrganisationConsentWithdrawal.person_id == person_id,
        OrganisationConsentWithdrawal.organisation_id == organisation_id,
        OrganisationConsentWithdrawal.ended_at.is_(None),
    )


def is_withdrawn_for(session: Session, *, person_id: str, organisation_id: int) -> bool:
    """Whether the person withdrew consent for this organisation."""
    return bool(session.scalar(select(withdrawn_here(person_id, organisation_id))))


def withdraw_for(
    session: Session, *, person_id: str, organisation_id: int, channel: str
) -> tuple[OrganisationConsentWithdrawal, bool]:
    """Withdraw consent for one organisation (idempotent): (the row, True if new).

    The organisation's changes feed gets `consent.withdrawn` for the person (an id only), so its
    system knows to delete its copy. The caller commits.
    """
    current = session.scalar(
        select(OrganisationConsentWithdrawal).where(
            OrganisationConsentWithdrawal.person_id == person_id,
            OrganisationConsentWithdrawal.organisation_id == organisation_id,
            OrganisationConsentWithdrawal.ended_at.is_(None),
        )
    )
    if current is not None:
        return current, False
    row = OrganisationConsentWithdrawal(
        person_id=person_id, organisation_id=organisation_id, channel=channel
    )
    session.add(row)
    session.add(
        ChangeEvent(person_id=person_id, type="consent.withdrawn", organisation_id=organisation_id)
    )
    session.flush()
    return row, True


def allow_again(session: Session, *, person_id: str, organisation_id: int) -> bool:
    """End a withdrawal for one organisation; True if one stood. The caller commits."""
    rows = session.scalars(
        select(OrganisationConsentWithdrawal).where(
            OrganisationConsentWithdrawal.person_id == person_id,
            OrganisationConsentWithdrawal.organisation_id == organisation_id,
            OrganisationConsentWithdrawal.ended_at.is_(None),
        )
    ).all()
    for row in rows:
        row.ended_at = utcnow()
    return bool(rows)

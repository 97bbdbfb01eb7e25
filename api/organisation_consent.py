"""Consent per organisation: a person may stop one organisation seeing them, keeping the rest.

General consent (`consents`) says the person shares their needs; a withdrawal row here says
"but not with this organisation". It stands until the person allows that organisation again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, exists, select
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from api.db import utcnow
from api.models import Base, ChangeEvent


class OrganisationConsentWithdrawal(Base):
    """The person withdrew consent for one organisation (until `ended_at`, if they allow again)."""

    __tablename__ = "organisation_consent_withdrawals"
    __table_args__ = (
        Index("ix_organisation_consent_withdrawals_person_org", "person_id", "organisation_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    channel: Mapped[str] = mapped_column(String(16))
    withdrawn_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(default=None)


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

"""Tables of api.people.nhs_number (imported by api.models)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from api.core.crypto import LookupSecret
from api.core.db import utcnow
from api.models.tables import Base


class PersonNhsNumber(Base):
    """The NHS number attached to a person, and by which organisation."""

    __tablename__ = "person_nhs_numbers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), unique=True)
    nhs_number: Mapped[str] = mapped_column(LookupSecret(), index=True)  # encrypted at rest
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


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

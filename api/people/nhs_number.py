"""NHS numbers: the Modulus 11 check, and the number a provider attached to a person.

A person has at most one NHS number here. It is not unique across people: the same person may
have written from two phones, and a uniqueness error would tell a provider that somebody else
already holds the number. Lookups are always narrowed to people the organisation may see.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.db import utcnow
from api.models.people import PersonNhsNumber

NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"


class InvalidNhsNumberError(ValueError):
    """Not ten digits with a correct Modulus 11 check digit; the message says which."""


class NhsNumberHeldError(ValueError):
    """Another organisation attached a different NHS number: only it may replace it."""


def check_digit(first_nine: str) -> int | None:
    """The Modulus 11 check digit of nine digits, or None when no number can have them (10)."""
    total = sum(
        int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True)
    )
    digit = 11 - total % 11
    if digit == 11:
        return 0
    return None if digit == 10 else digit


def normalise_nhs_number(text: str) -> str:
    """Ten digits (spaces and dashes allowed, as printed: 943 476 5919), checked, or raise."""
    digits = "".join(char for char in text if char not in " -")
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        raise InvalidNhsNumberError("An NHS number is 10 digits, for example 943 476 5919.")
    expected = check_digit(digits[:9])
    if expected is None or expected != int(digits[9]):
        raise InvalidNhsNumberError(
            "This is not a valid NHS number: its last digit (the check digit) does not match. "
            "Please check it was copied correctly."
        )
    return digits


def nhs_number_of(session: Session, person_id: str) -> str | None:
    """The NHS number attached to a person, if any."""
    return session.scalar(
        select(PersonNhsNumber.nhs_number).where(PersonNhsNumber.person_id == person_id)
    )


def people_with_nhs_number(session: Session, nhs_number: str) -> list[str]:
    """Ids of every person with this NHS number (callers keep only those they may see)."""
    query = select(PersonNhsNumber.person_id).where(PersonNhsNumber.nhs_number == nhs_number)
    return list(session.scalars(query.order_by(PersonNhsNumber.id)))


def attach_nhs_number(
    session: Session, *, person_id: str, nhs_number: str, organisation_id: int
) -> bool:
    """Attach the person's NHS number, or replace one this organisation attached; True when it
    changed. NhsNumberHeldError when another organisation attached a different one (a wrong
    number from any one provider must not silently re-link someone). The caller commits."""
    row = session.scalar(select(PersonNhsNumber).where(PersonNhsNumber.person_id == person_id))
    if row is not None and row.nhs_number == nhs_number:
        return False
    if row is not None and row.organisation_id != organisation_id:
        raise NhsNumberHeldError(
            "another organisation recorded a different NHS number for this person; only it "
            "can change it"
        )
    if row is None:
        row = PersonNhsNumber(person_id=person_id, nhs_number=nhs_number)
        session.add(row)
    row.nhs_number = nhs_number
    row.organisation_id = organisation_id
    row.recorded_at = utcnow()
    return True

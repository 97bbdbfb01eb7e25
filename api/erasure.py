"""DELETE: erase what we hold about a person, keeping only what the law and safety need.

Erased: every need and consent row (per-organisation withdrawals too), the NHS number, message
delivery records, call-back requests and one-time codes for the number, and the phone number
itself (the person row keeps only a random id, so the append-only audit log and the changes feed
still point somewhere, and says nothing about who it was). Kept: an SMS opt-out for the number,
so an erased person is still never messaged after saying STOP.
"""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from api.bookings_erasure import erase_bookings_and_answers
from api.callbacks import CallbackRequest
from api.db import utcnow
from api.models import ChangeEvent, Consent, MessageStatusEvent, Need, Person
from api.nhs_number import PersonNhsNumber
from api.organisation_consent import OrganisationConsentWithdrawal
from api.verification import VerificationCode

ERASED = "person.erased"
ERASED_LANGUAGE = "und"  # BCP 47: undetermined


def erase_person(*, session: Session, person: Person) -> None:
    """Remove the person's records and scrub the person row; the caller commits."""
    phone = person.phone_e164
    session.execute(delete(Need).where(Need.person_id == person.id))
    session.execute(delete(Consent).where(Consent.person_id == person.id))
    session.execute(delete(PersonNhsNumber).where(PersonNhsNumber.person_id == person.id))
    session.execute(
        delete(OrganisationConsentWithdrawal).where(
            OrganisationConsentWithdrawal.person_id == person.id
        )
    )
    erase_bookings_and_answers(session=session, person_id=person.id)
    session.execute(delete(MessageStatusEvent).where(MessageStatusEvent.phone_e164 == phone))
    session.execute(delete(CallbackRequest).where(CallbackRequest.phone_e164 == phone))
    session.execute(delete(VerificationCode).where(VerificationCode.phone_e164 == phone))
    person.phone_e164 = f"erased:{person.id}"[:20]
    person.language = ERASED_LANGUAGE
    person.updated_at = utcnow()
    session.add(ChangeEvent(person_id=person.id, type=ERASED))

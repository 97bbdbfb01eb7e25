"""DELETE: erase what we hold about a person, keeping only what the law and safety need.

Erased: every need and consent row (per-organisation withdrawals and needs providers recorded too),
the NHS number, bookings (their slots freed) with their reminders, waiting entries, check-ins and
check-in prompts, message delivery records, call-back requests and one-time codes for the number,
anyone acting for the person and the number's own acting for anyone else (each person they acted for
gets one fresh `needs.changed` in place of their earlier ones, so copies drop the representative),
every change event about the person with its webhook deliveries, and the phone number itself. Kept:
the person row as a bare random id (the append-only audit log points at it); one `person.erased`
change event carrying only that id, so providers that copied the person know to delete their copy;
feedback answers, fully unlinked (no person, no booking, the day only) for the anonymous measures;
an SMS opt-out for the number, so an erased person is never messaged after STOP.
Every table's rule is listed in api/retention/rules.py.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from api.bookings.erasure import erase_bookings_and_answers, not_sharing, organisations_involved
from api.core.db import utcnow
from api.models.callbacks import CallbackRequest
from api.models.messaging import CallPreference, VerificationCode
from api.models.outbound import OutboundMessage, UnreachableChannel
from api.models.people import OrganisationConsentWithdrawal, PersonNhsNumber
from api.models.provider_needs import ProviderNeed
from api.models.representatives import Representative
from api.models.tables import (
    ChangeEvent,
    Consent,
    MessageStatusEvent,
    Need,
    Person,
    WebhookDelivery,
)

ERASED = "person.erased"
NEEDS_CHANGED = "needs.changed"
ERASED_LANGUAGE = "und"  # BCP 47: undetermined
QUICK = {"synchronize_session": False}


def erase_person(*, session: Session, person: Person) -> None:
    """Remove the person's records and scrub the person row; the caller commits."""
    phone = person.phone_e164
    involved = organisations_involved(session=session, person_id=person.id)
    for model in (
        Need,
        Consent,
        PersonNhsNumber,
        OrganisationConsentWithdrawal,
        ProviderNeed,
        Representative,
    ):
        session.execute(delete(model).where(model.person_id == person.id), execution_options=QUICK)
    erase_bookings_and_answers(session=session, person_id=person.id)
    session.execute(delete(MessageStatusEvent).where(MessageStatusEvent.phone_e164 == phone))
    session.execute(delete(CallbackRequest).where(CallbackRequest.phone_e164 == phone))
    session.execute(delete(VerificationCode).where(VerificationCode.phone_e164 == phone))
    session.execute(delete(CallPreference).where(CallPreference.phone_e164 == phone))
    # Acting for someone else ends with the representative's own erasure too.
    acted_for = session.scalars(
        select(Representative.person_id).where(Representative.phone_e164 == phone)
    ).all()
    session.execute(delete(Representative).where(Representative.phone_e164 == phone))
    session.execute(delete(OutboundMessage).where(OutboundMessage.phone_e164 == phone))
    session.execute(delete(UnreachableChannel).where(UnreachableChannel.phone_e164 == phone))
    for other_id in dict.fromkeys(acted_for):
        refresh_needs_changes(session=session, person_id=other_id)
    erase_changes(session=session, person_id=person.id)
    person.phone_e164 = f"erased:{person.id}"[:20]
    person.language = ERASED_LANGUAGE
    person.confirmed_at = None
    person.updated_at = utcnow()
    # One tombstone for everyone who may have copied the person; those that saw them only
    # through bookings or waiting (now deleted) get one addressed to them.
    session.add(ChangeEvent(person_id=person.id, type=ERASED))
    for organisation_id in not_sharing(session, involved):
        session.add(ChangeEvent(person_id=person.id, type=ERASED, organisation_id=organisation_id))


def refresh_needs_changes(*, session: Session, person_id: str) -> None:
    """Replace a person's earlier needs changes (and their deliveries) by one new one.

    Their needs body named the erased representative; readers re-read the person on a change
    (the event carries no details), so one fresh event loses nothing and leaves no trace of
    when the erased person acted for them.
    """
    earlier = (ChangeEvent.person_id == person_id) & (ChangeEvent.type == NEEDS_CHANGED)
    events = select(ChangeEvent.id).where(earlier)
    session.execute(delete(WebhookDelivery).where(WebhookDelivery.event_id.in_(events)),
                    execution_options=QUICK)  # fmt: skip
    session.execute(delete(ChangeEvent).where(earlier), execution_options=QUICK)
    session.add(ChangeEvent(person_id=person_id, type=NEEDS_CHANGED))


def erase_changes(*, session: Session, person_id: str) -> None:
    """Delete every change event about the person, with its webhook deliveries."""
    events = select(ChangeEvent.id).where(ChangeEvent.person_id == person_id)
    session.execute(delete(WebhookDelivery).where(WebhookDelivery.event_id.in_(events)),
                    execution_options=QUICK)  # fmt: skip
    session.execute(delete(ChangeEvent).where(ChangeEvent.person_id == person_id),
                    execution_options=QUICK)  # fmt: skip

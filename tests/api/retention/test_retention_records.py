"""Retention reaches bookings, reminders, waiting, check-ins, prompts, feedback and the feed."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.db import utcnow
from api.models.bookings import SENT, BookingReminder
from api.models.tables import (
    Booking,
    ChangeEvent,
    CheckIn,
    FeedbackAnswer,
    Organisation,
    Person,
    Slot,
    WaitingEntry,
    WebhookDelivery,
    WebhookSubscription,
)
from api.models.waiting import CheckInPrompt
from api.retention.service import RetentionPolicy, run_retention

NOW = utcnow()
DAY = timedelta(days=1)
POLICY = RetentionPolicy(
    bookings_days=180,
    reminders_days=30,
    closed_waiting_days=90,
    check_ins_days=180,
    feedback_days=365,
    webhook_deliveries_days=30,
    change_events_days=90,
)


def ago(days: float) -> datetime:
    return NOW - days * DAY


class Arranged:
    """Rows of every kind, some past their time (named `old_…`) and some not."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.org = Organisation(ods_code="A81001", name="Practice", shares_consented_needs=True)
        self.person = Person(phone_e164="+447700900301", language="pl")
        self.idle = Person(phone_e164="+447700900302", language="pl")
        session.add_all([self.org, self.person, self.idle])
        session.flush()

    def add(self, row: object) -> int:
        self.session.add(row)
        self.session.flush()
        return int(row.id)  # type: ignore[attr-defined]

    def booking(
        self, *, ended_days_ago: float, status: str = "active", cancelled: float | None = None
    ) -> int:
        start = NOW - ended_days_ago * DAY - timedelta(minutes=20)
        slot = self.add(
            Slot(
                organisation_id=self.org.id,
                service="Physio",
                place="Room 1",
                start_at=start,
                end_at=start + timedelta(minutes=20),
                length_minutes=20,
                mode="in_person",
            )
        )
        return self.add(
            Booking(
                slot_id=slot,
                active_slot_id=slot if status == "active" else None,
                person_id=self.person.id,
                organisation_id=self.org.id,
                status=status,
                channel="sms",
                ended_at=None if cancelled is None else ago(cancelled),
            )
        )


def _arrange(session: Session) -> dict[str, int]:
    a = Arranged(session)
    ids = {
        "old_booking": a.booking(ended_days_ago=200),
        "booking": a.booking(ended_days_ago=10),
        "old_cancelled": a.booking(ended_days_ago=-5, status="cancelled", cancelled=200),
        "future": a.booking(ended_days_ago=-5),
    }
    ids["old_reminder"] = a.add(
        BookingReminder(
            booking_id=ids["booking"], status=SENT, claimed_at=ago(11), finished_at=ago(40)
        )
    )
    a.add(BookingReminder(booking_id=ids["old_booking"], status=SENT, finished_at=ago(201)))
    ids["reminder"] = a.add(
        BookingReminder(booking_id=ids["future"], status=SENT, finished_at=ago(40))
    )
    ids["old_feedback_link"] = a.add(
        FeedbackAnswer(
            person_id=a.person.id,
            statement_id="own_language",
            answer="yes",
            language="pl",
            channel="sms",
            context="booking",
            booking_id=ids["old_booking"],
            recorded_at=ago(199),
        )
    )
    ids["old_feedback"] = a.add(
        FeedbackAnswer(
            statement_id="own_language",
            answer="no",
            language="pl",
            channel="sms",
            context="assessment",
            recorded_at=ago(400),
        )
    )
    for key, ended in (("old_waiting", 100), ("waiting_ended", 10), ("waiting", None)):
        ids[key] = a.add(
            WaitingEntry(
                person_id=a.person.id,
                organisation_id=a.org.id,
                referral=f"referral {key}",
                expected_wait_weeks=12,
                created_at=ago(400),
                ended_at=None if ended is None else ago(ended),
            )
        )
    for key, days in (("old_check_in", 200), ("check_in", 10)):
        ids[key] = a.add(
            CheckIn(
                person_id=a.person.id,
                answer="same",
                channel="sms",
                language="pl",
                recorded_at=ago(days),
            )
        )
    for key, person, days in (
        ("old_prompt", a.person, 300),
        ("newest_prompt", a.person, 200),
        ("old_idle_prompt", a.idle, 200),
    ):
        ids[key] = a.add(CheckInPrompt(person_id=person.id, channel="sms", sent_at=ago(days)))
    subscription = a.add(
        WebhookSubscription(organisation_id=a.org.id, url="http://127.0.0.1:9/h", secret="s" * 32)
    )
    for key, days in (("old_event", 100), ("event", 10)):
        ids[key] = a.add(ChangeEvent(person_id=a.person.id, type="needs.changed", at=ago(days)))
    deliveries = (
        ("old_event_delivery", "old_event", "pending", None),
        ("old_delivered", "event", "delivered", 40),
        ("delivered", "event", "delivered", 5),
        ("pending", "event", "pending", None),
    )
    for key, event, status, days in deliveries:
        ids[key] = a.add(
            WebhookDelivery(
                subscription_id=subscription,
                event_id=ids[event],
                status=status,
                next_attempt_at=ago(days or 0),
                delivered_at=None if days is None else ago(days),
            )
        )
    session.commit()
    return ids


def _left(session: Session, model: type) -> set[int]:
    return set(session.scalars(select(model.id)))  # type: ignore[attr-defined]


def test_retention_deletes_every_kind_of_record_past_its_time_and_nothing_else(
    session: Session,
) -> None:
    ids = _arrange(session)

    report = run_retention(session=session, policy=POLICY, now=NOW)

    session.expire_all()
    assert _left(session, Booking) == {ids["booking"], ids["future"]}
    assert _left(session, BookingReminder) == {ids["reminder"]}, "the appointment has not come"
    assert _left(session, WaitingEntry) == {ids["waiting_ended"], ids["waiting"]}
    assert _left(session, CheckIn) == {ids["check_in"]}
    assert _left(session, CheckInPrompt) == {ids["newest_prompt"]}, "the schedule still needs it"
    assert _left(session, FeedbackAnswer) == {ids["old_feedback_link"]}
    kept = session.get(FeedbackAnswer, ids["old_feedback_link"])
    assert kept is not None and kept.booking_id is None, "unlinked from the deleted booking"
    assert _left(session, ChangeEvent) == {ids["event"]}
    assert _left(session, WebhookDelivery) == {ids["delivered"], ids["pending"]}
    assert {k: v for k, v in report.counts.items() if v} == {
        "bookings": 2,
        "booking_reminders": 2,
        "waiting_entries": 1,
        "check_ins": 1,
        "check_in_prompts": 2,
        "feedback_answers": 1,
        "change_events": 1,
        "webhook_deliveries": 2,
    }
    again = run_retention(session=session, policy=POLICY, now=NOW)
    assert set(again.counts.values()) == {0}

"""Retention: delete what is kept past its time, and nothing else.

What goes (each period is a setting, see README):
- conversation transcripts: Rasa's SQL tracker events older than `conversations_days`. A
  conversation quiet for that long goes whole; an active one loses only its old events before
  its current session (so the conversation in progress and its carried-over slots stay);
- slower-speech choices (call_preferences) of numbers no person holds, unchanged for
  `conversations_days`;
- one-time codes that expired (and whose lock ended) more than `verification_codes_days` ago;
- call-backs closed more than `closed_callbacks_days` ago;
- delivery status records (they hold the phone number) older than `delivery_status_days`;
- people whose consent was withdrawn everywhere more than `withdrawn_days` ago: erased as for
  DELETE (api/people/erasure.py), with their call-backs and codes, and their conversation in Rasa's
  SQL and Redis stores (api/conversations/stores.py, by its keyed hash);
- bookings, reminders, closed waiting entries, check-ins and prompts, feedback answers, webhook
  deliveries and change events past their periods (api/retention/records.py).

What stays: people whose consent stands, their needs, open waiting entries and call-backs still
open; the append-only audit log; STOP opt-outs (so nobody is messaged after saying STOP). Every
table's rule is listed in api/retention/rules.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, delete, exists, func, inspect, select, text
from sqlalchemy.orm import Session

from api.conversations.stores import erase_conversations
from api.core.audit import record_audit
from api.core.settings import Settings
from api.models.callbacks import DONE, CallbackRequest
from api.models.messaging import CallPreference, VerificationCode
from api.models.outbound import QUEUED, SENDING, OutboundMessage
from api.models.tables import Consent, MessageStatusEvent, Person
from api.people.erasure import ERASED_LANGUAGE, erase_person
from api.retention.policy import RetentionPolicy
from api.retention.records import purge_activity

PURPOSE = "retention"


@dataclass
class RetentionReport:
    """How many of each were deleted (no personal data: counts only)."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, count: int) -> None:
        """Count deletions of one kind."""
        self.counts[name] = self.counts.get(name, 0) + count


def _withdrawn_before(session: Session, cutoff: datetime) -> list[Person]:
    """People with consents, every one withdrawn, the latest withdrawal before the cutoff."""
    standing = exists().where(Consent.person_id == Person.id, Consent.withdrawn_at.is_(None))
    latest = (
        select(Consent.person_id, func.max(Consent.withdrawn_at).label("at"))
        .group_by(Consent.person_id)
        .subquery()
    )
    return list(
        session.scalars(
            select(Person)
            .join(latest, latest.c.person_id == Person.id)
            .where(~standing, latest.c.at < cutoff, Person.language != ERASED_LANGUAGE)
        )
    )


QUICK = {"synchronize_session": False}  # no in-Python matching (SQLite datetimes are naive)


def purge_records(
    *, session: Session, policy: RetentionPolicy, now: datetime, report: RetentionReport
) -> list[str]:
    """Delete expired rows from the records store; the caller commits. Returns the numbers of
    the people erased (their conversations go too)."""
    days = timedelta(days=1)
    erased_phones: list[str] = []
    for person in _withdrawn_before(session, now - policy.withdrawn_days * days):
        erased_phones.append(person.phone_e164)
        erase_person(session=session, person=person)
        record_audit(session=session, action="retention.erase", outcome="ok",
                     fields=("person",), person_id=person.id, purpose=PURPOSE)  # fmt: skip
        report.add("people_erased", 1)
    codes_cutoff = now - policy.verification_codes_days * days
    gone = session.execute(
        delete(VerificationCode).where(
            VerificationCode.expires_at < codes_cutoff,
            (VerificationCode.locked_until.is_(None)) | (VerificationCode.locked_until < now),
        ),
        execution_options=QUICK,
    )
    report.add("verification_codes", gone.rowcount or 0)
    gone = session.execute(
        delete(CallPreference).where(
            CallPreference.changed_at < now - policy.conversations_days * days,
            CallPreference.phone_e164.not_in(select(Person.phone_e164)),
        ),
        execution_options=QUICK,
    )
    report.add("call_preferences", gone.rowcount or 0)
    gone = session.execute(
        delete(CallbackRequest).where(
            CallbackRequest.status == DONE,
            CallbackRequest.closed_at < now - policy.closed_callbacks_days * days,
        ),
        execution_options=QUICK,
    )
    report.add("closed_callbacks", gone.rowcount or 0)
    gone = session.execute(
        delete(MessageStatusEvent).where(
            MessageStatusEvent.recorded_at < now - policy.delivery_status_days * days
        ),
        execution_options=QUICK,
    )
    report.add("delivery_statuses", gone.rowcount or 0)
    gone = session.execute(
        delete(OutboundMessage).where(
            OutboundMessage.state.not_in((QUEUED, SENDING)),
            OutboundMessage.created_at < now - policy.delivery_status_days * days,
        ),
        execution_options=QUICK,
    )
    report.add("outbound_messages", gone.rowcount or 0)
    purge_activity(session, policy=policy, now=now, count=report.add)
    return erased_phones


def tracker_engine(location: str) -> Engine | None:
    """An engine on Rasa's SQL tracker store (a SQLAlchemy URL or a SQLite path), if it exists."""
    if "://" in location:
        return create_engine(location)
    path = Path(location)
    return create_engine(f"sqlite:///{path}") if path.is_file() else None


def purge_conversations(*, engine: Engine, cutoff: datetime) -> int:
    """Delete tracker events older than the cutoff, keeping every current session whole."""
    if not inspect(engine).has_table("events"):
        return 0
    at = cutoff.timestamp()
    with engine.begin() as connection:
        quiet = connection.execute(
            text(
                "DELETE FROM events WHERE sender_id IN (SELECT sender_id FROM events "
                "GROUP BY sender_id HAVING MAX(timestamp) < :at)"
            ),
            {"at": at},
        ).rowcount
        earlier = connection.execute(
            text(
                "DELETE FROM events WHERE timestamp < :at AND id < (SELECT COALESCE(MAX(s.id), 0) "
                "FROM events s WHERE s.sender_id = events.sender_id "
                "AND s.type_name = 'session_started')"
            ),
            {"at": at},
        ).rowcount
    return (quiet or 0) + (earlier or 0)


def policy_from(settings: Settings) -> RetentionPolicy:
    """The policy the settings describe."""
    return RetentionPolicy(
        conversations_days=settings.keep_conversations_days,
        closed_callbacks_days=settings.keep_closed_callbacks_days,
        verification_codes_days=settings.keep_verification_codes_days,
        delivery_status_days=settings.keep_delivery_status_days,
        withdrawn_days=settings.keep_after_withdrawal_days,
        bookings_days=settings.keep_bookings_days,
        reminders_days=settings.keep_reminders_days,
        closed_waiting_days=settings.keep_closed_waiting_days,
        check_ins_days=settings.keep_check_ins_days,
        feedback_days=settings.keep_feedback_days,
        webhook_deliveries_days=settings.keep_webhook_deliveries_days,
        change_events_days=settings.keep_change_events_days,
    )


def run_retention(
    *,
    session: Session,
    policy: RetentionPolicy,
    now: datetime,
    tracker: Engine | None = None,
    redis: Any | None = None,
) -> RetentionReport:
    """Apply the policy to the records store and (if given) Rasa's SQL and Redis stores.

    Redis conversations expire by themselves within the period (bot/tracker_stores.py); only
    the erased people's are deleted here.
    """
    report = RetentionReport()
    erased_phones = purge_records(session=session, policy=policy, now=now, report=report)
    session.commit()
    session.expire_all()
    if erased_phones and (tracker is not None or redis is not None):
        report.add("conversations_erased",
                   erase_conversations(erased_phones, sql=tracker, redis=redis))  # fmt: skip
    if tracker is not None:
        cutoff = now - timedelta(days=policy.conversations_days)
        report.add("conversation_events", purge_conversations(engine=tracker, cutoff=cutoff))
    return report

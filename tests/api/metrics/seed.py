"""Seeded measures: an area's population, contacts in which Somali speakers are under-reached,
interpreter requests in languages not offered, and journeys in which Farsi speakers stop at the
communication section."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from api.core.codes import interpreter_need
from api.models.tables import FeedbackAnswer, Need, Person

AREA, AREA_NAME = "E08000099", "Testshire"
HEADER = (
    "Lower tier local authorities Code,Lower tier local authorities,"
    "Main language (detailed) (95 categories) Code,Main language (detailed) (95 categories),"
    "Observation\n"
)
# Residents aged 3+: English 80 %, Polish 10 %, Somali 10 % (and a subtotal row to leave out).
TS024 = HEADER + "\n".join(
    f"{AREA},{AREA_NAME},{code},{label},{count}"
    for code, label, count in (
        ("-8", "Does not apply", 700),
        ("1", "English (English or Welsh in Wales)", 8000),
        ("14", "Other European language (EU)", 1000),
        ("15", "Other European language (EU): Polish", 1000),
        ("70", '"African language: Somali"', 1000),
    )
)
CONTACTS = {"en": 150, "pl": 45, "so": 5}  # Somali: 2.5 % of contacts, 10 % of residents
NOT_OFFERED = {"am": 3, "ps": 6}  # interpreter requests (Amharic withheld)
NUMBERS = itertools.count(20000)
SECTIONS = ["digital", "communication", "adjustments", "contact", "social"]
JOURNEY = ["first_contact", "language_confirmed", "consent"] + [f"section:{s}" for s in SECTIONS]
FULL = [*JOURNEY, "saved", "booked"]


def _interpreter(session: Session, person_id: str, language: str, now: datetime) -> None:
    """The person asked for an interpreter in this language."""
    coded = interpreter_need(needed=True, language=language)
    session.add(
        Need(person_id=person_id, kind=coded.kind, code_system=coded.code_system, code=coded.code,
             display=coded.display, value_code=coded.value_code,
             value_display=coded.value_display, source_channel="sms", recorded_at=now)
    )  # fmt: skip


def _feedback(session: Session, now: datetime) -> None:
    """Polish speakers' answers to "I could use my own language"."""
    for answer, n, channel in (("yes", 7, "sms"), ("partly", 2, "sms"), ("yes", 6, "voice")):
        for _ in range(n):
            session.add(
                FeedbackAnswer(statement_id="own_language", answer=answer, language="pl",
                               channel=channel, context="assessment", recorded_at=now)
            )  # fmt: skip


def add_contacts(session: Session, now: datetime | None = None) -> None:
    """People who first came today, by language; some English speakers asked for interpreters
    in languages we don't offer; some Polish speakers' feedback."""
    now = now or datetime.now(UTC)
    asked = [language for language, n in NOT_OFFERED.items() for _ in range(n)]
    for language, n in CONTACTS.items():
        for _ in range(n):
            person = Person(phone_e164=f"+4477009{next(NUMBERS):05d}", language=language,
                            created_at=now)  # fmt: skip
            session.add(person)
            session.flush()
            if language == "en" and asked:
                _interpreter(session, person.id, asked.pop(), now)
    _feedback(session, now)
    session.commit()


def journeys() -> list[dict[str, Any]]:
    """Step posts: 22 Farsi speakers by SMS, 12 of whom stop in the communication section (five
    more at each of the next two), 14 Polish speakers who book (by WhatsApp and voice), and six
    people who sent one SMS and never chose a language."""
    posts: list[dict[str, Any]] = []

    def journey(language: str, channel: str, stop: str, minutes: int) -> None:
        for index, step in enumerate(FULL[: FULL.index(stop) + 1]):
            spoken = "und" if step == "first_contact" else language  # as the bot sends it
            posts.append({"step": step, "language": spoken, "channel": channel,
                          "seconds": index * minutes * 60, "area_code": AREA})  # fmt: skip

    for stop, times in (("section:communication", 12), ("section:adjustments", 5),
                        ("section:contact", 5)):  # fmt: skip
        for _ in range(times):
            journey("fa", "sms", stop, 3)
    for index in range(14):
        journey("pl", "whatsapp" if index % 2 else "voice", "booked", 2)
    for _ in range(6):  # a first message, then nothing
        journey("und", "sms", "first_contact", 1)
    return posts


def yesterday() -> str:
    """Yesterday's date (the filters' from)."""
    return (datetime.now(UTC) - timedelta(days=1)).date().isoformat()

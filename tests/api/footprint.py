"""A person with rows in every table that can hold anything about them, made through the API.

Used by the erasure and retention tests: they erase the person (DELETE, or retention after a
withdrawal) and then look through every row of every table for anything that still names them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.changes.webhook_delivery import fan_out
from api.core.codes import SNOMED
from api.core.db import utcnow
from api.models.tables import Base
from api.outbound.failures import mark_unreachable
from tests.api.bookings.test_slots import publish
from tests.api.conftest import PHONE, bearer

SHARING, BOOKING = "A81001", "A81002"  # receives consented needs; sees people only by bookings
REFERRAL = "Knee physio after a fall at the Riverside bus stop"
WORDS = "my daughter Zofia reads my letters"
OUTCOME = "Spoke with Zofia, will ring back Tuesday"
NHS = "9434765919"
SUBSCRIPTION_URL = "http://127.0.0.1:9/hook"  # never delivered: the tests queue only


@dataclass(frozen=True)
class Footprint:
    """What was recorded about the person, to look for afterwards."""

    person_id: str
    phone: str
    booking_ids: tuple[int, ...]
    slot_ids: tuple[int, ...]
    sharing_token: str
    booking_token: str

    @property
    def texts(self) -> tuple[str, ...]:
        """Values that identify the person wherever they are found."""
        return (self.person_id, self.phone, REFERRAL, WORDS, OUTCOME, NHS)


def make_footprint(
    client: TestClient,
    session: Session,
    create_provider: Callable[..., str],
    service: dict[str, str],
    phone: str = PHONE,
) -> Footprint:
    """Record the person everywhere through real routes (the webhook fan-out as the worker)."""
    sharing = create_provider(SHARING, shares=True)
    booking_token = create_provider(BOOKING, shares=False)
    internal = _Poster(client, service)
    body = {
        "phone": phone, "language": "pl", "channel": "sms",
        "consent": {"granted": True, "language": "pl"},
        "interpreter": {"needed": True, "language": "ur", "words": WORDS},
        "answers": {"adjustments": ["wheelchair"]},
    }  # fmt: skip
    person_id = internal("/internal/assessments", body)["person_id"]
    provider = _Poster(client, bearer(sharing))
    provider(f"/v1/people/{person_id}/nhs-number", {"nhs_number": NHS}, 200, method="PUT")
    observed = {"kind": "interpreter", "code": {"system": SNOMED, "code": "315594003"}}
    provider(f"/v1/people/{person_id}/observed-needs", observed)
    provider("/v1/subscriptions", {"url": SUBSCRIPTION_URL})
    first = publish(client, booking_token, step_free=True)
    second = publish(client, booking_token, step_free=True, start=_hours(30))
    booked = internal(
        "/internal/bookings", {"phone": phone, "slot_id": first["id"], "channel": "sms"}
    )
    move = {"phone": phone, "slot_id": second["id"], "channel": "sms"}
    moved = internal(f"/internal/bookings/{booked['id']}/move", move, 200)
    internal(f"/internal/reminders/{moved['id']}/claim", None)
    internal(
        f"/internal/reminders/{moved['id']}/outcome", {"outcome": "sent", "channel": "sms"}, 200
    )
    provider(f"/v1/people/{person_id}/waiting", {"referral": REFERRAL, "expected_wait_weeks": 12})
    _answers(internal, phone, moved["id"])
    callback = internal("/internal/callbacks", {
        "phone": phone, "language": "pl", "interpreter_language": "pl", "channel": "voice",
        "reason": "interpreter"})  # fmt: skip
    internal("/internal/verification/codes", {"phone": phone})
    internal(
        "/internal/call-preferences", {"phone": phone, "slower_speech": True}, 200, method="PUT"
    )
    status = {"message_sid": "SM0123456789", "status": "delivered", "to": phone}
    internal("/internal/messages/status", status, 204)
    queued = {"key": "footprint", "purpose": "reminder", "phone": phone, "language": "pl",
              "channels": ["sms"], "body": WORDS}  # fmt: skip
    internal("/internal/outbound/messages", queued)
    mark_unreachable(session, phone, "sms", "21614")  # as the worker does on Twilio's refusal
    session.commit()
    internal(f"/internal/people/{person_id}/consent/organisations/{BOOKING}/withdraw", None, 200)
    _representatives(internal, phone)
    fan_out(session)
    provider(f"/v1/callbacks/{callback['id']}/claim", None, 200)
    provider(f"/v1/callbacks/{callback['id']}/close", {"outcome": OUTCOME}, 200)
    bookings, slots = (booked["id"], moved["id"]), (first["id"], second["id"])
    return Footprint(person_id, phone, bookings, slots, sharing, booking_token)


class _Poster:
    """Sends a request with fixed headers and checks its status."""

    def __init__(self, client: TestClient, headers: dict[str, str]) -> None:
        self.client, self.headers = client, headers

    def __call__(self, path: str, body: Any, status: int = 201, *, method: str = "POST") -> Any:
        response = self.client.request(method, path, json=body, headers=self.headers)
        assert response.status_code == status, f"{path}: {response.text}"
        return response.json() if response.content else None


def _representatives(internal: _Poster, phone: str) -> None:
    """Someone acts for the person, and the person acts for someone else."""
    other = "+447700900998"
    for acting, acted_for in ((other, phone), (phone, other)):
        internal("/internal/representatives", {
            "phone": acting, "person_phone": acted_for, "person_language": "pl",
            "relationship": "family", "authority": "lpa_health_welfare", "channel": "sms",
        }, 200)  # fmt: skip


def _answers(internal: _Poster, phone: str, booking_id: int) -> None:
    """A check-in prompt, a worse answer (an alert) and feedback on the booking."""
    internal("/internal/check-in-prompts", {"phone": phone, "every_hours": 1})
    check_in = {"phone": phone, "answer": "worse", "channel": "sms", "language": "pl"}
    internal("/internal/check-ins", check_in, 200)
    internal("/internal/feedback", {
        "phone": phone, "statement_id": "own_language", "answer": "partly", "language": "pl",
        "channel": "sms", "context": "booking", "booking_id": booking_id})  # fmt: skip


def _hours(hours: float) -> str:
    return (utcnow() + timedelta(hours=hours)).isoformat()


def rows_naming(session: Session, footprint: Footprint) -> dict[str, list[str]]:
    """Every row (as the API's column types read it, decrypted) that names the person, or that
    points at such a row (a booking's reminder, a change event's delivery): linkable to them."""
    session.expire_all()
    found: dict[str, list[str]] = {}
    naming: dict[str, set[Any]] = {}  # table -> ids of its rows that name the person
    for table in Base.metadata.sorted_tables:  # a referenced table comes before its referrers
        for row in session.execute(select(table)).all():
            text = repr(tuple(row))
            hits = [value for value in footprint.texts if value in text]
            hits += _links(table, row._mapping, naming)
            if hits:
                found.setdefault(table.name, []).append(f"{hits}: {text}")
                naming.setdefault(table.name, set()).add(row._mapping.get("id"))
    return found


def _links(table: Any, row: Any, naming: dict[str, set[Any]]) -> list[str]:
    """`<table> <id>` for each reference to a row that names the person (people: by value)."""
    return [
        f"{key.column.table.name} {row[column.name]}"
        for column in table.columns
        for key in column.foreign_keys
        if key.column.table.name != "people"
        and row[column.name] in naming.get(key.column.table.name, set())
    ]

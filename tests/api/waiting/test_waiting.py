"""Waiting list: providers mark people waiting; a worse check-in alerts them (feed, webhook)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.changes.webhook_delivery import deliver_due, fan_out
from api.core.db import utcnow
from api.models.tables import AuditEvent, CheckIn
from tests.api.changes.test_webhooks import Receiver, receiver_factory  # noqa: F401 - fixture
from tests.api.conftest import PHONE, bearer

__all__ = ["receiver_factory"]
WAIT = {"referral": "Physiotherapy, knee", "expected_wait_weeks": 12}


def check_in(client: TestClient, headers: dict[str, str], answer: str, phone: str = PHONE) -> Any:
    """POST a check-in answer."""
    body = {"phone": phone, "answer": answer, "channel": "sms", "language": "pl"}
    return client.post("/internal/check-ins", json=body, headers=headers)


def _feed(client: TestClient, token: str) -> list[str]:
    """The change types the organisation sees."""
    return [i["type"] for i in client.get("/v1/changes", headers=bearer(token)).json()["items"]]


def test_mark_waiting_and_list_for_the_scheduler(
    client: TestClient, create_provider: Callable[..., str], make_person: Callable[..., str],
    service_headers: dict[str, str],
) -> None:  # fmt: skip
    person_id = make_person()
    token = create_provider()

    created = client.post(f"/v1/people/{person_id}/waiting", json=WAIT, headers=bearer(token))
    check_in(client, service_headers, "same")
    listed = client.get("/internal/waiting", headers=service_headers).json()
    by_phone = client.get(
        "/internal/waiting", params={"phone": "+447700900999"}, headers=service_headers
    )

    assert created.status_code == 201
    assert created.json()["referral"] == "Physiotherapy, knee" and created.json()["ended"] is False
    assert [(w["phone"], w["language"], w["organisation"]) for w in listed] == [
        (PHONE, "pl", "Practice A81001")
    ]
    assert listed[0]["last_check_in_at"] is not None
    assert by_phone.json() == []


def test_only_a_provider_that_may_see_the_person_can_mark_them_waiting(
    client: TestClient, create_provider: Callable[..., str], make_person: Callable[..., str],
    session: Session,
) -> None:  # fmt: skip
    person_id = make_person()
    other = create_provider("B82002", shares=False)

    refused = client.post(f"/v1/people/{person_id}/waiting", json=WAIT, headers=bearer(other))
    no_scope = create_provider("C83003", scopes=("needs:read",))
    forbidden = client.post(f"/v1/people/{person_id}/waiting", json=WAIT, headers=bearer(no_scope))

    assert refused.status_code == 404 and person_id not in refused.text
    assert forbidden.status_code == 403
    audits = session.scalars(
        select(AuditEvent.outcome).where(AuditEvent.action == "waiting.create")
    )
    assert list(audits) == ["not_found"]


def test_worse_alerts_the_waiting_provider_by_feed_and_webhook(
    client: TestClient, create_provider: Callable[..., str], make_person: Callable[..., str],
    service_headers: dict[str, str], session: Session,
    receiver_factory: Callable[[int], tuple[Receiver, str]],  # noqa: F811
) -> None:  # fmt: skip
    receiver, url = receiver_factory(0)
    person_id = make_person()
    waiting_org, bystander = create_provider("A81001"), create_provider("B82002")
    client.post("/v1/subscriptions", json={"url": url}, headers=bearer(waiting_org))
    client.post(f"/v1/people/{person_id}/waiting", json=WAIT, headers=bearer(waiting_org))

    same = check_in(client, service_headers, "same").json()
    worse = check_in(client, service_headers, "worse").json()
    help_now = check_in(client, service_headers, "help_now").json()
    fan_out(session)
    with httpx.Client() as http:
        deliver_due(session, http, now=utcnow(), development=True)

    assert [same["alerted_organisations"], worse["alerted_organisations"]] == [0, 1]
    assert help_now == {"recorded": True, "waiting": True, "alerted_organisations": 1}
    assert _feed(client, waiting_org).count("wellbeing.worse") == 2
    assert "wellbeing.worse" not in _feed(client, bystander)
    delivered = [body for _headers, body in receiver.requests if b"wellbeing.worse" in body]
    assert len(delivered) == 2 and b"+44" not in delivered[0]
    assert session.scalars(select(CheckIn.answer).order_by(CheckIn.id)).all() == [
        "same", "worse", "help_now",
    ]  # fmt: skip


def test_check_in_edge_cases(
    client: TestClient, create_provider: Callable[..., str], make_person: Callable[..., str],
    service_headers: dict[str, str],
) -> None:  # fmt: skip
    person_id = make_person()
    token = create_provider()
    entry = client.post(f"/v1/people/{person_id}/waiting", json=WAIT, headers=bearer(token)).json()

    ended = client.delete(f"/v1/people/{person_id}/waiting/{entry['id']}", headers=bearer(token))
    late = check_in(client, service_headers, "worse").json()  # weeks later, no longer waiting
    unknown = check_in(client, service_headers, "worse", phone="+447700900999")
    garbled = check_in(client, service_headers, "gorzej")

    assert ended.json()["ended"] is True
    assert late == {"recorded": True, "waiting": False, "alerted_organisations": 0}
    assert unknown.status_code == 404
    assert (
        garbled.status_code == 422 and garbled.headers["content-type"] == "application/problem+json"
    )
    assert client.get("/internal/waiting", headers=service_headers).json() == []

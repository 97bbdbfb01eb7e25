"""Consent per organisation: withdrawn for one, that one loses access at once, others keep it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.consent import Consent as FhirConsent
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.changes.webhook_delivery import deliver_due, fan_out
from api.core.db import utcnow
from api.core.settings import DEV_ADMIN_TOKEN
from api.models.tables import AuditEvent
from tests.api.changes import test_webhooks
from tests.api.changes.test_webhooks import Receiver
from tests.api.conftest import bearer

loopback_receivers = test_webhooks.receiver_factory  # the `receiver_factory` fixture, shared

ODS_CODE = "https://fhir.nhs.uk/Id/ods-organization-code"


def _withdraw(client: TestClient, person_id: str, ods: str, headers: dict[str, str]) -> Any:
    return client.post(
        f"/internal/people/{person_id}/consent/organisations/{ods}/withdraw",
        json={"channel": "sms"},
        headers=headers,
    )


def _needs(client: TestClient, person_id: str, token: str) -> int:
    return client.get(f"/v1/people/{person_id}/needs", headers=bearer(token)).status_code


def _consent(client: TestClient, person_id: str, token: str) -> list[FhirConsent]:
    response = client.get("/fhir/Consent", params={"patient": person_id}, headers=bearer(token))
    bundle = Bundle.model_validate(response.json())
    return [FhirConsent.model_validate(e.resource.model_dump()) for e in bundle.entry or []]


def test_withdrawing_for_one_organisation_cuts_it_alone(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    service_headers: dict[str, str],
    session: Session,
) -> None:
    person_id = make_person()
    a, b = create_provider("A81001"), create_provider("B82002")
    assert (_needs(client, person_id, a), _needs(client, person_id, b)) == (200, 200)
    feed_b_before = client.get("/v1/changes", headers=bearer(b)).json()["items"]

    withdrawn = _withdraw(client, person_id, "A81001", service_headers)

    assert withdrawn.status_code == 200
    assert withdrawn.json()["withdrawn"] is True and withdrawn.json()["ods_code"] == "A81001"
    assert (_needs(client, person_id, a), _needs(client, person_id, b)) == (404, 200)
    assert _consent(client, person_id, a) == []
    [consent_b] = _consent(client, person_id, b)
    [permit] = consent_b.provision.provision
    actor = permit.actor[0]
    assert permit.type == "permit"
    assert (actor.reference.identifier.system, actor.reference.identifier.value) == (
        ODS_CODE,
        "B82002",
    )
    assert "A81001" not in str(consent_b.model_dump()), "no word of other organisations"
    feed_a = client.get("/v1/changes", headers=bearer(a)).json()["items"]
    assert feed_a[-1]["type"] == "consent.withdrawn" and feed_a[-1]["person_id"] == person_id
    feed_b = client.get("/v1/changes", headers=bearer(b)).json()["items"]
    assert feed_b == feed_b_before, "B is not told anything about A's withdrawal"
    search_a = client.get("/v1/people", params={"id": person_id}, headers=bearer(a)).json()
    assert search_a == {"items": []}
    audit = session.execute(
        select(AuditEvent.action, AuditEvent.purpose, AuditEvent.outcome).where(
            AuditEvent.action == "consent.organisation.withdraw"
        )
    ).all()
    assert audit == [("consent.organisation.withdraw", "person", "ok")]


def test_withdrawal_is_idempotent_listed_and_can_be_undone(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    service_headers: dict[str, str],
) -> None:
    person_id = make_person()
    a = create_provider("A81001")
    _withdraw(client, person_id, "A81001", service_headers)
    again = _withdraw(client, person_id, "A81001", service_headers)
    listed = client.get(
        f"/internal/people/{person_id}/consent/organisations", headers=service_headers
    )

    assert again.status_code == 200
    assert [row["ods_code"] for row in listed.json()] == ["A81001"]
    feed = client.get("/v1/changes", headers=bearer(a)).json()["items"]
    assert [e["type"] for e in feed].count("consent.withdrawn") == 1

    allowed = client.post(
        f"/internal/people/{person_id}/consent/organisations/A81001/allow",
        headers=service_headers,
    )

    assert allowed.status_code == 200 and allowed.json()["withdrawn"] is False
    assert _needs(client, person_id, a) == 200
    listed = client.get(
        f"/internal/people/{person_id}/consent/organisations", headers=service_headers
    )
    assert listed.json() == []


def test_general_withdrawal_still_cuts_everyone(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    service_headers: dict[str, str],
) -> None:
    person_id = make_person()
    a, b = create_provider("A81001"), create_provider("B82002")
    _withdraw(client, person_id, "A81001", service_headers)

    client.post(f"/internal/people/{person_id}/consent/withdraw", headers=service_headers)

    assert (_needs(client, person_id, a), _needs(client, person_id, b)) == (404, 404)


def test_admin_can_record_it_and_bad_callers_or_targets_are_refused(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    service_headers: dict[str, str],
    session: Session,
) -> None:
    person_id = make_person()
    a, b = create_provider("A81001"), create_provider("B82002")
    admin = bearer(DEV_ADMIN_TOKEN)
    path = f"/admin/people/{person_id}/consent/organisations/B82002/withdraw"

    assert client.post(path, headers=bearer(a)).status_code == 401
    assert client.post(path, headers=service_headers).status_code == 401
    assert _withdraw(client, person_id, "A81001", bearer(a)).status_code == 401
    assert _withdraw(client, person_id, "A81001", admin).status_code == 401
    assert _withdraw(client, "nobody", "A81001", service_headers).status_code == 404
    assert _withdraw(client, person_id, "ZZZ999", service_headers).status_code == 404
    assert _withdraw(client, person_id, "bad code!", service_headers).status_code == 422
    assert (_needs(client, person_id, a), _needs(client, person_id, b)) == (200, 200)

    by_admin = client.post(path, headers=admin)

    assert by_admin.status_code == 200
    assert (_needs(client, person_id, a), _needs(client, person_id, b)) == (200, 404)
    purposes = session.scalars(
        select(AuditEvent.purpose).where(AuditEvent.action == "consent.organisation.withdraw")
    ).all()
    assert purposes == ["administration"]


def test_a_booking_does_not_override_a_withdrawal(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    service_headers: dict[str, str],
) -> None:
    person_id = make_person()
    clinic = create_provider("A81001", shares=False)
    slot = client.post(
        "/v1/slots",
        json={
            "service": "Clinic",
            "place": "Room 1",
            "start": "2100-01-04T09:00:00+00:00",
            "length_minutes": 20,
        },
        headers=bearer(clinic),
    ).json()
    booked = client.post(
        "/internal/bookings",
        json={"phone": "+447700900123", "slot_id": slot["id"], "channel": "sms"},
        headers=service_headers,
    )
    assert booked.status_code == 201 and _needs(client, person_id, clinic) == 200

    _withdraw(client, person_id, "A81001", service_headers)

    assert _needs(client, person_id, clinic) == 404
    [booking] = client.get("/v1/bookings", headers=bearer(clinic)).json()
    # The booking is the clinic's own; the person's needs and language are withheld, as after
    # a general withdrawal.
    assert (booking["needs"], booking["language"]) == (None, None)


def test_webhooks_of_the_withdrawn_organisation_stop_while_others_continue(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    session: Session,
    service_headers: dict[str, str],
    loopback_receivers: Callable[[int], tuple[Receiver, str]],
) -> None:
    receiver_a, url_a = loopback_receivers(0)
    receiver_b, url_b = loopback_receivers(0)
    for ods, url in (("A81001", url_a), ("B82002", url_b)):
        created = client.post(
            "/v1/subscriptions", json={"url": url}, headers=bearer(create_provider(ods))
        )
        assert created.status_code == 201
    person_id = make_person()
    fan_out(session)  # consent.granted and needs.changed for both, still pending
    _withdraw(client, person_id, "A81001", service_headers)
    fan_out(session)

    with httpx.Client() as http:
        deliver_due(session, http, now=utcnow(), development=True)

    types_a = [json.loads(body)["event"]["type"] for _h, body in receiver_a.requests]
    types_b = [json.loads(body)["event"]["type"] for _h, body in receiver_b.requests]
    assert types_a == ["consent.withdrawn"], "A's pending deliveries were cancelled"
    assert types_b == ["consent.granted", "needs.changed"]

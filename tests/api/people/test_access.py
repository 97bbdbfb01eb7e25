"""Who may see whom on every provider route, consent withdrawal, and the append-only audit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from api.app import create_app
from api.auth.providers import SCOPES, get_or_create_organisation
from api.core.settings import DEV_ADMIN_TOKEN, Settings
from api.models.people import PersonNhsNumber
from api.models.representatives import Representative
from api.models.tables import AuditEvent
from tests.api.conftest import PHONE, bearer

NHS = "9434765919"

# Every provider route, and how to ask it about person P ({p}); a new route fails the coverage
# test below until it is listed here.
PROVIDER_ROUTES: dict[tuple[str, str], dict[str, Any]] = {
    ("GET", "/v1/people"): {"url": "/v1/people", "params": {"phone": PHONE}},
    ("GET", "/v1/people#id"): {"url": "/v1/people", "params": {"id": "{p}"}},
    ("GET", "/v1/people#nhs_number"): {"url": "/v1/people", "params": {"nhs_number": NHS}},
    ("PUT", "/v1/people/{person_id}/nhs-number"): {
        "url": "/v1/people/{p}/nhs-number",
        "json": {"nhs_number": NHS},
    },
    ("GET", "/v1/people/{person_id}/needs"): {"url": "/v1/people/{p}/needs"},
    ("GET", "/v1/people/{person_id}/history"): {"url": "/v1/people/{p}/history"},
    ("GET", "/v1/people/{person_id}/observed-needs"): {"url": "/v1/people/{p}/observed-needs"},
    ("GET", "/v1/changes"): {"url": "/v1/changes"},
    ("GET", "/fhir/Patient/{person_id}"): {"url": "/fhir/Patient/{p}"},
    ("GET", "/fhir/Patient"): {"url": "/fhir/Patient", "params": {"identifier": "{p}"}},
    ("GET", "/fhir/Patient#nhs"): {
        "url": "/fhir/Patient",
        "params": {"identifier": f"https://fhir.nhs.uk/Id/nhs-number|{NHS}"},
    },
    ("GET", "/fhir/Flag"): {"url": "/fhir/Flag", "params": {"patient": "Patient/{p}"}},
    ("GET", "/fhir/Consent"): {"url": "/fhir/Consent", "params": {"patient": "{p}"}},
    ("GET", "/fhir/RelatedPerson"): {"url": "/fhir/RelatedPerson", "params": {"patient": "{p}"}},
}
PUBLIC = {("GET", "/fhir/metadata")}
# Front-door staff routes: not about one person, tested in tests/api/callbacks/test_callbacks.py.
CALLBACK_ROUTES = {
    ("GET", "/v1/callbacks"),
    ("POST", "/v1/callbacks/{callback_id}/claim"),
    ("POST", "/v1/callbacks/{callback_id}/close"),
}
# Routes about the organisation's own slots and bookings: tested across organisations in
# tests/api/bookings/test_slots.py and test_bookings_provider.py (a booking also grants sight,

# below).
OWN_ORGANISATION_ROUTES = {
    ("GET", "/v1/slots"),
    ("POST", "/v1/slots"),
    ("DELETE", "/v1/slots/{slot_id}"),
    ("GET", "/v1/bookings"),
    # About one person, but writes: cross-organisation refusal tested in test_waiting.py.
    ("POST", "/v1/people/{person_id}/waiting"),
    ("DELETE", "/v1/people/{person_id}/waiting/{waiting_id}"),
    # A write (201): refusal for an organisation that may not see the person (404, audited) is
    # tested in tests/api/people/test_provider_needs.py.
    ("POST", "/v1/people/{person_id}/observed-needs"),
    # Aggregate counts with small numbers withheld, about no one person (test_metrics.py).
    ("GET", "/v1/metrics/summary"),
    ("GET", "/v1/metrics/summary.csv"),
    ("GET", "/v1/metrics/measure-report"),
}
# Routes about the organisation's own subscriptions: asked with the id of A's subscription ({s}).
SUBSCRIPTION_ROUTES: dict[tuple[str, str], dict[str, Any]] = {
    ("GET", "/v1/subscriptions"): {"url": "/v1/subscriptions"},
    ("POST", "/v1/subscriptions"): {
        "url": "/v1/subscriptions",
        "json": {"url": "http://127.0.0.1:9/b"},
    },
    ("DELETE", "/v1/subscriptions/{subscription_id}"): {"url": "/v1/subscriptions/{s}"},
    ("GET", "/v1/subscriptions/{subscription_id}/dead-letters"): {
        "url": "/v1/subscriptions/{s}/dead-letters"
    },
}


def _provider_routes(settings: Settings) -> set[tuple[str, str]]:
    """(method, path) of every operation under /v1 and /fhir in the OpenAPI document."""
    paths = create_app(settings).openapi()["paths"]
    return {
        (method.upper(), path)
        for path, operations in paths.items()
        if path.startswith(("/v1", "/fhir"))
        for method in operations
    }


def test_every_provider_route_is_in_the_cross_organisation_table(settings: Settings) -> None:
    listed = {(method, path.split("#")[0]) for method, path in PROVIDER_ROUTES}
    listed |= OWN_ORGANISATION_ROUTES
    assert (
        _provider_routes(settings) - PUBLIC == listed | set(SUBSCRIPTION_ROUTES) | CALLBACK_ROUTES
    )


def _ask(client: TestClient, key: tuple[str, str], person_id: str, token: str) -> Any:
    """Send the request of one table row about the person."""
    spec = PROVIDER_ROUTES[key]
    params = {k: v.replace("{p}", person_id) for k, v in spec.get("params", {}).items()}
    url = spec["url"].replace("{p}", person_id)
    return client.request(key[0], url, params=params, json=spec.get("json"), headers=bearer(token))


def _leaks(response: Any, person_id: str) -> bool:
    """Whether the body names the person, beyond echoing the caller's own request URL."""
    body = response.text
    if response.json().get("resourceType") == "Bundle":
        body = body.replace(response.json()["link"][0]["url"], "")
    return person_id in body or PHONE in body or "Urdu" in body or NHS in body


@pytest.fixture
def make_person(make_person: Callable[..., str], session: Session) -> Callable[..., str]:
    """The conftest factory, and the person has an NHS number (so NHS number searches find
    them; attached here directly, as if by some earlier provider) and someone acting for them
    (so RelatedPerson searches find them)."""

    def create(*args: Any, **kwargs: Any) -> str:
        person_id = make_person(*args, **kwargs)
        organisation = create_organisation(session, "Z99999")
        session.add(
            PersonNhsNumber(person_id=person_id, nhs_number=NHS, organisation_id=organisation)
        )
        session.add(
            Representative(
                person_id=person_id, phone_e164="+447700900998", relationship="family",
                authority="lpa_health_welfare", status="active", channel="sms",
            )
        )  # fmt: skip
        session.commit()
        return person_id

    return create


def create_organisation(session: Session, ods: str) -> int:
    """The id of an organisation that may see nobody (it only attached the number)."""
    organisation, _ = get_or_create_organisation(
        session=session, ods_code=ods, name=ods, shares_consented_needs=False
    )
    session.flush()
    return organisation.id


@pytest.mark.parametrize("key", sorted(PROVIDER_ROUTES))
def test_no_cross_organisation_read(
    key: tuple[str, str],
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    session: Session,
) -> None:
    person_id = make_person()
    own = _ask(client, key, person_id, create_provider("A81001", shares=True))
    other = _ask(client, key, person_id, create_provider("B82002", shares=False))

    assert own.status_code == 200 and _leaks(own, person_id), "the control must see the person"
    assert other.status_code in (200, 404)
    assert not _leaks(other, person_id)
    if other.status_code == 404:
        assert other.headers["content-type"] == "application/problem+json"
    audited = session.scalars(
        select(AuditEvent.organisation_id).where(AuditEvent.organisation_id.is_not(None))
    ).all()
    assert len(set(audited)) == 2, "both reads are audited"


@pytest.mark.parametrize("key", sorted(PROVIDER_ROUTES))
def test_an_active_booking_grants_sight_to_the_booking_organisation_only(
    key: tuple[str, str],
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    service_headers: dict[str, str],
) -> None:
    person_id = make_person()
    booking_org = create_provider("A81001", shares=False)
    other = create_provider("B82002", shares=False)
    slot = client.post(
        "/v1/slots",
        json={"service": "Clinic", "place": "Room 1", "start": "2100-01-04T09:00:00+00:00",
              "length_minutes": 20},
        headers=bearer(booking_org),
    ).json()  # fmt: skip
    assert not _leaks(_ask(client, key, person_id, booking_org), person_id)

    booked = client.post(
        "/internal/bookings",
        json={"phone": PHONE, "slot_id": slot["id"], "channel": "sms"},
        headers=service_headers,
    )

    assert booked.status_code == 201
    assert _leaks(_ask(client, key, person_id, booking_org), person_id)
    assert not _leaks(_ask(client, key, person_id, other), person_id)


@pytest.mark.parametrize("key", sorted(PROVIDER_ROUTES))
def test_consent_withdrawal_cuts_access_at_once(
    key: tuple[str, str],
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    service_headers: dict[str, str],
) -> None:
    person_id = make_person()
    token = create_provider("A81001", shares=True)
    assert _leaks(_ask(client, key, person_id, token), person_id)

    withdrawn = client.post(
        f"/internal/people/{person_id}/consent/withdraw", headers=service_headers
    )

    assert withdrawn.status_code == 200
    assert withdrawn.json()["person_id"] == person_id
    after = _ask(client, key, person_id, token)
    assert after.status_code in (200, 404)
    if key == ("GET", "/v1/changes"):
        # The feed tells a former reader to forget the person: an id and a type, nothing else.
        assert [i["type"] for i in after.json()["items"]][-1] == "consent.withdrawn"
        assert PHONE not in after.text and "Urdu" not in after.text
    else:
        assert not _leaks(after, person_id)


def test_withdrawal_needs_the_service_token_and_a_real_person(
    client: TestClient,
    make_person: Callable[..., str],
    create_provider: Callable[..., str],
    service_headers: dict[str, str],
) -> None:
    person_id = make_person()
    path = f"/internal/people/{person_id}/consent/withdraw"

    assert client.post(path, headers=bearer(create_provider())).status_code == 401
    assert client.post(path).status_code == 401
    missing = client.post("/internal/people/nobody/consent/withdraw", headers=service_headers)
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"


def test_audit_is_append_only_in_the_database(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    session: Session,
) -> None:
    person_id = make_person()
    client.get(f"/v1/people/{person_id}/needs", headers=bearer(create_provider()))

    for statement in ("UPDATE audit_events SET outcome = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(DatabaseError, match="append-only"):
            session.execute(text(statement))
        session.rollback()
    assert session.scalars(select(AuditEvent.outcome)).all() == ["ok"]


def test_admin_queries_audit_by_organisation_person_and_action(
    client: TestClient, create_provider: Callable[..., str], make_person: Callable[..., str]
) -> None:
    person_id = make_person()
    a, b = create_provider("A81001"), create_provider("B82002", shares=False)
    for token in (a, b, a):
        client.get(f"/v1/people/{person_id}/needs", headers=bearer(token))
    admin = bearer(DEV_ADMIN_TOKEN)

    by_org = client.get("/admin/audit", params={"ods_code": "B82002"}, headers=admin).json()
    page = client.get(
        "/admin/audit", params={"person_id": person_id, "limit": 2}, headers=admin
    ).json()
    rest = client.get(
        "/admin/audit",
        params={"person_id": person_id, "cursor": page["next_cursor"]},
        headers=admin,
    ).json()

    assert [(e["ods_code"], e["outcome"]) for e in by_org["items"]] == [("B82002", "not_found")]
    assert [e["ods_code"] for e in page["items"] + rest["items"]] == ["A81001", "B82002", "A81001"]
    assert rest["next_cursor"] is None
    assert client.get("/admin/audit", headers=bearer(a)).status_code == 401
    bad = client.get("/admin/audit", params={"cursor": "not-a-cursor"}, headers=admin)
    assert bad.status_code == 400
    assert bad.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("key", sorted(SUBSCRIPTION_ROUTES))
def test_no_cross_organisation_subscription_access(
    key: tuple[str, str], client: TestClient, create_provider: Callable[..., str], session: Session
) -> None:
    own = create_provider("A81001")
    created = client.post(
        "/v1/subscriptions", json={"url": "http://127.0.0.1:9/a"}, headers=bearer(own)
    ).json()
    spec = SUBSCRIPTION_ROUTES[key]
    url = spec["url"].replace("{s}", str(created["id"]))

    other = client.request(
        key[0], url, json=spec.get("json"), headers=bearer(create_provider("B82002"))
    )

    assert other.status_code in (200, 201, 404)
    assert "127.0.0.1:9/a" not in other.text and created["secret"] not in other.text
    mine = client.get("/v1/subscriptions", headers=bearer(own)).json()
    assert [s["id"] for s in mine] == [created["id"]], "A's subscription is untouched"


@pytest.mark.parametrize("key", sorted(PROVIDER_ROUTES))
def test_withdrawal_for_one_organisation_cuts_it_alone_on_every_route(
    key: tuple[str, str],
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    service_headers: dict[str, str],
) -> None:
    person_id = make_person()
    a, b = create_provider("A81001", shares=True), create_provider("B82002", shares=True)
    assert _leaks(_ask(client, key, person_id, a), person_id)

    withdrawn = client.post(
        f"/internal/people/{person_id}/consent/organisations/A81001/withdraw",
        headers=service_headers,
    )

    assert withdrawn.status_code == 200
    after = _ask(client, key, person_id, a)
    assert after.status_code in (200, 404)
    if key == ("GET", "/v1/changes"):
        assert [i["type"] for i in after.json()["items"]][-1] == "consent.withdrawn"
        assert PHONE not in after.text and "Urdu" not in after.text
    else:
        assert not _leaks(after, person_id)
    kept = _ask(client, key, person_id, b)
    assert kept.status_code == 200 and _leaks(kept, person_id), "B keeps access"


@pytest.mark.parametrize("key", sorted(PROVIDER_ROUTES))
def test_every_route_takes_an_oauth_access_token_until_the_client_is_revoked(
    key: tuple[str, str], client: TestClient, make_person: Callable[..., str]
) -> None:
    person_id = make_person()
    admin = bearer(DEV_ADMIN_TOKEN)
    client.post(
        "/admin/organisations",
        json={"ods_code": "A81001", "name": "A", "shares_consented_needs": True},
        headers=admin,
    )
    issued = client.post(
        "/admin/organisations/A81001/oauth-clients",
        json={"name": "EPR", "scopes": sorted(SCOPES)},
        headers=admin,
    ).json()
    token = client.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": issued["client_id"],
            "client_secret": issued["client_secret"],
        },
    ).json()["access_token"]

    own = _ask(client, key, person_id, token)
    client.post(f"/admin/credentials/{issued['id']}/revoke", headers=admin)
    revoked = _ask(client, key, person_id, token)

    assert own.status_code == 200 and _leaks(own, person_id)
    assert revoked.status_code == 401
    assert revoked.headers["content-type"] == "application/problem+json"

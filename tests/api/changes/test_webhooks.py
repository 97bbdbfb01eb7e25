"""Webhooks: URL checks, signed deliveries to a loopback receiver, retries and dead letters."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request, Response
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.changes.webhook_delivery import RetryPolicy, deliver_due, fan_out
from api.changes.webhook_signing import SIGNATURE_HEADER, signature, verify
from api.changes.webhook_urls import InvalidWebhookURLError, check_webhook_url
from api.core.db import utcnow
from api.models.tables import WebhookDelivery, WebhookSubscription
from tests.api.conftest import bearer
from tests.api.live import serve


def _resolver(*addresses: str) -> Callable[..., list[tuple[Any, ...]]]:
    """A fake getaddrinfo answering with these addresses."""
    return lambda *_a, **_k: [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, 443)) for a in addresses
    ]


def test_signature_known_answer() -> None:
    # Computed apart: hmac.new(b"whsec_test", b"1700000000.{}", sha256).hexdigest()
    expected = "35495024f4ef3f94e5a93e22221544c4b75e9a42300cd965ab81cb85cd994e91"
    computed = signature("whsec_test", 1700000000, b"{}")
    assert computed == expected
    header = f"t=1700000000,v1={computed}"
    assert verify("whsec_test", header, b"{}", now=1700000100)
    assert not verify("whsec_test", header, b"{ }", now=1700000100)
    assert not verify("other", header, b"{}", now=1700000100)
    assert not verify("whsec_test", header, b"{}", now=1700001000)  # too old: a replay
    assert not verify("whsec_test", "garbage", b"{}", now=1700000000)


@pytest.mark.parametrize(
    ("url", "development", "addresses"),
    [
        ("http://epr.example.com/hook", False, ("93.184.216.34",)),
        ("https://10.1.2.3/hook", False, ()),
        ("https://192.168.0.5/hook", True, ()),
        ("https://169.254.169.254/latest/meta-data", True, ()),
        ("https://127.0.0.1/hook", False, ()),
        ("https://[::1]/hook", False, ()),
        ("https://internal.example.com/hook", False, ("10.0.0.8",)),
        ("https://mixed.example.com/hook", False, ("93.184.216.34", "127.0.0.1")),
        ("https://user:pw@epr.example.com/hook", False, ("93.184.216.34",)),
        ("ftp://epr.example.com/hook", False, ("93.184.216.34",)),
        ("https:///nohost", False, ()),
        ("javascript:alert(1)", True, ()),
    ],
)
def test_refused_webhook_urls(url: str, development: bool, addresses: tuple[str, ...]) -> None:
    with pytest.raises(InvalidWebhookURLError):
        check_webhook_url(url, development=development, resolve=_resolver(*addresses))


def test_allowed_webhook_urls() -> None:
    public = _resolver("93.184.216.34")
    assert check_webhook_url("https://epr.example.com/h", development=False, resolve=public)
    assert check_webhook_url("http://127.0.0.1:9/h", development=True, resolve=public)
    loopback = _resolver("127.0.0.1")
    assert check_webhook_url("http://localhost:9/h", development=True, resolve=loopback)


class Receiver:
    """A loopback webhook receiver that fails the first `failures` requests."""

    def __init__(self, failures: int = 0) -> None:
        """Record requests; answer 500 `failures` times, then 204."""
        self.failures = failures
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.app = FastAPI()
        self.app.add_api_route("/hook", self.hook, methods=["POST"])

    async def hook(self, request: Request) -> Response:
        """Record the delivery and answer."""
        self.requests.append((dict(request.headers), await request.body()))
        if len(self.requests) <= self.failures:
            return Response(status_code=500)
        return Response(status_code=204)


@pytest.fixture
def receiver_factory() -> Iterator[Callable[[int], tuple[Receiver, str]]]:
    """Start loopback receivers; stops them after the test."""
    stack: list[Any] = []

    def start(failures: int = 0) -> tuple[Receiver, str]:
        receiver = Receiver(failures)
        server = serve(receiver.app)
        base = server.__enter__()
        stack.append(server)
        return receiver, f"{base}/hook"

    yield start
    for server in stack:
        server.__exit__(None, None, None)


def _subscribe(client: TestClient, token: str, url: str) -> dict[str, Any]:
    """Create a subscription and return its body."""
    response = client.post("/v1/subscriptions", json={"url": url}, headers=bearer(token))
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_signed_deliveries_reach_a_loopback_receiver(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    session: Session,
    receiver_factory: Callable[[int], tuple[Receiver, str]],
) -> None:
    receiver, url = receiver_factory(0)
    subscription = _subscribe(client, create_provider(), url)
    person_id = make_person()

    assert fan_out(session) == 2
    with httpx.Client() as http:
        assert deliver_due(session, http, now=utcnow(), development=True) == 2

    bodies = [body for _headers, body in receiver.requests]
    assert [b'"consent.granted"' in bodies[0], b'"needs.changed"' in bodies[1]] == [True, True]
    for headers, body in receiver.requests:
        header = headers[SIGNATURE_HEADER.lower()]
        now = int(header.split(",")[0][2:])
        assert verify(subscription["secret"], header, body, now=now)
        assert person_id.encode() in body and b"+44" not in body and b"Urdu" not in body
    statuses = session.scalars(select(WebhookDelivery.status)).all()
    assert statuses == ["delivered", "delivered"]


def test_failures_are_retried_with_backoff_then_delivered(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    session: Session,
    receiver_factory: Callable[[int], tuple[Receiver, str]],
) -> None:
    receiver, url = receiver_factory(2)
    _subscribe(client, create_provider(), url)
    make_person(consent=True)
    fan_out(session)
    only_first = session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)).all()
    for extra in only_first[1:]:
        session.delete(extra)
    session.commit()
    policy = RetryPolicy(max_attempts=5, first_delay=timedelta(seconds=30))
    start = utcnow()

    with httpx.Client() as http:
        tries = [
            deliver_due(
                session, http, now=start + timedelta(seconds=s), development=True, policy=policy
            )
            for s in (0, 10, 31, 60, 92)
        ]

    # fail; not due (30 s backoff); fail; not due (60 s backoff); delivered
    assert tries == [0, 0, 0, 0, 1]
    assert len(receiver.requests) == 3
    delivery = session.scalars(select(WebhookDelivery)).one()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 3, 204)


def test_repeated_failure_ends_in_the_dead_letter_list(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    session: Session,
    receiver_factory: Callable[[int], tuple[Receiver, str]],
) -> None:
    _receiver, url = receiver_factory(1000)
    token = create_provider()
    subscription = _subscribe(client, token, url)
    make_person()
    fan_out(session)
    policy = RetryPolicy(max_attempts=3, first_delay=timedelta(seconds=1))
    now = utcnow()

    with httpx.Client() as http:
        for step in range(10):
            deliver_due(
                session, http, now=now + timedelta(hours=step), development=True, policy=policy
            )

    dead = client.get(f"/v1/subscriptions/{subscription['id']}/dead-letters", headers=bearer(token))
    assert dead.status_code == 200
    assert [(d["event_type"], d["attempts"], d["last_status_code"]) for d in dead.json()] == [
        ("consent.granted", 3, 500),
        ("needs.changed", 3, 500),
    ]
    other = client.get(
        f"/v1/subscriptions/{subscription['id']}/dead-letters",
        headers=bearer(create_provider("B82002")),
    )
    assert other.status_code == 404


def test_withdrawn_consent_cancels_pending_deliveries(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    session: Session,
    service_headers: dict[str, str],
    receiver_factory: Callable[[int], tuple[Receiver, str]],
) -> None:
    receiver, url = receiver_factory(0)
    _subscribe(client, create_provider(), url)
    person_id = make_person()
    fan_out(session)
    client.post(f"/internal/people/{person_id}/consent/withdraw", headers=service_headers)
    fan_out(session)

    with httpx.Client() as http:
        deliver_due(session, http, now=utcnow(), development=True)

    assert [b'"consent.withdrawn"' in body for _h, body in receiver.requests] == [True]
    session.expire_all()
    assert sorted(session.scalars(select(WebhookDelivery.status)).all()) == [
        "cancelled",
        "cancelled",
        "delivered",
    ]


@pytest.mark.parametrize(
    "url",
    ["http://epr.example.com/hook", "https://10.0.0.1/hook", "https://localhost.invalid./x", "x"],
)
def test_bad_subscription_urls_are_422_and_create_nothing(
    client: TestClient, create_provider: Callable[..., str], session: Session, url: str
) -> None:
    response = client.post(
        "/v1/subscriptions", json={"url": url}, headers=bearer(create_provider())
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert session.scalars(select(WebhookSubscription)).all() == []


def test_subscriptions_need_the_scope_and_stay_within_the_organisation(
    client: TestClient, create_provider: Callable[..., str]
) -> None:
    own = create_provider("A81001")
    other = create_provider("B82002")
    read_only = create_provider("C83003", scopes=("needs:read",))
    created = _subscribe(client, own, "http://127.0.0.1:9/hook")

    assert client.get("/v1/subscriptions", headers=bearer(read_only)).status_code == 403
    assert client.get("/v1/subscriptions", headers=bearer(other)).json() == []
    gone = client.delete(f"/v1/subscriptions/{created['id']}", headers=bearer(other))
    assert gone.status_code == 404
    listed = client.get("/v1/subscriptions", headers=bearer(own)).json()
    assert [s["id"] for s in listed] == [created["id"]] and "secret" not in listed[0]
    assert (
        client.delete(f"/v1/subscriptions/{created['id']}", headers=bearer(own)).status_code == 204
    )
    assert client.get("/v1/subscriptions", headers=bearer(own)).json() == []

"""History, the changes feed and its cursor, ETags, page sizes, rate limits and hostile input."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.app import create_app
from api.core.codes import interpreter_need
from api.core.cursors import encode_cursor
from api.core.db import utcnow
from api.core.ratelimit import RateLimiter
from api.core.settings import Settings
from api.models.tables import AuditEvent, ChangeEvent, Consent, Need, Person
from tests.api.conftest import bearer


def _supersede_with(session: Session, person_id: str, language: str) -> None:
    """Record a new interpreter answer that supersedes the current one."""
    now = utcnow()
    for need in session.scalars(select(Need).where(Need.superseded_at.is_(None))):
        need.superseded_at = now
    coded = interpreter_need(needed=True, language=language)
    session.add(
        Need(
            person_id=person_id,
            kind=coded.kind,
            code_system=coded.code_system,
            code=coded.code,
            display=coded.display,
            value_system=coded.value_system,
            value_code=coded.value_code,
            value_display=coded.value_display,
            source_channel="voice",
        )
    )
    session.commit()


def test_history_shows_superseded_answers_a_page_at_a_time(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    session: Session,
) -> None:
    person_id = make_person()
    _supersede_with(session, person_id, "pl")
    headers = bearer(create_provider())

    first = client.get(f"/v1/people/{person_id}/history", params={"limit": 2}, headers=headers)
    rest = client.get(
        f"/v1/people/{person_id}/history",
        params={"cursor": first.json()["next_cursor"]},
        headers=headers,
    )

    items = first.json()["items"] + rest.json()["items"]
    assert sorted(i["type"] for i in items) == [
        "consent.granted",
        "need.recorded",
        "need.recorded",
        "need.superseded",
    ]
    assert rest.json()["next_cursor"] is None
    assert {i["need"]["value"]["code"] for i in items if i["need"]} == {"ur", "pl"}


def test_changes_feed_pages_with_an_opaque_cursor(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    session: Session,
) -> None:
    first_person = make_person()
    second_person = make_person("+447700900456")
    headers = bearer(create_provider())

    page = client.get("/v1/changes", params={"limit": 3}, headers=headers).json()
    rest = client.get("/v1/changes", params={"cursor": page["next_cursor"]}, headers=headers)
    _supersede_with(session, first_person, "pl")
    newer = client.get(
        "/v1/changes", params={"cursor": rest.json()["next_cursor"]}, headers=headers
    )

    seen = [(i["person_id"], i["type"]) for i in page["items"] + rest.json()["items"]]
    assert seen == [
        (first_person, "consent.granted"),
        (first_person, "needs.changed"),
        (second_person, "consent.granted"),
        (second_person, "needs.changed"),
    ]
    assert [(i["person_id"], i["type"]) for i in newer.json()["items"]] == [
        (first_person, "needs.changed")
    ]
    assert str(page["items"][-1]["id"]) not in page["next_cursor"]  # opaque, not a bare number


def test_changes_feed_of_an_organisation_without_sharing_is_empty(
    client: TestClient, create_provider: Callable[..., str], make_person: Callable[..., str]
) -> None:
    make_person()

    response = client.get("/v1/changes", headers=bearer(create_provider(shares=False)))

    assert response.json()["items"] == []


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/v1/changes", {"cursor": "%%%"}, 400),
        ("/v1/changes", {"cursor": encode_cursor("history", 1)}, 400),
        ("/v1/changes", {"cursor": "Y2hhbmdlczotMQ"}, 400),  # "changes:-1"
        ("/v1/changes", {"cursor": "x" * 500}, 422),
        ("/v1/changes", {"limit": 10**9}, 422),
        ("/v1/changes", {"limit": 0}, 422),
        ("/v1/people/{p}/history", {"limit": 101}, 422),
        ("/v1/people/{p}/history", {"cursor": "bm9wZQ"}, 400),
        ("/v1/people", {"phone": "' OR 1=1 --"}, 422),
        ("/v1/people", {"id": "' OR '1'='1"}, 200),
        ("/v1/people", {"phone": "+447700900123", "id": "x"}, 422),
        ("/fhir/Patient", {"identifier": "x|' OR 1=1; DROP TABLE people;--"}, 200),
        ("/fhir/Flag", {"patient": '{"$ne": null}'}, 200),
    ],
)
def test_hostile_input_is_a_clear_4xx_or_empty_and_changes_nothing(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    session: Session,
    path: str,
    params: dict[str, object],
    status: int,
) -> None:
    person_id = make_person()

    response = client.get(
        path.replace("{p}", person_id), params=params, headers=bearer(create_provider())
    )

    assert response.status_code == status
    if status >= 400:
        assert response.headers["content-type"] == "application/problem+json"
    else:
        assert person_id not in response.text
    assert "Urdu" not in response.text
    assert session.scalar(select(func.count()).select_from(Person)) == 1


def test_needs_etag_gives_304_until_the_needs_change(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    session: Session,
) -> None:
    person_id = make_person()
    headers = bearer(create_provider())
    path = f"/v1/people/{person_id}/needs"

    etag = client.get(path, headers=headers).headers["etag"]
    same = client.get(path, headers={**headers, "If-None-Match": etag})
    _supersede_with(session, person_id, "pl")
    changed = client.get(path, headers={**headers, "If-None-Match": etag})

    assert etag.startswith('W/"')
    assert same.status_code == 304 and same.content == b""
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    outcomes = session.scalars(select(AuditEvent.outcome).order_by(AuditEvent.id)).all()
    assert outcomes == ["ok", "not_modified", "ok"]


def test_rate_limit_per_client_is_429_with_retry_after(
    settings: Settings, database: str, create_provider: Callable[..., str]
) -> None:
    app = create_app(settings.model_copy(update={"rate_limit_per_minute": 2}))
    first, second = create_provider("A1"), create_provider("A2")

    with TestClient(app) as client:
        statuses = [client.get("/v1/changes", headers=bearer(first)).status_code for _ in range(3)]
        other = client.get("/v1/changes", headers=bearer(second))
        limited = client.get("/v1/changes", headers=bearer(first))

    assert statuses == [200, 200, 429]
    assert other.status_code == 200
    assert limited.headers["content-type"] == "application/problem+json"
    assert int(limited.headers["retry-after"]) >= 1


def test_token_bucket_refills_with_time() -> None:
    now = [0.0]
    limiter = RateLimiter(60, clock=lambda: now[0])

    assert all(limiter.take("k") == 0.0 for _ in range(60))
    assert limiter.take("k") == pytest.approx(1.0)
    now[0] += 1.0
    assert limiter.take("k") == 0.0
    assert limiter.take("other") == 0.0


def test_erasure_events_reach_former_readers_as_an_id_only(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    session: Session,
) -> None:
    person_id = make_person()
    headers = bearer(create_provider())
    cursor = client.get("/v1/changes", headers=headers).json()["next_cursor"]
    for consent in session.scalars(select(Consent).where(Consent.person_id == person_id)):
        session.delete(consent)
    session.add(ChangeEvent(person_id=person_id, type="person.erased"))
    session.commit()

    response = client.get("/v1/changes", params={"cursor": cursor}, headers=headers)

    assert response.status_code == 200
    assert [(i["person_id"], i["type"]) for i in response.json()["items"]] == [
        (person_id, "person.erased")
    ]
    hidden = client.get("/v1/changes", headers=bearer(create_provider("B82002", shares=False)))
    assert hidden.json()["items"] == []

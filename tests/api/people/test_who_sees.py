"""WHO SEES and WHO READ through the internal API: who can see a number's needs and how, STOP and
ALLOW one of them, and who read the record lately (from the audit)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.db import utcnow
from api.models.tables import AuditEvent, Organisation
from tests.api.conftest import PHONE, bearer


def _seers(client: TestClient, headers: dict[str, str]) -> list[dict]:
    response = client.get(
        "/internal/people/organisations", params={"phone": PHONE}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_who_sees_lists_sharing_organisations_in_a_stable_order(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    service_headers: dict[str, str],
) -> None:
    make_person()
    create_provider("A81001")
    create_provider("B82002")
    create_provider("C83003", shares=False)  # never sees anyone without a booking
    seers = _seers(client, service_headers)
    assert [(s["ods_code"], s["how"], s["stopped"]) for s in seers] == [
        ("A81001", "choice", False),
        ("B82002", "choice", False),
    ]
    assert client.get(
        "/internal/people/organisations", params={"phone": "+447700900999"}, headers=service_headers
    ).json() == {"items": []}


def test_stop_cuts_that_organisation_alone_and_allow_restores_it(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    service_headers: dict[str, str],
    session: Session,
) -> None:
    person_id = make_person()
    a, b = create_provider("A81001"), create_provider("B82002")
    stopped = client.post(
        "/internal/people/organisations/B82002/stop",
        json={"phone": PHONE, "channel": "sms"},
        headers=service_headers,
    )
    assert stopped.status_code == 200, stopped.text
    assert stopped.json()["stopped"] is True
    needs = f"/v1/people/{person_id}/needs"
    assert client.get(needs, headers=bearer(b)).status_code == 404
    assert client.get(needs, headers=bearer(a)).status_code == 200
    assert [s["stopped"] for s in _seers(client, service_headers)] == [False, True]
    audit = session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("consent.organisation.%"))
    ).all()
    assert audit == ["consent.organisation.withdraw"]

    allowed = client.post(
        "/internal/people/organisations/B82002/allow",
        json={"phone": PHONE, "channel": "voice"},
        headers=service_headers,
    )
    assert allowed.status_code == 200 and allowed.json()["stopped"] is False
    assert client.get(needs, headers=bearer(b)).status_code == 200


def test_stop_refuses_an_organisation_the_person_was_not_shown(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    service_headers: dict[str, str],
) -> None:
    make_person()
    create_provider("C83003", shares=False)
    for ods in ("C83003", "Z99999"):
        response = client.post(
            f"/internal/people/organisations/{ods}/stop",
            json={"phone": PHONE},
            headers=service_headers,
        )
        assert response.status_code == 404
    bad = client.post(
        "/internal/people/organisations/A81001/stop", json={"phone": "x"}, headers=service_headers
    )
    assert bad.status_code == 422


def test_who_read_lists_readers_of_the_last_90_days_from_the_audit(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    service_headers: dict[str, str],
    session: Session,
) -> None:
    person_id = make_person()
    a, _b = create_provider("A81001"), create_provider("B82002")
    assert client.get(f"/v1/people/{person_id}/needs", headers=bearer(a)).status_code == 200
    assert client.get(f"/v1/people/{person_id}/needs", headers=bearer(a)).status_code == 200
    b_id = session.scalar(select(Organisation.id).where(Organisation.ods_code == "B82002"))
    session.add(
        AuditEvent(
            organisation_id=b_id, person_id=person_id, action="needs.read", outcome="ok",
            purpose="direct_care", at=utcnow() - timedelta(days=91),
        )
    )  # fmt: skip
    session.commit()

    response = client.get(
        "/internal/people/reads", params={"phone": PHONE}, headers=service_headers
    )
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [(i["ods_code"], i["reads"]) for i in items] == [("A81001", 2)]
    assert response.json()["days"] == 90
    own = session.scalars(select(AuditEvent).where(AuditEvent.action == "person.who_read")).all()
    assert len(own) == 1 and own[0].person_id == person_id

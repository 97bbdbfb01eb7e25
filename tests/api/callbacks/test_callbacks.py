"""Call-backs: queued once per person, seen and worked only by the front-door organisations."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.callbacks.service import due_by
from api.core.db import utcnow
from api.models.callbacks import CallbackRequest
from api.models.tables import AuditEvent
from tests.api.conftest import PHONE, SERVICE_TOKEN, bearer

AUTH = {"Authorization": f"Bearer {SERVICE_TOKEN}"}
ASK = {"phone": PHONE, "language": "pl", "interpreter_language": "pl", "channel": "voice",
       "reason": "interpreter"}  # fmt: skip
STAFF_SCOPES = ("needs:read", "callbacks:manage")


def test_asking_twice_queues_one_call_back_due_on_a_weekday(client: TestClient) -> None:
    first = client.post("/internal/callbacks", json=ASK, headers=AUTH)
    assert first.status_code == 201, first.text
    again = client.post("/internal/callbacks", json=ASK, headers=AUTH)
    assert again.json()["id"] == first.json()["id"]
    assert client.post("/internal/callbacks", json=ASK).status_code == 401


def test_due_date_skips_the_weekend() -> None:
    friday = utcnow().replace(year=2026, month=11, day=27, hour=10)
    assert friday.weekday() == 4
    assert due_by(friday).weekday() == 0
    wednesday = friday - timedelta(days=2)
    assert due_by(wednesday) == wednesday + timedelta(days=1)


def test_staff_claim_then_close_and_nobody_else_can(client: TestClient, create_provider) -> None:
    queued = client.post("/internal/callbacks", json=ASK, headers=AUTH).json()
    team = bearer(create_provider("A81001", scopes=STAFF_SCOPES))
    other_team = bearer(create_provider("A81002", scopes=STAFF_SCOPES))

    listed = client.get("/v1/callbacks", headers=team).json()
    assert [(c["id"], c["phone"], c["interpreter_language"]) for c in listed] == [
        (queued["id"], PHONE, "pl")
    ]
    claimed = client.post(f"/v1/callbacks/{queued['id']}/claim", headers=team)
    assert claimed.json()["status"] == "claimed"
    assert client.post(f"/v1/callbacks/{queued['id']}/claim", headers=other_team).status_code == 409
    closing = {"outcome": "Called with a Polish interpreter"}
    stolen = client.post(f"/v1/callbacks/{queued['id']}/close", json=closing, headers=other_team)
    assert stolen.status_code == 409
    closed = client.post(f"/v1/callbacks/{queued['id']}/close", json=closing, headers=team)
    assert closed.json()["status"] == "done"
    assert client.get("/v1/callbacks", headers=team).json() == []
    done = client.get("/v1/callbacks", params={"status": "done"}, headers=team).json()
    assert [c["id"] for c in done] == [queued["id"]]


def test_only_front_door_organisations_with_the_scope_see_call_backs(
    client: TestClient, create_provider
) -> None:
    client.post("/internal/callbacks", json=ASK, headers=AUTH)
    outsider = bearer(create_provider("B82001", shares=False, scopes=STAFF_SCOPES))
    unscoped = bearer(create_provider("B82002", scopes=("needs:read",)))
    hidden = client.get("/v1/callbacks", headers=outsider)
    assert hidden.status_code == 404
    assert PHONE not in hidden.text
    assert client.get("/v1/callbacks", headers=unscoped).status_code == 403
    assert client.get("/v1/callbacks").status_code == 401


def test_overdue_call_backs_are_flagged_first(
    client: TestClient, create_provider, session: Session
) -> None:
    client.post("/internal/callbacks", json=ASK, headers=AUTH)
    client.post("/internal/callbacks", json={**ASK, "phone": "+447700900124"}, headers=AUTH)
    late = session.scalar(select(CallbackRequest).where(CallbackRequest.phone_e164 == PHONE))
    late.due_at = utcnow() - timedelta(hours=3)
    session.commit()
    listed = client.get("/v1/callbacks", headers=bearer(create_provider(scopes=STAFF_SCOPES)))
    assert [(c["phone"], c["overdue"]) for c in listed.json()] == [
        (PHONE, True),
        ("+447700900124", False),
    ]


def test_every_staff_action_is_audited(
    client: TestClient, create_provider, session: Session
) -> None:
    queued = client.post("/internal/callbacks", json=ASK, headers=AUTH).json()
    team = bearer(create_provider(scopes=STAFF_SCOPES))
    client.get("/v1/callbacks", headers=team)
    client.post(f"/v1/callbacks/{queued['id']}/claim", headers=team)
    actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert ["callbacks.list", "callbacks.claim"] == [
        a for a in actions if a.startswith("callbacks")
    ]

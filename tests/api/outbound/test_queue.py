"""The queue through the internal endpoint and a worker sending to the fake Twilio on loopback:
once per key, states, cost, long texts by WhatsApp in the window, and Twilio unreachable."""

from __future__ import annotations

import socket
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.db import utcnow
from api.models.outbound import OutboundMessage
from api.outbound.worker import Worker
from tests.api.admin_ui_support import add_user, sign_in
from tests.support.fake_twilio import FakeTwilio

PATIENT = "+447700900123"
# Polish wording of 207 characters: UCS-2 (ł, ś, ą), so four segments of 67.
LONG_POLISH = "Przypomnienie: wizyta jutro o 9:30 w przychodni przy ulicy Długiej. " * 3
URL = "/internal/outbound/messages"


def message(key: str, **overrides: object) -> dict[str, object]:
    return {"key": key, "purpose": "reminder", "phone": PATIENT, "language": "pl",
            "channels": ["sms"], "body": "Do zobaczenia jutro.", **overrides}  # fmt: skip


def test_the_same_key_is_queued_and_sent_once(
    client: TestClient, service_headers: dict[str, str], worker: Worker, twilio: FakeTwilio
) -> None:
    first = client.post(URL, json=message("booking:1"), headers=service_headers)
    again = client.post(URL, json=message("booking:1", body="Inne"), headers=service_headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]

    assert worker.run_once() == 1
    assert worker.run_once() == 0
    [sent] = twilio.to(PATIENT)
    assert sent["Body"] == "Do zobaczenia jutro."
    assert sent["StatusCallback"] == "https://frontdoor.test/webhooks/twilio_sms/status"
    [state] = client.get(URL, params={"key": "booking:1"}, headers=service_headers).json()
    assert (state["state"], state["channel"], state["encoding"], state["segments"]) == (
        "sent", "sms", "GSM-7", 1,
    )  # fmt: skip


def test_bad_messages_are_refused_clearly(
    client: TestClient, service_headers: dict[str, str]
) -> None:
    no_words = message("x:1", body=None)
    both = message("x:2", response="utter_reminder")
    not_a_number = message("x:3", phone="hello")
    for body in (no_words, both, not_a_number):
        assert client.post(URL, json=body, headers=service_headers).status_code == 422
    assert client.post(URL, json=message("x:4")).status_code == 401


def test_a_long_text_goes_by_whatsapp_when_the_window_is_open_and_is_costed_otherwise(
    client: TestClient, service_headers: dict[str, str], worker: Worker, twilio: FakeTwilio,
    session: Session,
) -> None:  # fmt: skip
    wrote_an_hour_ago = (utcnow() - timedelta(hours=1)).isoformat()
    both = ["sms", "whatsapp"]
    open_window = message("long:open", body=LONG_POLISH, channels=both,
                          whatsapp_last_inbound_at=wrote_an_hour_ago)  # fmt: skip
    client.post(URL, json=open_window, headers=service_headers)
    worker.run_once()
    assert [m["To"] for m in twilio.to(PATIENT)] == [f"whatsapp:{PATIENT}"]

    for n in range(5):  # no WhatsApp: by SMS, four segments each
        client.post(URL, json=message(f"long:{n}", body=LONG_POLISH), headers=service_headers)
    worker.run_once()
    costs = session.scalars(
        select(OutboundMessage.segments).where(OutboundMessage.channel == "sms")
    ).all()
    assert costs == [4] * 5

    add_user(session, "ann", "analyst")  # the measures page: segments per language and channel
    sign_in(client, "ann")
    month = utcnow().strftime("%Y-%m")
    assert "Texts sent and their SMS segments" in client.get("/admin/ui/dashboard").text
    costs_csv = client.get("/admin/ui/dashboard/segments.csv").text
    assert f"{month} pl sms,5,20" in costs_csv, costs_csv
    add_user(session, "tess", "reviewer")
    sign_in(client, "tess")
    admin = client.get("/admin/ui/languages/pl").text
    assert "Long by SMS in Polish" in admin
    assert "<strong>reminder</strong>: up to 4 segments (UCS-2), sent 5 times" in admin
    assert "Long by SMS" not in client.get("/admin/ui/languages/ro").text


def test_twilio_unreachable_keeps_the_message_queued_for_later(
    client: TestClient, service_headers: dict[str, str], worker: Worker, session: Session
) -> None:
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{closed.getsockname()[1]}"
    worker.twilio.client.http_client.base_url = dead  # type: ignore[attr-defined]
    client.post(URL, json=message("outage:1"), headers=service_headers)

    worker.run_once()

    row = session.scalar(
        select(OutboundMessage).where(OutboundMessage.idempotency_key == "outage:1")
    )
    assert row is not None and row.state == "queued" and row.twilio_sid is None
    assert worker.run_once() == 0, "not before its retry time"
    assert worker.run_once(now=utcnow() + timedelta(minutes=1)) == 1


def test_a_message_left_sending_by_a_killed_worker_is_abandoned_not_resent(
    client: TestClient, service_headers: dict[str, str], worker: Worker, twilio: FakeTwilio,
    session: Session,
) -> None:  # fmt: skip
    queued = client.post(URL, json=message("crash:1"), headers=service_headers).json()
    session.get(OutboundMessage, queued["id"]).state = "sending"  # type: ignore[union-attr]
    session.commit()

    assert worker.start() == 1
    assert worker.run_once() == 0
    assert twilio.to(PATIENT) == []
    [state] = client.get(URL, params={"key": "crash:1"}, headers=service_headers).json()
    assert (state["state"], state["error_code"]) == ("abandoned", "interrupted")


def test_a_failed_whatsapp_message_moves_to_sms_then_to_a_call_once_each(
    client: TestClient, service_headers: dict[str, str], worker: Worker, twilio: FakeTwilio
) -> None:
    wrote = (utcnow() - timedelta(hours=2)).isoformat()
    body = message("chain:1", channels=["whatsapp", "sms"], whatsapp_last_inbound_at=wrote)
    client.post(URL, json=body, headers=service_headers)
    worker.run_once()
    [whatsapp] = twilio.messages

    def failed(sid: str, to: str) -> None:
        status = {"message_sid": sid, "status": "undelivered", "error_code": "63024",
                  "to": to.removeprefix("whatsapp:"), "channel": "whatsapp"}  # fmt: skip
        assert (
            client.post(
                "/internal/messages/status", json=status, headers=service_headers
            ).status_code
            == 204
        )

    failed(whatsapp.sid, f"whatsapp:{PATIENT}")
    failed(whatsapp.sid, f"whatsapp:{PATIENT}")  # Twilio retries a callback: still one fallback
    worker.run_once()
    assert [m.form["To"] for m in twilio.messages] == [f"whatsapp:{PATIENT}", PATIENT]
    sms = twilio.messages[1]
    status = {"message_sid": sms.sid, "status": "failed", "error_code": "30008", "to": PATIENT}
    client.post("/internal/messages/status", json=status, headers=service_headers)
    worker.run_once()
    worker.run_once()

    assert len(twilio.calls_to(PATIENT)) == 1
    chain = client.get(URL, params={"key": "chain:1"}, headers=service_headers).json()
    assert [(m["channel"], m["state"]) for m in chain] == [
        ("whatsapp", "failed"), ("sms", "failed"), ("voice", "sent"),
    ]  # fmt: skip
    preferences = client.get("/internal/contact-preferences", params={"phone": PATIENT},
                             headers=service_headers).json()  # fmt: skip
    assert preferences["channels"]["sms"]["opted_out"] is False  # 30008 closes nothing

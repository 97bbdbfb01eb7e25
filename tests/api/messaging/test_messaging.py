"""Internal messaging records: STOP / START, delivery status, and which channels may be used."""

from __future__ import annotations

from fastapi.testclient import TestClient

PHONE = "+447700900123"
PREFS = "/internal/contact-preferences"


def prefs(client: TestClient, headers: dict[str, str], phone: str = PHONE) -> dict:
    response = client.get(PREFS, params={"phone": phone}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["channels"]


def test_a_number_never_seen_is_reachable_everywhere(client, service_headers) -> None:
    channels = prefs(client, service_headers)
    assert set(channels) == {"sms", "whatsapp", "voice"}
    assert all(state["reachable"] and not state["opted_out"] for state in channels.values())


def test_stop_then_start_on_sms_only(client, service_headers) -> None:
    stop = client.post(
        f"{PREFS}/opt-out",
        json={"phone": "+44 7700 900123", "channel": "sms"},
        headers=service_headers,
    )
    assert stop.status_code == 200, stop.text
    assert stop.json()["phone"] == PHONE
    channels = prefs(client, service_headers)
    assert channels["sms"] == {
        "opted_out": True, "last_status": None, "last_error_code": None, "reachable": False
    }  # fmt: skip
    assert channels["whatsapp"]["reachable"] is True
    again = client.post(f"{PREFS}/opt-out", json={"phone": PHONE}, headers=service_headers)
    assert again.status_code == 200
    start = client.post(f"{PREFS}/opt-in", json={"phone": PHONE}, headers=service_headers)
    assert start.json()["channels"]["sms"]["reachable"] is True


def test_undelivered_status_makes_the_channel_unreachable_until_delivered(
    client, service_headers
) -> None:
    def status(value: str, code: str | None = None) -> int:
        body = {"message_sid": "SM" + "a" * 32, "status": value, "error_code": code, "to": PHONE}
        return client.post(
            "/internal/messages/status", json=body, headers=service_headers
        ).status_code

    assert status("sent") == 204
    assert status("undelivered", "30003") == 204
    sms = prefs(client, service_headers)["sms"]
    assert (sms["last_status"], sms["last_error_code"], sms["reachable"]) == (
        "undelivered", "30003", False
    )  # fmt: skip
    assert status("delivered") == 204
    assert prefs(client, service_headers)["sms"]["reachable"] is True


def test_without_the_service_token_nothing_is_read_or_written(client) -> None:
    assert client.get(PREFS, params={"phone": PHONE}).status_code == 401
    assert client.post(f"{PREFS}/opt-out", json={"phone": PHONE}).status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert client.post("/internal/messages/status", json={}, headers=wrong).status_code == 401


def test_bad_numbers_and_fields_are_422(client, service_headers) -> None:
    bad = client.post(f"{PREFS}/opt-out", json={"phone": "NHSAPP"}, headers=service_headers)
    assert bad.status_code == 422
    channel = client.post(
        f"{PREFS}/opt-out", json={"phone": PHONE, "channel": "pigeon"}, headers=service_headers
    )
    assert channel.status_code == 422
    assert client.get(PREFS, params={"phone": "x"}, headers=service_headers).status_code == 422
    body = {"message_sid": "SM<script>", "status": "sent"}
    response = client.post("/internal/messages/status", json=body, headers=service_headers)
    assert response.status_code == 422

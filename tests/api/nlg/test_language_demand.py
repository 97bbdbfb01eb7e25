"""The phone language menu puts the languages most people are recorded in first."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import SERVICE_TOKEN

AUTH = {"Authorization": f"Bearer {SERVICE_TOKEN}"}
MENU = {"replies": [{"response": "utter_ask_language"}]}


def record(client: TestClient, phone: str, language: str) -> None:
    body = {"phone": phone, "language": language, "channel": "voice",
            "consent": {"granted": True, "language": language}}  # fmt: skip
    response = client.post("/internal/assessments", json=body, headers=AUTH)
    assert response.status_code == 201, response.text


def first_codes(client: TestClient, channel: str, via_nlg: bool = False) -> list[str]:
    if via_nlg:
        body = {"response": "utter_ask_language", "tracker": {"slots": {}},
                "channel": {"name": channel}}  # fmt: skip
        menu = client.post(f"/nlg?token={SERVICE_TOKEN}", json=body).json()
    else:
        rendered = client.post("/internal/render", json={**MENU, "channel": channel}, headers=AUTH)
        menu = rendered.json()["messages"][0]
    payloads = [b["payload"] for b in menu["buttons"] if b["payload"] != "/more_languages"]
    return [payload.split('"')[3] for payload in payloads][:3]


def test_recorded_people_move_their_languages_to_the_front_of_the_call_menu(
    client: TestClient,
) -> None:
    assert first_codes(client, "twilio_voice") == ["en", "pl", "en@easyread"]
    for n in range(3):
        record(client, f"+44770090030{n}", "so")
    record(client, "+447700900310", "ti")
    assert first_codes(client, "twilio_voice") == ["so", "ti", "en"]
    assert first_codes(client, "twilio_voice", via_nlg=True) == ["so", "ti", "en"]
    # Text messages keep the menu order of languages.yml.
    assert first_codes(client, "twilio_sms") == ["en", "pl", "en@easyread"]

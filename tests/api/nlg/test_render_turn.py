"""POST /internal/render: a turn's replies rendered in one call for the action server."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import SERVICE_TOKEN

AUTH = {"Authorization": f"Bearer {SERVICE_TOKEN}"}


def nlg_text(client: TestClient, response: str, arguments: dict, channel: str) -> dict:
    body = {"response": response, "arguments": arguments, "tracker": {"slots": {}},
            "channel": {"name": channel}}  # fmt: skip
    return client.post(f"/nlg?token={SERVICE_TOKEN}", json=body).json()


def test_a_turn_renders_in_order_exactly_as_the_nlg_endpoint_would(client: TestClient) -> None:
    replies = [
        {"response": "utter_saved", "arguments": {"language": "pl"}},
        {"response": "utter_ask_consent", "arguments": {"language": "pl"}},
    ]
    for channel in ("twilio_sms", "twilio_voice"):
        rendered = client.post(
            "/internal/render", json={"replies": replies, "channel": channel}, headers=AUTH
        )
        assert rendered.status_code == 200, rendered.text
        assert rendered.json()["messages"] == [
            nlg_text(client, r["response"], r["arguments"], channel) for r in replies
        ]
    spoken = rendered.json()["messages"][1]["text"]
    assert "1" in spoken and spoken != nlg_text(client, "utter_ask_consent", {}, "twilio_voice")


def test_the_slots_sent_fill_what_the_arguments_leave_out(client: TestClient) -> None:
    body = {"replies": [{"response": "utter_ask_consent"}], "slots": {"language": "pl"}}
    in_polish = client.post("/internal/render", json=body, headers=AUTH).json()["messages"][0]
    in_english = client.post("/internal/render", json={**body, "slots": {}}, headers=AUTH).json()[
        "messages"
    ][0]
    assert in_polish["text"] != in_english["text"]
    assert in_polish == nlg_text(client, "utter_ask_consent", {"language": "pl"}, "twilio_sms")


def test_only_the_service_may_render_and_bad_bodies_are_refused(client: TestClient) -> None:
    turn = {"replies": [{"response": "utter_saved"}]}
    assert client.post("/internal/render", json=turn).status_code == 401
    wrong = {"Authorization": "Bearer not-the-token"}
    assert client.post("/internal/render", json=turn, headers=wrong).status_code == 401
    too_many = {"replies": [{"response": "utter_saved"}] * 21}
    assert client.post("/internal/render", json=too_many, headers=AUTH).status_code == 422
    assert client.post("/internal/render", json={"replies": "x"}, headers=AUTH).status_code == 422
    unknown = {"replies": [{"response": "utter_no_such_thing"}]}
    fallback = client.post("/internal/render", json=unknown, headers=AUTH)
    assert fallback.status_code == 200 and fallback.json()["messages"][0]["text"]

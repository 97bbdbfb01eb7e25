"""WHO SEES, WHO READ and needs a provider recorded, as a person reads (SMS) or hears (a call)
them, in their language and date format."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import SERVICE_TOKEN

AUTH = {"Authorization": f"Bearer {SERVICE_TOKEN}"}
SEERS = [
    {"ods_code": "A81001", "name": "Riverside", "how": "booking", "stopped": False},
    {"ods_code": "B82002", "name": "City", "how": "choice", "stopped": True},
]


def text(client: TestClient, response: str, arguments: dict, channel: str = "twilio_sms") -> str:
    body = {"replies": [{"response": response, "arguments": arguments}], "channel": channel}
    rendered = client.post("/internal/render", json=body, headers=AUTH)
    assert rendered.status_code == 200, rendered.text
    return rendered.json()["messages"][0]["text"]


def test_who_sees_numbers_each_organisation_with_how_and_says_how_to_stop(
    client: TestClient,
) -> None:
    english = text(client, "utter_who_sees", {"language": "en", "organisations": SEERS})
    assert "1. Riverside: you booked an appointment with them" in english
    assert "2. City: stopped by you" in english
    assert "send STOP and its number, for example STOP 2" in english
    spoken = text(
        client, "utter_who_sees", {"language": "en", "organisations": SEERS}, "twilio_voice"
    )
    assert "say STOP and its number" in spoken and "send STOP" not in spoken
    polish = text(client, "utter_who_sees", {"language": "pl", "organisations": SEERS})
    assert "1. Riverside: umówiona u nich wizyta" in polish and "ZEZWÓL" in polish
    assert "No organisation" in text(client, "utter_who_sees", {"language": "en"})


def test_who_read_gives_the_date_in_the_persons_language(client: TestClient) -> None:
    readers = [{"name": "Riverside", "last_read_at": "2026-12-05T10:30:00+00:00", "reads": 2}]
    assert "Riverside, most recently on 5 December 2026, 10:30" in text(
        client, "utter_who_read", {"language": "en", "readers": readers}
    )
    assert "Riverside, ostatnio 5 grudnia 2026" in text(
        client, "utter_who_read", {"language": "pl", "readers": readers}
    )


def test_a_provider_need_is_asked_with_its_conflict_and_my_data_shows_both_sources(
    client: TestClient,
) -> None:
    need = {"organisation": "City", "conflict": True, "interpreter_needed": True,
            "interpreter_language": "pl"}  # fmt: skip
    asked = client.post(
        "/internal/render",
        json={"replies": [{"response": "utter_provider_need",
                           "arguments": {"language": "en", "need": need}}]},
        headers=AUTH,
    ).json()["messages"][0]  # fmt: skip
    assert "City has recorded a need for you:\nInterpreter: Polish" in asked["text"]
    assert "This is different from what you told us" in asked["text"]
    assert [b["payload"] for b in asked["buttons"]] == ["/affirm", "/deny"]
    held = text(
        client,
        "utter_my_data",
        {"language": "en", "held": True, "interpreter_needed": False,
         "observed": [{**need, "status": "rejected"}]},
    )  # fmt: skip
    assert "Interpreter: not needed" in held, "the person's own answer"
    assert "City recorded: Interpreter: Polish. You said no." in held, "and the provider's"

"""The assessment flow: served to the bot, replaced without retraining, coded on the way in."""

from __future__ import annotations

import copy

from fastapi.testclient import TestClient

from tests.api.conftest import PHONE, SERVICE_TOKEN

AUTH = {"Authorization": f"Bearer {SERVICE_TOKEN}"}


def assessment(**answers: list[str]) -> dict:
    return {
        "phone": PHONE,
        "language": "en",
        "channel": "sms",
        "consent": {"granted": True, "language": "en"},
        "interpreter": {"needed": False, "language": None},
        "answers": answers,
    }


def test_flow_is_served_to_the_service_only(client: TestClient) -> None:
    assert client.get("/internal/flow").status_code == 401
    body = client.get("/internal/flow", headers=AUTH).json()
    ids = [q["id"] for s in body["flow"]["sections"] for q in s["questions"]]
    assert ids[:2] == ["device", "connectivity"]
    assert {"communication_support", "adjustments", "contact_method", "social_factors"} <= set(ids)
    assert len(body["fingerprint"]) == 12


def test_answers_are_stored_as_coded_needs(client: TestClient, create_provider) -> None:
    provider_token = create_provider()
    recorded = client.post(
        "/internal/assessments",
        json=assessment(
            device=["basic_phone"],
            communication_support=["bsl", "easy_read"],
            adjustments=["wheelchair"],
        ),
        headers=AUTH,
    )
    assert recorded.status_code == 201, recorded.text
    person = recorded.json()["person_id"]
    needs = client.get(
        f"/v1/people/{person}/needs", headers={"Authorization": f"Bearer {provider_token}"}
    ).json()["needs"]
    codes = {(n["kind"], n["code"]["code"]) for n in needs}
    assert ("communication_support", "204331000000107") in codes  # BSL interpreter needed
    assert ("communication_support", "796161000000101") in codes  # Easyread
    assert ("adjustments", "1108191000000103") in codes  # wheelchair access
    assert ("device", "device-basic-mobile") in codes


def test_a_changed_multi_answer_supersedes_all_of_the_old_one(
    client: TestClient, create_provider
) -> None:
    provider_token = create_provider()
    first = client.post(
        "/internal/assessments", json=assessment(adjustments=["wheelchair", "home_visit"]),
        headers=AUTH,
    )  # fmt: skip
    person = first.json()["person_id"]
    client.post("/internal/assessments", json=assessment(adjustments=["quiet_place"]), headers=AUTH)
    needs = client.get(
        f"/v1/people/{person}/needs", headers={"Authorization": f"Bearer {provider_token}"}
    ).json()["needs"]
    assert [n["code"]["code"] for n in needs if n["kind"] == "adjustments"] == ["1325391000000106"]


def test_answers_the_flow_does_not_ask_are_refused(client: TestClient) -> None:
    for answers in (
        {"not_a_question": ["x"]},
        {"device": ["not_an_option"]},
        {"device": ["smartphone", "basic_phone"]},
        {"device": []},
    ):
        response = client.post("/internal/assessments", json=assessment(**answers), headers=AUTH)
        assert response.status_code == 422, answers
        assert response.headers["content-type"].startswith("application/problem+json")


def test_a_published_flow_is_asked_and_coded_at_once(client: TestClient) -> None:
    flow = client.get("/internal/flow", headers=AUTH).json()["flow"]
    changed = copy.deepcopy(flow)
    changed["sections"] = [changed["sections"][0]]
    changed["sections"][0]["questions"][0]["text"] = "What phone do you use?"
    published = client.put("/internal/flow", json=changed, headers=AUTH)
    assert published.status_code == 200, published.text
    served = client.get("/internal/flow", headers=AUTH).json()
    assert served["flow"]["sections"][0]["questions"][0]["text"] == "What phone do you use?"
    assert len(served["flow"]["sections"]) == 1
    removed = client.post(
        "/internal/assessments", json=assessment(adjustments=["wheelchair"]), headers=AUTH
    )
    assert removed.status_code == 422, "a question no longer asked can't be answered"
    nlg = client.post(
        f"/nlg?token={SERVICE_TOKEN}",
        json={"response": "utter_ask_question", "arguments": {"question_id": "device"}},
    ).json()
    assert nlg["text"] == "What phone do you use?", "untranslated new wording falls back to itself"


def test_an_invalid_flow_is_refused_and_the_old_one_kept(client: TestClient) -> None:
    before = client.get("/internal/flow", headers=AUTH).json()
    broken = copy.deepcopy(before["flow"])
    broken["sections"][0]["questions"][0]["options"] = []
    assert client.put("/internal/flow", json=broken, headers=AUTH).status_code == 422
    duplicate = copy.deepcopy(before["flow"])
    duplicate["sections"][1]["questions"][0]["id"] = "device"
    assert client.put("/internal/flow", json=duplicate, headers=AUTH).status_code == 422
    assert client.get("/internal/flow", headers=AUTH).json() == before


def test_question_renders_translated_with_prefer_not_to_say_last(client: TestClient) -> None:
    body = {
        "response": "utter_ask_question",
        "arguments": {"question_id": "device", "language": "pl"},
    }
    reply = client.post(f"/nlg?token={SERVICE_TOKEN}", json=body).json()
    assert reply["text"] == "Co z tego masz?"
    assert reply["buttons"][0] == {
        "title": "Własny smartfon",
        "payload": '/answer{"option":"smartphone"}',
    }
    assert reply["buttons"][-1] == {"title": "Wolę nie mówić", "payload": "/skip"}


def test_read_back_lists_each_answer_with_its_label(client: TestClient) -> None:
    arguments = {
        "language": "en",
        "interpreter_needed": False,
        "answers": {"device": ["shared_device"], "adjustments": ["wheelchair", "home_visit"],
                    "helper": []},
    }  # fmt: skip
    body = {"response": "utter_read_back", "arguments": arguments}
    text = client.post(f"/nlg?token={SERVICE_TOKEN}", json=body).json()["text"]
    assert "Device: A phone or computer I share" in text
    assert "Adjustments: Wheelchair access, A home visit" in text
    assert "Who helps: not answered" in text


def test_help_names_the_keywords_of_the_language(client: TestClient) -> None:
    body = {"response": "utter_help", "arguments": {"language": "pl"}}
    text = client.post(f"/nlg?token={SERVICE_TOKEN}", json=body).json()["text"]
    assert "WSTECZ" in text and "POMIŃ" in text and "POMOC" in text
    assert "PRZENIEŚ WIZYTĘ" in text and "PRYWATNOŚĆ" in text, "booking and privacy words too"


def test_change_menu_offers_the_interpreter_and_every_section(client: TestClient) -> None:
    body = {"response": "utter_ask_change", "arguments": {"language": "pl"}}
    reply = client.post(f"/nlg?token={SERVICE_TOKEN}", json=body).json()
    assert reply["text"] == "Którą część chcesz zmienić?"
    assert reply["buttons"][0] == {
        "title": "Tłumacz",
        "payload": '/change_section{"section":"interpreter"}',
    }
    assert [b["payload"] for b in reply["buttons"][1:]] == [
        f'/change_section{{"section":"{s}"}}'
        for s in ("digital", "communication", "adjustments", "contact", "social")
    ]
    assert reply["buttons"][1]["title"] == "Telefon i internet"


def test_providers_see_when_the_answers_were_last_confirmed(
    client: TestClient, create_provider
) -> None:
    provider = {"Authorization": f"Bearer {create_provider()}"}
    first = client.post(
        "/internal/assessments", json=assessment(device=["smartphone"]), headers=AUTH
    )
    person = first.json()["person_id"]
    confirmed = client.get(f"/v1/people/{person}/needs", headers=provider).json()["confirmed_at"]
    assert confirmed is not None
    client.post("/internal/assessments", json=assessment(device=["smartphone"]), headers=AUTH)
    again = client.get(f"/v1/people/{person}/needs", headers=provider).json()
    assert again["confirmed_at"] > confirmed, "confirming the same answers is still news"
    assert [n["code"]["code"] for n in again["needs"] if n["kind"] == "device"] == [
        "device-own-smartphone"
    ], "and adds no duplicate need"


def test_call_back_promise_is_a_date_in_the_persons_language(client: TestClient) -> None:
    arguments = {
        "language": "pl",
        "due_at": "2026-11-24T16:30:00+00:00",
        "interpreter_language": "pl",
    }
    body = {"response": "utter_callback_requested", "arguments": arguments}
    text = client.post(f"/nlg?token={SERVICE_TOKEN}", json=body).json()["text"]
    assert "wtorek, 24 listopada 2026" in text
    assert "Ostatni dzień na telefon: wtorek, 24 listopada 2026" in text, "a label: no case needed"
    assert "Tłumacz podczas rozmowy: polski" in text
    assert "NHS 111" in text and "999" in text
    arguments["due_at"] = "not a date"
    text = client.post(f"/nlg?token={SERVICE_TOKEN}", json=body).json()["text"]
    assert "Wkrótce ktoś do Ciebie zadzwoni." in text


def test_admins_publish_a_flow_with_their_own_token(client: TestClient) -> None:
    from api.core.settings import DEV_ADMIN_TOKEN

    admin = {"Authorization": f"Bearer {DEV_ADMIN_TOKEN}"}
    flow = client.get("/admin/flow", headers=admin).json()["flow"]
    flow["sections"][0]["questions"][0]["text"] = "Which phone do you use most?"
    assert client.put("/admin/flow", json=flow, headers=AUTH).status_code == 401, "not the bot's"
    assert client.put("/admin/flow", json=flow).status_code == 401
    published = client.put("/admin/flow", json=flow, headers=admin)
    assert published.status_code == 200, published.text
    served = client.get("/internal/flow", headers=AUTH).json()["flow"]
    assert served["sections"][0]["questions"][0]["text"] == "Which phone do you use most?"


def test_privacy_notice_names_the_keywords_of_the_persons_language(client: TestClient) -> None:
    body = {"response": "utter_privacy", "arguments": {"language": "pl"}}
    text = client.post(f"/nlg?token={SERVICE_TOKEN}", json=body).json()["text"]
    assert "MOJE DANE" in text and "USUŃ" in text and "ZADZWOŃ" in text
    assert "NHS" in text


def test_the_bot_rechecks_the_flow_cheaply_and_sees_a_new_one_at_once(client: TestClient) -> None:
    first = client.get("/internal/flow", headers=AUTH)
    etag = first.headers["ETag"]
    assert etag.startswith(f'"{first.json()["fingerprint"]}.')
    assert {"pl", "ti", "ckb", "ps", "bfi"} <= set(first.json()["interpreter_languages"])
    assert "Pashto" in first.json()["interpreter_names"]["ps"]
    keywords = first.json()["keywords"]
    assert keywords["help"] == "HELP" and keywords["move"] == "MOVE BOOKING"
    assert "CANCEL" not in keywords.values(), "a bare CANCEL is one of Twilio's opt-out words"
    unchanged = client.get("/internal/flow", headers={**AUTH, "If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert client.get("/internal/flow", headers={"If-None-Match": etag}).status_code == 401

    changed = copy.deepcopy(first.json()["flow"])
    changed["sections"] = changed["sections"][:1]
    assert client.put("/internal/flow", json=changed, headers=AUTH).status_code == 200
    after = client.get("/internal/flow", headers={**AUTH, "If-None-Match": etag})
    assert after.status_code == 200 and after.headers["ETag"] != etag
    assert len(after.json()["flow"]["sections"]) == 1

"""The thin vertical slice over real HTTP: a patient texts, a provider reads what was recorded."""

from __future__ import annotations

import httpx
import yaml

from tests.e2e import provider
from tests.e2e.conftest import SmsPhone, user_turns_recorded
from tests.support.stack import REPO, Stack

URDU_INTERPRETER = "204211000000109"  # SNOMED CT: Urdu language interpreter needed
DEFAULT_FLOW = yaml.safe_load(
    (REPO / "api" / "assessment" / "default.yml").read_text(encoding="utf-8")
)
FLOW_QUESTIONS = sum(len(section["questions"]) for section in DEFAULT_FLOW["sections"])


def test_english_conversation_records_an_urdu_interpreter_need(stack: Stack, phone: SmsPhone):
    menu = phone.send("Hello")
    assert "1. English" in menu and "2. Polski" in menu

    consent = phone.send("1")
    assert "1. Yes" in consent and "2. No" in consent

    interpreter = phone.send("yes")
    assert "interpreter" in interpreter.lower()

    languages = phone.send("1")
    assert "3. Urdu" in languages

    device = phone.send("3")
    assert "Which of these do you have?" in device
    read_back = skip_flow_questions(phone, device)
    assert "Urdu" in read_back and "English" in read_back

    saved = phone.send("1")
    assert "saved" in saved.lower()

    person = provider.person_id(stack, phone.number)
    needs = provider.get(stack, f"/v1/people/{person}/needs")
    assert needs.status_code == 200, needs.text
    body = needs.json()
    assert body["language"]["code"] == "en"
    codes = {need["code"]["code"] for need in body["needs"]}
    assert URDU_INTERPRETER in codes
    interpreter_need = next(n for n in body["needs"] if n["code"]["code"] == URDU_INTERPRETER)
    assert interpreter_need["code"]["system"] == "http://snomed.info/sct"
    assert interpreter_need["value"]["code"] == "ur"


def test_polish_conversation_in_free_text_records_no_interpreter(stack: Stack, phone: SmsPhone):
    phone.send("cześć")
    consent = phone.send("2")
    # Unreviewed Polish consent: sent in English, with the interpreter offer in Polish.
    assert "1. Yes" in consent and "2. No" in consent and "po angielsku" in consent

    interpreter = phone.send("tak")
    assert "tłumacz" in interpreter.lower()

    device = phone.send("nie")
    assert "Co z tego masz?" in device
    read_back = skip_flow_questions(phone, device)
    assert "Polski" in read_back

    saved = phone.send("tak")
    assert saved and saved != read_back

    person = provider.person_id(stack, phone.number)
    body = provider.get(stack, f"/v1/people/{person}/needs").json()
    assert body["language"]["code"] == "pl"
    assert body["consent"]["language"] == "pl"
    assert [n["code"]["code"] for n in body["needs"]] == ["interpreter-not-needed"]


def skip_flow_questions(phone: SmsPhone, first_question: str) -> str:
    """Answer 'Prefer not to say' (the last option) to every flow question; the read-back."""
    reply = first_question
    for _ in range(FLOW_QUESTIONS):
        last_option = reply.strip().splitlines()[-1].split(".")[0]
        assert last_option.isdigit(), reply
        reply = phone.send(last_option)
    return reply


def test_declining_consent_records_nothing(stack: Stack, phone: SmsPhone):
    phone.send("hi")
    phone.send("1")
    declined = phone.send("2")
    assert "nothing" in declined.lower()
    assert provider.people_with_phone(stack, phone.number) == []
    # Changing their mind later is one message away.
    assert "1. Yes" in phone.send("hello again")


def test_a_message_in_a_numbered_menu_out_of_range_is_asked_again(stack: Stack, phone: SmsPhone):
    phone.send("hi")
    again = phone.send("99")
    assert "1. English" in again and "2. Polski" in again


def test_forged_or_missing_signature_is_refused_and_rasa_never_sees_it(
    stack: Stack, phone: SmsPhone
):
    form = phone.form("hello")
    assert phone.post(form, signature=None).status_code == 403
    assert phone.post(form, signature="bm90IGEgc2lnbmF0dXJl").status_code == 403
    tampered = dict(form)
    signed = phone.post(form).status_code
    assert signed == 200
    tampered["Body"] = "something else"
    tampered["MessageSid"] = "SM" + "0" * 32
    tampered_response = httpx.post(
        stack.rasa_url + "/webhooks/twilio_sms/webhook",
        data=tampered,
        headers={"X-Twilio-Signature": "wrong"},
        timeout=10,
    )
    assert tampered_response.status_code == 403
    assert user_turns_recorded(stack, phone.number) == 1


def test_signature_made_for_the_local_url_is_refused_behind_a_proxy(stack: Stack, phone: SmsPhone):
    from bot.simulator import twilio_signature

    form = phone.form("hello")
    local_url = stack.rasa_url + "/webhooks/twilio_sms/webhook"
    signature = twilio_signature(stack.auth_token, local_url, form)
    assert phone.post(form, signature=signature).status_code == 403
    assert user_turns_recorded(stack, phone.number) == 0


def test_twilio_retry_of_the_same_message_is_processed_once(stack: Stack, phone: SmsPhone):
    form = phone.form("hello")
    first = phone.post(form)
    retry = phone.post(form)
    assert first.status_code == retry.status_code == 200
    assert first.text == retry.text
    assert user_turns_recorded(stack, phone.number) == 1


def test_empty_huge_and_emoji_messages_get_a_kind_reply(stack: Stack, phone: SmsPhone):
    phone.send("hi")
    for body in ("", "   ", "😀🙏", "a" * 5000, "/restart", '/choose_language{"language":"xx"}'):
        reply = phone.send(body)
        assert "1. English" in reply, f"{body[:20]!r} got {reply!r}"


def test_media_only_message_without_body_gets_a_kind_reply(stack: Stack, phone: SmsPhone):
    form = phone.form("")
    del form["Body"]
    form["NumMedia"] = "1"
    form["MediaContentType0"] = "image/jpeg"
    form["MediaUrl0"] = "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME"
    response = phone.post(form)
    assert response.status_code == 200
    assert "<Message>" in response.text


def test_unrecognisable_sender_gets_a_kind_reply_and_no_conversation(stack: Stack, phone: SmsPhone):
    form = phone.form("hello", From="NHSAPP")
    response = phone.post(form)
    assert response.status_code == 200
    assert "could not recognise" in response.text
    assert user_turns_recorded(stack, "NHSAPP") == 0


def test_provider_without_token_or_with_someone_elses_gets_no_data(stack: Stack, phone: SmsPhone):
    for message in ("hi", "1", "1"):
        phone.send(message)
    device = phone.send("SKIP")  # the interpreter question, skipped by keyword
    read_back = skip_flow_questions(phone, device)
    assert "record" in read_back
    assert "saved" in phone.send("1").lower()
    person = provider.person_id(stack, phone.number)
    path = f"/v1/people/{person}/needs"

    anonymous = provider.get(stack, path, None)
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"].startswith("application/problem+json")

    forged = provider.get(stack, path, "not-a-real-token")
    assert forged.status_code == 401

    other_token = "other-provider-token-" + person[:8]
    stack.run(
        ".venv/api/bin/python", "-m", "api.cli", "create-provider",
        "--ods", f"X{person[:5].upper()}", "--name", "Another practice", "--token", other_token,
    )  # fmt: skip
    other = provider.get(stack, path, other_token)
    assert other.status_code == 404
    assert other.headers["content-type"].startswith("application/problem+json")
    assert phone.number not in other.text

    nobody = "00000000-0000-0000-0000-000000000000"
    unknown = provider.get(stack, f"/v1/people/{nobody}/needs")
    assert unknown.status_code == 404

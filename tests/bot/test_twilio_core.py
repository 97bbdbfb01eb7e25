"""The shared Twilio channel core: signatures, sender ids, menus, user text, retries."""

from __future__ import annotations

import asyncio

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from twilio.request_validator import RequestValidator

from bot.channels import twilio_core as core

# Known answer from twilio-python's own tests (tests/unit/test_request_validator.py).
KNOWN_TOKEN = "12345"
KNOWN_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
KNOWN_PARAMS = {
    "CallSid": "CA1234567890ABCDE",
    "Caller": "+14158675309",
    "Digits": "1234",
    "From": "+14158675309",
    "To": "+18005551212",
}
KNOWN_SIGNATURE = "RSOYDt4T1cUTdK1PDd93/VVr8B8="


def test_signature_known_answer_is_accepted() -> None:
    validator = RequestValidator(KNOWN_TOKEN)
    assert core.is_signed_by_twilio(validator, KNOWN_URL, KNOWN_PARAMS, KNOWN_SIGNATURE)


@pytest.mark.parametrize(
    ("url", "params", "signature"),
    [
        (KNOWN_URL, KNOWN_PARAMS, None),
        (KNOWN_URL, KNOWN_PARAMS, ""),
        (KNOWN_URL, {**KNOWN_PARAMS, "Digits": "9999"}, KNOWN_SIGNATURE),
        ("https://evil.example/myapp.php?foo=1&bar=2", KNOWN_PARAMS, KNOWN_SIGNATURE),
    ],
)
def test_signature_rejects_missing_or_tampered(url, params, signature) -> None:
    validator = RequestValidator(KNOWN_TOKEN)
    assert not core.is_signed_by_twilio(validator, url, params, signature)


def test_public_url_is_the_url_twilio_called_not_the_local_one() -> None:
    url = core.public_url("https://frontdoor.example/", "/webhooks/twilio_sms/webhook", "a=1")
    assert url == "https://frontdoor.example/webhooks/twilio_sms/webhook?a=1"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+447700900123", "+447700900123"),
        ("07700 900123", "+447700900123"),
        ("whatsapp:+447700900123", "+447700900123"),
        ("+48 601 234 567", "+48601234567"),
        ("NHSAPP", None),
        ("", None),
        (None, None),
        ("+44", None),
        ("😀", None),
    ],
)
def test_sender_id_is_e164_or_none(raw, expected) -> None:
    assert core.sender_id_for(raw) == expected


def test_user_text_is_trimmed_bounded_and_never_an_intent_command() -> None:
    assert core.user_text_from("  hello  ") == "hello"
    assert core.user_text_from("/restart") == "restart"
    assert core.user_text_from('/choose_language{"language":"pl"}').startswith("choose_language")
    assert len(core.user_text_from("x" * 5000)) == core.MAX_USER_TEXT_CHARS
    assert core.user_text_from("") == core.NO_CONTENT_PAYLOAD
    assert core.user_text_from(None) == core.NO_CONTENT_PAYLOAD
    assert core.user_text_from(" / ") == core.NO_CONTENT_PAYLOAD


BUTTONS = [
    {"title": "English", "payload": '/choose_language{"language":"en"}'},
    {"title": "Polski", "payload": '/choose_language{"language":"pl"}'},
]


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("2", '/choose_language{"language":"pl"}'),
        (" 1. ", '/choose_language{"language":"en"}'),
        ("1)", '/choose_language{"language":"en"}'),
        ("3", None),
        ("0", None),
        ("two", None),
        ("12", None),
    ],
)
def test_menu_reply_maps_to_the_offered_payload(reply, expected) -> None:
    assert core.payload_for_menu_reply(reply, BUTTONS) == expected


def test_menu_reply_without_a_menu_is_just_text() -> None:
    assert core.payload_for_menu_reply("1", []) is None


def test_latest_bot_buttons_come_from_the_last_bot_message_only() -> None:
    tracker = DialogueStateTracker.from_events(
        "someone",
        [
            ActionExecuted("action_listen"),
            UserUttered("hi"),
            BotUttered("Choose", data={"buttons": BUTTONS}),
            UserUttered("2"),
            BotUttered("Thanks"),
        ],
    )
    assert core.latest_bot_buttons(tracker) == []
    tracker.update(BotUttered("Again", data={"buttons": BUTTONS[:1]}))
    assert core.latest_bot_buttons(tracker) == BUTTONS[:1]
    assert core.latest_bot_buttons(None) == []


def test_numbered_menu_shows_each_option_on_its_own_line() -> None:
    assert (
        core.numbered_menu("Which language?", BUTTONS) == "Which language?\n1. English\n2. Polski"
    )
    assert core.numbered_menu("Just text", None) == "Just text"


def test_redacted_never_contains_the_value() -> None:
    assert "+447700900123" not in core.redacted("+447700900123")
    assert core.redacted("+447700900123") == core.redacted("+447700900123")


def test_reply_cache_processes_concurrent_retries_once() -> None:
    cache = core.ReplyCache()
    calls = []

    async def produce() -> str:
        calls.append(1)
        await asyncio.sleep(0.05)
        return f"reply {len(calls)}"

    async def scenario() -> list[str]:
        return await asyncio.gather(*(cache.reply_once("SM1", produce) for _ in range(5)))

    assert asyncio.run(scenario()) == ["reply 1"] * 5
    assert calls == [1]


def test_reply_cache_forgets_the_oldest_beyond_its_size() -> None:
    cache = core.ReplyCache(max_entries=2)
    produced = []

    async def produce_for(key: str) -> str:
        async def produce() -> str:
            produced.append(key)
            return key

        return await cache.reply_once(key, produce)

    async def scenario() -> None:
        for key in ("a", "b", "c", "a"):
            await produce_for(key)

    asyncio.run(scenario())
    assert produced == ["a", "b", "c", "a"]


def test_reply_cache_does_not_keep_a_failed_turn() -> None:
    cache = core.ReplyCache()

    async def failing() -> str:
        raise RuntimeError("boom")

    async def working() -> str:
        return "ok"

    async def scenario() -> str:
        with pytest.raises(RuntimeError):
            await cache.reply_once("SM2", failing)
        return await cache.reply_once("SM2", working)

    assert asyncio.run(scenario()) == "ok"


def test_settings_refuse_to_start_without_an_auth_token(monkeypatch) -> None:
    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    with pytest.raises(ValueError, match="TWILIO_AUTH_TOKEN"):
        core.TwilioChannelSettings.from_credentials({})
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "t")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://fd.example/")
    settings = core.TwilioChannelSettings.from_credentials(None)
    assert settings.public_base_url == "https://fd.example"


def test_form_fields_keep_blank_values_because_twilio_signs_them() -> None:
    body = b"ToState=&Body=caf%C3%A9+%F0%9F%98%80&From=%2B447700900123"
    fields = core.form_fields(body, "application/x-www-form-urlencoded; charset=utf-8")
    assert fields == {"ToState": "", "Body": "café 😀", "From": "+447700900123"}


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"Body": "hi"}', "application/json"),
        (b"Body=hi", None),
        (b"\xff\xfe=\xff", "application/x-www-form-urlencoded"),
        (b"no-equals-sign", "application/x-www-form-urlencoded"),
    ],
)
def test_anything_but_a_well_formed_form_is_not_a_form(body, content_type) -> None:
    assert core.form_fields(body, content_type) is None


def test_latest_bot_turn_is_what_the_bot_said_since_the_person_last_spoke() -> None:
    tracker = DialogueStateTracker.from_events(
        "someone",
        [
            BotUttered("Old question", data={"buttons": BUTTONS}),
            UserUttered("hi"),
            BotUttered("Sorry, I didn't understand."),
            BotUttered("Which language?", data={"buttons": BUTTONS}),
        ],
    )
    assert core.latest_bot_turn(tracker) == [
        {"text": "Sorry, I didn't understand.", "buttons": []},
        {"text": "Which language?", "buttons": BUTTONS},
    ]
    tracker.update(UserUttered("2"))
    assert core.latest_bot_turn(tracker) == []
    assert core.latest_bot_turn(None) == []


def test_slot_value_is_none_without_a_tracker_or_slot() -> None:
    tracker = DialogueStateTracker.from_events("someone", [])
    assert core.slot_value(tracker, "language") is None
    assert core.slot_value(None, "language") is None


def test_replies_to_a_message_are_the_bot_messages_that_followed_it() -> None:
    tracker = DialogueStateTracker.from_events(
        "someone",
        [
            UserUttered("hi", message_id="SM1"),
            BotUttered("Choose", data={"buttons": BUTTONS}),
            UserUttered("2", message_id="SM2"),
            BotUttered("Thanks"),
            BotUttered("Next?"),
        ],
    )
    assert core.replies_to(tracker, "SM1") == [{"text": "Choose", "buttons": BUTTONS}]
    assert [m["text"] for m in core.replies_to(tracker, "SM2")] == ["Thanks", "Next?"]
    assert core.replies_to(tracker, "SM3") is None
    assert core.replies_to(None, "SM1") is None

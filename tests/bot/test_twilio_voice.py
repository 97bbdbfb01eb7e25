"""The voice channel: TwiML it returns, keypad and speech mapping, silence, retries, bad input."""

from __future__ import annotations

import asyncio
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from bot.channels import twilio_core as core
from bot.channels import voice_twiml
from bot.channels.twilio_voice import (
    GREET_PAYLOAD,
    WEBHOOK_PATH,
    WITHHELD_NUMBER,
    TwilioVoiceInput,
    caller_input,
)
from bot.channels.voice_twiml import VoiceLanguage, VoiceLanguages
from tests.bot.fakes import AUTH_TOKEN, PUBLIC_BASE_URL, YES_NO, FakeAgent, signed_request

REPO = Path(__file__).resolve().parents[2]
CALLER = "+447700900123"
ACTION = "https://frontdoor.example/webhooks/twilio_voice/webhook?turn=2&silences=0"
POLISH = VoiceLanguage("pl", False, "Polly.Ewa", "pl-PL", "pl-PL")
ENGLISH = VoiceLanguage("en", False, "Polly.Amy", "en-GB", "en-GB")
SOMALI = VoiceLanguage("so", True, None, None, None)
VOICES = VoiceLanguages({"en": ENGLISH, "pl": POLISH, "so": SOMALI})


def test_gather_twiml_is_exactly_what_twilio_needs() -> None:
    twiml = voice_twiml.gather_response(
        ["Czy to w porządku?\nNaciśnij 1: Tak."], YES_NO, POLISH, POLISH, ACTION
    )
    assert twiml == (
        '<?xml version="1.0" encoding="UTF-8"?><Response>'
        '<Gather action="https://frontdoor.example/webhooks/twilio_voice/webhook'
        '?turn=2&amp;silences=0" actionOnEmptyResult="true" finishOnKey="" input="dtmf speech" '
        'language="pl-PL" method="POST" numDigits="1" speechTimeout="auto" timeout="6">'
        '<Say language="pl-PL" voice="Polly.Ewa">Czy to w porządku?</Say>'
        '<Say language="pl-PL" voice="Polly.Ewa">Naciśnij 1: Tak.</Say>'
        "</Gather></Response>"
    )


def test_keypad_only_language_gathers_keys_only_and_is_spoken_by_the_default_voice() -> None:
    twiml = voice_twiml.gather_response(
        ["Press 1 for Yes."], YES_NO, VOICES.for_language("so"), VOICES.speaking("so"), ACTION
    )
    gather = ElementTree.fromstring(twiml).find("Gather")
    assert gather is not None
    assert gather.get("input") == "dtmf"
    assert gather.get("language") is None and gather.get("speechTimeout") is None
    say = gather.find("Say")
    assert say is not None and (say.get("voice"), say.get("language")) == ("Polly.Amy", "en-GB")


def test_free_speech_prompt_has_no_digit_limit_and_long_menus_take_two_keys() -> None:
    free = ElementTree.fromstring(voice_twiml.gather_response(["Hi"], [], ENGLISH, ENGLISH, ACTION))
    assert free.find("Gather").get("numDigits") is None  # type: ignore[union-attr]
    twelve = [{"title": str(n), "payload": f"/inform{n}"} for n in range(12)]
    assert voice_twiml.digits_needed(twelve) == 2
    assert voice_twiml.digits_needed(YES_NO) == 1


def test_languages_file_gives_each_language_its_voice_and_english_as_fallback() -> None:
    languages = VoiceLanguages.from_file(REPO / "locales" / "languages.yml")
    assert languages.for_language("pl") == POLISH
    assert languages.for_language("en") == ENGLISH
    assert languages.for_language("xx") == ENGLISH
    assert languages.for_language(None) == ENGLISH
    assert VoiceLanguages.from_file(REPO / "no-such-file.yml").for_language("pl").code == "en"


def test_language_without_voice_settings_is_keypad_only(tmp_path: Path) -> None:
    path = tmp_path / "languages.yml"
    path.write_text(
        "languages:\n  - code: ti\n  - code: so\n    voice: {keypad_only: true}\n"
        "  - code: cy\n    voice: {keypad_only: true, say_voice: Polly.Gwyneth, "
        "say_language: cy-GB}\n"
    )
    languages = VoiceLanguages.from_file(path)
    assert languages.for_language("ti").keypad_only
    assert languages.for_language("so").keypad_only
    assert languages.speaking("so") == voice_twiml.ENGLISH
    # Twilio can speak Welsh but (unverified) not hear it: keys only, said in Welsh.
    welsh = languages.for_language("cy")
    assert welsh.keypad_only and languages.speaking("cy") == welsh


@pytest.mark.parametrize(
    ("form", "answering", "expected"),
    [
        ({}, False, ("start", GREET_PAYLOAD)),
        ({"Digits": "2"}, True, ("text", "/deny")),
        ({"Digits": "1#"}, True, ("text", "/affirm")),
        ({"Digits": "7"}, True, ("text", "7")),
        ({"Digits": "*"}, True, ("repeat", "")),
        ({"Digits": "*#*"}, True, ("repeat", "")),
        ({"SpeechResult": "Yes, please."}, True, ("text", "Yes, please.")),
        ({"SpeechResult": "2."}, True, ("text", "/deny")),
        ({"SpeechResult": "/restart"}, True, ("text", "restart")),
        ({"SpeechResult": "", "Digits": ""}, True, ("silence", "")),
        ({}, True, ("silence", "")),
    ],
)
def test_caller_input_maps_keys_and_speech(form, answering, expected) -> None:
    heard = caller_input(form, answering, YES_NO)
    assert (heard.kind, heard.text) == expected


def call_form(**overrides: str) -> dict[str, str]:
    form = {
        "CallSid": "CA" + "1" * 32,
        "AccountSid": "AC" + "0" * 32,
        "From": CALLER,
        "To": "+447700900000",
        "CallStatus": "in-progress",
        "Direction": "inbound",
    }
    return {**form, **overrides}


@pytest.fixture
def channel(monkeypatch) -> TwilioVoiceInput:
    settings = core.TwilioChannelSettings(AUTH_TOKEN, PUBLIC_BASE_URL)
    return TwilioVoiceInput(settings, VOICES)


def post(channel: TwilioVoiceInput, agent: FakeAgent, form: dict, query: str = "", **kw):
    request = signed_request(agent, WEBHOOK_PATH, form, query, **kw)
    return asyncio.run(channel.handle(request, agent.on_new_message))


def said(twiml: str) -> list[str]:
    return [say.text or "" for say in ElementTree.fromstring(twiml).iter("Say")]


def test_first_post_greets_and_gathers_for_the_next_turn(channel) -> None:
    agent = FakeAgent()
    answer = post(channel, agent, call_form())
    assert answer.status == 200 and answer.content_type == "text/xml"
    assert [m.text for m in agent.heard] == [GREET_PAYLOAD]
    assert agent.heard[0].output_channel.name() == "twilio_voice"
    assert agent.heard[0].sender_id == CALLER
    gather = ElementTree.fromstring(answer.body).find("Gather")
    assert gather.get("action") == f"{PUBLIC_BASE_URL}{WEBHOOK_PATH}?turn=1&silences=0"
    assert said(answer.body) == ["Is that OK?"]


def test_keypad_digit_becomes_the_payload_and_the_reply_is_in_the_new_language(channel) -> None:
    agent = FakeAgent()
    post(channel, agent, call_form())
    agent.language = "pl"
    answer = post(channel, agent, call_form(Digits="1"), "turn=1&silences=0")
    assert agent.heard[-1].text == "/affirm"
    gather = ElementTree.fromstring(answer.body).find("Gather")
    assert gather.get("language") == "pl-PL"
    assert gather.find("Say").get("voice") == "Polly.Ewa"


def test_star_repeats_the_last_prompt_without_a_turn(channel) -> None:
    agent = FakeAgent()
    post(channel, agent, call_form())
    answer = post(channel, agent, call_form(Digits="*"), "turn=1&silences=0")
    assert len(agent.heard) == 1
    assert said(answer.body) == ["Is that OK?"]


def test_silence_reprompts_twice_then_offers_another_way_and_hangs_up(channel) -> None:
    agent = FakeAgent()
    post(channel, agent, call_form())
    first = post(channel, agent, call_form(), "turn=1&silences=0")
    assert "silences=1" in ElementTree.fromstring(first.body).find("Gather").get("action")
    second = post(channel, agent, call_form(), "turn=2&silences=1")
    assert said(second.body) == ["Is that OK?"]
    third = post(channel, agent, call_form(), "turn=3&silences=2")
    root = ElementTree.fromstring(third.body)
    assert root.find("Hangup") is not None and root.find("Gather") is None
    assert said(third.body) == ["rendered utter_voice_no_input for twilio_voice"]
    assert agent.rendered[0][0] == "utter_voice_no_input"
    assert len(agent.heard) == 1


def test_retry_of_the_same_step_is_answered_once(channel) -> None:
    agent = FakeAgent()
    post(channel, agent, call_form())
    first = post(channel, agent, call_form(Digits="1"), "turn=1&silences=0")
    retry = post(channel, agent, call_form(Digits="1"), "turn=1&silences=0")
    assert first.body == retry.body
    assert [m.text for m in agent.heard] == [GREET_PAYLOAD, "/affirm"]


@pytest.mark.parametrize("caller", ["anonymous", "", "Restricted", "+266696687"])
def test_withheld_number_hears_a_kind_goodbye_and_starts_no_conversation(channel, caller) -> None:
    agent = FakeAgent()
    answer = post(channel, agent, call_form(From=caller))
    assert answer.status == 200
    assert said(answer.body) == [WITHHELD_NUMBER]
    assert ElementTree.fromstring(answer.body).find("Hangup") is not None
    assert agent.heard == []


def test_forged_or_unsigned_requests_are_refused(channel) -> None:
    agent = FakeAgent()
    assert post(channel, agent, call_form(), signature=None).status == 403
    assert post(channel, agent, call_form(), signature="Zm9yZ2Vk").status == 403
    tampered = signed_request(agent, WEBHOOK_PATH, call_form(), "turn=1&silences=0")
    tampered.query_string = "turn=9&silences=0"
    assert asyncio.run(channel.handle(tampered, agent.on_new_message)).status == 403
    assert agent.heard == []


def test_missing_call_sid_is_a_bad_request(channel) -> None:
    form = call_form()
    del form["CallSid"]
    assert post(channel, FakeAgent(), form).status == 400


def test_nonsense_turn_numbers_are_read_as_zero(channel) -> None:
    agent = FakeAgent()
    answer = post(channel, agent, call_form(), "turn=abc&silences=-1")
    assert answer.status == 200
    assert [m.text for m in agent.heard] == [GREET_PAYLOAD]


def test_spoken_length_is_estimated_from_words() -> None:
    assert voice_twiml.spoken_seconds(["one two three four five"]) == 2.0
    assert voice_twiml.spoken_seconds(["word " * 63]) > voice_twiml.MAX_PROMPT_SECONDS


def test_a_long_prompt_is_flagged_for_its_authors(channel, caplog) -> None:
    agent = FakeAgent(reply_text="word " * 80)
    with caplog.at_level("WARNING"):
        post(channel, agent, call_form())
    assert "takes about 32 s" in caplog.text
    assert CALLER not in caplog.text


def test_a_finished_call_status_gets_an_empty_response_and_no_turn(channel) -> None:
    agent = FakeAgent()
    answer = post(channel, agent, call_form(CallStatus="completed"))
    assert answer.status == 200
    assert ElementTree.fromstring(answer.body).findall("*") == []
    assert agent.heard == []


def test_a_replayed_step_after_a_restart_is_answered_again_without_a_turn() -> None:
    settings = core.TwilioChannelSettings(AUTH_TOKEN, PUBLIC_BASE_URL)
    agent = FakeAgent()
    post(TwilioVoiceInput(settings, VOICES), agent, call_form())
    first = post(TwilioVoiceInput(settings, VOICES), agent, call_form(Digits="1"), "turn=1")
    agent.reply_text = "Something new"
    restarted = TwilioVoiceInput(settings, VOICES)
    replay = post(restarted, agent, call_form(Digits="1"), "turn=1")
    assert replay.body == first.body
    assert [m.text for m in agent.heard] == [GREET_PAYLOAD, "/affirm"]

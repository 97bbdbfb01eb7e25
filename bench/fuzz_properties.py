"""Properties of the Twilio channels' pure parts, shared by bench/fuzz.py and tests/bot.

Webhook form parsing, sender ids, user text, numbered-menu mapping, SMS segmentation and shaping,
and TwiML rendering (SMS and voice): none may raise on any input, and each keeps its promise.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from xml.etree import ElementTree

from hypothesis import given
from hypothesis import strategies as st

from bot.channels import twilio_core as core
from bot.channels.sms_text import MAX_SMS_CHARS, shape_sms, sms_encoding, sms_segments
from bot.channels.twilio_sms import twiml_messages
from bot.channels.twilio_voice import bounded_int
from bot.channels.voice_twiml import VoiceLanguage, digits_needed, gather_response, untagged

# Text a TwiML body can carry: XML 1.0 has no control characters but newline and tab.
xml_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t"))
gsm_heavy = st.text(st.sampled_from("abc XYZ 123 @£€[]{}^~|\\\n.,!?éà"), max_size=400)
sms_text = st.one_of(xml_text, gsm_heavy, st.text(max_size=2000))
buttons = st.lists(
    st.fixed_dictionaries({"title": xml_text, "payload": st.text(max_size=40)}), max_size=12
)
fields = st.dictionaries(st.text(min_size=1, max_size=20), st.text(max_size=200), max_size=20)
languages = st.builds(
    VoiceLanguage,
    code=st.sampled_from(["en", "pl", "ur", "ti"]),
    keypad_only=st.booleans(),
    say_voice=st.sampled_from([None, "Polly.Amy", "Google.pl-PL-Standard-A"]),
    say_language=st.sampled_from([None, "en-GB", "pl-PL"]),
    speech_language=st.sampled_from([None, "en-GB", "pl-PL"]),
)


@given(st.binary(max_size=2000), st.sampled_from(["application/x-www-form-urlencoded", None, "x"]))
def any_body_parses_or_is_refused(body: bytes, content_type: str | None) -> None:
    """A webhook body is a dict of strings or None, never an exception."""
    form = core.form_fields(body, content_type)
    assert form is None or all(isinstance(k, str) and isinstance(v, str) for k, v in form.items())


@given(fields)
def encoded_forms_round_trip(form: dict[str, str]) -> None:
    """What Twilio URL-encodes comes back field for field, blank values included."""
    body = urllib.parse.urlencode(form).encode()
    assert core.form_fields(body, "application/x-www-form-urlencoded") == form


@given(st.one_of(st.text(max_size=40), st.from_regex(r"(whatsapp:)?\+?[0-9 ()-]{0,20}")))
def sender_ids_are_e164_or_none(raw: str) -> None:
    """A `From` becomes +digits or None."""
    sender = core.sender_id_for(raw)
    assert sender is None or (sender.startswith("+") and sender[1:].isdigit())


@given(st.one_of(st.none(), st.text(max_size=3000)))
def user_text_is_bounded_and_never_a_command(body: str | None) -> None:
    """What Rasa gets: non-empty, at most 1,600 characters, never a typed `/intent`."""
    text = core.user_text_from(body)
    assert text and len(text) <= core.MAX_USER_TEXT_CHARS
    assert text == core.NO_CONTENT_PAYLOAD or not text.startswith("/")


@given(st.one_of(st.text(max_size=8), st.integers(-5, 20).map(str)), buttons)
def menu_replies_map_only_to_offered_payloads(reply: str, offered: list[dict[str, str]]) -> None:
    """A reply maps to an offered option's payload, and `N` to exactly option N's."""
    payload = core.payload_for_menu_reply(reply, offered)
    assert payload is None or payload in {b["payload"] for b in offered}
    for number, button in enumerate(offered, start=1):
        assert core.payload_for_menu_reply(str(number), offered) == (button["payload"] or None)


@given(st.lists(sms_text, max_size=6))
def shaped_sms_keep_every_character_within_limits(texts: list[str]) -> None:
    """Shaping never loses or reorders a visible character and never exceeds 1,600 characters."""
    bodies = shape_sms(texts)
    assert all(body and len(body) <= MAX_SMS_CHARS for body in bodies)
    assert "".join("".join(bodies).split()) == "".join("".join(texts).split())


@given(sms_text)
def segments_match_the_encoding(text: str) -> None:
    """Segment counts follow GSM-7 (160/153) or UCS-2 (70/67) and grow with the text."""
    segments = sms_segments(text)
    assert segments >= 1
    single = 160 if sms_encoding(text) == "GSM-7" else 70
    if len(text) <= single // 2:  # at most two units a character (GSM escapes, UTF-16 pairs)
        assert segments == 1
    assert sms_segments(text + text) >= segments


@given(st.lists(xml_text, max_size=5))
def sms_twiml_is_valid_and_says_each_body(texts: list[str]) -> None:
    """TwiML `<Message>`s parse as XML and carry exactly the non-empty bodies."""
    root = ElementTree.fromstring(twiml_messages(texts))
    assert [m.text or "" for m in root.iter("Message")] == [t for t in texts if t]


@given(st.lists(xml_text, max_size=4), buttons, languages, languages)
def voice_twiml_is_valid(prompts: list[str], offered: list, language, speaker) -> None:
    """`<Gather>` parses, expects the right number of keys and says each non-blank line."""
    action = "https://frontdoor.test/webhooks/twilio_voice/webhook?turn=1&silences=0"
    root = ElementTree.fromstring(gather_response(prompts, offered, language, speaker, action))
    gather = root.find("Gather")
    assert gather is not None and gather.get("action") == action
    expected_digits = digits_needed(offered)
    assert gather.get("numDigits") == (str(expected_digits) if expected_digits else None)
    lines = [untagged(line).strip() for p in prompts for line in p.strip().splitlines()]
    assert len(gather.findall("Say")) == sum(1 for line in lines if line)


@given(st.one_of(st.none(), st.text(max_size=20), st.integers(0, 10**30).map(str)))
def query_numbers_are_bounded(value: str | None) -> None:
    """`turn` / `silences` query arguments become 0..maximum, never an exception."""
    assert 0 <= bounded_int(value, 50) <= 50


PROPERTIES: list[Callable[[], None]] = [
    any_body_parses_or_is_refused,
    encoded_forms_round_trip,
    sender_ids_are_e164_or_none,
    user_text_is_bounded_and_never_a_command,
    menu_replies_map_only_to_offered_payloads,
    shaped_sms_keep_every_character_within_limits,
    segments_match_the_encoding,
    sms_twiml_is_valid_and_says_each_body,
    voice_twiml_is_valid,
    query_numbers_are_bounded,
]

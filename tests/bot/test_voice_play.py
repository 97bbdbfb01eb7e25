"""Recorded lines are played from our own audio URL under the public base URL; the rest said."""

from __future__ import annotations

import asyncio
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from bot.channels import voice_twiml
from bot.channels.voice_audio import relay_audio
from bot.channels.voice_twiml import VoiceLanguages
from bot.internal_api.settings import ApiSettings

REPO = Path(__file__).resolve().parents[2]
ACTION = "https://frontdoor.example/webhooks/twilio_voice/webhook?turn=1&silences=0"
BASE = "https://frontdoor.example/webhooks/twilio_voice/audio"
LANGUAGES = VoiceLanguages.from_file(REPO / "locales" / "languages.yml")
NAME = "a" * 64 + "-" + "b" * 32 + ".wav"
AUDIO = "/voice/audio/" + NAME  # the API's path, as the NLG writes it


def elements(twiml: str) -> list[tuple[str, str]]:
    gather = ElementTree.fromstring(twiml).find("Gather")
    assert gather is not None
    return [(x.tag, (x.text or "").strip()) for x in gather]


def test_play_lines_are_played_in_order_between_said_lines() -> None:
    somali = LANGUAGES.for_language("so")
    text = f"[[play:{AUDIO}]] Riix\n[[lang:en]] Yes\n[[play:{AUDIO}]] 1"
    twiml = voice_twiml.gather_response(
        [text], [], somali, LANGUAGES.speaking("so"), ACTION, LANGUAGES.speaking, audio_base=BASE
    )
    played = f"{BASE}/{NAME}"  # under the webhook's public URL
    assert elements(twiml) == [("Play", played), ("Say", "Yes"), ("Play", played)]
    assert "Riix" not in twiml and "[[" not in twiml
    goodbye = voice_twiml.goodbye_response(text, somali, LANGUAGES.speaking, audio_base=BASE)
    assert [x.tag for x in ElementTree.fromstring(goodbye)] == ["Play", "Say", "Play", "Hangup"]


def test_only_our_own_audio_paths_are_played() -> None:
    english = LANGUAGES.for_language("en")
    twiml = voice_twiml.gather_response(
        ["[[play:https://elsewhere.example/x.wav]] Hello"], [], english, english, ACTION,
        LANGUAGES.speaking, audio_base=BASE,
    )  # fmt: skip
    assert "<Play" not in twiml
    assert voice_twiml.spoken_seconds([f"[[play:{AUDIO}]] jeden dwa trzy cztery pięć"]) == 2.0


def test_the_channel_relays_only_well_formed_audio_names() -> None:
    unreachable = ApiSettings("http://127.0.0.1:9", "token", 1.0)
    for name in ("../internal/people", "a" * 64 + ".wav", NAME.upper()):
        assert asyncio.run(relay_audio(name, unreachable)).status == 404, name
    assert asyncio.run(relay_audio(NAME, unreachable)).status == 502

"""Recorded lines are played from our own audio URL under the public base URL; the rest said."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

from bot.channels import voice_twiml
from bot.channels.voice_twiml import VoiceLanguages

REPO = Path(__file__).resolve().parents[2]
ACTION = "https://frontdoor.example/webhooks/twilio_voice/webhook?turn=1&silences=0"
BASE = "https://frontdoor.example"
LANGUAGES = VoiceLanguages.from_file(REPO / "locales" / "languages.yml")
AUDIO = "/voice/audio/" + "a" * 64 + "-" + "b" * 32 + ".wav"


def elements(twiml: str) -> list[tuple[str, str]]:
    gather = ElementTree.fromstring(twiml).find("Gather")
    assert gather is not None
    return [(x.tag, (x.text or "").strip()) for x in gather]


def test_play_lines_are_played_in_order_between_said_lines() -> None:
    somali = LANGUAGES.for_language("so")
    text = f"[[play:{AUDIO}]] Riix\n[[lang:en]] Yes\n[[play:{AUDIO}]] 1"
    twiml = voice_twiml.gather_response(
        [text], [], somali, LANGUAGES.speaking("so"), ACTION, LANGUAGES.speaking, BASE
    )
    assert elements(twiml) == [("Play", BASE + AUDIO), ("Say", "Yes"), ("Play", BASE + AUDIO)]
    assert "Riix" not in twiml and "[[" not in twiml
    goodbye = voice_twiml.goodbye_response(text, somali, LANGUAGES.speaking, BASE)
    assert [x.tag for x in ElementTree.fromstring(goodbye)] == ["Play", "Say", "Play", "Hangup"]


def test_only_our_own_audio_paths_are_played() -> None:
    english = LANGUAGES.for_language("en")
    twiml = voice_twiml.gather_response(
        ["[[play:https://elsewhere.example/x.wav]] Hello"], [], english, english, ACTION,
        LANGUAGES.speaking, BASE,
    )  # fmt: skip
    assert "<Play" not in twiml
    assert voice_twiml.spoken_seconds([f"[[play:{AUDIO}]] jeden dwa trzy cztery pięć"]) == 2.0

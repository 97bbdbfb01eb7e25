"""Lines the NLG tags with a language are said in that language's voice, the tag never aloud."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

from bot.channels import voice_twiml
from bot.channels.voice_twiml import VoiceLanguage, VoiceLanguages

REPO = Path(__file__).resolve().parents[2]
ACTION = "https://frontdoor.example/webhooks/twilio_voice/webhook?turn=1&silences=0"
LANGUAGES = VoiceLanguages.from_file(REPO / "locales" / "languages.yml")
MENU = (
    "[[lang:en]] Welcome to Front Door.\n"
    "[[lang:en]] Press 1 for English.\n"
    "[[lang:pl]] Naciśnij 2: Polski.\n"
    "[[lang:en]] Press 5 for Urdu.\n"
    "[[lang:zh]] 中文 请按 19。\n"
    "[[lang:so]] Press 14 for Somali.\n"
    "Press star to hear this again."
)


def says(twiml: str) -> list[tuple[str | None, str | None, str]]:
    root = ElementTree.fromstring(twiml)
    return [(x.get("voice"), x.get("language"), x.text or "") for x in root.iter("Say")]


def test_each_tagged_line_is_said_by_its_languages_voice_in_order() -> None:
    english = LANGUAGES.for_language("en")
    twiml = voice_twiml.gather_response([MENU], [], english, english, ACTION, LANGUAGES.speaking)
    assert says(twiml) == [
        ("Polly.Amy", "en-GB", "Welcome to Front Door."),
        ("Polly.Amy", "en-GB", "Press 1 for English."),
        ("Polly.Ewa", "pl-PL", "Naciśnij 2: Polski."),
        ("Polly.Amy", "en-GB", "Press 5 for Urdu."),
        ("Polly.Zhiyu", "cmn-CN", "中文 请按 19。"),
        # Somali has no voice: the tag falls back to English, like the rest of such a call.
        ("Polly.Amy", "en-GB", "Press 14 for Somali."),
        ("Polly.Amy", "en-GB", "Press star to hear this again."),
    ]
    assert "[[" not in twiml


def test_untagged_lines_keep_the_conversations_voice_and_tags_are_never_said() -> None:
    polish = LANGUAGES.for_language("pl")
    text = "[[lang:en]] Welcome to Front Door.\nWitamy w Front Door."
    twiml = voice_twiml.gather_response([text], [], polish, polish, ACTION, LANGUAGES.speaking)
    assert says(twiml) == [
        ("Polly.Amy", "en-GB", "Welcome to Front Door."),
        ("Polly.Ewa", "pl-PL", "Witamy w Front Door."),
    ]
    # Without a way to look voices up, the tags are still removed, not read out.
    plain = voice_twiml.gather_response([text], [], polish, polish, ACTION)
    assert [x[2] for x in says(plain)] == ["Welcome to Front Door.", "Witamy w Front Door."]
    goodbye = voice_twiml.goodbye_response(text, polish, LANGUAGES.speaking)
    assert [x[0] for x in says(goodbye)] == ["Polly.Amy", "Polly.Ewa"]
    assert "[[" not in goodbye


def test_tags_count_no_words_in_the_spoken_length() -> None:
    assert voice_twiml.spoken_seconds(["[[lang:pl]] jeden dwa trzy cztery pięć"]) == 2.0


def test_an_unknown_tag_is_said_in_english_not_dropped() -> None:
    somali = VoiceLanguage("so", True, None, None, None)
    twiml = voice_twiml.gather_response(
        ["[[lang:xx]] Press 1 for Yes."], [], somali, LANGUAGES.speaking("so"), ACTION,
        LANGUAGES.speaking,
    )  # fmt: skip
    assert says(twiml) == [("Polly.Amy", "en-GB", "Press 1 for Yes.")]

"""Voice rendering: languages Twilio can't speak, and the voice codes in languages.yml."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.languages import Languages
from api.nlg.render import Renderer
from api.settings import REPO_ROOT

LANGUAGES = Languages.load(REPO_ROOT / "locales")
VOICELESS = [x.code for x in LANGUAGES.ordered if not x.voice.say_voice]

# Twilio's published <Say> languages and <Gather> speech languages that languages.yml uses
# (checked 2026-11-23; sources in locales/languages.yml and docs/voice-languages.md).
TWILIO_SAY_LANGUAGES = {
    "en-GB", "pl-PL", "cy-GB", "bn-IN", "arb", "pa-IN", "ro-RO", "tr-TR", "pt-PT", "es-ES",
    "gu-IN", "ta-IN", "uk-UA", "cmn-CN",
}  # fmt: skip
TWILIO_GATHER_LANGUAGES = {
    "en-GB", "pl-PL", "bn-BD", "bn-IN", "ar-EG", "pa-guru-IN", "ro-RO", "tr-TR", "pt-PT",
    "es-ES", "gu-IN", "ta-IN", "ta-LK", "uk-UA", "cmn-Hans-CN", "ur-PK", "ur-IN", "fa-IR",
}  # fmt: skip


@pytest.fixture(scope="module")
def renderer(compiled_locales: Path) -> Renderer:
    return Renderer.load(compiled_locales, Languages.load(compiled_locales))


@pytest.mark.parametrize("code", VOICELESS)
def test_a_voiceless_call_names_the_persons_own_language_in_english(
    renderer: Renderer, code: str
) -> None:
    language = LANGUAGES.get(code)
    assert language is not None
    spoken = renderer.render("utter_read_back", {"language": code}, {}, "twilio_voice").text
    assert f"Language: {language.english_name}" in spoken, spoken
    assert "Language: English" not in spoken


def test_every_voice_code_is_one_twilio_publishes_and_a_language_without_a_voice_is_keys_only():
    for language in LANGUAGES.ordered:
        voice = language.voice
        if voice.say_voice:
            assert voice.say_language in TWILIO_SAY_LANGUAGES, language.code
            engine, _, name = voice.say_voice.partition(".")
            assert engine in {"Polly", "Google"} and name, language.code
            if engine == "Google":  # Google voice names carry their language
                assert name.startswith(voice.say_language + "-"), language.code
        else:
            assert voice.keypad_only, f"{language.code}: Twilio can't speak it, so keys only"
        if not voice.keypad_only:
            assert voice.speech_language in TWILIO_GATHER_LANGUAGES, language.code

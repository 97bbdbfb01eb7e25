"""Voice rendering: languages Twilio can't speak, and the voice codes in languages.yml."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.core.settings import REPO_ROOT
from api.nlg.render import Renderer
from api.translations.languages import Languages

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


def test_the_language_menu_tags_each_option_with_the_voice_that_can_say_it(
    renderer: Renderer,
) -> None:
    from bot.channels.voice_twiml import LANGUAGE_TAG  # the channel reads what the NLG writes

    for conversation in ("en", "pl", "ur"):
        rendered = renderer.render(
            "utter_ask_language", {"language": conversation}, {}, "twilio_voice"
        )
        lines = rendered.text.splitlines()
        assert LANGUAGE_TAG.sub("", lines[0]).startswith("Welcome to Front Door")
        pages = "\n".join(lines).split("\n[[page]]\n")
        assert [len(page.splitlines()) for page in pages][1:] == [9, 7]  # 8 + "more", the last 7
        runs = "|".join("m" if b.payload == "/more_languages" else "o" for b in rendered.buttons)
        assert runs.split("|m|") == ["o|o|o|o|o", "o|o|o|o|o|o|o|o", "o|o|o|o|o|o|o"]
        options = [
            line
            for line in lines
            if LANGUAGE_TAG.match(line)
            and "Front Door" not in line
            and "more languages" not in line
        ]
        assert len(options) == len(LANGUAGES.ordered)
        numbers = [*range(1, 6), *range(1, 9), *range(1, 8)]  # one key per page
        for number, language, line in zip(numbers, LANGUAGES.ordered, options, strict=True):
            tag = LANGUAGE_TAG.match(line)
            assert tag is not None
            said = LANGUAGE_TAG.sub("", line)
            assert str(number) in said
            if language.voice.say_voice:
                assert (tag.group(1), language.native_name in said) == (language.code, True)
            else:
                assert (tag.group(1), language.english_name in said) == ("en", True), line
    sms = renderer.render("utter_ask_language", {}, {}, "twilio_sms").text
    assert "[[" not in sms


def test_english_sent_for_an_unchecked_translation_is_tagged_for_the_english_voice(
    renderer: Renderer,
) -> None:
    from bot.channels.voice_twiml import LANGUAGE_TAG

    consent = renderer.render("utter_ask_consent", {"language": "pl"}, {}, "twilio_voice").text
    english = renderer.render("utter_ask_consent", {"language": "en"}, {}, "twilio_voice").text
    tagged = {LANGUAGE_TAG.sub("", x) for x in consent.splitlines() if LANGUAGE_TAG.match(x)}
    untagged = [x for x in consent.splitlines() if not LANGUAGE_TAG.match(x)]
    if consent.startswith("[[lang:en]] "):  # Polish consent unchecked: sent in English
        assert english.splitlines()[0] in tagged
        assert {"Yes: press 1.", "No: press 2."} <= tagged
        assert untagged and not any(line in english.splitlines() for line in untagged)
    else:  # checked: all Polish, nothing for the English voice
        assert not tagged
    polish = renderer.render("utter_ask_interpreter_needed", {"language": "pl"}, {}, "twilio_voice")
    assert "[[" not in polish.text, "a text that is not safety-critical stays in Polish"
    sms = renderer.render("utter_ask_consent", {"language": "pl"}, {}, "twilio_sms").text
    assert "[[" not in sms


@pytest.mark.parametrize(
    "response", ["utter_ask_language", "utter_not_understood", "utter_empty_message"]
)
@pytest.mark.parametrize("code", ["en", "pl", "ur"])
def test_a_caller_is_asked_to_press_not_to_reply(
    renderer: Renderer, response: str, code: str
) -> None:
    """Texts written for SMS ("Reply with a number") are said in their call wording."""
    on_a_call = renderer.render(response, {"language": code}, {}, "twilio_voice").text
    by_text = renderer.render(response, {"language": code}, {}, "twilio_sms").text
    assert "reply" not in on_a_call.lower() and "Odpisz" not in on_a_call, on_a_call
    assert "press" in on_a_call.lower() or "naciśnij" in on_a_call.lower(), on_a_call
    assert on_a_call.splitlines()[0] != by_text.splitlines()[0]


def test_the_phone_language_menu_puts_the_most_recorded_languages_first(
    renderer: Renderer,
) -> None:
    menu = renderer.render(
        "utter_ask_language", {}, {}, "twilio_voice", demand={"so": 40, "ur": 30, "en": 30}
    )
    codes = [b.payload.split('"')[3] for b in menu.buttons if b.payload != "/more_languages"]
    assert codes[:4] == ["so", "en", "ur", "pl"]  # ties keep the menu order (English before Urdu)
    assert "Somali: press 1." in menu.text.splitlines()[1]
    plain = renderer.render("utter_ask_language", {}, {}, "twilio_voice")
    assert [b.title for b in plain.buttons][:2] == ["English", "Polski"]

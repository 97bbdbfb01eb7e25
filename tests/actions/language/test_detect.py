"""Guessing the language of a first message with lingua, among the offered languages only."""

from __future__ import annotations

import pytest

from actions.language.detect import LanguageGuesser

OFFERED = ["en", "pl", "ro", "ur", "ar", "pt", "tr", "so", "ti"]


@pytest.fixture(scope="module")
def guesser() -> LanguageGuesser:
    return LanguageGuesser(OFFERED)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Hello, I need to see a doctor", "en"),
        ("Dzień dobry, potrzebuję lekarza", "pl"),
        ("Bună ziua, am nevoie de un medic", "ro"),
        ("مجھے ڈاکٹر کی ضرورت ہے", "ur"),
        ("أحتاج إلى طبيب من فضلك", "ar"),
        ("Olá, preciso de um médico", "pt"),
        ("Merhaba, doktora ihtiyacım var", "tr"),
        ("Salaan, waxaan u baahanahay dhakhtar", "so"),
    ],
)
def test_clear_first_messages_are_guessed(guesser: LanguageGuesser, text: str, code: str) -> None:
    assert guesser.guess(text) == code


@pytest.mark.parametrize("text", ["hi", "1 3", "😀😀😀", "", "ok ok"])
def test_too_little_text_is_never_guessed(guesser: LanguageGuesser, text: str) -> None:
    assert guesser.guess(text) is None


def test_only_offered_languages_are_ever_guessed() -> None:
    english_and_polish = LanguageGuesser(["en", "pl"])
    assert english_and_polish.guess("Merhaba, doktora ihtiyacım var") in (None, "en", "pl")
    assert LanguageGuesser(["en"]).guess("Hello, I need to see a doctor") is None

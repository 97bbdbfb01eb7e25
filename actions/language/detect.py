"""Guessing the language of a first free-text message, among the languages we offer.

The guess is only ever a suggestion: the person confirms it (in that language) or picks from the
menu. Short messages ("hi", "1") are not guessed: too little text to be fair to anyone.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

MIN_LETTERS = 8
MIN_CONFIDENCE = 0.6
# A Chinese character carries about as much as a short word: "我想预约看病" is a whole request.
IDEOGRAPH_WEIGHT = 3


def _lingua_language(code: str) -> Language | None:
    try:
        return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.split("@")[0].upper()))
    except (AttributeError, ValueError):
        return None  # e.g. Tigrinya: lingua has no model; that language is chosen from the menu


def letters(text: str) -> int:
    """How much text there is to judge: letters, with ideographs counting for more."""
    return sum(
        IDEOGRAPH_WEIGHT if unicodedata.name(char, "").startswith("CJK UNIFIED") else 1
        for char in text
        if char.isalpha()
    )


class LanguageGuesser:
    """A lingua detector restricted to the offered languages it knows."""

    def __init__(self, offered: Iterable[str]) -> None:
        self._codes: dict[Language, str] = {}
        for code in offered:
            language = _lingua_language(code)
            if language is not None and language not in self._codes:
                self._codes[language] = code
        self._detector: LanguageDetector | None = None

    def _built(self) -> LanguageDetector | None:
        if self._detector is None and len(self._codes) >= 2:
            # High-accuracy mode: ~200 MiB more than low-accuracy, and clearly better on short
            # messages (docs/language-detection.md). Built on the first guess, not at start-up.
            self._detector = LanguageDetectorBuilder.from_languages(*self._codes).build()
        return self._detector

    def guess(self, text: str) -> str | None:
        """The offered language this text is written in, if it is long and clear enough."""
        if letters(text) < MIN_LETTERS:
            return None
        detector = self._built()
        if detector is None:
            return None
        values = detector.compute_language_confidence_values(text)
        if not values or values[0].value < MIN_CONFIDENCE:
            return None
        return self._codes.get(values[0].language)

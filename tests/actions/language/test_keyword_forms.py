"""Keywords people can type: every language's words in every accepted form, and no collisions.

A property test types each language's keywords (English, the catalog's word, the romanised
synonyms) with random case, spacing, final punctuation, Arabic-script letter variants, tatweel,
Traditional Chinese characters and accents dropped, and expects the same keyword back.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions.language.keywords import (
    OPT_KEYWORDS,
    catalog,
    keyword_in,
    opt_words,
    synonyms,
    typed_forms,
)
from actions.language.names import OfferedLanguages
from actions.language.normalise import LETTER_VARIANTS, TRADITIONAL_TO_SIMPLIFIED, typed_form
from api.nlg.keywords import english_keywords
from bot.channels.opt_out import OptWords

REPO = Path(__file__).resolve().parents[3]
LOCALES = REPO / "locales"
LANGUAGES = OfferedLanguages.from_file(LOCALES / "languages.yml").codes
KEYWORDS = english_keywords()
ALL = {**KEYWORDS, **OPT_KEYWORDS}
FINAL_PUNCTUATION = ["", ".", "!", "?", "۔", "؟", "。", "！", "？", "።", "…", " !", "\u200f"]
# Each normalised letter back to the forms people type for it.
VARIANTS: dict[str, list[str]] = {}
for typed, unified in {**LETTER_VARIANTS, **TRADITIONAL_TO_SIMPLIFIED}.items():
    if unified is not None:
        VARIANTS.setdefault(unified, []).append(chr(typed))


@pytest.fixture(scope="module", autouse=True)
def compiled() -> None:
    assert (LOCALES / "so" / "LC_MESSAGES" / "frontdoor.mo").exists(), "compile the catalogs"


def written_forms(language: str, name: str) -> list[str]:
    """The ways a keyword is written in a language (before any typing variation)."""
    english = ALL[name]

    translated = catalog(LOCALES, language).pgettext("keyword", english)
    return [english, translated, *synonyms(LOCALES).get(language, {}).get(name, ())]


CASES = [
    (language, name, written)
    for language in LANGUAGES
    for name in ALL
    for written in dict.fromkeys(written_forms(language, name))
]


@st.composite
def typed_as_people_do(draw: st.DrawFn, written: str) -> str:
    """One way of typing `written`: case, spaces, letter variants, tatweel, punctuation."""
    chars = []
    for char in written:
        choices = [char, *VARIANTS.get(char, [])]
        chars.append(draw(st.sampled_from(choices)))
        if "\u0620" <= char <= "\u064a" and draw(st.booleans()):
            chars.append("\u0640")  # tatweel between Arabic letters
    text = "".join(chars)
    case = draw(st.sampled_from(["same", "upper", "lower", "title", "swap"]))
    text = {"same": text, "upper": text.upper(), "lower": text.lower(),
            "title": text.title(), "swap": text.swapcase()}[case]  # fmt: skip
    spacing = draw(st.sampled_from([" ", "  ", "", "\u00a0", "\u3000"]))
    text = spacing.join(text.split(" "))
    return draw(st.sampled_from(["", " ", "\n"])) + text + draw(st.sampled_from(FINAL_PUNCTUATION))


@pytest.mark.parametrize(("language", "name", "written"), CASES)
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_keyword_is_understood_however_it_is_typed(language, name, written, data) -> None:
    typed = data.draw(typed_as_people_do(written))
    if name in OPT_KEYWORDS:
        heard = OPT_WORDS.heard(typed)
        assert heard is not None and heard.kind == name, (language, typed)
        assert language in heard.languages or heard.languages == ("en",) or written == ALL[name]
    else:
        assert keyword_in(typed, language, LOCALES, KEYWORDS) == name, (language, typed)


OPT_WORDS = OptWords(opt_words(LOCALES, LANGUAGES))


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_two_keywords_of_a_language_share_a_typed_form(language: str) -> None:
    forms = {name: typed_forms(name, english, language, LOCALES) for name, english in ALL.items()}
    for (one, these), (other, those) in combinations(forms.items(), 2):
        assert not these & those, f"{language}: {one} and {other} are both {these & those}"


def test_no_keyword_in_any_language_reads_as_stop_or_start_in_another() -> None:
    stop_start = {
        form: (kind, language)
        for language in LANGUAGES
        for kind, english in OPT_KEYWORDS.items()
        for form in typed_forms(kind, english, language, LOCALES)
    }
    for language in LANGUAGES:
        for name, english in KEYWORDS.items():
            for form in typed_forms(name, english, language, LOCALES):
                assert form not in stop_start, f"{language} {name} {form!r} is {stop_start[form]}"
    kinds: dict[str, set[str]] = {}
    for form, (kind, _) in stop_start.items():
        kinds.setdefault(form, set()).add(kind)
    assert all(len(k) == 1 for k in kinds.values()), "a word is both STOP and START"


def test_somali_jooji_is_stop_and_cancel_booking_is_two_words() -> None:
    assert OPT_WORDS.heard("Jooji").kind == "stop"
    assert keyword_in("JOOJI BALLANTA", "so", LOCALES, KEYWORDS) == "cancel"
    assert keyword_in("jooji", "so", LOCALES, KEYWORDS) is None


@pytest.mark.parametrize(
    ("typed", "language", "name"),
    [("madad", "ur", "help"), ("Mujhe call karo", "ur", "call_me"), ("sahajjo", "bn", "help"),
     ("pichhe", "pa", "back"), ("hagez", "ti", "help"), ("yarmeti", "ckb", "help"),
     ("mosa3ada", "ar", "help"), ("bāng zhù", "zh", "help"), ("幫助", "zh", "help"),
     ("کمک", "fa", "help"), ("كمك", "fa", "help"), ("مدد۔", "ur", "help"),
     ("يارمەتی", "ckb", "help"), ("ـمـسـاعـدة", "ar", "help"), ("HELP", "ti", "help")],
)  # fmt: skip
def test_romanised_and_variant_forms(typed: str, language: str, name: str) -> None:
    assert keyword_in(typed, language, LOCALES, KEYWORDS) == name
    assert typed_form(typed)

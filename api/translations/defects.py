"""Known ways a translated text reads wrong once its values are filled in, declared per language.

A rendered text is checked, not the template: a language name, a date or a menu option dropped
into the middle of a sentence ("piszesz w języku: Polski", "najpóźniej wtorek") needs a case
the value doesn't have, so in a language declared here such a value may only stand alone on its
line, as a label's value ("Język: Polski") or as the head of a line ("Українська: натисніть 18").
Also: keywords set apart in non-Latin scripts with the English word beside them, masculine-only
address where a neutral one exists, ASCII commas inside right-to-left text, a suffix cut off its
placeholder by a hyphen or a tatweel.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Quotation marks that set a keyword apart in a non-Latin script.
OPENING_QUOTES = "«“„「『‹\"'"
CLOSING_QUOTES = "»”“」』›\"'"
ISOLATES = "\u2066\u2067\u2068\u2069\u200e\u200f"  # LRI RLI FSI PDI LRM RLM
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
LABEL_SEPARATORS = (":", "：", "፡", "፦")  # Latin, CJK full-width, Ethiopic


@dataclass(frozen=True)
class LanguageRules:
    """What a fluent reader of one language would notice."""

    # Values that need a case, a mutation or a postposition this language can't give them.
    inflected_values: bool = True
    # Words that, before a value, would need it in another case ("w", "do", "najpóźniej").
    governing: frozenset[str] = frozenset()
    # Address forms that exist in a neutral (or both-gender) wording too.
    masculine_only: tuple[re.Pattern[str], ...] = ()
    # Non-Latin script: keywords must be set apart (quoted).
    non_latin: bool = False
    rtl: bool = False
    # A suffix or prefix written apart from a value ("বাংলা-এ", "بـ العربية").
    detached: tuple[re.Pattern[str], ...] = ()
    # Wordings a native reader misreads, with what they read (machine drafts found in review).
    misread: tuple[tuple[re.Pattern[str], str], ...] = ()


# In a translation: a placeholder with a suffix hyphenated on, or a tatweel next to it.
HYPHEN_SUFFIX = re.compile(r"%\(\w+\)s-(?=[^\s\dA-Za-z])")
TATWEEL_PLACEHOLDER = re.compile(r"ـ\s*%\(\w+\)s|%\(\w+\)s\s*ـ")
# In a rendered text: a tatweel (which joins letters) before or after a space.
TATWEEL_APART = re.compile(r"ـ\s|\sـ")
ARABIC_DETACHED = (TATWEEL_APART, TATWEEL_PLACEHOLDER, HYPHEN_SUFFIX)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ALL_RECORDS = "'erase everything about you' (all NHS records?), not 'everything we hold'"

RULES: dict[str, LanguageRules] = {
    "en": LanguageRules(inflected_values=False),
    "en@easyread": LanguageRules(inflected_values=False),
    "pl": LanguageRules(
        governing=_words("w we na do po o z ze przez dla od najpóźniej języku języka językiem"),
        masculine_only=(
            re.compile(r"\b\w+łeś\b(?!\s*/)"),
            re.compile(r"\b(?:zapisany|pewien|gotowy|zalogowany|zadowolony)\b(?![/(])", re.I),
        ),
    ),
    "pt": LanguageRules(
        governing=_words("em de do da para até por antes"),
        misread=((re.compile(r"\bpolonês\b", re.I), "Brazilian; European Portuguese: polaco"),),
    ),
    "ro": LanguageRules(
        governing=_words("în pe la de cu pentru până"),
        masculine_only=(
            re.compile(r"\b(?:programat|înscris|sigur|mulțumit|pregătit)\b(?![/(])", re.I),
        ),
    ),
    "uk": LanguageRules(
        governing=_words("мовою мові у в до для з із по на пізніше"), non_latin=True
    ),
    "cy": LanguageRules(governing=_words("yn yng ym i o erbyn ar gyda")),
    "es": LanguageRules(governing=_words("en antes del de al para por hasta el")),
    "tr": LanguageRules(governing=_words("en geç kadar için ile")),
    "so": LanguageRules(
        governing=_words("ku ka kahor ugu"),
        misread=((re.compile(r"\bBangladesh\b"), "a country, not the language (Af-Bangaali)"),),
    ),
    "ar": LanguageRules(
        governing=_words("بـ ب في إلى قبل باللغة بلغة"),
        non_latin=True,
        rtl=True,
        detached=ARABIC_DETACHED,
    ),
    "fa": LanguageRules(
        governing=_words("به در تا از با"), non_latin=True, rtl=True, detached=ARABIC_DETACHED
    ),
    "ur": LanguageRules(
        governing=_words("میں تک کو کے کی سے"),
        non_latin=True,
        rtl=True,
        detached=ARABIC_DETACHED,
        misread=((re.compile("آپ کے بارے میں سب کچھ مٹا"), ALL_RECORDS),),
    ),
    "ckb": LanguageRules(
        governing=_words("بە لە بۆ تا"),
        non_latin=True,
        rtl=True,
        detached=ARABIC_DETACHED,
        misread=((re.compile("فریاکەوتن"), "rescue or first aid, not emergency"),),
    ),
    "bn": LanguageRules(
        governing=_words("-এ মধ্যে"),
        non_latin=True,
        detached=(HYPHEN_SUFFIX,),
        misread=((re.compile("আপনার সম্পর্কে যা কিছু আছে সব মুছে"), ALL_RECORDS),),
    ),
    "pa": LanguageRules(
        governing=_words("ਵਿੱਚ ਤੱਕ ਲਈ"),
        non_latin=True,
        detached=(HYPHEN_SUFFIX,),
        misread=((re.compile("ਤੁਹਾਡੇ ਬਾਰੇ ਸਭ ਕੁਝ ਮਿਟਾ"), ALL_RECORDS),),
    ),
    "gu": LanguageRules(governing=_words("માં સુધી માટે"), non_latin=True, detached=(HYPHEN_SUFFIX,)),
    "ta": LanguageRules(governing=_words("இல் க்கு"), non_latin=True, detached=(HYPHEN_SUFFIX,)),
    "ti": LanguageRules(
        governing=_words("ብ ኣብ ክሳብ"),
        non_latin=True,
        misread=((re.compile("ኣስተርጓሚ|ስላል"), "Amharic forms (Tigrinya: ተርጓሚ, ስለ ዘይ-)"),),
    ),
    "zh": LanguageRules(inflected_values=False, non_latin=True),
}
DEFAULT_RULES = LanguageRules()


@dataclass(frozen=True)
class Sample:
    """One rendering to check: its text and what was filled into it."""

    language: str
    name: str  # the response (and channel) it came from, for the message
    text: str
    keywords: tuple[tuple[str, str], ...] = ()  # (translated, English) keywords the text names


def _bare(text: str) -> str:
    """Without direction marks and isolates (they don't change how a line reads)."""
    return text.translate({ord(c): None for c in ISOLATES}).strip()


PLACEHOLDER = re.compile(r"%\((\w+)\)s")
# Placeholders filled with a language name, a date or a spoken menu option: words that take a
# case, a mutation or a postposition in most languages, which the filled-in value can't.
INFLECTED_PLACEHOLDERS = frozenset({"language", "day", "option"})


def _stands_alone(line: str, placeholder: str, governing: frozenset[str]) -> bool:
    """Whether a placeholder stands alone on its line: the head of the line ("X: press 3"), or
    the value of a label whose words govern no case ("Język: X", not "w języku: X")."""
    line = line.strip().rstrip(".。۔")
    if line == placeholder:
        return True
    for sep in LABEL_SEPARATORS:
        if line.startswith(placeholder + sep):
            return True
        if line.endswith(sep + " " + placeholder) or line.endswith(sep + placeholder):
            label = line[: line.rindex(sep)].split()
            # The word before the colon would govern the value: "w języku: X", "najpóźniej: X".
            return (
                bool(label)
                and label[-1].lower() not in governing
                and not any(mark in " ".join(label) for mark in ".!?。؟")
            )
    return False


# Texts where %(language)s is the LANGUAGE keyword, not a language name.
KEYWORD_CONTEXTS = frozenset({"utter_help", "utter_privacy"})


def template_problems(language: str, context: str, msgid: str, msgstr: str) -> list[str]:
    """A translation that puts a language name, date or option where it would need inflecting."""
    rules = RULES.get(language, DEFAULT_RULES)
    found = [
        f"{language} {msgid[:40]!r}: misread wording {pattern.pattern!r}: {reading}"
        for pattern, reading in rules.misread
        if pattern.search(msgstr)
    ]
    found += [
        f"{language} {msgid[:40]!r}: masculine-only form {match.group(0)!r}"
        for pattern in rules.masculine_only
        for match in pattern.finditer(msgstr)
    ]
    found += [
        f"{language} {msgid[:40]!r}: detached suffix {match.group(0)!r} in {msgstr[:60]!r}"
        for pattern in rules.detached
        for match in pattern.finditer(msgstr)
    ]
    if not rules.inflected_values or not msgstr or context in KEYWORD_CONTEXTS:
        return found
    for name in sorted(set(PLACEHOLDER.findall(msgstr)) & INFLECTED_PLACEHOLDERS):
        placeholder = f"%({name})s"
        for line in msgstr.split("\n"):
            if placeholder in line and not _stands_alone(line, placeholder, rules.governing):
                found.append(f"{language} {msgid[:40]!r}: bare placeholder in {line!r}")
    return found


def _quoted(text: str, word: str) -> bool:
    """Whether the word is named set apart in quotation marks (elsewhere it may be a plain word:
    BOOK in Arabic is also "appointment")."""
    start = text.find(word)
    while start >= 0:
        before = _bare(text[:start])[-1:]
        after = _bare(text[start + len(word) :])[:1]
        if before and before in OPENING_QUOTES and after and after in CLOSING_QUOTES:
            return True
        start = text.find(word, start + 1)
    return False


def keyword_problems(sample: Sample, rules: LanguageRules) -> Iterable[str]:
    """A keyword not set apart in a non-Latin script, or without the English word beside it."""
    for translated, english in sample.keywords:
        if translated == english:
            continue
        if rules.non_latin and not _quoted(sample.text, translated):
            yield f"unquoted keyword {translated!r}"
        if english not in sample.text:
            yield f"keyword {translated!r} without the English {english!r}"


def masculine_problems(sample: Sample, rules: LanguageRules) -> Iterable[str]:
    """Masculine-only address where a neutral or both-gender wording exists."""
    for pattern in rules.masculine_only:
        for match in pattern.finditer(sample.text):
            yield f"masculine-only form {match.group(0)!r}"


def separator_problems(sample: Sample, rules: LanguageRules) -> Iterable[str]:
    """ASCII commas and semicolons inside right-to-left lines (the script has its own)."""
    if not rules.rtl:
        return
    for line in sample.text.split("\n"):
        if ARABIC_SCRIPT.search(line) and re.search(r"[,;]", line):
            yield f"ASCII separator in right-to-left text {line!r}"


def detached_problems(sample: Sample, rules: LanguageRules) -> Iterable[str]:
    """A prefix written apart from the value it belongs to ("لـ العربية"); hyphenated suffixes
    are found in the translations (template_problems), where the placeholder is still visible."""
    for pattern in rules.detached:
        if pattern is HYPHEN_SUFFIX or pattern is TATWEEL_PLACEHOLDER:
            continue
        for match in pattern.finditer(_bare(sample.text)):
            around = sample.text[max(0, match.start() - 12) : match.end() + 12]
            yield f"detached suffix {around!r}"


def misread_problems(sample: Sample, rules: LanguageRules) -> Iterable[str]:
    """A wording (or a name from CLDR) that a native reader misreads."""
    for pattern, reading in rules.misread:
        if pattern.search(sample.text):
            yield f"misread wording {pattern.pattern!r}: {reading}"


def problems(sample: Sample) -> list[str]:
    """Every known defect in one rendering, each with the language and response."""
    rules = RULES.get(sample.language, DEFAULT_RULES)
    found: list[str] = []
    if "%(" in sample.text:
        found.append("placeholder left unfilled")
    for check in (
        keyword_problems,
        masculine_problems,
        separator_problems,
        detached_problems,
        misread_problems,
    ):
        found += check(sample, rules)
    return [f"{sample.language} {sample.name}: {problem}" for problem in found]

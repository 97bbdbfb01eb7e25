"""Code systems and the interpreter-language code table (data, not logic).

Systems used for the interpreter need:

==============================  =================================================================
``http://snomed.info/sct``       "<Language> language interpreter needed" concepts (see the table),
                                 or 315594003 "Interpreter needed" when the language has no
                                 specific concept or was not given.
``UKCore-HumanLanguage``         ``https://fhir.hl7.org.uk/CodeSystem/UKCore-HumanLanguage``; the
                                 interpreter's language as an ISO 639-1 code (``value`` of a need),
                                 or ISO 639-3 where 639-1 has none or is too coarse (``prs`` Dari,
                                 ``syl`` Sylheti, ``yue`` Cantonese, ``cmn`` Mandarin, ``ckb``
                                 Kurdish Sorani, ``bfi`` British Sign Language).
``access-need`` (ours)           ``https://fhir.frontdoor.example/CodeSystem/access-need``: answers
                                 that SNOMED CT does not express the way we need them.
==============================  =================================================================

Our code system ``https://fhir.frontdoor.example/CodeSystem/access-need``:

==========================  ===========================  ==========================================
code                        display                      meaning
==========================  ===========================  ==========================================
``interpreter-not-needed``  Interpreter not needed       The person said they do not want an
                                                         interpreter (an answer, not a missing one).
==========================  ===========================  ==========================================

SNOMED CT codes come from the draft NHS reasonable-adjustment value set
(/work/shared/reference/nhs-access-needs.md §1.3 and §3): check them against the current
UK edition refsets before going live.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

SNOMED = "http://snomed.info/sct"
HUMAN_LANGUAGE = "https://fhir.hl7.org.uk/CodeSystem/UKCore-HumanLanguage"
ACCESS_NEED = "https://fhir.frontdoor.example/CodeSystem/access-need"

INTERPRETER_KIND = "interpreter"
INTERPRETER_NEEDED_GENERIC = ("315594003", "Interpreter needed")
INTERPRETER_NOT_NEEDED = ("interpreter-not-needed", "Interpreter not needed")


@dataclass(frozen=True)
class InterpreterLanguage:
    """A language an interpreter can be requested for, with its SNOMED CT concept."""

    code: str  # ISO 639-1 as in UKCore-HumanLanguage, else ISO 639-3 (see above)
    display: str  # English name (NHS usage: "Panjabi", "Farsi")
    snomed: str | None  # None: no specific concept known, so 315594003 with the language
    snomed_term: str | None = None  # the concept's own display, when not "<display> language …"

    @property
    def snomed_display(self) -> str:
        """The SNOMED CT display, e.g. "Polish language interpreter needed"."""
        return self.snomed_term or f"{self.display} language interpreter needed"


_TABLE: tuple[InterpreterLanguage, ...] = (
    InterpreterLanguage("pl", "Polish", "203901000000102"),
    InterpreterLanguage("ro", "Romanian", "353881000000101"),
    InterpreterLanguage("pa", "Panjabi", "203961000000103"),
    InterpreterLanguage("ur", "Urdu", "204211000000109"),
    InterpreterLanguage("bn", "Bengali", "203321000000107"),
    InterpreterLanguage("ar", "Arabic", "203311000000101"),
    InterpreterLanguage("pt", "Portuguese", "203911000000100"),
    InterpreterLanguage("es", "Spanish", "204031000000105"),
    InterpreterLanguage("gu", "Gujarati", "203601000000106"),
    InterpreterLanguage("fa", "Farsi", "203421000000104"),
    InterpreterLanguage("ps", "Pashto", "203841000000108"),
    InterpreterLanguage("ku", "Kurdish", "203701000000104"),
    InterpreterLanguage("so", "Somali", "204021000000108"),
    InterpreterLanguage("ti", "Tigrinya", "204171000000106"),
    InterpreterLanguage("tr", "Turkish", "204191000000105"),
    InterpreterLanguage("zh", "Chinese", "972591000000100"),
    InterpreterLanguage("lt", "Lithuanian", "203721000000108"),
    InterpreterLanguage("ru", "Russian", "203971000000105"),
    InterpreterLanguage("uk", "Ukrainian", "204201000000107"),
    InterpreterLanguage("vi", "Vietnamese", "204221000000103"),
    InterpreterLanguage("ta", "Tamil", "204131000000109"),
    InterpreterLanguage("sq", "Albanian", "203291000000102"),
    InterpreterLanguage("am", "Amharic", "203301000000103"),
    InterpreterLanguage("bg", "Bulgarian", "353921000000107"),
    InterpreterLanguage("sk", "Slovak", "352901000000108"),
    InterpreterLanguage("hu", "Hungarian", "360431000000104"),
    InterpreterLanguage("ne", "Nepali", "364251000000104"),
    InterpreterLanguage("it", "Italian", "203371000000106"),
    InterpreterLanguage("fr", "French", "203441000000106"),
    InterpreterLanguage("cy", "Welsh", "204231000000101"),
    # Kurdish Sorani has no concept of its own: the Kurdish one, with the variety's code.
    InterpreterLanguage(
        "ckb", "Kurdish Sorani", "203701000000104", "Kurdish language interpreter needed"
    ),
    InterpreterLanguage("syl", "Sylheti", "204081000000109"),
    InterpreterLanguage("cmn", "Mandarin", "203821000000101"),
    InterpreterLanguage("yue", "Cantonese", "203381000000108"),
    InterpreterLanguage(
        "bfi",
        "British Sign Language",
        "204331000000107",
        "British Sign Language interpreter needed",
    ),  # fmt: skip
    # No concept checked yet (/work/shared/reference/nhs-access-needs.md lists 33 of 207):
    # coded as "Interpreter needed" with the language. Add the concept once checked.
    InterpreterLanguage("prs", "Dari", None),
    InterpreterLanguage("hi", "Hindi", None),
    InterpreterLanguage("ml", "Malayalam", None),
    InterpreterLanguage("yo", "Yoruba", None),
    InterpreterLanguage("tw", "Twi", None),
    InterpreterLanguage("tl", "Tagalog", None),
    InterpreterLanguage("lv", "Latvian", None),
    InterpreterLanguage("cs", "Czech", None),
    InterpreterLanguage("ln", "Lingala", None),
    InterpreterLanguage("sw", "Swahili", None),
    InterpreterLanguage("om", "Oromo", None),
)

INTERPRETER_LANGUAGES: dict[str, InterpreterLanguage] = {lang.code: lang for lang in _TABLE}

# "Another language" in the interpreter menu: the person writes or says the language's name.
OTHER_LANGUAGE = "other"
BSL_CODE = "bfi"


def interpreter_menu(conversation_language: str, offered: Iterable[str]) -> tuple[str, ...]:
    """The interpreter menu: the conversation's own language first, then every offered
    language (menu order), then British Sign Language; "another language" follows it."""
    ordered = [conversation_language, *offered, BSL_CODE]
    return tuple(code for code in dict.fromkeys(ordered) if code in INTERPRETER_LANGUAGES)


@dataclass(frozen=True)
class CodedNeed:
    """The coded form of one answer, ready to store as a need row."""

    kind: str
    code_system: str
    code: str
    display: str
    value_system: str | None = None
    value_code: str | None = None
    value_display: str | None = None


def interpreter_need(*, needed: bool, language: str | None) -> CodedNeed:
    """Code an interpreter answer: needed (with or without a language) or not needed."""
    if not needed:
        code, display = INTERPRETER_NOT_NEEDED
        return CodedNeed(INTERPRETER_KIND, ACCESS_NEED, code, display)
    known = INTERPRETER_LANGUAGES.get(language) if language else None
    if known is not None and known.snomed is None:
        code, display = INTERPRETER_NEEDED_GENERIC
        return CodedNeed(
            INTERPRETER_KIND, SNOMED, code, display, HUMAN_LANGUAGE, known.code, known.display
        )
    if known is None:
        code, display = INTERPRETER_NEEDED_GENERIC
        if language is None:
            return CodedNeed(INTERPRETER_KIND, SNOMED, code, display)
        return CodedNeed(INTERPRETER_KIND, SNOMED, code, display, HUMAN_LANGUAGE, language, None)
    return CodedNeed(
        INTERPRETER_KIND,
        SNOMED,
        known.snomed,
        known.snomed_display,
        HUMAN_LANGUAGE,
        known.code,
        known.display,
    )

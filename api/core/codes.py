"""Code systems and the interpreter-language code table (data, not logic).

Systems used for the interpreter need:

==============================  =================================================================
``http://snomed.info/sct``       "<Language> language interpreter needed" concepts (see the table),
                                 or 315594003 "Interpreter needed" when the language has no
                                 specific concept or was not given.
``UKCore-HumanLanguage``         ``https://fhir.hl7.org.uk/CodeSystem/UKCore-HumanLanguage``; the
                                 interpreter's language as an ISO 639-1 code (``value`` of a need).
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

    code: str  # ISO 639-1, as in UKCore-HumanLanguage
    display: str  # English name used in the SNOMED CT concept
    snomed: str

    @property
    def snomed_display(self) -> str:
        """The SNOMED CT display, e.g. "Polish language interpreter needed"."""
        return f"{self.display} language interpreter needed"


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
)

INTERPRETER_LANGUAGES: dict[str, InterpreterLanguage] = {lang.code: lang for lang in _TABLE}

# The interpreter-language menu the bot offers, in order (the most requested in England first).
INTERPRETER_MENU: tuple[str, ...] = (
    "pl",
    "ro",
    "ur",
    "bn",
    "pa",
    "ar",
    "pt",
    "tr",
    "so",
    "fa",
    "gu",
    "cy",
)


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

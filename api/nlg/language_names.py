"""Language names where CLDR's are wrong for the variety we speak (reviewed corrections).

CLDR's Somali names are partly English or a country ("Bangladesh" for Bengali, "Turkish"), and
Babel's "pt" is Brazilian ("polonês"); European Portuguese comes from pt_PT (api/nlg/formatting.py
LOCALE_OF). These are machine drafts too: a qualified translator should confirm them.
"""

from __future__ import annotations

# conversation language → language code → its name in that language
NAMES: dict[str, dict[str, str]] = {
    "so": {
        "ar": "Af-Carabi",
        "bn": "Af-Bangaali",
        "ckb": "Af-Kurdi Soraani",
        "cy": "Af-Welsh",
        "en": "Af-Ingiriis",
        "es": "Af-Isbaanish",
        "fa": "Af-Faarisi",
        "gu": "Af-Gujaraati",
        "pa": "Af-Bunjaabi",
        "pl": "Af-Boolish",
        "pt": "Af-Boortaqiis",
        "ro": "Af-Romaaniyaan",
        "so": "Af-Soomaali",
        "ta": "Af-Tamiil",
        "ti": "Af-Tigrinya",
        "tr": "Af-Turki",
        "uk": "Af-Yukreeniyaan",
        "ur": "Af-Urduu",
        "zh": "Af-Shiinees",
    },
}


def reviewed_name(in_language: str, code: str) -> str | None:
    """Our name for a language in a conversation language, where CLDR's won't do."""
    return NAMES.get(in_language, {}).get(code)

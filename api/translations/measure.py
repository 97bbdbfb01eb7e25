"""What an edit costs: SMS segments (GSM-7 or UCS-2) and roughly how long it takes to say."""

from __future__ import annotations

import math

# GSM 03.38 basic set; the extension characters count twice.
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = set("^{}\\[~]|€\f")
WORDS_PER_SECOND = 2.5  # unhurried telephone speech
CHARACTERS_PER_SECOND = 4  # for scripts written without spaces (Chinese)


def sms_segments(text: str) -> tuple[int, str]:
    """How many SMS segments the text takes, and the encoding that decides it."""
    if all(c in GSM_BASIC or c in GSM_EXTENSION for c in text):
        length = sum(2 if c in GSM_EXTENSION else 1 for c in text)
        single, part, encoding = 160, 153, "GSM-7"
    else:
        length = len(text.encode("utf-16-le")) // 2
        single, part, encoding = 70, 67, "UCS-2"
    return (1 if length <= single else math.ceil(length / part)), encoding


def spoken_seconds(text: str) -> int:
    """Roughly how many seconds a voice takes to say the text."""
    words = len(text.split())
    if words <= 2 and len(text) > 12:  # no spaces: count characters instead
        return max(1, round(len(text) / CHARACTERS_PER_SECOND))
    return max(1, round(words / WORDS_PER_SECOND))

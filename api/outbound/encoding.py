"""How an SMS text is encoded and how many segments it costs (what Twilio bills).

GSM-7 fits 160 characters in one message and 153 per segment when split; one character outside
GSM-7 (most of our languages' letters) makes the whole text UCS-2: 70, then 67 per segment,
counted in UTF-16 code units (an emoji is two).
"""

from __future__ import annotations

from dataclasses import dataclass

GSM7 = "GSM-7"
UCS2 = "UCS-2"
LONG_TEXT_SEGMENTS = 3  # more than this is flagged in the admin page

# GSM 03.38 basic set, and the extension set (each costs two septets: escape + character).
_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_EXTENSION = set("^{}\\[~]|€\f")


@dataclass(frozen=True)
class TextCost:
    """A text's encoding and segment count."""

    encoding: str
    segments: int


def _septets(text: str) -> int | None:
    """GSM-7 length in septets, or None when a character needs UCS-2."""
    count = 0
    for character in text:
        if character in _BASIC:
            count += 1
        elif character in _EXTENSION:
            count += 2
        else:
            return None
    return count


def text_cost(text: str) -> TextCost:
    """The encoding Twilio would use for `text`, and how many segments it is billed as."""
    septets = _septets(text)
    if septets is not None:
        return TextCost(GSM7, 1 if septets <= 160 else -(-septets // 153))
    units = len(text.encode("utf-16-le")) // 2
    return TextCost(UCS2, 1 if units <= 70 else -(-units // 67))

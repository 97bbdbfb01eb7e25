"""SMS text: GSM-7 vs UCS-2 segments and shaping replies for the network (no Rasa imports)."""

from __future__ import annotations

# GSM 03.38: the basic set costs one septet, the extension set two (escape + character).
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = set("^{}\\[~]|€\f")
MAX_SMS_CHARS = 1600  # Twilio refuses longer bodies


def sms_encoding(text: str) -> str:
    """ "GSM-7" when every character is in the GSM alphabet, else "UCS-2"."""
    if all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text):
        return "GSM-7"
    return "UCS-2"


def sms_segments(text: str) -> int:
    """How many SMS segments Twilio bills for this body (160/153 GSM-7, 70/67 UCS-2)."""
    if sms_encoding(text) == "GSM-7":
        units, single, part = sum(2 if c in GSM7_EXTENSION else 1 for c in text), 160, 153
    else:
        units, single, part = len(text.encode("utf-16-le")) // 2, 70, 67
    return 1 if units <= single else -(-units // part)


def split_at_words(text: str, limit: int = MAX_SMS_CHARS) -> list[str]:
    """Pieces of at most `limit` characters, split between words (a word longer is cut)."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = max(rest.rfind(" ", 0, limit + 1), rest.rfind("\n", 0, limit + 1))
        cut = cut if cut > 0 else limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return [*pieces, rest] if rest else pieces


def shape_sms(texts: list[str]) -> list[str]:
    """A turn's messages as SMS bodies: joined when that costs no more segments, never too long."""
    bodies: list[str] = []
    for text in (t.strip() for t in texts):
        if not text:
            continue
        joined = f"{bodies[-1]}\n\n{text}" if bodies else text
        if (
            bodies
            and len(joined) <= MAX_SMS_CHARS
            and sms_segments(joined) <= sms_segments(bodies[-1]) + sms_segments(text)
        ):
            bodies[-1] = joined
        else:
            bodies.append(text)
    return [piece for body in bodies for piece in split_at_words(body)]

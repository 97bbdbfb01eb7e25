"""One typed form of a word, however it was typed: case, spacing, punctuation, letter variants.

Keywords and language names are compared in this form, so "Jooji", "JOOJI!", "ﻙﻤﻚ", "کمک؟",
"幫助" and "帮助。" each match their keyword. Pure functions, no I/O.
"""

from __future__ import annotations

import unicodedata

# Arabic-script letters that people type interchangeably (keyboard layouts differ between Arabic,
# Persian, Urdu and Sorani): one representative each.
LETTER_VARIANTS = str.maketrans(
    {
        "ك": "ک",  # Arabic kaf → keheh (Persian, Urdu, Sorani)
        "ڪ": "ک",
        "ي": "ی",  # Arabic yeh → Farsi yeh
        "ى": "ی",  # alef maksura
        "ې": "ی",
        "ے": "ی",  # Urdu yeh barree (final form in Urdu)
        "ە": "ه",  # Sorani ae
        "ہ": "ه",  # Urdu heh goal
        "ھ": "ه",  # heh doachashmee
        "ۀ": "ه",
        "ة": "ه",  # teh marbuta
        "أ": "ا",  # alef forms
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ؤ": "و",
        "ۆ": "و",  # Sorani o
        "ێ": "ی",  # Sorani ê
        "ڵ": "ل",  # Sorani ll
        "ڕ": "ر",  # Sorani rr
        "ـ": None,  # tatweel (kashida), only stretches a word
        "\u200c": None,  # zero-width non-joiner (Persian half-space)
        "\u200d": None,
        "\u200e": None,  # directional marks a phone may insert
        "\u200f": None,
        "\u061c": None,
    }
)

# Traditional Chinese characters of the keywords (and language names) → Simplified, as the
# catalogs write them; a person on a Traditional keyboard (Hong Kong, Taiwan) types these.
TRADITIONAL_TO_SIMPLIFIED = str.maketrans(
    {
        "幫": "帮",
        "過": "过",
        "迴": "回",
        "據": "据",
        "數": "数",
        "刪": "删",
        "給": "给",
        "電": "电",
        "話": "话",
        "語": "语",
        "預": "预",
        "約": "约",
        "隱": "隐",
        "私": "私",
        "改": "改",
        "開": "开",
        "始": "始",
        "停": "停",
        "訂": "订",
        "銷": "销",
        "動": "动",
        "漢": "汉",
        "華": "华",
        "東": "东",
        "廣": "广",
        "粵": "粤",
        "國": "国",
        "普": "普",
        "這": "这",
        "個": "个",
        "們": "们",
        "請": "请",
        "聯": "联",
        "繫": "系",
        "絡": "络",
        "號": "号",
        "碼": "码",
        "選": "选",
        "擇": "择",
        "換": "换",
        "變": "变",
        "資": "资",
        "料": "料",
        "訊": "讯",
        "息": "息",
        "傳": "传",
        "發": "发",
        "送": "送",
        "復": "复",
        "歸": "归",
    }
)

# Punctuation that ends or wraps a typed word, in any script (after NFKC: full-width forms are
# ASCII already): . ! ? ۔ ؟ 。 ، ؛ « » quotes and the like.
_EDGE = "".join(
    (
        ".!?,;:'\"`*~-_()[]{}<>«»‹›“”„‘’‚",
        "\u06d4",  # ۔ Urdu full stop
        "\u061f",  # ؟ Arabic question mark
        "\u060c",  # ، Arabic comma
        "\u061b",  # ؛ Arabic semicolon
        "\u3002",  # 。 ideographic full stop
        "\u3001",  # 、 ideographic comma
        "\u0964",  # । danda (Bengali, Hindi, Panjabi)
        "\u0965",  # ॥ double danda
        "\u1362",  # ። Ethiopic full stop (Tigrinya, Amharic)
        "\u1361",  # ፡ Ethiopic wordspace
        "\u1367",  # ፧ Ethiopic question mark
        "\u1366",
        "\u1363",  # ፣ Ethiopic comma
        "\u00bf\u00a1",  # ¿ ¡
    )
)


def letters_only(text: str) -> str:
    """Lower case, compatibility forms folded, Arabic-script and Chinese variants unified,
    accents and vowel marks dropped, the spaces between words kept as single spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.translate(LETTER_VARIANTS).translate(TRADITIONAL_TO_SIMPLIFIED)
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(char for char in decomposed if not unicodedata.combining(char))
    kept = unicodedata.normalize("NFC", kept)
    words = [word.strip(_EDGE) for word in kept.split()]
    return " ".join(word for word in words if word)


def typed_form(text: str) -> str:
    """The form a whole message is compared in: `letters_only` without spaces or hyphens, so
    "CALL ME", "call  me", "callme" and "LIGUEM-ME"/"liguem me" are one."""
    return letters_only(text).replace(" ", "").replace("-", "")

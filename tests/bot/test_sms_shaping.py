"""SMS segments (GSM-7 vs UCS-2) and reply shaping that never cuts a word."""

from __future__ import annotations

import pytest

from bot.channels import twilio_core as core

POLISH_CONSENT = (
    "Chcielibyśmy zapisać Twój język i potrzebne wsparcie oraz przekazać je placówkom NHS, "
    "które się Tobą opiekują. W każdej chwili możesz poprosić o wgląd lub usunięcie. Czy to OK?"
)
ENGLISH_CONSENT = (
    "We'd like to record your language and any support you need, and share it with the NHS "
    "services that care for you. You can ask to see or delete it at any time. Is that OK?"
)


@pytest.mark.parametrize(
    ("text", "encoding", "segments"),
    [
        ("Hello", "GSM-7", 1),
        ("a" * 160, "GSM-7", 1),
        ("a" * 161, "GSM-7", 2),
        ("a" * 306, "GSM-7", 2),
        ("a" * 307, "GSM-7", 3),
        ("€" * 80, "GSM-7", 1),  # extension characters cost two septets
        ("€" * 81, "GSM-7", 2),
        ("Ça coûte 5€? Oui!", "UCS-2", 1),  # û is not in the GSM alphabet
        ("ę" * 70, "UCS-2", 1),
        ("ę" * 71, "UCS-2", 2),
        ("ę" * 134, "UCS-2", 2),
        ("ę" * 135, "UCS-2", 3),
        ("😀" * 35, "UCS-2", 1),  # an emoji is two UTF-16 units
        ("😀" * 36, "UCS-2", 2),
        (ENGLISH_CONSENT, "GSM-7", 2),
        (POLISH_CONSENT, "UCS-2", 3),
        ("آپ کو کس زبان میں ترجمان چاہیے؟", "UCS-2", 1),
    ],
)
def test_segments_follow_the_encoding(text: str, encoding: str, segments: int) -> None:
    assert core.sms_encoding(text) == encoding
    assert core.sms_segments(text) == segments


def test_one_polish_letter_makes_the_whole_message_ucs2() -> None:
    english = "Thank you. Your answers are saved."
    assert core.sms_segments(english * 4) == 1  # 136 GSM-7 characters
    assert core.sms_encoding(english * 4 + " Dziękujemy.") == "UCS-2"
    assert core.sms_segments(english * 4 + " Dziękujemy.") == 3  # 148 UCS-2 units


def test_short_replies_of_a_turn_are_joined_into_one_message() -> None:
    assert core.shape_sms(["Sorry, I didn't understand.", "Is that OK?\n1. Yes\n2. No"]) == [
        "Sorry, I didn't understand.\n\nIs that OK?\n1. Yes\n2. No"
    ]


def test_replies_are_kept_apart_when_joining_would_cost_more() -> None:
    first, second = "a" * 155, "b" * 155  # 1 + 1 segments apart, 3 joined
    assert core.shape_sms([first, second]) == [first, second]
    polish = ["ę" * 65, "ż" * 65]  # UCS-2: 1 + 1 apart, 2 joined (134 units): join
    assert core.shape_sms(polish) == ["ę" * 65 + "\n\n" + "ż" * 65]


@pytest.mark.parametrize("word", ["interpreter", "tłumaczenie", "ترجمان"])
def test_long_replies_are_split_between_words_only(word: str) -> None:
    text = " ".join(f"{word}{n}" for n in range(400))
    pieces = core.shape_sms([text])
    assert len(pieces) > 1
    assert all(len(piece) <= core.MAX_SMS_CHARS for piece in pieces)
    assert " ".join(pieces).split() == text.split()


def test_empty_replies_are_dropped() -> None:
    assert core.shape_sms(["", "  ", "Hi"]) == ["Hi"]
    assert core.split_at_words("") == []

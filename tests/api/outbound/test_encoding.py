"""Encoding and segments as Twilio bills them (known answers)."""

from __future__ import annotations

import pytest

from api.outbound.encoding import GSM7, UCS2, TextCost, text_cost


@pytest.mark.parametrize(
    ("text", "cost"),
    [
        ("a" * 160, TextCost(GSM7, 1)),
        ("a" * 161, TextCost(GSM7, 2)),
        ("a" * 306, TextCost(GSM7, 2)),
        ("a" * 307, TextCost(GSM7, 3)),
        ("€" * 80, TextCost(GSM7, 1)),  # the extension set costs two septets each
        ("€" * 81, TextCost(GSM7, 2)),
        ("ł" + "a" * 69, TextCost(UCS2, 1)),  # one Polish letter makes it all UCS-2
        ("ł" + "a" * 70, TextCost(UCS2, 2)),
        ("ب" * 134, TextCost(UCS2, 2)),
        ("ب" * 135, TextCost(UCS2, 3)),
        ("😀" * 35, TextCost(UCS2, 1)),  # two UTF-16 units each
        ("😀" * 36, TextCost(UCS2, 2)),
    ],
)
def test_known_costs(text: str, cost: TextCost) -> None:
    assert text_cost(text) == cost

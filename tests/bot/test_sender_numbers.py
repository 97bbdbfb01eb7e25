"""Which Twilio senders start a conversation: the same rule as the API's (api/core/phones.py
normalise_sender), so no one answers a whole assessment the API will refuse to save."""

from __future__ import annotations

import pytest

from bot.channels.twilio_core import sender_id_for


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+447651000123", "+447651000123"),  # a range the library calls invalid: still a sender
        ("whatsapp:+447700900123", "+447700900123"),
        ("+12025550123", "+12025550123"),
        ("+4477009", None),  # only "possible locally": the API refuses it, so we do too
        ("12345", None),  # a short code
        ("anonymous", None),
    ],
)
def test_senders(raw: str, expected: str | None) -> None:
    assert sender_id_for(raw) == expected

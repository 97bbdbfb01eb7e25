"""Twilio's webhooks on the running Rasa refuse an oversized body (413) while it is still
arriving, by its declared length and by counting a chunked stream, and still take normal ones."""

from __future__ import annotations

import pytest

from tests.support.raw_http import status_for_chunked, status_for_declared_length
from tests.support.stack import Stack

MAX_WEBHOOK_BODY_BYTES = 64 * 1024  # bot/channels/twilio_core.py (another environment)
FORM = "application/x-www-form-urlencoded"
PATHS = [
    "/webhooks/twilio_sms/webhook",
    "/webhooks/twilio_sms/status",
    "/webhooks/twilio_whatsapp/webhook",
    "/webhooks/twilio_voice/webhook",
]


@pytest.mark.parametrize("path", PATHS)
def test_declared_oversize_webhook_bodies_are_413_before_they_are_sent(
    stack: Stack, path: str
) -> None:
    status = status_for_declared_length(
        stack.rasa_url, path, 1000 * MAX_WEBHOOK_BODY_BYTES, content_type=FORM
    )

    assert status == 413


@pytest.mark.parametrize("path", PATHS[:1] + PATHS[3:])
def test_streamed_oversize_webhook_bodies_are_413_before_they_end(stack: Stack, path: str) -> None:
    status = status_for_chunked(stack.rasa_url, path, 4 * MAX_WEBHOOK_BODY_BYTES, content_type=FORM)

    assert status == 413


def test_a_normal_message_still_gets_its_reply(phone) -> None:  # noqa: ANN001
    assert phone.send("hello")

"""Logging never carries phone numbers, message text or tokens in clear."""

from __future__ import annotations

import logging

from api.core.logs import REDACTED, DropQueryString, redact_sensitive


def test_sensitive_keys_are_redacted() -> None:
    event = {"event": "x", "phone": "+447700900123", "Text": "hello", "person_id": "p1"}

    assert redact_sensitive(None, "info", event) == {
        "event": "x",
        "phone": REDACTED,
        "Text": REDACTED,
        "person_id": "p1",
    }


def test_access_log_drops_query_strings() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:1", "GET", "/v1/people?phone=%2B447700900123", "1.1", 200),
        None,
    )

    assert DropQueryString().filter(record)
    assert record.getMessage() == '127.0.0.1:1 - "GET /v1/people HTTP/1.1" 200'

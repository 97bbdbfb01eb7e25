"""Structured logging that never writes phone numbers, message text or tokens in clear."""

from __future__ import annotations

import logging
from collections.abc import MutableMapping
from typing import Any

import structlog

REDACTED = "[redacted]"
SENSITIVE_KEYS = frozenset(
    {"phone", "phone_e164", "from", "to", "text", "body", "words", "token", "authorization"}
)


def redact_sensitive(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """Replace the values of sensitive keys before anything is rendered."""
    for key in event_dict:
        if key.lower() in SENSITIVE_KEYS:
            event_dict[key] = REDACTED
    return event_dict


class DropQueryString(logging.Filter):
    """Strip query strings from uvicorn access-log lines (they carry phones and tokens)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the path argument of an access-log record without its query."""
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], args[2].split("?", 1)[0], *args[3:])
        return True


def configure_logging() -> None:
    """Configure structlog with redaction, and filter uvicorn's access log."""
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            redact_sensitive,
            structlog.processors.JSONRenderer(),
        ],
        cache_logger_on_first_use=False,
    )
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, DropQueryString) for f in access.filters):
        access.addFilter(DropQueryString())

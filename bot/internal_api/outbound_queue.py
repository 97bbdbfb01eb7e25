"""The outbound queue as bot/outbound.py uses it: queue a message, then wait (briefly) for the
worker to send it, so callers still learn at once whether it went. Blocking calls: the sending
runs in a worker thread."""

from __future__ import annotations

import time
import uuid
from typing import Any
from urllib.parse import urlencode

from bot.internal_api.transport import InternalApi

FINAL = ("sent", "delivered", "failed", "abandoned")
DEFAULT_WAIT_SECONDS = 10.0


class ApiOutboundQueue(InternalApi):
    """POST /internal/outbound/messages, then GET it until it left or failed."""

    def send(
        self, message: dict[str, Any], wait_seconds: float = DEFAULT_WAIT_SECONDS
    ) -> dict[str, Any]:
        """Queue `message` (a fresh idempotency key unless it has one) and wait for its outcome;
        the message's last state (still "queued" if the worker did not get to it in time)."""
        body = {"key": f"{message.get('purpose', 'message')}:{uuid.uuid4().hex}", **message}
        state = dict(self.call("POST", "/internal/outbound/messages", body))
        deadline = time.monotonic() + wait_seconds
        while state.get("state") not in FINAL and time.monotonic() < deadline:
            time.sleep(0.1)
            answer = self.call(
                "GET", "/internal/outbound/messages?" + urlencode({"key": body["key"]})
            )
            state = dict(answer[0]) if isinstance(answer, list) and answer else state
        return state

"""Whether a number may be sent to, for the messages Front Door starts (bot/outbound.py): blocking
calls, as the sending runs in a worker thread."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from bot.internal_api.errors import ApiUnavailable
from bot.internal_api.transport import InternalApi


class ApiPreferences(InternalApi):
    """Contact preferences read from and written to the API's internal endpoints."""

    def opted_out(self, phone: str, channel: str) -> bool:
        """True when the records say this number opted out of this channel."""
        return bool(self._state(phone, channel)["opted_out"])

    def reachable(self, phone: str, channel: str) -> bool:
        """False when opted out, or the last message we sent there was not delivered."""
        return bool(self._state(phone, channel)["reachable"])

    def record_opt_out(self, phone: str, channel: str) -> None:
        """Record an opt-out Twilio told us about."""
        body = {"phone": phone, "channel": channel}
        self.call("POST", "/internal/contact-preferences/opt-out", body)

    def _state(self, phone: str, channel: str) -> dict[str, Any]:
        body = self.call("GET", "/internal/contact-preferences?" + urlencode({"phone": phone}))
        try:
            return dict(body["channels"][channel])
        except (KeyError, TypeError, ValueError) as error:
            raise ApiUnavailable(f"no state for {channel}") from error

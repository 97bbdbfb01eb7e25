"""Reading the development outbox over loopback HTTP (the simulator and the tests)."""

from __future__ import annotations

import base64
import json
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.dev_outbox import settings


@dataclass(frozen=True)
class OutboxClient:
    """The read side of one outbox, authenticated with the account SID and auth token."""

    base_url: str
    account_sid: str
    auth_token: str

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> OutboxClient:
        """DEV_OUTBOX_PORT, TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (a .env file's or ours)."""
        return cls(
            settings.url(env), env.get("TWILIO_ACCOUNT_SID", ""), env.get("TWILIO_AUTH_TOKEN", "")
        )

    def messages(
        self, to: str | None = None, after: int = 0, wait: float = 0.0
    ) -> tuple[list[dict[str, Any]], int]:
        """Messages newer than `after` (waiting up to `wait` s for one), and the newest seq."""
        query = {"after": str(after), "wait": str(wait), **({"to": to} if to else {})}
        pair = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        request = urllib.request.Request(
            f"{self.base_url}/outbox/messages?{urllib.parse.urlencode(query)}",
            headers={"Authorization": f"Basic {pair}"},
        )
        with urllib.request.urlopen(request, timeout=wait + 10) as response:
            body = json.loads(response.read())
        return list(body["messages"]), int(body["last"])

    @property
    def sent(self) -> list[dict[str, str]]:
        """The Twilio form fields of every message kept, oldest first."""
        return [message["fields"] for message in self.messages()[0]]

    def texts_to(self, number: str) -> list[str]:
        """The bodies sent to `number` on any channel, oldest first."""
        return [message["fields"].get("Body", "") for message in self.messages(number)[0]]

"""When the development outbox stands in for Twilio's REST API, and where it listens."""

from __future__ import annotations

import re
from collections.abc import Mapping

# The account SID .env.example ships with: no Twilio account will ever accept it.
PLACEHOLDER_ACCOUNT_SID = "ACdevelopment00000000000000000000"
DEFAULT_PORT = 5077
TWILIO_API = "https://api.twilio.com"
_ACCOUNT_SID = re.compile(r"AC[0-9a-f]{32}")


def in_use(env: Mapping[str, str]) -> bool:
    """True in development (FRONTDOOR_ENV=development, said explicitly) without a real account.

    Any other FRONTDOOR_ENV, or a real account SID, means Twilio's REST API as configured.
    """
    if env.get("FRONTDOOR_ENV") != "development":
        return False
    sid = env.get("TWILIO_ACCOUNT_SID", "")
    return sid == PLACEHOLDER_ACCOUNT_SID or not _ACCOUNT_SID.fullmatch(sid)


def port(env: Mapping[str, str]) -> int:
    """DEV_OUTBOX_PORT, or ValueError naming the setting."""
    raw = env.get("DEV_OUTBOX_PORT") or str(DEFAULT_PORT)
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ValueError(f"DEV_OUTBOX_PORT must be a TCP port number, not {raw!r}")
    return int(raw)


def url(env: Mapping[str, str]) -> str:
    """Where the outbox listens: always loopback."""
    return f"http://127.0.0.1:{port(env)}"


def twilio_api_base_url(env: Mapping[str, str]) -> str:
    """The base URL our Twilio REST client posts to: the outbox in development, else Twilio's."""
    if in_use(env):
        return url(env)
    return env.get("TWILIO_API_BASE_URL") or TWILIO_API

"""The outbound worker's settings, read once from the environment."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

TWILIO_API = "https://api.twilio.com"
CONTENT_API = "https://content.twilio.com"
_ACCOUNT_SID = re.compile(r"AC[0-9a-f]{32}")
# Sends per second (SMS: segments per second) of each kind of sender; OUTBOUND_RATES overrides,
# e.g. "sms=1,alphanumeric=10,whatsapp=20,voice=1". A UK long code sends about one segment a
# second, an alphanumeric sender ID about ten (issue #19).
DEFAULT_RATES = {"sms": 1.0, "alphanumeric": 10.0, "whatsapp": 20.0, "voice": 1.0}


def parse_rates(raw: str) -> dict[str, float]:
    """ "kind=rate,…" over the defaults; ValueError naming the setting for anything else."""
    rates = dict(DEFAULT_RATES)
    for item in filter(None, (part.strip() for part in raw.split(","))):
        kind, _, value = item.partition("=")
        try:
            rate = float(value)
        except ValueError:
            rate = 0.0
        if kind.strip() not in DEFAULT_RATES or rate <= 0:
            raise ValueError(f"OUTBOUND_RATES: {item!r} is not kind=rate (kinds: sms, "
                             "alphanumeric, whatsapp, voice; rate > 0 per second)")  # fmt: skip
        rates[kind.strip()] = rate
    return rates


def dev_outbox(env: Mapping[str, str]) -> str | None:
    """The development outbox on loopback, in development without a real Twilio account (as
    bot/dev_outbox/settings.py decides); else None."""
    sid = env.get("TWILIO_ACCOUNT_SID", "")
    if env.get("FRONTDOOR_ENV") == "development" and not _ACCOUNT_SID.fullmatch(sid):
        return f"http://127.0.0.1:{env.get('DEV_OUTBOX_PORT') or 5077}"
    return None


def twilio_base_url(env: Mapping[str, str]) -> str:
    """Twilio's REST API, TWILIO_API_BASE_URL, or the development outbox."""
    return dev_outbox(env) or env.get("TWILIO_API_BASE_URL") or TWILIO_API


def content_base_url(env: Mapping[str, str]) -> str:
    """Twilio's Content API, TWILIO_CONTENT_API_BASE_URL, or the development outbox (which has
    no templates: WhatsApp outside the window falls back to SMS there)."""
    return dev_outbox(env) or env.get("TWILIO_CONTENT_API_BASE_URL") or CONTENT_API


@dataclass(frozen=True)
class OutboundSettings:
    """Who we send as, where Twilio is, how fast each sender may go."""

    account_sid: str
    auth_token: str
    sms_from: str
    whatsapp_from: str
    voice_from: str
    api_base_url: str
    content_base_url: str
    status_callback: str | None
    sms_sender_id: str | None = None  # an alphanumeric sender ID, when the account has one
    rates: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_RATES))
    poll_seconds: float = 1.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> OutboundSettings:
        """TWILIO_* as the bot reads them, OUTBOUND_RATES, OUTBOUND_POLL_SECONDS."""
        env = os.environ if env is None else env
        number = env.get("TWILIO_FROM_NUMBER", "+447700900000")
        public = env.get("PUBLIC_BASE_URL")
        return cls(
            account_sid=env.get("TWILIO_ACCOUNT_SID", ""),
            auth_token=env.get("TWILIO_AUTH_TOKEN", ""),
            sms_from=number,
            whatsapp_from=env.get("TWILIO_WHATSAPP_FROM", f"whatsapp:{number}"),
            voice_from=number,
            api_base_url=twilio_base_url(env),
            content_base_url=content_base_url(env),
            status_callback=f"{public.rstrip('/')}/webhooks/twilio_sms/status" if public else None,
            sms_sender_id=env.get("TWILIO_SMS_SENDER_ID") or None,
            rates=parse_rates(env.get("OUTBOUND_RATES", "")),
            poll_seconds=float(env.get("OUTBOUND_POLL_SECONDS") or 1.0),
        )

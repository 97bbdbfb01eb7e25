"""Messages we start (codes, check-ins, confirmations); never to opted-out people (STOP on any
channel, in any language: `opted_out_anywhere`).

    Outbound.from_env().send_sms("+447700900123", "Your code is 123456.", purpose="code")

From the environment (`from_env`) every text goes through the outbound queue
(`POST /internal/outbound/messages`, docs/outbound.md) ahead of reminder runs, and `send_sms`
waits briefly for the worker to send it. Built without a queue, it posts to Twilio's REST API
itself (`TWILIO_API_BASE_URL`; in development without a real Twilio account the development
outbox on loopback, bot/dev_outbox/settings.py).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Protocol

import phonenumbers
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from bot.channels.sms_text import shape_sms
from bot.dev_outbox import settings as dev_outbox
from bot.internal_api.errors import ApiUnavailable
from bot.internal_api.outbound_queue import ApiOutboundQueue
from bot.internal_api.preferences import ApiPreferences
from bot.redaction import redacted  # noqa: F401 - re-exported for the scheduler and reminders

logger = logging.getLogger(__name__)

TWILIO_API = "https://api.twilio.com"
OPTED_OUT_CODE = 21610  # Twilio: "Attempt to send to unsubscribed recipient"
WHATSAPP_WINDOW = timedelta(hours=24)  # free-form only within 24 h of their last message
OUTSIDE_WINDOW_CODE = 63016  # Twilio: WhatsApp free-form message outside the 24-hour window


def e164(number: str) -> str:
    """The E.164 form of a number (UK by default), or ValueError."""
    try:
        parsed = phonenumbers.parse(number.removeprefix("whatsapp:"), "GB")
    except phonenumbers.NumberParseException as error:
        raise ValueError("not a phone number") from error
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


class OutboundRefused(Exception):
    """We did not send: the number opted out, or only a template may go now."""


class OptedOut(OutboundRefused):
    """The number sent STOP on this channel."""


class OutsideWhatsAppWindow(OutboundRefused):
    """More than 24 h since they last wrote on WhatsApp and no approved template was given."""


class PreferencesUnavailable(OutboundRefused):
    """The records could not say whether the number opted out, so nothing is sent."""


class NotSent(OutboundRefused):
    """The queue's worker could not send it (Twilio refused it, or no channel could take it)."""


URGENT = 9  # the queue's priority for texts a person is waiting for (codes, replies)


class OutboundQueue(Protocol):
    """Queues a message and waits for the worker's outcome (bot/internal_api/outbound_queue.py)."""

    def send(self, message: dict[str, Any]) -> dict[str, Any]: ...


class Preferences(Protocol):
    """Whether a number opted out of a channel, and remembering a new opt-out."""

    def opted_out(self, phone: str, channel: str) -> bool: ...

    def reachable(self, phone: str, channel: str) -> bool: ...

    def record_opt_out(self, phone: str, channel: str) -> None: ...


MESSAGING_CHANNELS = ("sms", "whatsapp")


def opted_out_anywhere(preferences: Preferences, phone: str) -> bool:
    """Whether the number sent STOP on any channel (in any language): then Front Door starts no
    message to that person on any channel until START. The one check every sender calls;
    ApiUnavailable when the records cannot say (callers send nothing then)."""
    return any(preferences.opted_out(phone, channel) for channel in MESSAGING_CHANNELS)


class BaseUrlHttpClient(TwilioHttpClient):
    """Twilio's HTTP client, sending what it would send to api.twilio.com to another base URL."""

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        if url.startswith(TWILIO_API):
            url = self.base_url + url[len(TWILIO_API) :]
        return super().request(method, url, *args, **kwargs)


@dataclass(frozen=True)
class OutboundSettings:
    """Who we send as, where Twilio is, and where status callbacks come back."""

    account_sid: str
    auth_token: str
    sms_from: str
    whatsapp_from: str
    api_base_url: str
    status_callback: str | None

    @classmethod
    def from_env(cls) -> OutboundSettings:
        """TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER, TWILIO_API_BASE_URL (or the
        development outbox: FRONTDOOR_ENV=development without a real account)."""
        from_number = os.environ.get("TWILIO_FROM_NUMBER", "+447700900000")
        public = os.environ.get("PUBLIC_BASE_URL")
        return cls(
            account_sid=os.environ.get("TWILIO_ACCOUNT_SID", ""),
            auth_token=os.environ.get("TWILIO_AUTH_TOKEN", ""),
            sms_from=from_number,
            whatsapp_from=os.environ.get("TWILIO_WHATSAPP_FROM", f"whatsapp:{from_number}"),
            api_base_url=dev_outbox.twilio_api_base_url(os.environ),
            status_callback=f"{public.rstrip('/')}/webhooks/twilio_sms/status" if public else None,
        )


class Outbound:
    """Sends SMS and WhatsApp messages we start, after checking the person's preferences."""

    def __init__(
        self,
        settings: OutboundSettings,
        preferences: Preferences,
        queue: OutboundQueue | None = None,
    ) -> None:
        self.settings = settings
        self.preferences = preferences
        self.queue = queue
        self.client = Client(
            settings.account_sid,
            settings.auth_token,
            http_client=BaseUrlHttpClient(settings.api_base_url, timeout=10),
        )

    @classmethod
    def from_env(cls) -> Outbound:
        """Settings, the API's preferences and the outbound queue from the environment."""
        return cls(
            OutboundSettings.from_env(), ApiPreferences.from_env(), ApiOutboundQueue.from_env()
        )

    async def send_sms_async(self, to: str, body: str, purpose: str = "message") -> list[str]:
        """send_sms from async code: the blocking calls run in a worker thread."""
        return await asyncio.to_thread(self.send_sms, to, body, purpose)

    def send_sms(self, to: str, body: str, purpose: str = "message") -> list[str]:
        """Send `body` by SMS (split between words if long); the Twilio message SIDs."""
        phone = self._reachable(to, "sms")
        if self.queue is not None:
            return [sid for part in shape_sms([body]) for sid in self._queued(phone, part, purpose)]
        return [self._create(phone, "sms", to=phone, from_=self.settings.sms_from, body=part)
                for part in shape_sms([body])]  # fmt: skip

    def _queued(self, phone: str, body: str, purpose: str) -> list[str]:
        """Through the outbound queue, first in line; the SID once the worker sent it."""
        assert self.queue is not None
        message = {"purpose": purpose, "phone": phone, "language": "und", "channels": ["sms"],
                   "body": body, "priority": URGENT}  # fmt: skip
        try:
            state = self.queue.send(message)
        except ApiUnavailable as error:
            raise PreferencesUnavailable(str(error)) from error
        if state.get("error_code") == str(OPTED_OUT_CODE):
            raise OptedOut("sms")
        if state.get("state") in ("failed", "abandoned"):
            raise NotSent(str(state.get("error_code")))
        if not state.get("sid"):  # still queued: the worker sends it when it can
            logger.warning("Text to %s queued, not yet sent.", redacted(phone))
            return []
        return [str(state["sid"])]

    def send_whatsapp(
        self,
        to: str,
        body: str,
        last_inbound_at: datetime | None,
        now: datetime,
        template: tuple[str, dict[str, str]] | None = None,
    ) -> str:
        """Free text within 24 h of their last message; outside it only an approved template."""
        phone = self._reachable(to, "whatsapp")
        fields: dict[str, Any] = {"to": f"whatsapp:{phone}", "from_": self.settings.whatsapp_from}
        if last_inbound_at is not None and now - last_inbound_at < WHATSAPP_WINDOW:
            fields["body"] = body
        elif template is not None:
            fields["content_sid"] = template[0]
            fields["content_variables"] = json.dumps(template[1])
        else:
            raise OutsideWhatsAppWindow("outside the 24-hour window and no template given")
        return self._create(phone, "whatsapp", **fields)

    def send_preferred(
        self,
        to: str,
        body: str,
        channels: tuple[str, ...],
        whatsapp_last_inbound_at: datetime | None = None,
        now: datetime | None = None,
    ) -> tuple[str, list[str]]:
        """Send on the first of the person's channels that can reach them; (channel, SIDs).

        A channel is passed over when they opted out, when the last message sent there was
        undelivered (Twilio's status callback), or (WhatsApp) when only a template may go.
        """
        phone = e164(to)
        for channel in channels:
            if channel not in ("sms", "whatsapp") or not self._ask(
                self.preferences.reachable, phone, channel
            ):
                continue
            try:
                if channel == "sms":
                    return channel, self.send_sms(phone, body)
                moment = now or datetime.now(timezone.utc)
                return channel, [self.send_whatsapp(phone, body, whatsapp_last_inbound_at, moment)]
            except OutboundRefused:
                continue
        raise OutboundRefused("no preferred channel can reach this person now")

    def _reachable(self, to: str, channel: str) -> str:
        phone = e164(to)
        if self._ask(
            lambda number, _: opted_out_anywhere(self.preferences, number), phone, channel
        ):
            logger.info("Not sending to %s: opted out of %s.", redacted(phone), channel)
            raise OptedOut(channel)
        return phone

    @staticmethod
    def _ask(question: Callable[[str, str], Any], phone: str, channel: str) -> Any:
        """A question to the records; PreferencesUnavailable when they cannot answer."""
        try:
            return question(phone, channel)
        except ApiUnavailable as error:
            raise PreferencesUnavailable(str(error)) from error

    def _create(self, phone: str, channel: str, **fields: Any) -> str:
        if self.settings.status_callback:
            fields["status_callback"] = self.settings.status_callback
        try:
            message = self.client.messages.create(**fields)
        except TwilioRestException as error:
            if error.code == OPTED_OUT_CODE:
                self._ask(self.preferences.record_opt_out, phone, channel)
                raise OptedOut(channel) from error
            if error.code == OUTSIDE_WINDOW_CODE:
                raise OutsideWhatsAppWindow("Twilio refused a free-form message") from error
            raise
        logger.info("Sent %s %s to %s.", channel, redacted(message.sid), redacted(phone))
        return str(message.sid)

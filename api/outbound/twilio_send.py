"""Twilio's REST client for the worker: messages and calls, to Twilio or to a stand-in on
loopback (development outbox, tests)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from api.outbound.routing import VOICE, Route
from api.outbound.settings import TWILIO_API, OutboundSettings


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
class Sender:
    """Who a route is sent as: the address, and the kind of sender that sets its rate."""

    address: str
    kind: str


def sender_of(settings: OutboundSettings, route: Route) -> Sender:
    """The sender (and its kind) a route goes from."""
    if route.channel == "whatsapp":
        return Sender(settings.whatsapp_from, "whatsapp")
    if route.channel == VOICE:
        return Sender(settings.voice_from, "voice")
    if settings.sms_sender_id:
        return Sender(settings.sms_sender_id, "alphanumeric")
    return Sender(settings.sms_from, "sms")


class TwilioSender:
    """Creates the message or call of a route; returns Twilio's SID (raises its errors)."""

    def __init__(self, settings: OutboundSettings) -> None:
        self.settings = settings
        self.client = Client(
            settings.account_sid or "AC" + "0" * 32,
            settings.auth_token or "-",
            http_client=BaseUrlHttpClient(settings.api_base_url, timeout=10),
        )

    def send(self, phone: str, route: Route, sender: Sender, twiml: str | None = None) -> str:
        """Send one route to a number."""
        if route.channel == VOICE:  # its status is a call's, not a message's: not asked for
            call = self.client.calls.create(to=phone, from_=sender.address, twiml=twiml)
            return str(call.sid)
        fields: dict[str, Any] = {}
        if self.settings.status_callback:
            fields["status_callback"] = self.settings.status_callback
        if route.channel == "whatsapp":
            fields.update(to=f"whatsapp:{phone}", from_=sender.address)
            if route.content_sid:
                fields.update(content_sid=route.content_sid, content_variables=route.variables)
            else:
                fields["body"] = route.text
        else:
            fields.update(to=phone, from_=sender.address, body=route.text)
        return str(self.client.messages.create(**fields).sid)

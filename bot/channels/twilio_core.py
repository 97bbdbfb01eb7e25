"""What every Twilio channel shares: signature check, sender ids, menus, retries, redaction."""

from __future__ import annotations

import asyncio
import os
import time
import urllib.parse
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import phonenumbers
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sanic.exceptions import PayloadTooLarge
from twilio.request_validator import RequestValidator

from bot.channels.sender_tag import sender_tag
from bot.channels.sms_text import (  # noqa: F401 - the core's public SMS helpers
    MAX_SMS_CHARS,
    shape_sms,
    sms_encoding,
    sms_segments,
    split_at_words,
)
from bot.redaction import redacted  # noqa: F401 - the channels' log fingerprints

MAX_USER_TEXT_CHARS = 1600  # Twilio's own ceiling for one inbound message
# A webhook form is a few KB: 1,600 characters, percent-encoded (up to 12 bytes each), and
# Twilio's other fields. Anything larger is not from Twilio and is refused unread.
MAX_WEBHOOK_BODY_BYTES = 64 * 1024
NO_CONTENT_PAYLOAD = "/no_content"
DEFAULT_REGION = "GB"
REPLY_TTL_SECONDS = 24 * 3600  # Twilio retries within minutes; a day is plenty


@dataclass(frozen=True)
class TwilioChannelSettings:
    """Settings a Twilio channel needs, from credentials.yml or the environment."""

    auth_token: str
    public_base_url: str

    @classmethod
    def from_credentials(cls, credentials: Mapping[str, Any] | None) -> TwilioChannelSettings:
        """Read credentials.yml values, falling back to TWILIO_AUTH_TOKEN / PUBLIC_BASE_URL."""
        credentials = credentials or {}
        auth_token = credentials.get("auth_token") or os.environ.get("TWILIO_AUTH_TOKEN", "")
        base_url = credentials.get("public_base_url") or os.environ.get(
            "PUBLIC_BASE_URL", "http://localhost:5005"
        )
        if not auth_token:
            raise ValueError(
                "TWILIO_AUTH_TOKEN is not set: without it no Twilio request can be verified."
            )
        return cls(auth_token=auth_token, public_base_url=base_url.rstrip("/"))


def public_url(base_url: str, path: str, query_string: str = "") -> str:
    """The URL Twilio called, as Twilio saw it (behind any proxy), which the signature covers."""
    url = base_url.rstrip("/") + path
    return f"{url}?{query_string}" if query_string else url


def is_signed_by_twilio(
    validator: RequestValidator, url: str, form: Mapping[str, str], signature: str | None
) -> bool:
    """True when X-Twilio-Signature matches this URL and these form fields."""
    if not signature:
        return False
    return bool(validator.validate(url, dict(form), signature))


async def receive_body(request: Any, limit: int = MAX_WEBHOOK_BODY_BYTES) -> None:
    """Read a streaming route's body into `request.body`, refusing (Sanic's 413) as soon as the
    declared Content-Length or the bytes received pass `limit`."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge("Request body exceeds the size limit")
    stream = getattr(request, "stream", None)
    if stream is None:
        return  # already read (or a test's stand-in request)
    # Sanic lifts its own ceiling for streaming routes; ours counts every chunk as it arrives
    # and also bounds what Sanic drains after the answer.
    stream.request_max_size = limit
    await request.receive_body()


def verified_form(
    settings: TwilioChannelSettings,
    validator: RequestValidator,
    request: Any,
) -> dict[str, str] | None:
    """A Sanic request's form fields if Twilio signed them for the public URL, else None."""
    form = form_fields(request.body, request.headers.get("content-type"))
    url = public_url(settings.public_base_url, request.path, request.query_string)
    signature = request.headers.get("X-Twilio-Signature")
    if form is None or not is_signed_by_twilio(validator, url, form, signature):
        return None
    return form


def form_fields(body: bytes, content_type: str | None) -> dict[str, str] | None:
    """Twilio's form fields, blank ones included (they are signed too), or None if not a form."""
    if not (content_type or "").startswith("application/x-www-form-urlencoded"):
        return None
    try:
        pairs = urllib.parse.parse_qsl(
            body.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(body)
        )
    except (UnicodeDecodeError, ValueError):
        return None
    return dict(pairs)


# Twilio's own opt-out and opt-in keywords on long codes (it answers them itself).
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
# Twilio also treats YES as an opt-in, but here it is an answer: it stays in the conversation.
START_WORDS = {"START", "UNSTOP"}


def keyword(body: str | None) -> str | None:
    """ "stop" or "start" when the whole message is one of Twilio's keywords, else None."""
    word = (body or "").strip().strip(".!").upper()
    if word in STOP_WORDS:
        return "stop"
    if word in START_WORDS:
        return "start"
    return None


def sender_id_for(raw_from: str | None) -> str | None:
    """E.164 sender id for a Twilio `From` (SMS, voice or `whatsapp:` prefixed), or None."""
    if not raw_from:
        return None
    number = raw_from.removeprefix("whatsapp:").strip()
    try:
        parsed = phonenumbers.parse(number, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    # A full possible length, as the API requires (api/core/phones.py normalise_sender): not only

    # the
    # ranges the library knows are allocated, but not a local-only or short-code length either.
    possible = phonenumbers.is_possible_number_with_reason(parsed)
    if possible != phonenumbers.ValidationResult.IS_POSSIBLE:
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def channel_of_status(form: Mapping[str, str], default: str) -> str:
    """The channel a status callback is about: outbound messages on every channel share one
    status URL, and Twilio names WhatsApp numbers `whatsapp:+44…`."""
    to = (form.get("To") or "").strip().lower()
    return "whatsapp" if to.startswith("whatsapp:") else default


def user_text_from(body: str | None) -> str:
    """The text to give Rasa: trimmed, bounded, never a typed `/intent` command."""
    text = (body or "").strip()[:MAX_USER_TEXT_CHARS]
    # A leading slash would make Rasa read the text as an intent payload; only menus may do that.
    text = text.lstrip("/").strip()
    return text or NO_CONTENT_PAYLOAD


def payload_for_menu_reply(text: str, buttons: list[dict[str, Any]] | None) -> str | None:
    """The payload of option N when the person replies N to a numbered menu."""
    if not buttons:
        return None
    choice = text.strip().rstrip(".)")
    # isdecimal, not isdigit: "²" is a digit int() refuses (found by bench/fuzz.py); "٢" is fine.
    if not choice.isdecimal() or len(choice) > 4:
        return None
    index = int(choice) - 1
    if 0 <= index < len(buttons):
        return str(buttons[index].get("payload") or "") or None
    return None


def latest_bot_buttons(tracker: DialogueStateTracker | None) -> list[dict[str, Any]]:
    """Buttons of the conversation's last bot message, if it offered any."""
    for event in reversed(tracker.events if tracker else []):
        if isinstance(event, BotUttered):
            return list(event.data.get("buttons") or [])
    return []


def latest_bot_turn(tracker: DialogueStateTracker | None) -> list[dict[str, Any]]:
    """The bot messages since the person last spoke (text and buttons), oldest first."""
    said: list[dict[str, Any]] = []
    for event in reversed(tracker.events if tracker else []):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered):
            said.append({"text": event.text or "", "buttons": event.data.get("buttons") or []})
    return list(reversed(said))


def replies_to(
    tracker: DialogueStateTracker | None, message_id: str
) -> list[dict[str, Any]] | None:
    """What the bot said after the message with this id, or None if it was never processed."""
    said: list[dict[str, Any]] | None = None
    for event in tracker.events if tracker else []:
        if isinstance(event, UserUttered):
            if said is not None:
                break
            if event.message_id == message_id:
                said = []
        elif isinstance(event, BotUttered) and said is not None:
            said.append({"text": event.text or "", "buttons": event.data.get("buttons") or []})
    return said


def slot_value(tracker: DialogueStateTracker | None, name: str) -> Any:
    """A slot's value, or None without a tracker or slot."""
    if tracker is None or name not in tracker.slots:
        return None
    return tracker.get_slot(name)


def numbered_menu(text: str, buttons: list[dict[str, Any]] | None) -> str:
    """A bot message as a phone shows it: the text, then one numbered line per option."""
    lines = [text.strip()] if text and text.strip() else []
    for number, button in enumerate(buttons or [], start=1):
        lines.append(f"{number}. {button.get('title', '')}")
    return "\n".join(lines)


class ReplyCache:
    """Remembers the reply to each MessageSid for a day so Twilio's retries are processed once,
    and forgets a number's replies when the person is erased (they may echo held data)."""

    def __init__(
        self,
        max_entries: int = 10_000,
        ttl_seconds: float = REPLY_TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._replies: OrderedDict[str, tuple[str, str | None, float]] = OrderedDict()
        self._locks: dict[str, asyncio.Lock] = {}
        self._max_entries, self._ttl, self._clock = max_entries, ttl_seconds, clock

    async def reply_once(
        self, key: str, produce: Callable[[], Awaitable[str]], sender: str | None = None
    ) -> str:
        """Return the cached reply for `key`, or produce, cache and return it (one at a time)."""
        lock = self._locks.setdefault(key, asyncio.Lock())
        try:
            async with lock:
                self._expire()
                if key in self._replies:
                    return self._replies[key][0]
                reply = await produce()
                tag = sender_tag(sender) if sender else None
                self._replies[key] = (reply, tag, self._clock())
                while len(self._replies) > self._max_entries:
                    self._replies.popitem(last=False)
                return reply
        finally:
            if not lock.locked():
                self._locks.pop(key, None)

    async def erase_sender(self, sender: str) -> None:
        """Forget every reply given to this sender."""
        tag = sender_tag(sender)
        for key in [k for k, (_, owner, _) in self._replies.items() if owner == tag]:
            del self._replies[key]

    def _expire(self) -> None:
        """Drop replies older than the TTL (kept in the order they were given, oldest first)."""
        oldest = self._clock() - self._ttl
        while self._replies and next(iter(self._replies.values()))[2] < oldest:
            self._replies.popitem(last=False)

"""Which channel a queued message goes by now, and in what form.

In the person's order of channels: never one they opted out of (the one opt-out check,
api.messaging.service) or one a permanent failure closed; WhatsApp as free text inside the
24-hour window, else as the approved template for its purpose and language, else not at all;
a phone call only as a fallback. A text longer than three segments goes by WhatsApp instead of
SMS when the person uses WhatsApp and the window is open.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.db import as_utc
from api.messaging.service import channel_states
from api.models.outbound import OutboundMessage, UnreachableChannel
from api.outbound.encoding import LONG_TEXT_SEGMENTS, TextCost, text_cost
from api.outbound.templates import approved_template

WHATSAPP_WINDOW = timedelta(hours=24)
VOICE = "voice"

# (message, channel) → the message's words for that channel, in the person's language.
Wording = Callable[[OutboundMessage, str], str]


@dataclass(frozen=True)
class Route:
    """How one message goes: channel, words or template, and what it costs."""

    channel: str
    text: str
    content_sid: str | None = None
    cost: TextCost | None = None  # SMS only

    @property
    def variables(self) -> str | None:
        """The template's variables (JSON), rendered in the person's language."""
        return json.dumps({"1": self.text}, ensure_ascii=False) if self.content_sid else None


def in_window(message: OutboundMessage, now: datetime) -> bool:
    """Within 24 h of the person's last WhatsApp message."""
    last = message.whatsapp_last_inbound_at
    return last is not None and now - as_utc(last) < WHATSAPP_WINDOW


def closed_channels(session: Session, phone: str) -> set[str]:
    """Channels this number opted out of or that a permanent failure closed."""
    closed = {name for name, state in channel_states(session=session, phone_e164=phone).items()
              if state.opted_out}  # fmt: skip
    closed.update(session.scalars(
        select(UnreachableChannel.channel).where(UnreachableChannel.phone_e164 == phone)
    ))  # fmt: skip
    return closed


def route(
    session: Session, message: OutboundMessage, wording: Wording, now: datetime
) -> Route | None:
    """The way this message goes now, or None when no channel of the person can take it."""
    closed = closed_channels(session, message.phone_e164)
    if message.channel:  # a fallback: its channel was chosen when the first attempt failed
        return _on(session, message, message.channel, wording, now, closed)
    for channel in [c for c in message.channels.split(",") if c and c != VOICE]:
        chosen = _on(session, message, channel, wording, now, closed)
        if chosen is None:
            continue
        if (
            chosen.cost
            and chosen.cost.segments > LONG_TEXT_SEGMENTS
            and "whatsapp" in message.channels
        ):
            if in_window(message, now) and "whatsapp" not in closed:
                return Route("whatsapp", wording(message, "whatsapp"))
        return chosen
    return None


def _on(
    session: Session, message: OutboundMessage, channel: str, wording: Wording, now: datetime,
    closed: set[str],
) -> Route | None:  # fmt: skip
    if channel in closed:
        return None
    text = wording(message, channel)
    if channel == "sms":
        return Route("sms", text, cost=text_cost(text))
    if channel == "whatsapp":
        if in_window(message, now):
            return Route("whatsapp", text)
        template = approved_template(session, message.purpose, message.language)
        return Route("whatsapp", text, content_sid=template) if template else None
    if channel == VOICE:
        return Route(VOICE, text)
    return None

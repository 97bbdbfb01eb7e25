"""`twilio_whatsapp`: WhatsApp through Twilio; the same person as their SMS number."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels.twilio_sms import TwilioSmsInput, twiml_messages
from bot.outbound import WHATSAPP_WINDOW as WINDOW

MAX_WHATSAPP_CHARS = 4096


class TwilioWhatsAppInput(TwilioSmsInput):
    """Like SMS, but `whatsapp:` numbers, no segment costs, a 24 h window, and every STOP or
    START answered by us (WhatsApp has no carrier keywords)."""

    channel_label = "whatsapp"
    carrier_answers_opt_words = False

    @classmethod
    def name(cls) -> str:
        return "twilio_whatsapp"

    def metadata_for(self, form: dict[str, str], message_sid: str) -> dict[str, Any]:
        """Adds when they last wrote, which opens WhatsApp's 24-hour window for our replies."""
        return {
            **super().metadata_for(form, message_sid),
            "last_inbound_at": datetime.now(timezone.utc).isoformat(),
            "num_media": form.get("NumMedia") or "0",
        }

    def render(self, texts: list[str]) -> str:
        """One WhatsApp message for the turn."""
        return twiml_messages(["\n\n".join(t for t in texts if t)[:MAX_WHATSAPP_CHARS]])


def last_whatsapp_inbound(tracker: DialogueStateTracker | None) -> datetime | None:
    """When the person last wrote to us on WhatsApp, from the tracker."""
    for event in reversed(tracker.events if tracker else []):
        if isinstance(event, UserUttered) and event.input_channel == TwilioWhatsAppInput.name():
            stamp = (event.metadata or {}).get("last_inbound_at")
            if isinstance(stamp, str):
                return datetime.fromisoformat(stamp)
            return datetime.fromtimestamp(event.timestamp, timezone.utc)
    return None


def within_session_window(tracker: DialogueStateTracker | None, now: datetime) -> bool:
    """True when a free-form WhatsApp message may be sent; else only an approved template."""
    last = last_whatsapp_inbound(tracker)
    return last is not None and now - last < WINDOW

"""Stand-ins for Sanic requests and the Rasa agent, so channels can be tested without a server."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from rasa.shared.core.slots import AnySlot, TextSlot
from rasa.shared.core.trackers import DialogueStateTracker
from twilio.request_validator import RequestValidator

AUTH_TOKEN = "test-auth-token"
PUBLIC_BASE_URL = "https://frontdoor.example"

YES_NO = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]


def new_tracker(sender_id: str) -> DialogueStateTracker:
    """An empty tracker with the slots the channels read."""
    slots = [TextSlot("language", mappings=[]), AnySlot("step", mappings=[])]
    return DialogueStateTracker(sender_id, slots)


@dataclass
class FakeAgent:
    """A tracker store, an NLG and a conversation that answers every message the same way."""

    trackers: dict[str, DialogueStateTracker] = field(default_factory=dict)
    heard: list[UserMessage] = field(default_factory=list)
    reply_text: str = "Is that OK?"
    reply_buttons: list[dict[str, str]] = field(default_factory=lambda: list(YES_NO))
    language: str | None = None
    rendered: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.tracker_store = SimpleNamespace(retrieve=self.retrieve)
        self.nlg = SimpleNamespace(generate=self.generate)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        return self.trackers.get(sender_id)

    async def generate(
        self, response: str, tracker: DialogueStateTracker, channel: str, **kwargs: Any
    ) -> dict[str, Any]:
        self.rendered.append((response, channel, kwargs))
        return {"text": f"rendered {response} for {channel}", "buttons": []}

    async def on_new_message(self, message: UserMessage) -> None:
        self.heard.append(message)
        tracker = self.trackers.setdefault(message.sender_id, new_tracker(message.sender_id))
        tracker.update(
            UserUttered(
                message.text, input_channel=message.input_channel, message_id=message.message_id
            )
        )
        if self.language:
            tracker.update(SlotSet("language", self.language))
        tracker.update(BotUttered(self.reply_text, data={"buttons": self.reply_buttons}))
        await message.output_channel.send_text_with_buttons(
            message.sender_id, self.reply_text, self.reply_buttons
        )


class FakeArgs(dict):
    """Sanic's query arguments: `get` gives the first value."""

    def get(self, key: str, default: Any = None) -> Any:
        values = super().get(key)
        return values[0] if values else default


@dataclass
class FakeRequest:
    """Just what our channels read from a Sanic request."""

    body: bytes
    headers: dict[str, str]
    path: str
    query_string: str
    app: Any

    @property
    def args(self) -> FakeArgs:
        return FakeArgs(urllib.parse.parse_qs(self.query_string))


def signed_request(
    agent: FakeAgent | None,
    path: str,
    form: dict[str, str],
    query: str = "",
    signature: str | None = "sign",
) -> FakeRequest:
    """A form POST signed as Twilio signs it for the public URL."""
    url = PUBLIC_BASE_URL + path + (f"?{query}" if query else "")
    headers = {"content-type": "application/x-www-form-urlencoded"}
    if signature == "sign":
        headers["X-Twilio-Signature"] = RequestValidator(AUTH_TOKEN).compute_signature(url, form)
    elif signature is not None:
        headers["X-Twilio-Signature"] = signature
    body = urllib.parse.urlencode(form).encode()
    app = SimpleNamespace(ctx=SimpleNamespace(agent=agent))
    return FakeRequest(body, headers, path, query, app)

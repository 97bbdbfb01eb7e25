"""Messages the outbox was asked to send, in memory only (they hold one-time codes and names)."""

from __future__ import annotations

import secrets
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

KEEP = 1000  # the newest messages kept; older ones are forgotten


@dataclass(frozen=True)
class Message:
    """One message as Twilio's REST API received it: the posted form fields, a SID, a sequence."""

    seq: int
    sid: str
    date_created: str
    fields: dict[str, str]

    @property
    def to(self) -> str:
        """The recipient's number, without WhatsApp's `whatsapp:` prefix."""
        return self.fields.get("To", "").removeprefix("whatsapp:")

    @property
    def channel(self) -> str:
        """`whatsapp` or `sms`, as Twilio tells them apart."""
        return "whatsapp" if self.fields.get("To", "").startswith("whatsapp:") else "sms"

    def as_json(self) -> dict[str, Any]:
        """What the read endpoint returns for this message."""
        return {"seq": self.seq, "sid": self.sid, "date_created": self.date_created,
                "to": self.to, "channel": self.channel, "fields": self.fields}  # fmt: skip


@dataclass
class Outbox:
    """The newest messages, and a way to wait for the next one to a number (long-poll)."""

    keep: int = KEEP
    # Numbers Twilio refuses as unsubscribed (error 21610), to try that path without Twilio.
    refuse_as_unsubscribed: set[str] = field(default_factory=set)
    _messages: deque[Message] = field(init=False)
    _last: int = field(default=0, init=False)
    _changed: threading.Condition = field(default_factory=threading.Condition, init=False)

    def __post_init__(self) -> None:
        self._messages = deque(maxlen=self.keep)

    @property
    def last(self) -> int:
        """The sequence number of the newest message (0 before any)."""
        return self._last

    def add(self, fields: dict[str, str]) -> Message:
        """Keep one message; wake whoever waits for it."""
        with self._changed:
            self._last += 1
            moment = datetime.now(timezone.utc).isoformat(timespec="seconds")
            message = Message(self._last, "SM" + secrets.token_hex(16), moment, dict(fields))
            self._messages.append(message)
            self._changed.notify_all()
        return message

    def after(self, seq: int, to: str | None = None) -> list[Message]:
        """Messages newer than `seq`, to one number (any channel) or to anyone."""
        with self._changed:
            return [m for m in self._messages if m.seq > seq and (to is None or m.to == to)]

    def wait_after(self, seq: int, to: str | None, timeout: float) -> list[Message]:
        """Like `after`, but waits up to `timeout` seconds for one to arrive."""
        with self._changed:
            self._changed.wait_for(lambda: self.after(seq, to), timeout=timeout)
            return self.after(seq, to)

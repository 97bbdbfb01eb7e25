"""Following the outbox for one number, in a background thread (`make chat`)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from bot.dev_outbox.client import OutboxClient

WAIT_SECONDS = 20.0  # one long-poll
RETRY_SECONDS = 3.0  # after the outbox did not answer


class OutboxWatcher:
    """Calls `show` with each message sent to `number` from now on; `trouble` once per outage."""

    def __init__(
        self,
        client: OutboxClient,
        number: str,
        show: Callable[[dict[str, Any]], None],
        trouble: Callable[[Exception], None],
    ) -> None:
        self.client = client
        self.number = number
        self.show = show
        self.trouble = trouble
        self.stopped = threading.Event()
        self.in_trouble = False

    def start(self) -> OutboxWatcher:
        """Note where "now" is, then follow in a daemon thread (it never holds up exiting)."""
        after = self._look(None)
        threading.Thread(target=self._follow, args=(after,), daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop after the current long-poll."""
        self.stopped.set()

    def _follow(self, after: int | None) -> None:
        while not self.stopped.is_set():
            after = self._look(after)
            if self.in_trouble:
                self.stopped.wait(RETRY_SECONDS)

    def _look(self, after: int | None) -> int | None:
        """One long-poll after `after` (None: only learn the newest seq); the new `after`."""
        try:
            wait = 0.0 if after is None else WAIT_SECONDS
            messages, last = self.client.messages(self.number, after or 0, wait)
        except (OSError, ValueError, KeyError) as error:  # URLError and HTTPError are OSErrors
            if not self.in_trouble:
                self.trouble(error)
            self.in_trouble = True
            return after
        self.in_trouble = False
        if after is None or last < after:  # first look, or the outbox restarted empty
            return last if after is None else 0
        for message in messages:
            if not self.stopped.is_set():
                self.show(message)
            after = max(after, int(message["seq"]))
        return after

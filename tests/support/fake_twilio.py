"""Moved: Twilio's REST API on loopback is now the development outbox, `bot.dev_outbox`.

Kept only so branches written against the old name still import; new tests use
`bot.dev_outbox.server.OutboxServer` (in-process) or the e2e `outbox` fixture (the stack's process).
"""

from bot.dev_outbox.server import UNSUBSCRIBED, OutboxServer, error

FakeTwilio = OutboxServer

__all__ = ["UNSUBSCRIBED", "FakeTwilio", "error"]

"""Refuse control characters in a request's path and query before any route sees them.

PostgreSQL text cannot hold NUL, so a NUL in a search parameter used to reach the driver and
fail there (a 500; SQLite stored it). No identifier, code, phone number or cursor we accept
contains a control character, so every path and query value is checked once, here.
"""

from __future__ import annotations

from urllib.parse import unquote_plus

from starlette.types import ASGIApp, Receive, Scope, Send

from api.problems import problem

DETAIL = "A path or query parameter holds a control character (such as NUL or a line break)."


def has_control_character(text: str) -> bool:
    """Whether the text holds a C0 control character or DEL."""
    return any(ord(char) < 0x20 or ord(char) == 0x7F for char in text)


def _request_has_control_character(scope: Scope) -> bool:
    """Whether the decoded path or query string of the request holds a control character."""
    raw_query = scope.get("query_string", b"").decode("latin-1")
    query = unquote_plus(raw_query, encoding="utf-8", errors="replace")
    return has_control_character(scope.get("path", "")) or has_control_character(query)


class RejectControlCharacters:
    """ASGI middleware: a 400 problem for a request whose path or query has a control character."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer 400 at once, or pass the request on."""
        if scope["type"] == "http" and _request_has_control_character(scope):
            await problem(400, DETAIL)(scope, receive, send)
            return
        await self.app(scope, receive, send)

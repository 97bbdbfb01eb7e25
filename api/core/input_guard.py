"""Refuse control characters in a request's path and query, and NUL in its body, before any
route sees them.

PostgreSQL text cannot hold NUL, so a NUL in a search parameter or a JSON field used to reach
the driver and fail there (a 500; SQLite stored it). No identifier, code, phone number or cursor
we accept contains a control character, so every path and query value is checked once, here.
Bodies may hold line breaks (free text), so only NUL is refused there: a `\\u0000` escape in
JSON, or `%00` in a form.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_plus, unquote_to_bytes

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.core.problems import problem

# The largest body most routes take is an admin's .po import (2 MB, api/admin/ui/routes.py);
# recorded prompts (api/recordings/admin_pages.py) set their own, larger, limits per route.
# Enforced by FastAPI's own limit (create_app): 413 by Content-Length or while streaming.
MAX_BODY_BYTES = 4 * 1024 * 1024
DETAIL = "A path or query parameter holds a control character (such as NUL or a line break)."
BODY_DETAIL = "The request body holds a NUL character, which we cannot store."
# A \u0000 escape that is not itself escaped (an odd number of backslashes before the u).
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
_FORM = "application/x-www-form-urlencoded"


def has_control_character(text: str) -> bool:
    """Whether the text holds a C0 control character or DEL."""
    return any(ord(char) < 0x20 or ord(char) == 0x7F for char in text)


def _request_has_control_character(scope: Scope) -> bool:
    """Whether the decoded path or query string of the request holds a control character."""
    raw_query = scope.get("query_string", b"").decode("latin-1")
    query = unquote_plus(raw_query, encoding="utf-8", errors="replace")
    return has_control_character(scope.get("path", "")) or has_control_character(query)


def _content_type(scope: Scope) -> str:
    """The media type of the request body, lower case, without parameters."""
    for name, value in scope.get("headers", []):
        if name == b"content-type":
            return value.decode("latin-1").split(";", 1)[0].strip().lower()
    return ""


def _body_has_nul(body: bytes, content_type: str) -> bool:
    """Whether a JSON or form body carries a NUL."""
    if b"\x00" in body:
        return True
    if content_type == _FORM:
        return b"\x00" in unquote_to_bytes(body.replace(b"+", b" "))
    return bool(_JSON_NUL.search(body))


def _checks_body(content_type: str) -> bool:
    """Whether the body is JSON or a form (the bodies whose fields reach the database)."""
    return (
        content_type == _FORM
        or content_type == "application/json"
        or content_type.endswith("+json")
    )


class RejectControlCharacters:
    """ASGI middleware: a 400 problem for a control character in the path or query, or a NUL in
    a JSON or form body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer 400 at once, or pass the request on (its body replayed if it was read)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _request_has_control_character(scope):
            await problem(400, DETAIL)(scope, receive, send)
            return
        content_type = _content_type(scope)
        if not _checks_body(content_type):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        pending: list[Message] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                pending.append(message)  # a disconnect: let the app see it
                break
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if _body_has_nul(body, content_type):
            await problem(400, BODY_DETAIL)(scope, receive, send)
            return
        replayed = False

        async def replay() -> Message:
            """The buffered body once, then whatever the client sends next."""
            nonlocal replayed
            if not replayed:
                replayed = True
                if pending:
                    return pending.pop(0)
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

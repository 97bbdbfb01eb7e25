"""The outbox's HTTP side: Twilio's Messages resource (POST) and a read endpoint (GET), on loopback.

POST /2010-04-01/Accounts/{AccountSid}/Messages.json   as Twilio: Basic auth, form fields
GET  /outbox/messages?to=+447700900123&after=N&wait=S  what was sent (same Basic auth)
GET  /health                                           200 once listening
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bot.dev_outbox.store import Outbox

logger = logging.getLogger(__name__)

UNSUBSCRIBED = 21610  # Twilio: "Attempt to send to unsubscribed recipient"
MAX_BODY = 64 * 1024
MAX_WAIT_SECONDS = 30.0
READ_PATH = "/outbox/messages"

Answer = tuple[int, dict[str, Any]]


def error(code: int, message: str, status: int) -> dict[str, Any]:
    """Twilio's JSON error body."""
    return {"code": code, "message": message, "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status}  # fmt: skip


def fingerprint(value: str) -> str:
    """A short hash for logs in place of a number (as bot/outbound.py logs them)."""
    return hashlib.sha256(value.encode()).hexdigest()[:10]


class OutboxServer:
    """Accepts messages as Twilio's REST API does, for one account, and serves them back."""

    def __init__(
        self, account_sid: str, auth_token: str, outbox: Outbox | None = None, port: int = 0
    ) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.outbox = outbox or Outbox()
        self.server = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        self.server.daemon_threads = True  # a waiting reader never holds up shutting down

    @property
    def base_url(self) -> str:
        """Where to point TWILIO_API_BASE_URL (or an OutboxClient)."""
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def sent(self) -> list[dict[str, str]]:
        """The form fields of every message kept, oldest first."""
        return [message.fields for message in self.outbox.after(0)]

    @property
    def unsubscribed(self) -> set[str]:
        """Numbers refused with Twilio's 21610, as after a STOP."""
        return self.outbox.refuse_as_unsubscribed

    def start(self) -> OutboxServer:
        """Serve in a background thread (tests); `serve_forever` serves in this one."""
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def serve_forever(self) -> None:
        """Serve until the process is stopped."""
        self.server.serve_forever()

    def stop(self) -> None:
        """Stop listening."""
        self.server.shutdown()
        self.server.server_close()

    def authenticated(self, headers: Any) -> bool:
        """Twilio's check: HTTP Basic with the account SID and auth token."""
        pair = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        given = str(headers.get("Authorization") or "")
        return hmac.compare_digest(given.encode(), f"Basic {pair}".encode())

    def create(self, path: str, headers: Any, form: dict[str, str]) -> Answer:
        """Twilio's answer to a POST: 401, 404, a 400 error, or the created message (201)."""
        if not self.authenticated(headers):
            return 401, error(20003, "Authenticate", 401)
        if path != f"/2010-04-01/Accounts/{self.account_sid}/Messages.json":
            return 404, error(20404, "The requested resource was not found", 404)
        to = form.get("To", "")
        if not to or not (form.get("Body") or form.get("ContentSid")):
            return 400, error(21602, "Message body is required", 400)
        if to.removeprefix("whatsapp:") in self.outbox.refuse_as_unsubscribed:
            return 400, error(UNSUBSCRIBED, "Attempt to send to unsubscribed recipient", 400)
        message = self.outbox.add(form)
        logger.info("Kept a message by %s to %s; make chat shows it.", message.channel,
                    fingerprint(message.to))  # fmt: skip
        return 201, {
            "sid": message.sid, "account_sid": self.account_sid, "to": to,
            "from": form.get("From"), "body": form.get("Body", ""), "status": "queued",
            "num_segments": "1", "error_code": None, "date_created": message.date_created,
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{message.sid}.json",
        }  # fmt: skip

    def read(self, path: str, headers: Any) -> Answer:
        """GET: the health check, or the messages after `after` to `to`, waiting up to `wait` s."""
        url = urllib.parse.urlsplit(path)
        if url.path == "/health":
            return 200, {"status": "ok"}
        if not self.authenticated(headers):
            return 401, error(20003, "Authenticate", 401)
        if url.path != READ_PATH:
            return 404, error(20404, "The requested resource was not found", 404)
        query = dict(urllib.parse.parse_qsl(url.query))
        try:
            after = int(query.get("after", "0"))
            wait = min(max(float(query.get("wait", "0")), 0.0), MAX_WAIT_SECONDS)
        except ValueError:
            return 400, error(20001, "after: a whole number; wait: seconds", 400)
        to = query.get("to") or None
        messages = self.outbox.wait_after(after, to, wait) if wait else self.outbox.after(after, to)
        return 200, {"messages": [m.as_json() for m in messages], "last": self.outbox.last}


def _handler(outbox: OutboxServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if not 0 <= length <= MAX_BODY:
                self._answer(413, error(20001, "Request body too large", 413))
                return
            form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode(errors="replace")))
            self._answer(*outbox.create(self.path, self.headers, form))

        def do_GET(self) -> None:  # noqa: N802
            self._answer(*outbox.read(self.path, self.headers))

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: Any) -> None:
            """Quiet: request lines carry numbers in the query string."""

    return Handler

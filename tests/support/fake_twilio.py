"""A fake Twilio REST API on loopback that records every message it is asked to send."""

from __future__ import annotations

import base64
import json
import secrets
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# Twilio's own error for a number that sent STOP ("Attempt to send to unsubscribed recipient").
UNSUBSCRIBED = 21610


@dataclass
class FakeTwilio:
    """Accepts POST /2010-04-01/Accounts/{sid}/Messages.json as Twilio does; keeps what it got."""

    account_sid: str
    auth_token: str
    sent: list[dict[str, str]] = field(default_factory=list)
    unsubscribed: set[str] = field(default_factory=set)
    server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self.server is not None, "start() first"
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeTwilio:
        """Listen on a free loopback port in a background thread."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                status, body = fake.handle(self.path, self.headers, self._form())
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _form(self) -> dict[str, str]:
                length = int(self.headers.get("Content-Length") or 0)
                return dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))

            def log_message(self, *args: Any) -> None:
                """Quiet: tests read `sent`, not logs."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def handle(self, path: str, headers: Any, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        """Twilio's answer to one request: 401, 404, a 400 error, or the created message."""
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        if headers.get("Authorization") != f"Basic {expected}":
            return 401, error(20003, "Authenticate", 401)
        if path != f"/2010-04-01/Accounts/{self.account_sid}/Messages.json":
            return 404, error(20404, "The requested resource was not found", 404)
        to = form.get("To", "")
        if to.removeprefix("whatsapp:") in self.unsubscribed:
            return 400, error(UNSUBSCRIBED, "Attempt to send to unsubscribed recipient", 400)
        self.sent.append(form)
        sid = "SM" + secrets.token_hex(16)
        uri = f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json"
        return 201, {
            "sid": sid, "account_sid": self.account_sid, "to": to, "from": form.get("From"),
            "body": form.get("Body", ""), "status": "queued", "num_segments": "1",
            "error_code": None, "uri": uri,
        }  # fmt: skip


def error(code: int, message: str, status: int) -> dict[str, Any]:
    """Twilio's JSON error body."""
    return {"code": code, "message": message, "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status}  # fmt: skip

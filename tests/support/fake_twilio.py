"""A fake of Twilio's REST APIs on loopback, for tests and the bench: Messages and Calls
(api.twilio.com) and the Content API's templates with their approvals (content.twilio.com).

    with FakeTwilio() as fake:           # fake.base_url serves both
        fake.add_template("frontdoor_reminder", "pl", "approved")
        fake.refuse("+441632960001", 21614)  # a landline
        ... fake.messages, fake.calls

It answers as Twilio does (HTTP Basic with the account SID and auth token, form bodies, JSON
answers, 400 with Twilio's error code), records what arrived with the moment it arrived, and
keeps nothing on disk.
"""

from __future__ import annotations

import base64
import hmac
import itertools
import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ACCOUNT_SID = "AC" + "f" * 32
AUTH_TOKEN = "fake-twilio-auth-token"
ERRORS = {
    21211: "Invalid 'To' Phone Number",
    21610: "Attempt to send to unsubscribed recipient",
    21614: "'To' number is not a valid mobile number",
    63016: "Failed to send freeform message because you are outside the allowed window.",
}


@dataclass
class Received:
    """One message or call Twilio was asked for."""

    sid: str
    form: dict[str, str]
    at: float  # time.monotonic() when it arrived


@dataclass
class FakeTwilio:
    """The fake, started on a free loopback port while used as a context manager."""

    account_sid: str = ACCOUNT_SID
    auth_token: str = AUTH_TOKEN
    messages: list[Received] = field(default_factory=list)
    calls: list[Received] = field(default_factory=list)
    templates: list[dict[str, Any]] = field(default_factory=list)
    refusals: dict[str, int] = field(default_factory=dict)
    # Hold the answer to the hold_at-th message until released: a sender killed while waiting
    # has had its message taken by Twilio without hearing so.
    hold_at: int | None = None
    released: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def __enter__(self) -> FakeTwilio:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_: object) -> None:
        self.released.set()
        self._server.shutdown()
        self._server.server_close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def add_template(self, friendly_name: str, language: str, status: str) -> str:
        """A template in the Content API with WhatsApp's approval status; its content SID."""
        sid = f"HX{next(self._ids):032x}"
        self.templates.append({
            "sid": sid, "account_sid": self.account_sid, "friendly_name": friendly_name,
            "language": language, "variables": {"1": "message"},
            "types": {"twilio/text": {"body": "Front Door: {{1}}"}},
            "approval_requests": {"name": friendly_name, "category": "UTILITY",
                                  "status": status, "rejection_reason": ""},
        })  # fmt: skip
        return sid

    def refuse(self, number: str, code: int) -> None:
        """Answer every message to this number with Twilio's error `code` (calls still go)."""
        self.refusals[number] = code

    def to(self, number: str) -> list[dict[str, str]]:
        """The forms of messages to a number (either channel), in order."""
        return [m.form for m in self.messages if m.form.get("To", "").endswith(number)]

    def calls_to(self, number: str) -> list[dict[str, str]]:
        return [c.form for c in self.calls if c.form.get("To") == number]

    def authenticated(self, headers: Any) -> bool:
        pair = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        return hmac.compare_digest(str(headers.get("Authorization") or ""), f"Basic {pair}")

    def create(self, path: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        account = f"/2010-04-01/Accounts/{self.account_sid}/"
        kind = path.removeprefix(account) if path.startswith(account) else ""
        if kind not in ("Messages.json", "Calls.json"):
            return 404, _error(20404, 404)
        number = form.get("To", "").removeprefix("whatsapp:")
        if kind == "Messages.json" and number in self.refusals:
            return 400, _error(self.refusals[number], 400)
        prefix, into = ("SM", self.messages) if kind == "Messages.json" else ("CA", self.calls)
        with self._lock:
            sid = f"{prefix}{next(self._ids):032x}"
            into.append(Received(sid, form, time.monotonic()))
            hold = into is self.messages and len(into) == self.hold_at
        if hold:
            self.released.wait(60)
        return 201, {"sid": sid, "account_sid": self.account_sid, "to": form.get("To"),
                     "from": form.get("From"), "status": "queued", "error_code": None}  # fmt: skip

    def content(self, path: str) -> tuple[int, dict[str, Any]]:
        if urllib.parse.urlsplit(path).path != "/v1/ContentAndApprovals":
            return 404, _error(20404, 404)
        meta = {"page": 0, "page_size": 100, "next_page_url": None, "key": "contents"}
        return 200, {"contents": list(self.templates), "meta": meta}


def _error(code: int, status: int) -> dict[str, Any]:
    message = ERRORS.get(code, "The requested resource was not found")
    return {"code": code, "message": message, "status": status,
            "more_info": f"https://www.twilio.com/docs/errors/{code}"}  # fmt: skip


def _handler(fake: FakeTwilio) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as Twilio's client uses it
        disable_nagle_algorithm = True  # headers and body leave at once, no delayed-ACK wait

        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            if not fake.authenticated(self.headers):
                self._answer(401, _error(20003, 401))
                return
            self._answer(*fake.create(self.path, dict(urllib.parse.parse_qsl(body))))

        def do_GET(self) -> None:  # noqa: N802
            if not fake.authenticated(self.headers):
                self._answer(401, _error(20003, 401))
                return
            self._answer(*fake.content(self.path))

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            try:
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):  # the sender was killed waiting
                self.close_connection = True

        def log_message(self, *args: Any) -> None:
            """Quiet: paths and forms carry numbers."""

    return Handler

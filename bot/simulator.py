"""Text Front Door from a terminal as a patient would: requests signed exactly as Twilio signs.

    make chat                       # or: .venv/bot/bin/python -m bot.simulator --from +447700900456

Also used by the end-to-end tests, so it imports nothing from Rasa.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import textwrap
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

from twilio.request_validator import RequestValidator

SMS_WEBHOOK_PATH = "/webhooks/twilio_sms/webhook"
DEFAULT_PATIENT = "+447700900123"
SERVICE_NUMBER = "+447700900000"


def sms_form(body: str, sender: str, account_sid: str, to: str = SERVICE_NUMBER) -> dict[str, str]:
    """The form fields Twilio posts for an inbound SMS."""
    sid = "SM" + secrets.token_hex(16)
    return {
        "ToCountry": "GB",
        "ToState": "",
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "ToCity": "",
        "FromZip": "",
        "SmsSid": sid,
        "FromState": "",
        "SmsStatus": "received",
        "FromCity": "",
        "Body": body,
        "FromCountry": "GB",
        "To": to,
        "ToZip": "",
        "NumSegments": "1",
        "MessageSid": sid,
        "AccountSid": account_sid,
        "From": sender,
        "ApiVersion": "2010-04-01",
    }


def twilio_signature(auth_token: str, public_url: str, form: dict[str, str]) -> str:
    """X-Twilio-Signature for this URL and form, computed by twilio's own library."""
    return RequestValidator(auth_token).compute_signature(public_url, form)


def messages_in(twiml: str) -> list[str]:
    """The text of each `<Message>` in a TwiML reply."""
    root = ElementTree.fromstring(twiml)
    return [(message.text or "").strip() for message in root.iter("Message")]


@dataclass
class Phone:
    """A patient's phone pointed at a running Front Door."""

    webhook_url: str
    public_url: str
    auth_token: str
    account_sid: str
    number: str

    def send(self, body: str) -> list[str]:
        """Text `body`; the replies the phone receives."""
        form = sms_form(body, self.number, self.account_sid)
        request = urllib.request.Request(
            self.webhook_url,
            data=urllib.parse.urlencode(form).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Twilio-Signature": twilio_signature(self.auth_token, self.public_url, form),
            },
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return messages_in(response.read().decode())


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines of a .env file (comments and blanks skipped)."""
    if not path.exists():
        return {}
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return {key.strip(): value.strip() for key, value in pairs if not key.startswith("#")}


def show(replies: list[str]) -> None:
    """Print replies as message bubbles."""
    for reply in replies or ["(no reply)"]:
        print()
        for line in reply.splitlines() or [""]:
            print(textwrap.indent(textwrap.fill(line, 60) if line else "", "  │ "))
        print(f"  └─ {len(reply)} characters")
    print()


def main(argv: list[str] | None = None) -> int:
    """Run the interactive phone."""
    settings = {**read_env_file(Path(".env")), **os.environ}
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="number", default=DEFAULT_PATIENT, help="your number")
    parser.add_argument("--url", default=f"http://localhost:{settings.get('RASA_PORT', '5005')}")
    args = parser.parse_args(argv)
    public = settings.get("PUBLIC_BASE_URL", args.url).rstrip("/") + SMS_WEBHOOK_PATH
    phone = Phone(
        webhook_url=args.url.rstrip("/") + SMS_WEBHOOK_PATH,
        public_url=public,
        auth_token=settings.get("TWILIO_AUTH_TOKEN", "dev-twilio-auth-token"),
        account_sid=settings.get("TWILIO_ACCOUNT_SID", "AC" + "0" * 32),
        number=args.number,
    )
    print(f"Texting Front Door as {args.number}. Type a message; Ctrl-D to stop.")
    while True:
        try:
            body = input("you> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        try:
            show(phone.send(body))
        except urllib.error.HTTPError as error:
            print(f"  ! Front Door answered HTTP {error.code}: {error.read().decode()[:200]}")
        except OSError as error:
            print(f"  ! Could not reach {phone.webhook_url} ({error}). Is `make run` running?")


if __name__ == "__main__":
    sys.exit(main())

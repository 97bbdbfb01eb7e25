"""Talk to Front Door from a terminal as a patient would: requests signed exactly as Twilio signs.

    make chat                                   # SMS as +447700900123
    make chat ARGS="--channel whatsapp"         # WhatsApp, as a phone shows it
    make chat ARGS="--channel voice --speak"    # a phone call: type digits, * or words

Also used by the end-to-end tests, so it imports nothing from Rasa.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import textwrap
import threading
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from twilio.request_validator import RequestValidator

from bot.channels.sms_text import sms_encoding, sms_segments
from bot.dev_outbox import settings as dev_outbox
from bot.dev_outbox.client import OutboxClient
from bot.dev_outbox.watch import OutboxWatcher
from bot.outbound import e164

SMS_WEBHOOK_PATH = "/webhooks/twilio_sms/webhook"
WHATSAPP_WEBHOOK_PATH = "/webhooks/twilio_whatsapp/webhook"
VOICE_WEBHOOK_PATH = "/webhooks/twilio_voice/webhook"
DEFAULT_PATIENT = "+447700900123"
SERVICE_NUMBER = "+447700900000"
CHANNEL_NAMES = {"sms": "SMS", "whatsapp": "WhatsApp"}
# One speaker at a time: a turn's replies, then what Front Door sent meanwhile, never interleaved.
_terminal = threading.Lock()


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


def whatsapp_form(
    body: str, sender: str, account_sid: str, to: str = SERVICE_NUMBER
) -> dict[str, str]:
    """The form fields Twilio posts for an inbound WhatsApp message."""
    sid = "SM" + secrets.token_hex(16)
    return {
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "ProfileName": "Patient",
        "MessageType": "text",
        "SmsSid": sid,
        "WaId": sender.lstrip("+"),
        "SmsStatus": "received",
        "Body": body,
        "To": f"whatsapp:{to}",
        "NumSegments": "1",
        "ReferralNumMedia": "0",
        "MessageSid": sid,
        "AccountSid": account_sid,
        "From": f"whatsapp:{sender}",
        "ApiVersion": "2010-04-01",
    }


def call_form(
    caller: str, call_sid: str, account_sid: str, to: str = SERVICE_NUMBER, **answer: str
) -> dict[str, str]:
    """The form fields Twilio posts for a call, plus `Digits` / `SpeechResult` when answering."""
    return {
        "AccountSid": account_sid,
        "ApiVersion": "2010-04-01",
        "CallSid": call_sid,
        "CallStatus": "in-progress" if answer else "ringing",
        "Called": to,
        "Caller": caller,
        "Direction": "inbound",
        "From": caller,
        "FromCountry": "GB",
        "To": to,
        "ToCountry": "GB",
        **answer,
    }


def twilio_signature(auth_token: str, public_url: str, form: dict[str, str]) -> str:
    """X-Twilio-Signature for this URL and form, computed by twilio's own library."""
    return RequestValidator(auth_token).compute_signature(public_url, form)


def messages_in(twiml: str) -> list[str]:
    """The text of each `<Message>` in a TwiML reply."""
    root = ElementTree.fromstring(twiml)
    return [(message.text or "").strip() for message in root.iter("Message")]


@dataclass(frozen=True)
class Heard:
    """What a caller hears in one TwiML reply, and where their answer goes."""

    says: list[str]
    action: str | None
    gather: dict[str, str]
    hung_up: bool


def heard_in(twiml: str) -> Heard:
    """Read a voice TwiML reply as the caller experiences it."""
    root = ElementTree.fromstring(twiml)
    gather = root.find("Gather")
    return Heard(
        says=[" ".join(say.itertext()).strip() for say in root.iter("Say")],
        action=gather.get("action") if gather is not None else None,
        gather=dict(gather.attrib) if gather is not None else {},
        hung_up=root.find("Hangup") is not None or gather is None,
    )


def signed_post(url: str, public_url: str, auth_token: str, form: dict[str, str]) -> str:
    """POST a form to `url` signed for `public_url`; the response body."""
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode(form).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": twilio_signature(auth_token, public_url, form),
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return str(response.read().decode())


@dataclass
class Call:
    """A phone call to a running Front Door: what the caller hears, turn by turn."""

    base_url: str
    public_base_url: str
    auth_token: str
    account_sid: str
    number: str
    call_sid: str = ""
    next_action: str | None = None

    def dial(self) -> Heard:
        """Ring the number: Twilio's first webhook of a call."""
        self.call_sid = "CA" + secrets.token_hex(16)
        return self._post(self.public_base_url + VOICE_WEBHOOK_PATH, {})

    def answer(self, keys_or_words: str) -> Heard:
        """Press keys (digits, *, #) or say words; an empty string is silence."""
        if self.next_action is None:
            return self.dial()
        entry = keys_or_words.strip()
        if entry and set(entry) <= set("0123456789*#"):
            return self._post(self.next_action, {"Digits": entry})
        answer = {"SpeechResult": entry, "Confidence": "0.9"} if entry else {}
        return self._post(self.next_action, answer)

    def _post(self, public_url: str, answer: dict[str, str]) -> Heard:
        form = call_form(self.number, self.call_sid, self.account_sid, **answer)
        local = self.base_url.rstrip("/") + public_url.removeprefix(self.public_base_url)
        heard = heard_in(signed_post(local, public_url, self.auth_token, form))
        self.next_action = None if heard.hung_up else heard.action
        return heard


@dataclass
class Phone:
    """A patient's phone pointed at a running Front Door."""

    webhook_url: str
    public_url: str
    auth_token: str
    account_sid: str
    number: str
    whatsapp: bool = False

    def send(self, body: str) -> list[str]:
        """Text `body`; the replies the phone receives."""
        make_form = whatsapp_form if self.whatsapp else sms_form
        form = make_form(body, self.number, self.account_sid)
        return messages_in(signed_post(self.webhook_url, self.public_url, self.auth_token, form))


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines of a .env file (comments and blanks skipped)."""
    if not path.exists():
        return {}
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return {key.strip(): value.strip() for key, value in pairs if not key.startswith("#")}


def show(replies: list[str]) -> None:
    """Print replies as message bubbles."""
    if not replies:
        print("\n  (no reply)\n")
        return
    for reply in replies:
        print()
        for line in reply.splitlines() or [""]:
            print(textwrap.indent(textwrap.fill(line, 60) if line else "", "  │ "))
        segments, encoding = sms_segments(reply), sms_encoding(reply)
        print(f"  └─ {len(reply)} characters, {segments} SMS segment(s) in {encoding}")
    print()


def show_heard(heard: Heard, speak: bool = False) -> None:
    """Print what the caller hears; optionally say it aloud with espeak-ng."""
    print()
    for text in heard.says:
        for line in text.splitlines():
            print(textwrap.indent(textwrap.fill(line, 60), "  🔊 "))
        if speak and shutil.which("espeak-ng"):
            language = heard.gather.get("language", "en-GB").split("-")[0]
            subprocess.run(["espeak-ng", "-v", language, text], check=False)
    if heard.hung_up:
        print("  ☎ the call ends")
    else:
        mode = heard.gather.get("input", "dtmf")
        print(f"  … listening ({mode}, {heard.gather.get('language', 'keys only')})")
    print()


def show_sent(message: dict[str, Any], prompt: str = "") -> None:
    """Print a message Front Door sent by itself (from the development outbox), marked as such."""
    fields = message.get("fields", {})
    template = f"(template {fields.get('ContentSid')}: {fields.get('ContentVariables', '{}')})"
    body = fields.get("Body") or template
    channel = CHANNEL_NAMES.get(message.get("channel", "sms"), "SMS")
    sender = fields.get("From", "?")  # Front Door's own sender number, never the person's
    with _terminal:
        print(f"\n\n  ✉ [Front Door sent you, by {channel}]")
        for line in body.splitlines() or [""]:
            print(textwrap.indent(textwrap.fill(line, 60) if line else "", "  │ "))
        print(f"  └─ from {sender}\n")
        if prompt and sys.stdin.isatty():
            print(prompt, end="", flush=True)


def watch_outbox(settings: dict[str, str], number: str, prompt: str) -> OutboxWatcher | None:
    """In development, show what Front Door sends `number` by itself as it arrives."""
    if not dev_outbox.in_use(settings):
        return None
    client = OutboxClient.from_env(settings)
    try:
        number = e164(number)
    except ValueError:
        return None  # the channel will say the number is not one it can read

    def trouble(error: Exception) -> None:
        refused = isinstance(error, urllib.error.HTTPError) and error.code == 401
        why = "refused this .env's TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN" if refused else error
        with _terminal:
            print(f"\n  ! The development outbox ({client.base_url}) did not answer ({why}):")
            print("    codes and reminders Front Door sends won't show here until it does.")

    print("Codes, reminders and check-ins Front Door sends this number show up here too.")
    return OutboxWatcher(client, number, lambda m: show_sent(m, prompt), trouble).start()


def talk(prompt: str, turn: Callable[[str], None]) -> int:
    """Read lines until Ctrl-D, passing each to `turn`; network trouble is shown, not raised."""
    while True:
        try:
            entry = input(prompt)
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not sys.stdin.isatty():
            print(entry or "(silence)")  # a piped script reads as a transcript
        try:
            with _terminal:
                turn(entry)
        except urllib.error.HTTPError as error:
            print(f"  ! Front Door answered HTTP {error.code}: {error.read().decode()[:200]}")
        except OSError as error:
            print(f"  ! Could not reach Front Door ({error}). Is `make run` running?")


def parse_args(argv: list[str] | None, settings: dict[str, str]) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="number", default=DEFAULT_PATIENT, help="your number")
    parser.add_argument("--channel", choices=("sms", "whatsapp", "voice"), default="sms")
    parser.add_argument("--speak", action="store_true", help="say prompts aloud (espeak-ng)")
    parser.add_argument("--url", default=f"http://localhost:{settings.get('RASA_PORT', '5005')}")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the interactive phone."""
    settings = {**read_env_file(Path(".env")), **os.environ}
    args = parse_args(argv, settings)
    base = args.url.rstrip("/")
    public_base = settings.get("PUBLIC_BASE_URL", base).rstrip("/")
    auth_token = settings.get("TWILIO_AUTH_TOKEN", "dev-twilio-auth-token")
    account_sid = settings.get("TWILIO_ACCOUNT_SID", "AC" + "0" * 32)
    if args.channel == "voice":
        call = Call(base, public_base, auth_token, account_sid, args.number)
        print(f"Calling Front Door from {args.number}. Type keys (1, *), words, or Enter for")
        print("silence; Ctrl-D hangs up.")
        watch_outbox(settings, args.number, "keys/words> ")
        show_heard(call.dial(), args.speak)
        return talk("keys/words> ", lambda entry: show_heard(call.answer(entry), args.speak))
    path = WHATSAPP_WEBHOOK_PATH if args.channel == "whatsapp" else SMS_WEBHOOK_PATH
    phone = Phone(
        webhook_url=base + path,
        public_url=public_base + path,
        auth_token=auth_token,
        account_sid=account_sid,
        number=args.number,
        whatsapp=args.channel == "whatsapp",
    )
    print(f"Messaging Front Door by {args.channel} as {args.number}. Ctrl-D to stop.")
    watch_outbox(settings, args.number, "you> ")
    return talk("you> ", lambda body: show(phone.send(body)))


if __name__ == "__main__":
    sys.exit(main())

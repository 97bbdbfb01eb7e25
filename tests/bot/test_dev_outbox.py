"""The development outbox: Twilio's Messages resource on loopback, read back by the simulator."""

from __future__ import annotations

import base64
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from bot.dev_outbox import settings
from bot.dev_outbox.client import OutboxClient
from bot.dev_outbox.server import OutboxServer
from bot.outbound import Outbound, OutboundSettings
from tests.bot.test_outbound import FakePreferences
from tests.support.stack import REPO, free_port

SID, TOKEN = "AC" + "2" * 32, "outbox-token"
PATIENT, OTHER = "+447700900123", "+447700900456"
PLACEHOLDER = settings.PLACEHOLDER_ACCOUNT_SID
DEVELOPMENT = {"FRONTDOOR_ENV": "development", "TWILIO_ACCOUNT_SID": PLACEHOLDER}


@pytest.fixture
def outbox() -> Iterator[OutboxServer]:
    server = OutboxServer(SID, TOKEN).start()
    yield server
    server.stop()


def sender(base_url: str, sid: str = SID, token: str = TOKEN) -> Outbound:
    """Our real sender (twilio's REST client) pointed at `base_url`."""
    return Outbound(
        OutboundSettings(sid, token, "+447700900000", "whatsapp:+447700900000", base_url, None),
        FakePreferences(),
    )


def test_messages_sent_by_our_twilio_client_are_read_back_per_number(outbox: OutboxServer):
    sender(outbox.base_url).send_sms(PATIENT, "Your Front Door code is 123456.")
    sender(outbox.base_url).send_sms(OTHER, "Someone else's code")
    client = OutboxClient(outbox.base_url, SID, TOKEN)
    assert client.texts_to(PATIENT) == ["Your Front Door code is 123456."]
    [message], last = client.messages(PATIENT)
    assert message["channel"] == "sms" and message["fields"]["From"] == "+447700900000"
    assert last == 2 and client.messages(PATIENT, after=message["seq"])[0] == []


def test_a_reader_waiting_for_a_number_gets_the_message_as_it_arrives(outbox: OutboxServer):
    client = OutboxClient(outbox.base_url, SID, TOKEN)
    got: list[str] = []
    reader = threading.Thread(
        target=lambda: got.extend(m["fields"]["Body"] for m in client.messages(PATIENT, 0, 10)[0])
    )
    started = time.monotonic()
    reader.start()
    time.sleep(0.5)
    sender(outbox.base_url).send_sms(PATIENT, "Reminder: tomorrow at 10:00")
    reader.join(timeout=5)
    assert got == ["Reminder: tomorrow at 10:00"] and time.monotonic() - started < 5


def test_sending_and_reading_need_the_account_sid_and_auth_token(outbox: OutboxServer):
    from twilio.base.exceptions import TwilioRestException

    with pytest.raises(TwilioRestException) as refused:
        sender(outbox.base_url, token="wrong").send_sms(PATIENT, "x")
    assert refused.value.status == 401 and outbox.sent == []
    sender(outbox.base_url).send_sms(PATIENT, "Your Front Door code is 123456.")
    for sid, token in ((SID, "wrong"), ("", "")):
        reader = OutboxClient(outbox.base_url, sid, token)
        with pytest.raises(urllib.error.HTTPError) as denied:
            reader.messages(PATIENT)
        assert denied.value.code == 401


def test_another_account_path_or_a_bad_query_gets_twilio_style_errors(outbox: OutboxServer):
    basic = base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
    for path, status in (
        ("/2010-04-01/Accounts/AC" + "3" * 32 + "/Messages.json", 404),
        ("/outbox/messages?after=soon", 400),
    ):
        data = b"To=%2B447700900123&Body=x" if "Messages" in path else None
        request = urllib.request.Request(
            outbox.base_url + path, data=data, headers={"Authorization": f"Basic {basic}"}
        )
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(request, timeout=5)
        assert answer.value.code == status


def test_the_outbox_is_used_only_in_development_without_a_real_account():
    assert settings.in_use(DEVELOPMENT)
    assert settings.in_use({**DEVELOPMENT, "TWILIO_ACCOUNT_SID": ""})
    assert not settings.in_use({**DEVELOPMENT, "TWILIO_ACCOUNT_SID": "AC" + "a1" * 16})
    assert not settings.in_use({**DEVELOPMENT, "FRONTDOOR_ENV": "production"})
    assert not settings.in_use({**DEVELOPMENT, "FRONTDOOR_ENV": "staging"})
    assert not settings.in_use({"TWILIO_ACCOUNT_SID": PLACEHOLDER})


def test_our_sender_posts_to_the_outbox_in_development(monkeypatch):
    outbox = OutboxServer(PLACEHOLDER, TOKEN).start()
    twilio_stand_in = OutboxServer(PLACEHOLDER, TOKEN).start()
    try:
        env = {**DEVELOPMENT, "TWILIO_AUTH_TOKEN": TOKEN,
               "DEV_OUTBOX_PORT": outbox.base_url.rsplit(":", 1)[1],
               "TWILIO_API_BASE_URL": twilio_stand_in.base_url}  # fmt: skip
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        Outbound(OutboundSettings.from_env(), FakePreferences()).send_sms(PATIENT, "Your code")
        assert [m["Body"] for m in outbox.sent] == ["Your code"]
        assert twilio_stand_in.sent == []
    finally:
        outbox.stop()
        twilio_stand_in.stop()


def test_in_production_our_sender_posts_to_twilio_api_base_url_never_the_outbox(
    outbox: OutboxServer, monkeypatch
):
    twilio_stand_in = OutboxServer(PLACEHOLDER, TOKEN).start()
    try:
        env = {"FRONTDOOR_ENV": "production", "TWILIO_ACCOUNT_SID": PLACEHOLDER,
               "TWILIO_AUTH_TOKEN": TOKEN, "DEV_OUTBOX_PORT": outbox.base_url.rsplit(":", 1)[1],
               "TWILIO_API_BASE_URL": twilio_stand_in.base_url}  # fmt: skip
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        Outbound(OutboundSettings.from_env(), FakePreferences()).send_sms(PATIENT, "A reminder")
        assert [m["Body"] for m in twilio_stand_in.sent] == ["A reminder"]
        assert outbox.sent == []
    finally:
        twilio_stand_in.stop()


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def run_outbox_process(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bot.dev_outbox"], cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), **env},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def test_the_outbox_process_listens_in_development_and_idles_in_production():
    port = free_port()
    development = run_outbox_process({**DEVELOPMENT, "TWILIO_AUTH_TOKEN": TOKEN,
                                      "DEV_OUTBOX_PORT": str(port)})  # fmt: skip
    production = run_outbox_process({**DEVELOPMENT, "FRONTDOOR_ENV": "production",
                                     "DEV_OUTBOX_PORT": str(free_port())})  # fmt: skip
    try:
        deadline = time.monotonic() + 15
        while not listening(port) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert listening(port), "the development outbox is not listening"
        client = OutboxClient(f"http://127.0.0.1:{port}", PLACEHOLDER, TOKEN)
        assert client.messages(PATIENT) == ([], 0)
        said: list[str] = []
        threading.Thread(target=lambda: said.extend(production.stdout), daemon=True).start()
        while not any("Not in use" in line for line in said) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert any("Not in use" in line for line in said), said
        time.sleep(0.5)
        assert production.poll() is None, "under honcho, a process that ends stops all the others"
    finally:
        for process in (development, production):
            process.kill()
            process.wait(timeout=10)


def test_a_bad_port_setting_is_a_clear_error():
    with pytest.raises(ValueError, match="DEV_OUTBOX_PORT"):
        settings.port({"DEV_OUTBOX_PORT": "50 77"})


def test_make_run_starts_the_outbox_and_env_example_selects_it():
    procfile = (REPO / "Procfile").read_text().splitlines()
    assert any(line.endswith("python -m bot.dev_outbox") for line in procfile)
    example = dict(
        line.split("=", 1) for line in (REPO / ".env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    )  # fmt: skip
    newcomer = {**example, "FRONTDOOR_ENV": "development"}  # what scripts/setup adds to a new .env
    assert settings.in_use(newcomer), "a newcomer's .env keeps their messages in the outbox"
    assert not settings.in_use(example), "without the development line, Twilio's REST API"
    assert settings.port(example) == settings.DEFAULT_PORT


def test_the_chat_follows_only_what_arrives_for_its_number_after_it_starts(outbox: OutboxServer):
    from bot.dev_outbox.watch import OutboxWatcher

    sender(outbox.base_url).send_sms(PATIENT, "Sent before the chat started")
    shown: list[str] = []
    watcher = OutboxWatcher(
        OutboxClient(outbox.base_url, SID, TOKEN), PATIENT,
        lambda message: shown.append(message["fields"]["Body"]), lambda error: None,
    ).start()  # fmt: skip
    try:
        sender(outbox.base_url).send_sms(OTHER, "Someone else's reminder")
        sender(outbox.base_url).send_sms(PATIENT, "Your Front Door code is 123456.")
        deadline = time.monotonic() + 10
        while not shown and time.monotonic() < deadline:
            time.sleep(0.1)
        assert shown == ["Your Front Door code is 123456."]
    finally:
        watcher.stop()

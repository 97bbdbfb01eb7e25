"""After whole conversations over signed SMS webhooks, nothing at rest shows a number or words.

Both conversation stores: the embedded SQL tracker store (the session's stack) and the Redis one
(a stack with bot/endpoints.scaled.yml and its own redis-server persisting to disk). Every file
under the stack's folder (databases, their WAL files, Redis's append-only file, logs) and every
Redis key and value is searched for the person's number (E.164 and national forms) and words.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from api.core.data_keys import keyring_from_environ
from bot.dev_outbox.client import OutboxClient
from deploy.local import redis_settings
from tests.e2e.conftest import SmsPhone, erase_by_sms, user_turns_recorded
from tests.support.redis_server import dump_every_key, redis_server
from tests.support.stack import MODEL, Stack, start_rasa, start_stack

_numbers = itertools.count(700)
FREE_TEXT = ("my daughter helps me with the computer", "I'm deaf")
SCRIPT = [
    ("Hello", "1. English"),
    ("1", "Is that OK?"),  # English
    ("yes", "interpreter"),  # consent
    ("no", "Which of these do you have?"),  # no interpreter
    ("2", "How do you get online?"),  # a basic mobile
    ("4", "run out of data"),
    ("1", "How confident"),
    ("3", "Does someone help you"),
    (FREE_TEXT[0], "Do any of these affect you?"),
    (FREE_TEXT[1], "Do any of these help you?"),
    ("1 4", "Would any of these help when you visit?"),
    ("1, 2", "How should NHS services contact you?"),
    ("2", "When is the best time"),
    ("1", "harder to get to appointments"),
    ("1 and 3", "Here is what we will record"),
]


def have_a_whole_conversation(phone: SmsPhone) -> None:
    for message, expected in SCRIPT:
        reply = phone.send(message)
        assert expected in reply, f"after {message!r}: {reply!r}"
    assert "Saved" in phone.send("1").title()


def in_clear(number: str, raw: bytes) -> list[str]:
    """The forms of the number and the person's words that can be read in raw bytes."""
    national = "0" + number.removeprefix("+44")
    forms = [number, number.lstrip("+"), national, f"{national[:5]} {national[5:]}"]
    words = [*FREE_TEXT, "daughter helps me"]
    return [text for text in (*forms, *words) if text.encode() in raw]


def files_under(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_sql_conversation_store_holds_no_number_or_words_in_clear(
    stack: Stack, phone: SmsPhone, outbox: OutboxClient
) -> None:
    have_a_whole_conversation(phone)
    assert user_turns_recorded(stack, phone.number) == len(SCRIPT) + 1, "the store still works"
    assert in_clear(phone.number, files_under(stack.workdir)) == []

    erase_by_sms(phone, outbox)
    assert user_turns_recorded(stack, phone.number) == 0, "DELETE erased the conversation"


@pytest.fixture(scope="module")
def redis_stack(
    tmp_path_factory: pytest.TempPathFactory, fake_twilio: OutboxClient
) -> Iterator[tuple[Stack, str]]:
    """The embedded stack, but Rasa keeps conversations and locks in Redis (scale-out config)."""
    if not MODEL.exists():
        pytest.fail("No trained model at models/current.tar.gz: run `make test`, which trains it.")
    workdir = tmp_path_factory.mktemp("redis-stack")
    with redis_server(workdir / "redis") as url:
        running = start_stack(
            workdir,
            # The outbound worker sends what the queue holds (bot/outbound.py), the codes too.
            services=("api", "actions", "outbound"),
            extra_env={
                **redis_settings(url),
                "OUTBOUND_POLL_SECONDS": "0.2",
                # Codes go to the session's development outbox, with its account and token.
                "FRONTDOOR_ENV": "development",
                "TWILIO_ACCOUNT_SID": fake_twilio.account_sid,
                "TWILIO_AUTH_TOKEN": fake_twilio.auth_token,
                "DEV_OUTBOX_PORT": fake_twilio.base_url.rsplit(":", 1)[1],
            },
        )
        try:
            port = int(running.rasa_url.rsplit(":", 1)[1])
            start_rasa(running, port, endpoints="bot/endpoints.scaled.yml")
            yield running, url
        finally:
            running.stop()


def test_redis_conversation_store_holds_no_number_or_words_in_clear(
    redis_stack: tuple[Stack, str], outbox: OutboxClient
) -> None:
    stack, url = redis_stack
    phone = SmsPhone(stack, f"+447700900{next(_numbers):03d}")
    have_a_whole_conversation(phone)
    assert in_clear(phone.number, dump_every_key(url)) == []
    ref = keyring_from_environ(stack.env).sender_ref(phone.number)
    client = redis.Redis.from_url(url)
    assert client.exists(f"tracker:{ref}"), "the conversation is in Redis, under its keyed hash"
    client.execute_command("BGREWRITEAOF")  # what is on disk, too (AOF and its rewrite)
    assert in_clear(phone.number, files_under(stack.workdir)) == []

    erase_by_sms(phone, outbox)
    assert not client.exists(f"tracker:{ref}"), "DELETE erased the conversation from Redis"

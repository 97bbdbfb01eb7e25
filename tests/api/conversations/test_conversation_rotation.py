"""`python -m api.cli rotate-data-key` re-seals Rasa's conversations too (SQL and Redis), and
seals those stored in clear before conversations were encrypted; afterwards the bot's stores
find every conversation with the new key alone."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import redis as redis_lib
from sqlalchemy import create_engine, text

from api import cli
from api.core.data_keys import Keyring
from api.core.settings import Settings
from tests.api.retention.test_retention import _tracker
from tests.support.redis_server import dump_every_key, redis_server

KEY_A = "a-first-data-key-of-at-least-32-characters"
KEY_B = "a-second-data-key-of-at-least-32-characters"
SEALED, IN_CLEAR = ("+447700900511", "+447700900512"), "+447700900513"


def _store_in_clear(db: Path, url: str) -> None:
    """A conversation as Rasa's own stores kept it before: the number and words in clear."""
    event = {"event": "user", "timestamp": time.time(), "text": "plain words",
             "parse_data": {"intent": {}, "entities": []}, "metadata": {}}  # fmt: skip
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO events (sender_id, type_name, timestamp, data) "
                 "VALUES (:s, 'user', :t, :d)"),
            {"s": IN_CLEAR, "t": event["timestamp"], "d": json.dumps(event)},
        )  # fmt: skip
    engine.dispose()
    client = redis_lib.Redis.from_url(url)
    client.set(f"tracker:{IN_CLEAR}", json.dumps({"name": IN_CLEAR, "events": [event]}))
    client.close()


def test_rotation_reseals_every_conversation_under_the_new_key(
    tmp_path: Path, settings: Settings, database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "rasa-tracker.db"
    only_a = {"FRONTDOOR_DATA_KEY": KEY_A, "FRONTDOOR_OLD_DATA_KEYS": ""}
    only_b = {"FRONTDOOR_DATA_KEY": KEY_B, "FRONTDOOR_OLD_DATA_KEYS": ""}
    phones = [*SEALED, IN_CLEAR]
    with redis_server(tmp_path / "redis") as url:
        _tracker("write-people", db, url, *SEALED, env=only_a)
        _store_in_clear(db, url)
        rotated = settings.model_copy(update={
            "data_key": KEY_B, "old_data_keys_csv": KEY_A, "rasa_tracker_db": str(db),
            "redis_url": url,
        })  # fmt: skip

        assert cli.main(["rotate-data-key"], settings=rotated) == 0
        first = capsys.readouterr().err
        assert cli.main(["rotate-data-key"], settings=rotated) == 0
        second = capsys.readouterr().err

        held = json.loads(_tracker("read-people", db, url, *phones, env=only_b))
        raw = dump_every_key(url) + db.read_bytes()
        ttl = redis_lib.Redis.from_url(url).ttl(f"tracker:{Keyring(KEY_B).sender_ref(IN_CLEAR)}")
    assert "re-encrypted 5 conversation events (SQL) and 3 conversations (Redis)" in first
    assert "re-encrypted 0 conversation events (SQL) and 0 conversations (Redis)" in second
    for phone in SEALED:
        assert held[phone] == {"sql": [f"words of {phone[-3:]}"] * 1,
                               "redis": [f"words of {phone[-3:]}"]}  # fmt: skip
    assert held[IN_CLEAR] == {"sql": ["plain words"], "redis": ["plain words"]}
    for phone in phones:
        assert phone.encode() not in raw and phone[1:].encode() not in raw
    assert b"plain words" not in raw
    assert 0 < ttl <= settings.keep_conversations_days * 86400, "sealed, and it now expires"

"""Log fingerprints of phone numbers are keyed (HMAC under a key derived from the deployment's
FRONTDOOR_DATA_KEY), so nobody holding the logs can reverse them by hashing every UK mobile
number; the channels, outbound messages and the scheduler share the one implementation."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bot import outbound, redaction, scheduler
from bot.channels import twilio_core

NUMBER = "+447700900123"
KEY = "a-deployment-data-key-0123456789abcdef"


@pytest.fixture(autouse=True)
def fresh_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTDOOR_DATA_KEY", KEY)
    monkeypatch.delenv("FRONTDOOR_LOG_REDACTION_KEY", raising=False)
    redaction.redaction_key.cache_clear()


def test_known_answer_of_the_documented_derivation() -> None:
    # docs/data-protection.md: key = HKDF-SHA256(FRONTDOOR_DATA_KEY, info "frontdoor log
    # redaction"), fingerprint = first 12 hex of HMAC-SHA256(key, value). Computed apart:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"frontdoor log redaction")
    key = hkdf.derive(KEY.encode())
    expected = hmac.new(key, NUMBER.encode(), hashlib.sha256).hexdigest()[:12]

    assert redaction.redacted(NUMBER) == expected


def test_not_the_unkeyed_hash_that_a_table_of_uk_mobiles_reverses() -> None:
    unkeyed = hashlib.sha256(NUMBER.encode()).hexdigest()

    assert not unkeyed.startswith(redaction.redacted(NUMBER))
    assert NUMBER not in redaction.redacted(NUMBER)


def test_another_deployment_gets_other_fingerprints(monkeypatch: pytest.MonkeyPatch) -> None:
    here = redaction.redacted(NUMBER)
    monkeypatch.setenv("FRONTDOOR_DATA_KEY", "another-deployment-key-0123456789abcd")
    redaction.redaction_key.cache_clear()

    assert redaction.redacted(NUMBER) != here


def test_every_logger_uses_the_one_implementation() -> None:
    assert twilio_core.redacted is redaction.redacted
    assert outbound.redacted is redaction.redacted
    assert scheduler.redacted is redaction.redacted
    assert twilio_core.redacted(None) == "-"

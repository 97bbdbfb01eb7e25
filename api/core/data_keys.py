"""The data keys: one secret (FRONTDOOR_DATA_KEY) and its sub-keys, for every store at rest.

Pure on purpose (only `cryptography` and the standard library): the API (records,

api/core/crypto.py)
and the bot (Rasa's conversation store, bot/tracker_stores.py) run in different environments and
both import this one module, so they derive the same keys in the same way.

Sub-keys come from the secret through HKDF-SHA256, one label per purpose:
- "lookup": AES-SIV, deterministic ciphertext for values looked up by equality;
- "text": AES-GCM with a random nonce, for free text and conversation events;
- "conversation sender": HMAC-SHA256, the keyed hash that names a conversation instead of the
  phone number (`sender_ref`).

Sealed values read `v1.<key id>.<base64url>` and hashed senders `h1.<key id>.<hex>`; the key id
tells which secret wrote them, so old keys (FRONTDOOR_OLD_DATA_KEYS) still open and find them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, AESSIV
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from api.core.environment import is_development

PREFIX = "v1"
REF_PREFIX = "h1"
REF_HEX_CHARS = 32  # 128 bits of HMAC-SHA256: no two numbers collide in practice
MIN_KEY_LENGTH = 32
# Encrypts personal data at rest; scripts/setup writes a random one into .env.
DEV_DATA_KEY = "dev-data-key-not-secret-0123456789abcdef"  # noqa: S105 - development placeholder


class DecryptionError(ValueError):
    """A stored value no configured key can open (wrong key, or written in clear)."""


def derive(secret: str, purpose: bytes, length: int) -> bytes:
    """A sub-key for one purpose, so the keys of different purposes are independent."""
    kdf = HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=b"frontdoor " + purpose)
    return kdf.derive(secret.encode())


@dataclass(frozen=True)
class DataKey:
    """One secret's sub-keys and its short public id."""

    key_id: str
    siv: AESSIV
    gcm: AESGCM
    sender: bytes

    @classmethod
    def from_secret(cls, secret: str) -> DataKey:
        """Derive the sub-keys of a secret."""
        if len(secret) < MIN_KEY_LENGTH:
            raise ValueError(f"a data key needs at least {MIN_KEY_LENGTH} characters")
        key_id = hashlib.sha256(b"frontdoor key id " + secret.encode()).hexdigest()[:8]
        return cls(
            key_id=key_id,
            siv=AESSIV(derive(secret, b"lookup", 64)),
            gcm=AESGCM(derive(secret, b"text", 32)),
            sender=derive(secret, b"conversation sender", 32),
        )


class Keyring:
    """The current key (encrypts) and old keys (only decrypt and find)."""

    def __init__(self, current: str, old: Iterable[str] = ()) -> None:
        self.current = DataKey.from_secret(current)
        self.keys = {self.current.key_id: self.current}
        for secret in old:
            key = DataKey.from_secret(secret)
            self.keys.setdefault(key.key_id, key)

    def _wrap(self, key: DataKey, sealed: bytes) -> str:
        return f"{PREFIX}.{key.key_id}.{base64.urlsafe_b64encode(sealed).decode()}"

    def seal_lookup(self, value: str, key: DataKey | None = None) -> str:
        """Deterministic ciphertext (same value, same key: same text)."""
        key = key or self.current
        return self._wrap(key, key.siv.encrypt(value.encode(), None))

    def seal_lookup_all(self, value: str) -> list[str]:
        """The value's ciphertext under every key, for equality lookups during a rotation."""
        return [self.seal_lookup(value, key) for key in self.keys.values()]

    def seal_text(self, value: str) -> str:
        """Randomised ciphertext (a fresh nonce each time)."""
        nonce = os.urandom(12)
        return self._wrap(
            self.current, nonce + self.current.gcm.encrypt(nonce, value.encode(), None)
        )

    def open(self, stored: str, *, lookup: bool) -> str:
        """The plain value of a stored ciphertext."""
        prefix, key_id, body = (stored.split(".", 2) + ["", ""])[:3]
        key = self.keys.get(key_id)
        if prefix != PREFIX or key is None:
            raise DecryptionError("value is not encrypted under any configured data key")
        try:
            sealed = base64.urlsafe_b64decode(body)
            if lookup:
                return key.siv.decrypt(sealed, None).decode()
            return key.gcm.decrypt(sealed[:12], sealed[12:], None).decode()
        except (InvalidTag, ValueError) as error:
            raise DecryptionError("value does not decrypt under its data key") from error

    def is_current(self, stored: str) -> bool:
        """Whether a stored value (or hashed sender) was written under the current key."""
        prefix, key_id = (stored.split(".", 2) + ["", ""])[:2]
        return prefix in (PREFIX, REF_PREFIX) and key_id == self.current.key_id

    def sender_ref(self, sender: str, key: DataKey | None = None) -> str:
        """The keyed hash that names a conversation in place of the phone number."""
        key = key or self.current
        digest = hmac.new(key.sender, sender.encode(), hashlib.sha256).hexdigest()
        return f"{REF_PREFIX}.{key.key_id}.{digest[:REF_HEX_CHARS]}"

    def sender_refs(self, sender: str) -> list[str]:
        """The sender's hash under every key, the current key's first."""
        return [self.sender_ref(sender, key) for key in self.keys.values()]


def keyring_from_environ(environ: Mapping[str, str] = os.environ) -> Keyring:
    """The keyring the environment configures (the bot's processes; the API uses its settings).

    Production refuses a missing key or the development placeholder, as the API does.
    """
    current = environ.get("FRONTDOOR_DATA_KEY") or DEV_DATA_KEY
    if not is_development(environ) and current == DEV_DATA_KEY:
        raise ValueError(
            "FRONTDOOR_DATA_KEY is the development placeholder; set a secret key "
            "(only FRONTDOOR_ENV=development allows it)"
        )
    old = environ.get("FRONTDOOR_OLD_DATA_KEYS", "")
    return Keyring(current, [key.strip() for key in old.split(",") if key.strip()])

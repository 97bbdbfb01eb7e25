"""Personal data encrypted at rest: column types that encrypt on write and decrypt on read.

Two kinds of column, both from one secret (FRONTDOOR_DATA_KEY) through HKDF:

- `LookupSecret` (phone numbers, names looked up by equality): AES-SIV, deterministic, so the
  same number always gives the same ciphertext and `WHERE phone_e164 = :p` and unique indexes
  keep working on SQLite and PostgreSQL. It reveals only that two rows hold the same value.
- `Secret` / `SecretText` (free text): AES-GCM with a random nonce per write.

Stored values read `v1.<key id>.<base64url>`; the key id picks the key on read, so old keys
(FRONTDOOR_OLD_DATA_KEYS) still decrypt during a rotation, and an equality lookup matches a
value written under any of them. `reencrypt_all` rewrites every value under the current key.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, AESSIV
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import String, Text, bindparam, or_
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql import operators
from sqlalchemy.types import TypeDecorator

PREFIX = "v1"
MIN_KEY_LENGTH = 32


class DecryptionError(ValueError):
    """A stored value no configured key can open (wrong key, or written in clear)."""


def _derive(secret: str, purpose: bytes, length: int) -> bytes:
    """A sub-key for one purpose, so the lookup and text keys are independent."""
    kdf = HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=b"frontdoor " + purpose)
    return kdf.derive(secret.encode())


@dataclass(frozen=True)
class DataKey:
    """One secret's sub-keys and its short public id."""

    key_id: str
    siv: AESSIV
    gcm: AESGCM

    @classmethod
    def from_secret(cls, secret: str) -> DataKey:
        """Derive the AES-SIV and AES-GCM keys of a secret."""
        if len(secret) < MIN_KEY_LENGTH:
            raise ValueError(f"a data key needs at least {MIN_KEY_LENGTH} characters")
        key_id = hashlib.sha256(b"frontdoor key id " + secret.encode()).hexdigest()[:8]
        return cls(
            key_id=key_id,
            siv=AESSIV(_derive(secret, b"lookup", 64)),
            gcm=AESGCM(_derive(secret, b"text", 32)),
        )


class Keyring:
    """The current key (encrypts) and old keys (only decrypt)."""

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
        """Whether a stored value was written under the current key."""
        return stored.startswith(f"{PREFIX}.{self.current.key_id}.")


_keyring: Keyring | None = None


def configure(current: str, old: Sequence[str] = ()) -> Keyring:
    """Use these keys from now on in this process (the app factory calls it with its settings)."""
    global _keyring
    _keyring = Keyring(current, old)
    return _keyring


def keyring() -> Keyring:
    """The process's keyring, read from the environment's settings on first use."""
    if _keyring is None:
        from api.settings import Settings

        settings = Settings()
        return configure(settings.data_key, settings.old_data_keys)
    return _keyring


class LookupSecret(TypeDecorator[str]):
    """Deterministically encrypted text: equality lookups and unique indexes still work."""

    impl = String
    cache_ok = True
    lookup = True

    class Comparator(TypeDecorator.Comparator[str]):  # type: ignore[name-defined]
        """`column == value` also matches rows still under an old key during a rotation."""

        def operate(self, op: Any, *other: Any, **kwargs: Any) -> Any:
            ring = keyring()
            if op is operators.eq and len(ring.keys) > 1 and isinstance(other[0], str):
                plain = String()
                return or_(
                    *(self.expr.op("=")(bindparam(None, c, type_=plain))
                      for c in ring.seal_lookup_all(other[0]))
                )  # fmt: skip
            return super().operate(op, *other, **kwargs)

    comparator_factory = Comparator

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        """Encrypt on the way in."""
        return None if value is None else keyring().seal_lookup(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        """Decrypt on the way out."""
        return None if value is None else keyring().open(value, lookup=True)


class Secret(TypeDecorator[str]):
    """Free text encrypted with a random nonce (never compared in SQL)."""

    impl = String
    cache_ok = True
    lookup = False

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        """Encrypt on the way in."""
        return None if value is None else keyring().seal_text(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        """Decrypt on the way out."""
        return None if value is None else keyring().open(value, lookup=False)


class SecretText(Secret):
    """`Secret` on a TEXT column (long free text)."""

    impl = Text
    cache_ok = True


# Every encrypted column: (table, column, lookup?). Migrations and key rotation walk this list.
ENCRYPTED_COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("people", "phone_e164", True),
    ("needs", "words", False),
    ("contact_preferences", "phone_e164", True),
    ("message_status_events", "phone_e164", True),
    ("slots", "clinician", True),
    ("waiting_entries", "referral", False),
    ("callback_requests", "phone_e164", True),
    ("callback_requests", "outcome", False),
    ("verification_codes", "phone_e164", True),
    ("person_nhs_numbers", "nhs_number", True),
)


Columns = Sequence[tuple[str, str, bool]]


def reencrypt_all(
    connection: Connection, ring: Keyring | None = None, columns: Columns = ENCRYPTED_COLUMNS
) -> int:
    """Rewrite every encrypted column under the current key; values in clear get encrypted.

    Plain SQL on purpose: it reads what is stored, whatever the models say. Returns the number
    of values rewritten.
    """
    from sqlalchemy import text

    ring = ring or keyring()
    changed = 0
    for table, column, lookup in columns:
        rows = connection.execute(
            text(f"SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL")  # noqa: S608
        ).all()
        for row_id, stored in rows:
            if ring.is_current(stored):
                continue
            try:
                plain = ring.open(stored, lookup=lookup)
            except DecryptionError:
                if stored.startswith(f"{PREFIX}."):
                    raise  # encrypted under a key we were not given: stop, change nothing more
                plain = stored  # written before encryption at rest
            sealed = ring.seal_lookup(plain) if lookup else ring.seal_text(plain)
            connection.execute(
                text(f"UPDATE {table} SET {column} = :v WHERE id = :id"),  # noqa: S608
                {"v": sealed, "id": row_id},
            )
            changed += 1
    return changed


def decrypt_all(
    connection: Connection, ring: Keyring | None = None, columns: Columns = ENCRYPTED_COLUMNS
) -> int:
    """Write every encrypted column back in clear (the migration's downgrade)."""
    from sqlalchemy import text

    ring = ring or keyring()
    changed = 0
    for table, column, lookup in columns:
        rows = connection.execute(
            text(f"SELECT id, {column} FROM {table} WHERE {column} LIKE 'v1.%'")  # noqa: S608
        ).all()
        for row_id, stored in rows:
            connection.execute(
                text(f"UPDATE {table} SET {column} = :v WHERE id = :id"),  # noqa: S608
                {"v": ring.open(stored, lookup=lookup), "id": row_id},
            )
            changed += 1
    return changed

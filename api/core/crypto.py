"""Personal data encrypted at rest: column types that encrypt on write and decrypt on read.

Two kinds of column, both from one secret (FRONTDOOR_DATA_KEY) through HKDF (api/core/data_keys.py):

- `LookupSecret` (phone numbers, names looked up by equality): AES-SIV, deterministic, so the
  same number always gives the same ciphertext and `WHERE phone_e164 = :p` and unique indexes
  keep working on SQLite and PostgreSQL. It reveals only that two rows hold the same value.
- `Secret` / `SecretText` (free text): AES-GCM with a random nonce per write.

Stored values read `v1.<key id>.<base64url>`; the key id picks the key on read, so old keys
(FRONTDOOR_OLD_DATA_KEYS) still decrypt during a rotation, and an equality lookup matches a
value written under any of them. `reencrypt_all` rewrites every value under the current key.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import String, Text, bindparam, or_
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql import operators
from sqlalchemy.types import TypeDecorator

# The keys themselves live in a pure module the bot imports too (its conversation store).
from api.core.data_keys import PREFIX, DecryptionError, Keyring

_keyring: Keyring | None = None


def configure(current: str, old: Sequence[str] = ()) -> Keyring:
    """Use these keys from now on in this process (the app factory calls it with its settings)."""
    global _keyring
    _keyring = Keyring(current, old)
    return _keyring


def keyring() -> Keyring:
    """The process's keyring, read from the environment's settings on first use."""
    if _keyring is None:
        from api.core.settings import Settings

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
    ("representatives", "phone_e164", True),
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

"""Personal data encrypted at rest: phone numbers, names and free text (api/core/crypto.py).

Ciphertext is longer than the clear value, so on PostgreSQL the columns lose their length limit
(SQLite never enforced it). Every value already stored is encrypted under FRONTDOOR_DATA_KEY.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from api.core.crypto import decrypt_all, reencrypt_all

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels = None
depends_on = None

# The clear types before this revision (needs.words was TEXT already).
CLEAR_TYPES = {
    ("people", "phone_e164"): sa.String(length=20),
    ("contact_preferences", "phone_e164"): sa.String(length=20),
    ("message_status_events", "phone_e164"): sa.String(length=20),
    ("slots", "clinician"): sa.String(length=200),
    ("waiting_entries", "referral"): sa.String(length=200),
    ("callback_requests", "phone_e164"): sa.String(length=20),
    ("callback_requests", "outcome"): sa.String(length=200),
    ("verification_codes", "phone_e164"): sa.String(length=20),
}
# The columns this revision encrypts, frozen here: (table, column, looked up by equality?).
COLUMNS = (
    ("people", "phone_e164", True),
    ("needs", "words", False),
    ("contact_preferences", "phone_e164", True),
    ("message_status_events", "phone_e164", True),
    ("slots", "clinician", True),
    ("waiting_entries", "referral", False),
    ("callback_requests", "phone_e164", True),
    ("callback_requests", "outcome", False),
    ("verification_codes", "phone_e164", True),
)


def upgrade() -> None:
    """Widen the columns (PostgreSQL), then encrypt what is stored."""
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        for (table, column), clear in CLEAR_TYPES.items():
            op.alter_column(table, column, type_=sa.String(), existing_type=clear)
    reencrypt_all(connection, columns=COLUMNS)


def downgrade() -> None:
    """Decrypt everything back to clear text and restore the lengths."""
    connection = op.get_bind()
    decrypt_all(connection, columns=COLUMNS)
    if connection.dialect.name != "sqlite":
        for (table, column), clear in CLEAR_TYPES.items():
            op.alter_column(table, column, type_=clear, existing_type=sa.String())

"""NHS numbers encrypted at rest, like phone numbers (deterministic: looked up by equality).

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from api.core.crypto import decrypt_all, reencrypt_all

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels = None
depends_on = None

COLUMNS = (("person_nhs_numbers", "nhs_number", True),)


def upgrade() -> None:
    """Widen the column (PostgreSQL), then encrypt what is stored."""
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        op.alter_column(
            "person_nhs_numbers", "nhs_number", type_=sa.String(), existing_type=sa.String(10)
        )
    reencrypt_all(connection, columns=COLUMNS)


def downgrade() -> None:
    """Decrypt back to clear text and restore the length."""
    connection = op.get_bind()
    decrypt_all(connection, columns=COLUMNS)
    if connection.dialect.name != "sqlite":
        op.alter_column(
            "person_nhs_numbers", "nhs_number", type_=sa.String(10), existing_type=sa.String()
        )

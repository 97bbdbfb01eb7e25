"""Call preferences: slower speech on calls, remembered per number.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create call_preferences."""
    op.create_table(
        "call_preferences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phone_e164", sa.String(), nullable=False),
        sa.Column("slower_speech", sa.Boolean(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_preferences")),
        sa.UniqueConstraint("phone_e164", name=op.f("uq_call_preferences_phone_e164")),
    )


def downgrade() -> None:
    """Drop call_preferences."""
    op.drop_table("call_preferences")

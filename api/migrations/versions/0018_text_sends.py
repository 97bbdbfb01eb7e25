"""Text sends: how often each text is sent per language (orders translation review).

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create text_sends."""
    op.create_table(
        "text_sends",
        sa.Column("language", sa.String(length=32), nullable=False),
        sa.Column("context", sa.String(length=200), nullable=False),
        sa.Column("sends", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("language", "context", name=op.f("pk_text_sends")),
    )


def downgrade() -> None:
    """Drop text_sends."""
    op.drop_table("text_sends")

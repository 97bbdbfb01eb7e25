"""When a person last confirmed their answers (the read-back "yes").

Revision ID: 0005
Revises: 0004_messaging
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004_messaging"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add people.confirmed_at."""
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Drop people.confirmed_at."""
    with op.batch_alter_table("people") as batch:
        batch.drop_column("confirmed_at")

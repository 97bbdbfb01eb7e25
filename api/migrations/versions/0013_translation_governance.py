"""Translation governance: the English each published translation was made from.

A published edit keeps the English it was translated from (``source``; older rows: their msgid),
and each edit in the history what it replaced, so a rollback restores status and source too.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the source columns."""
    with op.batch_alter_table("translation_overrides") as batch:
        batch.add_column(sa.Column("source", sa.Text(), nullable=True))
    with op.batch_alter_table("translation_edits") as batch:
        batch.add_column(sa.Column("source", sa.Text(), nullable=True))
        batch.add_column(sa.Column("old_status", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("old_source", sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop them."""
    with op.batch_alter_table("translation_edits") as batch:
        batch.drop_column("old_source")
        batch.drop_column("old_status")
        batch.drop_column("source")
    with op.batch_alter_table("translation_overrides") as batch:
        batch.drop_column("source")

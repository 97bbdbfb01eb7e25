"""Check-in prompts sent to people who are waiting.

Revision ID: 0009
Revises: 0008_admin_ui
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008_admin_ui"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create check_in_prompts."""
    op.create_table(
        "check_in_prompts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_check_in_prompts_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_in_prompts")),
    )
    op.create_index(op.f("ix_check_in_prompts_person_id"), "check_in_prompts", ["person_id"])


def downgrade() -> None:
    """Drop check_in_prompts."""
    op.drop_table("check_in_prompts")

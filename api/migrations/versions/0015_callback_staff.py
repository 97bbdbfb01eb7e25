"""Call-back staff: which organisation's queue an admin page user works.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create callback_staff."""
    op.create_table(
        "callback_staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("admin_user_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["admin_user_id"], ["admin_users.id"], ondelete="CASCADE",
            name=op.f("fk_callback_staff_admin_user_id_admin_users"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"],
            name=op.f("fk_callback_staff_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_callback_staff")),
        sa.UniqueConstraint("admin_user_id", name=op.f("uq_callback_staff_admin_user_id")),
    )  # fmt: skip
    op.create_index(
        op.f("ix_callback_staff_organisation_id"), "callback_staff", ["organisation_id"]
    )


def downgrade() -> None:
    """Drop callback_staff."""
    op.drop_table("callback_staff")

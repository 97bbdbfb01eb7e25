"""Representatives: someone acting for a person (relationship, authority, confirmation, end).

Revision ID: 0022
Revises: 0021
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create representatives."""
    op.create_table(
        "representatives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("phone_e164", sa.String(), nullable=False),
        sa.Column("relationship", sa.String(length=32), nullable=False),
        sa.Column("authority", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_representatives_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_representatives")),
    )
    op.create_index(op.f("ix_representatives_person_id"), "representatives", ["person_id"])
    op.create_index(op.f("ix_representatives_phone_e164"), "representatives", ["phone_e164"])


def downgrade() -> None:
    """Drop representatives."""
    op.drop_table("representatives")

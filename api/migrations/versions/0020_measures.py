"""Population baselines per area and the steps conversations reach (measures, issue #18).

Revision ID: 0020
Revises: 0019
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Two tables with no personal data."""
    op.create_table(
        "population_baselines",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("area_code", sa.String(16), nullable=False, index=True),
        sa.Column("area_name", sa.String(200), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("residents", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("uploaded_by", sa.String(100), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("area_code", "language"),
    )
    op.create_table(
        "measure_steps",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("step", sa.String(64), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("area_code", sa.String(16), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_measure_steps_at", "measure_steps", ["at"])


def downgrade() -> None:
    """Drop both."""
    op.drop_index("ix_measure_steps_at", table_name="measure_steps")
    op.drop_table("measure_steps")
    op.drop_table("population_baselines")

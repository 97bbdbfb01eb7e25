"""Needs recorded by a provider, beside the person's own, with the person's answer.

Revision ID: 0021
Revises: 0020
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create provider_needs."""
    op.create_table(
        "provider_needs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("code_system", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("display", sa.String(length=200), nullable=False),
        sa.Column("value_system", sa.String(length=200), nullable=True),
        sa.Column("value_code", sa.String(length=64), nullable=True),
        sa.Column("value_display", sa.String(length=200), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("told_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_channel", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_provider_needs_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"],
            name=op.f("fk_provider_needs_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["provider_clients.id"],
            name=op.f("fk_provider_needs_client_id_provider_clients"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_needs")),
    )  # fmt: skip
    op.create_index(op.f("ix_provider_needs_person_id"), "provider_needs", ["person_id"])
    op.create_index(
        op.f("ix_provider_needs_organisation_id"), "provider_needs", ["organisation_id"]
    )


def downgrade() -> None:
    """Drop provider_needs."""
    op.drop_table("provider_needs")

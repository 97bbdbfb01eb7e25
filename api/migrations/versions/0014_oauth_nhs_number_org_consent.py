"""OAuth2 clients, NHS numbers attached to people, and consent withdrawn per organisation.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create oauth_clients, person_nhs_numbers and organisation_consent_withdrawals."""
    op.create_table(
        "oauth_clients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=40), nullable=False),
        sa.Column("provider_client_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_client_id"],
            ["provider_clients.id"],
            name=op.f("fk_oauth_clients_provider_client_id_provider_clients"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_clients")),
        sa.UniqueConstraint("client_id", name=op.f("uq_oauth_clients_client_id")),
        sa.UniqueConstraint("provider_client_id", name=op.f("uq_oauth_clients_provider_client_id")),
    )
    op.create_table(
        "person_nhs_numbers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("nhs_number", sa.String(length=10), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_person_nhs_numbers_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_person_nhs_numbers_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_nhs_numbers")),
        sa.UniqueConstraint("person_id", name=op.f("uq_person_nhs_numbers_person_id")),
    )
    op.create_index(op.f("ix_person_nhs_numbers_nhs_number"), "person_nhs_numbers", ["nhs_number"])
    op.create_table(
        "organisation_consent_withdrawals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_organisation_consent_withdrawals_person_id_people"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_organisation_consent_withdrawals_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_consent_withdrawals")),
    )
    op.create_index(
        "ix_organisation_consent_withdrawals_person_org",
        "organisation_consent_withdrawals",
        ["person_id", "organisation_id"],
    )


def downgrade() -> None:
    """Drop the three tables."""
    op.drop_table("organisation_consent_withdrawals")
    op.drop_table("person_nhs_numbers")
    op.drop_table("oauth_clients")

"""Recorded voice prompts per text per language, their normalised audio, and the languages an
admin page user works in.

Revision ID: 0019
Revises: 0018
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create voice_recordings, voice_audio and admin_user_languages."""
    op.create_table(
        "voice_recordings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("piece_id", sa.String(40), nullable=False),
        sa.Column("words", sa.Text(), nullable=False),
        sa.Column("english", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("audio_sha256", sa.String(64), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("uploaded_by", sa.String(100), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviewed_by", sa.String(100), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voice_recordings")),
        sa.UniqueConstraint("language", "piece_id", name=op.f("uq_voice_recordings_language")),
    )
    op.create_index("ix_voice_recordings_language", "voice_recordings", ["language"])
    op.create_table(
        "voice_audio",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content_type", sa.String(40), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_voice_audio")),
    )
    op.create_table(
        "admin_user_languages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["admin_users.id"], ondelete="CASCADE",
            name=op.f("fk_admin_user_languages_user_id_admin_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admin_user_languages")),
        sa.UniqueConstraint("user_id", "language", name=op.f("uq_admin_user_languages_user_id")),
    )  # fmt: skip


def downgrade() -> None:
    """Drop the three tables."""
    op.drop_table("admin_user_languages")
    op.drop_table("voice_audio")
    op.drop_table("voice_recordings")

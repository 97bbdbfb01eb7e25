"""The outbound queue, WhatsApp templates (Content API) and channels closed by a permanent failure.

Revision ID: 0023
Revises: 0022
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create outbound_messages, whatsapp_templates and unreachable_channels."""

    op.create_table(
        "outbound_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("phone_e164", sa.String(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("channels", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=True),
        sa.Column("response", sa.String(length=64), nullable=True),
        sa.Column("arguments", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("whatsapp_last_inbound_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("not_after", sa.DateTime(timezone=True), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("sender", sa.String(length=64), nullable=True),
        sa.Column("worker_id", sa.String(length=32), nullable=True),
        sa.Column("twilio_sid", sa.String(length=64), nullable=True),
        sa.Column("content_sid", sa.String(length=64), nullable=True),
        sa.Column("error_code", sa.String(length=16), nullable=True),
        sa.Column("encoding", sa.String(length=8), nullable=True),
        sa.Column("segments", sa.Integer(), nullable=True),
        sa.Column("fallback_of", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["fallback_of"],
            ["outbound_messages.id"],
            ondelete="SET NULL",
            name=op.f("fk_outbound_messages_fallback_of_outbound_messages"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbound_messages")),
        sa.UniqueConstraint("fallback_of", name=op.f("uq_outbound_messages_fallback_of")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_outbound_messages_idempotency_key")),
    )
    with op.batch_alter_table("outbound_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbound_messages_phone_e164"), ["phone_e164"], unique=False
        )
        batch_op.create_index(
            "ix_outbound_messages_state_due", ["state", "not_before"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_outbound_messages_twilio_sid"), ["twilio_sid"], unique=False
        )

    op.create_table(
        "unreachable_channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phone_e164", sa.String(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("error_code", sa.String(length=16), nullable=False),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unreachable_channels")),
    )
    with op.batch_alter_table("unreachable_channels", schema=None) as batch_op:
        batch_op.create_index(
            "ix_unreachable_channels_phone_channel", ["phone_e164", "channel"], unique=True
        )

    op.create_table(
        "whatsapp_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("content_sid", sa.String(length=64), nullable=False),
        sa.Column("approval", sa.String(length=16), nullable=False),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_whatsapp_templates")),
        sa.UniqueConstraint("content_sid", name=op.f("uq_whatsapp_templates_content_sid")),
    )
    with op.batch_alter_table("whatsapp_templates", schema=None) as batch_op:
        batch_op.create_index(
            "ix_whatsapp_templates_purpose_language", ["purpose", "language"], unique=True
        )


def downgrade() -> None:
    """Revert this revision."""

    with op.batch_alter_table("whatsapp_templates", schema=None) as batch_op:
        batch_op.drop_index("ix_whatsapp_templates_purpose_language")

    op.drop_table("whatsapp_templates")
    with op.batch_alter_table("unreachable_channels", schema=None) as batch_op:
        batch_op.drop_index("ix_unreachable_channels_phone_channel")

    op.drop_table("unreachable_channels")
    with op.batch_alter_table("outbound_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbound_messages_twilio_sid"))
        batch_op.drop_index("ix_outbound_messages_state_due")
        batch_op.drop_index(batch_op.f("ix_outbound_messages_phone_e164"))

    op.drop_table("outbound_messages")

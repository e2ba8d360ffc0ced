"""sync_quarantine: synced events the server refused to apply, with their reason

Intake replays every synced event through the domain's rules (design §6); an event that
fails is kept here, out of the journal, for managers to see and to retry after a fix.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    timestamp = sa.DateTime(timezone=True)
    op.create_table(
        "sync_quarantine",
        sa.Column("store_id", sa.String(length=32), sa.ForeignKey("stores.id"), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("register_id", sa.String(length=32), nullable=False),
        sa.Column("incident_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("at", timestamp, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("field", sa.String(length=200), nullable=True),
        sa.Column("waits_for", sa.String(length=36), nullable=True),
        sa.Column("item_json", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("quarantined_at", timestamp, nullable=False),
        sa.Column("retried_at", timestamp, nullable=True),
        sa.PrimaryKeyConstraint("store_id", "event_id"),
    )
    op.create_index("ix_sync_quarantine_incident", "sync_quarantine", ["store_id", "incident_id"])
    op.create_index(
        "ix_sync_quarantine_store_time", "sync_quarantine", ["store_id", "quarantined_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_sync_quarantine_store_time", table_name="sync_quarantine")
    op.drop_index("ix_sync_quarantine_incident", table_name="sync_quarantine")
    op.drop_table("sync_quarantine")

"""scan_counts: how many items a register (or the whole store) scanned on a day

The denominator of "incidents per 1,000 scans" (docs/outcomes.md). ``register_id`` is
``""`` for a count reported for the whole store. A day's count is replaced, not added
to, when it is reported again.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scan_counts",
        sa.Column("store_id", sa.String(length=32), sa.ForeignKey("stores.id"), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("register_id", sa.String(length=32), nullable=False),
        sa.Column("scans", sa.BigInteger(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("store_id", "day", "register_id"),
    )


def downgrade() -> None:
    op.drop_table("scan_counts")

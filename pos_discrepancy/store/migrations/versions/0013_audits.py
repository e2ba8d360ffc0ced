"""audits, audit_items: self-audits in the inspector's style (NIST Handbook 130)

A store samples items of its price file, stratified by aisle, checks each item's shelf
price against its scanned price and is scored against the 98 % pass line
(docs/outcomes.md, "Self-audit"). The rows are projections of the ``audit_started``,
``audit_finding_recorded`` and ``audit_scored`` journal events. ``store_id`` leads every
key, so the tables distribute by store.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    timestamp = sa.DateTime(timezone=True)
    op.create_table(
        "audits",
        sa.Column("store_id", sa.String(length=32), sa.ForeignKey("stores.id"), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("items_in_file", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("strata_json", sa.Text(), nullable=False),
        sa.Column("started_at", timestamp, nullable=False),
        sa.Column("started_by", sa.String(length=32), nullable=False),
        sa.Column("scored_at", timestamp, nullable=True),
        sa.Column("scored_by", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("store_id", "id"),
    )
    op.create_table(
        "audit_items",
        sa.Column("store_id", sa.String(length=32), sa.ForeignKey("stores.id"), nullable=False),
        sa.Column("audit_id", sa.String(length=36), nullable=False),
        sa.Column("sku", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("aisle", sa.String(length=64), nullable=False),
        sa.Column("system_price_minor", sa.BigInteger(), nullable=False),
        sa.Column("shelf_price_minor", sa.BigInteger(), nullable=True),
        sa.Column("scanned_price_minor", sa.BigInteger(), nullable=True),
        sa.Column("checked_at", timestamp, nullable=True),
        sa.Column("checked_by", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("store_id", "audit_id", "sku"),
        sa.ForeignKeyConstraint(
            ["store_id", "audit_id"],
            ["audits.store_id", "audits.id"],
            name="fk_audit_items_audit",
        ),
    )


def downgrade() -> None:
    op.drop_table("audit_items")
    op.drop_table("audits")

"""report indexes: measured at 10M incidents in 1,000 stores (bench/chain_10m.py)

- ``ix_incidents_detected_sku_store (detected_at, sku, store_id)``: the chain signal's
  ranking (SKUs met in several stores over a period, chain-wide, in every summary PDF,
  a store's too) reads it index-only instead of the 13 GB table; chain-wide period
  ranges find their rows without scanning the whole ``(store_id, detected_at)`` index.
- ``ix_incidents_store_fixed (store_id, fixed_at, sku)``: the store's tags fixed in a
  period (the outcome measures' repeat SKUs), index-only, instead of every incident of
  the store read and filtered on ``fixed_at``.

Figures before and after: docs/performance.md, "A chain at 10 million incidents".

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_incidents_detected_sku_store", "incidents", ["detected_at", "sku", "store_id"]
    )
    op.create_index("ix_incidents_store_fixed", "incidents", ["store_id", "fixed_at", "sku"])


def downgrade() -> None:
    op.drop_index("ix_incidents_store_fixed", table_name="incidents")
    op.drop_index("ix_incidents_detected_sku_store", table_name="incidents")

"""idempotency keys: an index on ``created_at`` for pruning

Keys are kept for a retention (docs/reliability.md, "Exactly-once retries") and then
pruned by the worker; the index makes each pass's delete of the oldest keys cheap, also
when there is nothing to delete. (If another branch took 0009 first, renumber on merge.)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_idempotency_keys_created_at", "idempotency_keys", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_idempotency_keys_created_at", table_name="idempotency_keys")

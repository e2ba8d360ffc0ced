"""stores.locale: the store's language and formats (Babel locale name, design §5)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "stores", sa.Column("locale", sa.String(length=16), nullable=False, server_default="en_US")
    )


def downgrade() -> None:
    # Not a batch rebuild: every table refers to stores, and SQLite (3.35+) drops a
    # plain column in place.
    op.execute("ALTER TABLE stores DROP COLUMN locale")

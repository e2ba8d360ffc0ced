"""events: PostgreSQL refuses TRUNCATE too

The append-only trigger of 0001 refuses UPDATE and DELETE row by row; TRUNCATE fires no
row trigger, so one statement could empty the journal. A statement-level BEFORE TRUNCATE
trigger (with the same function, which names the refused operation) closes that gap,
also when events are truncated through ``TRUNCATE stores CASCADE``. SQLite has no
TRUNCATE: its ``DELETE FROM events`` is refused by the delete trigger of 0001.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events "
            "FOR EACH STATEMENT EXECUTE FUNCTION posdisc_events_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS events_no_truncate ON events")

"""journal_device, chain_links: registers' hash chains kept as made (design §6)

Each database names itself once (``journal_device``: a random id made here, copied with
the file, so two tills cloned from one image share it). A till's events are chained on
its own database; sync delivers each event with its link (chain id, seq, previous hash,
hash and the exact hashed body), and the server keeps the link in ``chain_links`` beside
its own journal, so ``posdisc journal verify`` on the server checks the till's chain as
the till made it. Links are append-only, like events: the database refuses UPDATE,
DELETE and (PostgreSQL) TRUNCATE. A quarantined event keeps the chain it was sent on
(``sync_quarantine.chain``), so a till's later events wait behind one the server holds.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journal_device",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute(
        sa.text("INSERT INTO journal_device (id, created_at) VALUES (:id, CURRENT_TIMESTAMP)")
        .bindparams(id=secrets.token_hex(6))
    )
    op.create_table(
        "chain_links",
        sa.Column("store_id", sa.String(length=32), sa.ForeignKey("stores.id"), nullable=False),
        sa.Column("chain", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("store_id", "chain", "seq"),
        sa.UniqueConstraint("store_id", "event_id", name="uq_chain_links_event"),
    )
    _append_only("chain_links")
    with op.batch_alter_table("sync_quarantine") as batch:
        batch.add_column(sa.Column("chain", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_quarantine") as batch:
        batch.drop_column("chain")
    if op.get_bind().dialect.name == "postgresql":
        for trigger in ("append_only", "no_truncate"):
            op.execute(f"DROP TRIGGER IF EXISTS chain_links_{trigger} ON chain_links")
    op.drop_table("chain_links")
    op.drop_table("journal_device")


def _append_only(table: str) -> None:
    """The same refusal as the events' (0001, 0008): links are never changed or removed."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION posdisc_events_append_only()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION posdisc_events_append_only()"
        )
    else:
        for operation in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'chain links are append-only'); END"
            )

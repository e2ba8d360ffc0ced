"""events.chain: one hash chain per register, so no lock is shared by a store's registers

Until now every event of a store was on one chain (``seq`` 1, 2, 3, … per store), so two
registers of one store queued on one lock to append. From here an incident's events are
chained on its register's chain (``register-<code>``; design §6), and a chain's ``seq``
counts within it: the unique key becomes (store, chain, seq). Events already journaled
stay as they are, on the chain ``store``, and so do the later events of their incidents
(an incident's events are always on one chain, so ``seq`` orders them).

The readers of the journal follow: a subscriber's cursor (``subscriber_cursors``) and an
offline register's delivered place (``sync_state``) are kept per chain. Their rows and
the old events are on ``store``. The downgrade refuses once events sit on other chains:
going back would need their history re-hashed, which a journal never does.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

#: the tables whose primary key gains ``chain``, with their key's other columns
_REKEYED = {
    "subscriber_cursors": ["store_id", "subscriber"],
    "sync_state": ["store_id", "server"],
}


def _chain_column() -> sa.Column:
    return sa.Column("chain", sa.String(length=64), nullable=False, server_default="store")


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(_chain_column())
        batch.drop_constraint("uq_events_store_seq", type_="unique")
        batch.create_unique_constraint("uq_events_chain_seq", ["store_id", "chain", "seq"])
    _restore_sqlite_triggers()
    for table, key in _REKEYED.items():
        _set_key(table, key, add_chain=True)


def downgrade() -> None:
    bind = op.get_bind()
    other = bind.execute(sa.text("SELECT count(*) FROM events WHERE chain <> 'store'")).scalar()
    if other:
        raise RuntimeError(
            f"cannot downgrade below 0015: {other} events are on register chains, and "
            "putting them back on one chain per store would rewrite their hashes"
        )
    for table, key in _REKEYED.items():
        _set_key(table, key, add_chain=False)
    with op.batch_alter_table("events") as batch:
        batch.drop_constraint("uq_events_chain_seq", type_="unique")
        batch.create_unique_constraint("uq_events_store_seq", ["store_id", "seq"])
        batch.drop_column("chain")
    _restore_sqlite_triggers()


def _set_key(table: str, key: list[str], *, add_chain: bool) -> None:
    """Give ``table`` the key ``key`` plus ``chain`` (adding the column), or take it off."""
    bind = op.get_bind()
    if not add_chain:
        bind.execute(sa.text(f"DELETE FROM {table} WHERE chain <> 'store'"))
    if bind.dialect.name == "postgresql":
        op.drop_constraint(f"{table}_pkey", table, type_="primary")
        if add_chain:
            op.add_column(table, _chain_column())
        else:
            op.drop_column(table, "chain")
        op.create_primary_key(f"{table}_pkey", table, [*key, "chain"] if add_chain else key)
        return
    # SQLite changes a key only by rebuilding the table: copy it into one made anew.
    old = sa.Table(table, sa.MetaData(), autoload_with=bind)
    columns = [
        sa.Column(c.name, c.type, nullable=c.nullable, server_default=c.server_default)
        for c in old.columns
        if c.name != "chain"
    ]
    if add_chain:
        columns.append(_chain_column())
    op.create_table(
        f"_new_{table}",
        *columns,
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"]),
        sa.PrimaryKeyConstraint(*key, *(["chain"] if add_chain else [])),
    )
    kept = ", ".join(c.name for c in columns if c.name != "chain" or not add_chain)
    op.execute(f"INSERT INTO _new_{table} ({kept}) SELECT {kept} FROM {table}")
    op.drop_table(table)
    op.rename_table(f"_new_{table}", table)


def _restore_sqlite_triggers() -> None:
    """SQLite rebuilds a table to change its constraints, which drops its triggers: the
    append-only refusal of 0001 is made again on the new table."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for operation in ("UPDATE", "DELETE"):
        op.execute(f"DROP TRIGGER IF EXISTS events_no_{operation.lower()}")
        op.execute(
            f"CREATE TRIGGER events_no_{operation.lower()} BEFORE {operation} ON events "
            "BEGIN SELECT RAISE(ABORT, 'journal events are append-only'); END"
        )

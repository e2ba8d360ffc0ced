"""incident facets: resolution and signage beside the summary status; events.origin

An incident's ``status`` was one line (detected → … → honored → signage_fixed). It is now
the summary of independent facets (design §3): ``resolution`` (the customer at the till)
and ``signage`` (the shelf tag). Staff and register codes are upper-cased (codes are identities compared
case-insensitively). ``events.origin`` names the offline register an event was
born at (delivered by sync), so a register's own events of an incident can be told from
the ones the server made (a tag fixed there).

Existing rows: ``signage`` is ``fixed`` where the status was ``signage_fixed``, and the
resolution is what the incident's events said before the fix. The status itself is kept:
it is what the incident's last event recorded (``posdisc journal verify`` checks it), so a
tag the old schema fixed before any decision keeps ``signage_fixed`` until its next event,
although such an incident's resolution is still ``detected`` and it may now be decided.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_RESOLUTIONS = ("detected", "awaiting_approval", "honored", "declined")


def upgrade() -> None:
    op.add_column("incidents", sa.Column("resolution", sa.String(length=20), nullable=True))
    op.add_column(
        "incidents",
        sa.Column("signage", sa.String(length=8), nullable=False, server_default="open"),
    )
    op.add_column("events", sa.Column("origin", sa.String(length=32), nullable=True))
    op.execute(
        "UPDATE incidents SET resolution = status, signage = 'open' WHERE status <> 'signage_fixed'"
    )
    _carry_fixed_incidents()
    with op.batch_alter_table("incidents") as batch:  # SQLite rebuilds the table
        batch.alter_column("resolution", existing_type=sa.String(length=20), nullable=False)
    op.create_index("ix_incidents_store_signage", "incidents", ["store_id", "signage"])
    _upper_case_codes()


def _upper_case_codes() -> None:
    """Staff and register codes are identities compared case-insensitively, kept
    upper-case; a code whose upper-case form is taken already stays as it was."""
    for table, column in (("staff", "code"), ("registers", "code")):
        op.execute(
            f"UPDATE {table} SET {column} = UPPER({column}) WHERE {column} <> UPPER({column}) "
            f"AND NOT EXISTS (SELECT 1 FROM {table} other WHERE other.store_id = "
            f"{table}.store_id AND other.{column} = UPPER({table}.{column}))"
        )


def _carry_fixed_incidents() -> None:
    """A fixed incident's resolution is the last one its events recorded (a fix event
    records none of its own)."""
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT e.incident_id, e.kind, e.body FROM events e "
            "JOIN incidents i ON i.id = e.incident_id "
            "WHERE i.status = 'signage_fixed' ORDER BY e.incident_id, e.seq"
        )
    )
    resolution: dict[str, str] = {}
    for incident_id, kind, body in rows:
        data = json.loads(body).get("data", {})
        said = data.get("resolution", data.get("status"))
        if kind != "signage_fixed" and said in _RESOLUTIONS:
            resolution[incident_id] = said
    update = sa.text(
        "UPDATE incidents SET resolution = :resolution, signage = 'fixed' WHERE id = :id"
    )
    for incident_id, value in resolution.items():
        connection.execute(update, {"id": incident_id, "resolution": value})
    # A fixed incident with no readable event (a damaged journal) was closed at the till.
    connection.execute(
        sa.text(
            "UPDATE incidents SET resolution = 'detected', signage = 'fixed' "
            "WHERE status = 'signage_fixed' AND resolution IS NULL"
        )
    )


def downgrade() -> None:
    # The old schema's one line ended at signage_fixed, whatever came before the fix.
    op.execute("UPDATE incidents SET status = 'signage_fixed' WHERE signage = 'fixed'")
    op.drop_index("ix_incidents_store_signage", table_name="incidents")
    with op.batch_alter_table("incidents") as batch:  # SQLite rebuilds the table
        batch.drop_column("signage")
        batch.drop_column("resolution")
    op.drop_column("events", "origin")  # SQLite 3.35+ drops it in place, keeping triggers

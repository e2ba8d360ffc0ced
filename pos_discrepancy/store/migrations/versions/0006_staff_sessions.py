"""staff: a sign-in lock of its own, and a session version that revokes sessions

The wrong-PIN lock that protects approvals (``failed_pin_attempts``, ``locked_until``)
now counts only the register path's attempts; anonymous sign-ins to the web app count in
``signin_failures`` / ``signin_locked_until``, so nobody can lock a manager out of
approving at a till from the sign-in form (design §11). ``session_version`` goes up when
a member signs out, gets a new PIN, a new role or is unlocked by an admin: every session
cookie carries the version it was made with and is refused once it is older.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_COLUMNS = ("signin_failures", "signin_locked_until", "session_version")


def upgrade() -> None:
    op.add_column(
        "staff", sa.Column("signin_failures", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column("staff", sa.Column("signin_locked_until", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "staff", sa.Column("session_version", sa.Integer(), nullable=False, server_default="0")
    )


def downgrade() -> None:
    with op.batch_alter_table("staff") as batch:  # SQLite rebuilds the table
        for column in _COLUMNS:
            batch.drop_column(column)

"""The daily scan counts registers report (table ``scan_counts``, migration 0012)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, select
from sqlalchemy.dialects import postgresql, sqlite

from .tables import ScanCount

SCAN_COUNTS = ScanCount.__table__  # type: ignore[attr-defined]
_KEY = ("store_id", "day", "register_id")


def record_scans(
    *,
    connection: Connection,
    store_id: str,
    day: date,
    register_id: str,
    scans: int,
    recorded_at: datetime,
) -> bool:
    """Write the day's count of ``register_id`` (``""``: the whole store), replacing one
    reported before. Returns ``True`` when it replaced one."""
    key = (
        (SCAN_COUNTS.c.store_id == store_id)
        & (SCAN_COUNTS.c.day == day)
        & (SCAN_COUNTS.c.register_id == register_id)
    )
    replaced = connection.execute(select(SCAN_COUNTS.c.scans).where(key)).first() is not None
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    values = {"store_id": store_id, "day": day, "register_id": register_id, "scans": scans,
              "recorded_at": recorded_at}  # fmt: skip
    statement = dialect.insert(SCAN_COUNTS).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=list(_KEY),
        set_={"scans": statement.excluded.scans, "recorded_at": statement.excluded.recorded_at},
    )
    connection.execute(statement)
    return replaced

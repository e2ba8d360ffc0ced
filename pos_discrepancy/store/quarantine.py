"""The sync quarantine's rows: synced events the server refused to apply (design §6).

Keyword-only repository functions over SQLAlchemy Core, as in :mod:`.repository`;
nothing here commits. A quarantined event is never in the journal: it waits here, with
its reason, until a retry applies it (and its row is deleted) or fails again (and its
reason is brought up to date).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, delete, func, insert, select, update

from .tables import Register, SyncQuarantine

QUARANTINE = SyncQuarantine.__table__  # type: ignore[attr-defined]
REGISTERS = Register.__table__  # type: ignore[attr-defined]


def register_created_at(*, connection: Connection, store_id: str, register: str) -> datetime | None:
    """When ``register`` was registered at ``store_id`` (``None``: not registered here)."""
    row = connection.execute(
        select(REGISTERS.c.created_at).where(
            REGISTERS.c.store_id == store_id, REGISTERS.c.code == register
        )
    ).first()
    return None if row is None else row[0]


def held_for_incidents(
    *, connection: Connection, store_id: str, incident_ids: Iterable[str]
) -> list[Row[Any]]:
    """The quarantined events of these incidents, oldest local ``seq`` first."""
    ids = sorted(set(incident_ids))
    if not ids:
        return []
    return list(
        connection.execute(
            select(QUARANTINE.c.event_id, QUARANTINE.c.incident_id, QUARANTINE.c.seq)
            .where(QUARANTINE.c.store_id == store_id, QUARANTINE.c.incident_id.in_(ids))
            .order_by(QUARANTINE.c.seq)
        )
    )


def held_before(*, connection: Connection, store_id: str, chain: str, seq: int) -> str | None:
    """The id of a quarantined event sent earlier on ``chain`` than ``seq``, if any."""
    row = connection.execute(
        select(QUARANTINE.c.event_id)
        .where(
            QUARANTINE.c.store_id == store_id,
            QUARANTINE.c.chain == chain,
            QUARANTINE.c.seq < seq,
        )
        .order_by(QUARANTINE.c.seq)
        .limit(1)
    ).first()
    return None if row is None else str(row[0])


def put(
    *,
    connection: Connection,
    store_id: str,
    event_id: str,
    now: datetime,
    **values: Any,
) -> None:
    """Quarantine an event, or bring the reason of one already here up to date."""
    where = (QUARANTINE.c.store_id == store_id) & (QUARANTINE.c.event_id == event_id)
    if connection.execute(select(QUARANTINE.c.event_id).where(where)).first() is None:
        connection.execute(
            insert(QUARANTINE).values(
                store_id=store_id, event_id=event_id, quarantined_at=now, attempts=1, **values
            )
        )
        return
    connection.execute(
        update(QUARANTINE)
        .where(where)
        .values(attempts=QUARANTINE.c.attempts + 1, retried_at=now, **values)
    )


def release(*, connection: Connection, store_id: str, event_ids: Iterable[str]) -> None:
    """Forget quarantined events that are now applied."""
    ids = list(event_ids)
    if ids:
        connection.execute(
            delete(QUARANTINE).where(
                QUARANTINE.c.store_id == store_id, QUARANTINE.c.event_id.in_(ids)
            )
        )


def list_held(
    *, connection: Connection, store_id: str | None = None, event_id: str | None = None
) -> list[Row[Any]]:
    """Quarantined events (of one store, or one event), by store and the register's order."""
    query = select(QUARANTINE)
    if store_id is not None:
        query = query.where(QUARANTINE.c.store_id == store_id)
    if event_id is not None:
        query = query.where(QUARANTINE.c.event_id == event_id)
    order = (QUARANTINE.c.store_id, QUARANTINE.c.register_id, QUARANTINE.c.seq)
    return list(connection.execute(query.order_by(*order)))


def count_held(
    *,
    connection: Connection,
    store_id: str | None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> int:
    """How many events of ``store_id`` (``None``: every store) are quarantined, first
    quarantined in the period when one is given."""
    query = select(func.count()).select_from(QUARANTINE)
    if store_id is not None:
        query = query.where(QUARANTINE.c.store_id == store_id)
    if since is not None:
        query = query.where(QUARANTINE.c.quarantined_at >= since)
    if until is not None:
        query = query.where(QUARANTINE.c.quarantined_at < until)
    return int(connection.execute(query).scalar_one())


__all__ = [
    "QUARANTINE",
    "count_held",
    "held_for_incidents",
    "list_held",
    "put",
    "register_created_at",
    "release",
]

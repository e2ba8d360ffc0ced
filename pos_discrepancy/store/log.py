"""The journal read as a log: subscriber cursors, deliveries waiting, the worker's lease.

Plain reads and writes for :mod:`pos_discrepancy.service.worker` (design §10); the rules
(what is due, backoff, parking) live there.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from .journal import store_chains
from .tables import Delivery, Event, SubscriberCursor, WorkerLease

CURSORS = SubscriberCursor.__table__  # type: ignore[attr-defined]
DELIVERIES = Delivery.__table__  # type: ignore[attr-defined]
LEASES = WorkerLease.__table__  # type: ignore[attr-defined]
EVENTS = Event.__table__  # type: ignore[attr-defined]
_EVENT_COLUMNS = tuple(
    EVENTS.c[name] for name in ("id", "seq", "incident_id", "kind", "at", "body")
)


def cursor_seq(*, connection: Connection, store_id: str, chain: str, subscriber: str) -> int:
    """The last ``seq`` of the store's ``chain`` the subscriber has read (0: none)."""
    seq = connection.execute(
        select(CURSORS.c.seq).where(
            CURSORS.c.store_id == store_id,
            CURSORS.c.chain == chain,
            CURSORS.c.subscriber == subscriber,
        )
    ).scalar()
    return int(seq or 0)


def move_cursor(
    *, connection: Connection, store_id: str, chain: str, subscriber: str, seq: int, now: datetime
) -> None:
    """Set the subscriber's cursor on the store's ``chain`` to ``seq``."""
    values = {"seq": seq, "updated_at": now}
    moved = connection.execute(
        update(CURSORS)
        .where(
            CURSORS.c.store_id == store_id,
            CURSORS.c.chain == chain,
            CURSORS.c.subscriber == subscriber,
        )
        .values(**values)
    )
    if not moved.rowcount:
        connection.execute(
            insert(CURSORS),
            {"store_id": store_id, "chain": chain, "subscriber": subscriber, **values},
        )


def chains(*, connection: Connection, store_id: str) -> list[tuple[str, int]]:
    """``(chain, newest seq)`` of each of the store's chains."""
    return store_chains(connection, store_id)


def events_after(
    *, connection: Connection, store_id: str, chain: str, seq: int, limit: int
) -> Sequence[Row[Any]]:
    """The chain's events after ``seq``, oldest first, at most ``limit``."""
    return connection.execute(
        select(*_EVENT_COLUMNS)
        .where(EVENTS.c.store_id == store_id, EVENTS.c.chain == chain, EVENTS.c.seq > seq)
        .order_by(EVENTS.c.seq)
        .limit(limit)
    ).all()


def event_by_id(*, connection: Connection, store_id: str, event_id: str) -> Row[Any] | None:
    """One event of the store's journal."""
    return connection.execute(
        select(*_EVENT_COLUMNS).where(EVENTS.c.store_id == store_id, EVENTS.c.id == event_id)
    ).first()


def journal_head(*, connection: Connection, store_id: str) -> int:
    """How many events the store's journal holds (the sum of its chains' newest ``seq``;
    0 when empty): a cheap change counter, one step per event appended."""
    return sum(seq for _, seq in store_chains(connection, store_id))


def waiting(
    *, connection: Connection, subscriber: str | None = None, store_id: str | None = None
) -> Sequence[Row[Any]]:
    """Deliveries not taken yet (due and parked), oldest event first."""
    query = select(DELIVERIES).order_by(DELIVERIES.c.store_id, DELIVERIES.c.seq)
    if subscriber is not None:
        query = query.where(DELIVERIES.c.subscriber == subscriber)
    if store_id is not None:
        query = query.where(DELIVERIES.c.store_id == store_id)
    return connection.execute(query).all()


def incidents_waiting(*, connection: Connection, store_id: str, subscriber: str) -> set[str]:
    """Incidents with an event the subscriber has not taken: later ones queue behind."""
    rows = connection.execute(
        select(DELIVERIES.c.incident_id).where(
            DELIVERIES.c.store_id == store_id, DELIVERIES.c.subscriber == subscriber
        )
    )
    return {row.incident_id for row in rows}


def add_delivery(*, connection: Connection, **values: Any) -> None:
    """Queue an event for a subscriber (``due`` or ``parked``)."""
    connection.execute(insert(DELIVERIES), values)


def update_delivery(
    *, connection: Connection, store_id: str, subscriber: str, event_id: str, **values: Any
) -> int:
    """Change a queued delivery; the number of rows changed."""
    return int(
        connection.execute(
            update(DELIVERIES)
            .where(
                DELIVERIES.c.store_id == store_id,
                DELIVERIES.c.subscriber == subscriber,
                DELIVERIES.c.event_id == event_id,
            )
            .values(**values)
        ).rowcount
    )


def remove_delivery(
    *, connection: Connection, store_id: str, subscriber: str, event_id: str
) -> None:
    """Drop a delivery the subscriber has taken."""
    connection.execute(
        delete(DELIVERIES).where(
            DELIVERIES.c.store_id == store_id,
            DELIVERIES.c.subscriber == subscriber,
            DELIVERIES.c.event_id == event_id,
        )
    )


def requeue_parked(
    *,
    connection: Connection,
    now: datetime,
    subscriber: str | None,
    event_id: str | None,
    store_id: str | None = None,
) -> int:
    """Make parked deliveries due again now, with a fresh count of tries."""
    query = update(DELIVERIES).where(DELIVERIES.c.state == "parked")
    if store_id is not None:
        query = query.where(DELIVERIES.c.store_id == store_id)
    if subscriber is not None:
        query = query.where(DELIVERIES.c.subscriber == subscriber)
    if event_id is not None:
        query = query.where(DELIVERIES.c.event_id == event_id)
    changed = connection.execute(
        query.values(state="due", attempts=0, retry_at=now, updated_at=now)
    )
    return int(changed.rowcount)


def cursors(*, connection: Connection) -> Sequence[Row[Any]]:
    """Every subscriber's cursor on every chain of every store."""
    return connection.execute(
        select(CURSORS).order_by(CURSORS.c.subscriber, CURSORS.c.store_id)
    ).all()


def take_lease(
    *, connection: Connection, name: str, holder: str, now: datetime, until: datetime
) -> bool:
    """Hold (or keep holding) lease ``name`` until ``until``; ``False`` if another
    holder's lease has not run out yet."""
    row = connection.execute(select(LEASES).where(LEASES.c.name == name).with_for_update()).first()
    if row is None:
        try:
            with connection.begin_nested():
                connection.execute(
                    insert(LEASES), {"name": name, "holder": holder, "expires_at": until}
                )
        except IntegrityError:  # another worker inserted it first
            return False
        return True
    if row.holder != holder and row.expires_at > now:
        return False
    connection.execute(
        update(LEASES).where(LEASES.c.name == name).values(holder=holder, expires_at=until)
    )
    return True


def release_lease(*, connection: Connection, name: str, holder: str) -> None:
    """Give the lease up (a worker stopping cleanly), so another need not wait."""
    connection.execute(delete(LEASES).where(LEASES.c.name == name, LEASES.c.holder == holder))

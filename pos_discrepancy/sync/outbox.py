"""The register's side: what it has not delivered yet, and what the server acknowledged.

Events are read per store and chain in local ``seq`` order, after the ``delivered_seq``
recorded in ``sync_state`` for that server and chain. A batch holds the next events of
one chain and one register,
grouped by incident; each incident comes with its facts, its current state and
decision, and ``last_event`` (its newest local event when the batch was read: the
server takes the state over only once it holds that event). Everything is read in one
snapshot, so the state and the events agree.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select, update

from ..money import Money
from ..service.context import Context
from ..store.chain_links import device_id, till_chain
from ..store.journal import store_chains
from ..store.repository import DECISIONS, EVENTS, INCIDENTS
from ..store.tables import SyncState
from ..views import STORE_CHAIN
from . import MAX_BATCH_BYTES

SYNC_STATE = SyncState.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Batch:
    """One request body, ready to post, and what it delivers when the server accepts it."""

    store: str
    register: str
    body: dict[str, Any]
    chain: str
    first_seq: int
    last_seq: int
    last_event_id: str
    events: int
    incident_ids: frozenset[str]

    def encoded(self) -> bytes:
        """The body as UTF-8 JSON."""
        return json.dumps(self.body, ensure_ascii=False, separators=(",", ":")).encode()


def server_key(server: str) -> str:
    """The server URL as ``sync_state`` keeps it (no trailing slash)."""
    return server.strip().rstrip("/")[:200]


def delivered_seq(connection: Connection, *, store_id: str, chain: str, server: str) -> int:
    """The last local ``seq`` of the store's ``chain`` the server has acknowledged (0: none)."""
    row = connection.execute(
        select(SYNC_STATE.c.delivered_seq).where(
            SYNC_STATE.c.store_id == store_id,
            SYNC_STATE.c.chain == chain,
            SYNC_STATE.c.server == server_key(server),
        )
    ).first()
    return 0 if row is None else int(row[0])


def mark_delivered(ctx: Context, batch: Batch, *, server: str) -> None:
    """Record that the server has every event of ``batch`` (call after its 200 only)."""
    key = server_key(server)
    values = {
        "delivered_seq": batch.last_seq,
        "delivered_event_id": batch.last_event_id,
        "delivered_at": ctx.clock(),
    }
    where = (
        (SYNC_STATE.c.store_id == batch.store)
        & (SYNC_STATE.c.chain == batch.chain)
        & (SYNC_STATE.c.server == key)
    )
    with ctx.transaction() as connection:
        current = connection.execute(select(SYNC_STATE.c.delivered_seq).where(where)).first()
        if current is None:
            connection.execute(
                insert(SYNC_STATE).values(
                    store_id=batch.store, chain=batch.chain, server=key, **values
                )
            )
        elif current[0] < batch.last_seq:  # never move back (two syncs at once)
            connection.execute(update(SYNC_STATE).where(where).values(**values))


def pending_count(ctx: Context, *, server: str, store: str | None = None) -> int:
    """How many local events the server has not acknowledged yet."""
    total = 0
    with ctx.reading() as connection:
        for store_id, chain in _chains(connection, store):
            after = delivered_seq(connection, store_id=store_id, chain=chain, server=server)
            total += connection.execute(
                select(func.count()).where(
                    EVENTS.c.store_id == store_id, EVENTS.c.chain == chain, EVENTS.c.seq > after
                )
            ).scalar_one()
    return total


def next_batch(ctx: Context, *, server: str, size: int, store: str | None = None) -> Batch | None:
    """The oldest undelivered events (at most ``size``, of one register), or ``None``.

    A body larger than :data:`MAX_BATCH_BYTES` is made again with half the events.
    """
    with ctx.reading() as connection:
        for store_id, chain in _chains(connection, store):
            after = delivered_seq(connection, store_id=store_id, chain=chain, server=server)
            wanted = size
            while True:
                batch = _read_batch(connection, store_id, chain, after, wanted)
                if batch is None:
                    break
                if len(batch.encoded()) <= MAX_BATCH_BYTES or batch.events == 1:
                    return batch
                wanted = max(1, batch.events // 2)
    return None


def _chains(connection: Connection, store: str | None) -> list[tuple[str, str]]:
    """``(store, chain)`` of every local chain, oldest chain first: ``store`` (events
    made before migration 0015) before the register chains."""
    query = select(EVENTS.c.store_id).distinct().order_by(EVENTS.c.store_id)
    if store is not None:
        query = query.where(EVENTS.c.store_id == store)
    stores = [row[0] for row in connection.execute(query)]
    return [
        (store_id, chain)
        for store_id in stores
        for chain, _ in sorted(
            store_chains(connection, store_id), key=lambda head: head[0] != STORE_CHAIN
        )
    ]


def _read_batch(
    connection: Connection, store_id: str, chain: str, after: int, size: int
) -> Batch | None:
    rows = list(
        connection.execute(
            select(
                EVENTS.c.id,
                EVENTS.c.seq,
                EVENTS.c.incident_id,
                EVENTS.c.kind,
                EVENTS.c.at,
                EVENTS.c.body,
                EVENTS.c.prev_hash,
                EVENTS.c.hash,
                INCIDENTS.c.register_id,
            )
            .join(INCIDENTS, INCIDENTS.c.id == EVENTS.c.incident_id)
            .where(EVENTS.c.store_id == store_id, EVENTS.c.chain == chain, EVENTS.c.seq > after)
            .order_by(EVENTS.c.seq)
            .limit(size)
        )
    )
    if not rows:
        return None
    register = rows[0].register_id
    # One register per batch: its token must match every incident the server is sent.
    rows = list(_same_register(rows, register))
    groups: dict[str, list[Any]] = {}
    for row in rows:
        groups.setdefault(row.incident_id, []).append(row)
    travels_as = till_chain(device_id(connection), chain)
    incidents = [
        _incident_item(connection, incident_id, events, travels_as)
        for incident_id, events in groups.items()
    ]
    return Batch(
        store=store_id,
        register=register,
        body={"store": store_id, "register": register, "incidents": incidents},
        chain=chain,
        first_seq=rows[0].seq,
        last_seq=rows[-1].seq,
        last_event_id=rows[-1].id,
        events=len(rows),
        incident_ids=frozenset(groups),
    )


def _same_register(rows: list[Any], register: str) -> Iterator[Any]:
    for row in rows:
        if row.register_id != register:
            return
        yield row


def _incident_item(
    connection: Connection, incident_id: str, events: list[Row[Any]], chain: str
) -> dict[str, Any]:
    """One incident of the batch: its snapshot, its newest event id and the events, each
    with its link in this till's chain (``chain``) exactly as the journal made it."""
    history = [
        row.id
        for row in connection.execute(
            select(EVENTS.c.id).where(EVENTS.c.incident_id == incident_id).order_by(EVENTS.c.seq)
        )
    ]
    incident = connection.execute(select(INCIDENTS).where(INCIDENTS.c.id == incident_id)).one()
    decision = connection.execute(
        select(DECISIONS).where(DECISIONS.c.incident_id == incident_id)
    ).first()
    before = {event_id: history[i - 1] if i else None for i, event_id in enumerate(history)}
    return {
        "incident": incident_snapshot(incident, decision),
        "last_event": history[-1],
        "events": [
            {
                "id": row.id,
                "seq": row.seq,
                "after": before[row.id],
                "kind": row.kind,
                "at": row.at.isoformat(),
                "data": json.loads(row.body)["data"],
                "link": {
                    "chain": chain,
                    "prev_hash": row.prev_hash,
                    "hash": row.hash,
                    "body": row.body,
                },
            }
            for row in events
        ],
    }


def _money(minor: int | None, currency: str) -> str | None:
    return None if minor is None else str(Money.from_minor(minor, currency))


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def incident_snapshot(row: Row[Any], decision: Row[Any] | None) -> dict[str, Any]:
    """An incident row (and its decision row) as the sync batch carries it."""
    currency = row.currency
    return {
        "id": row.id,
        "store": row.store_id,
        "register": row.register_id,
        "cashier": row.cashier,
        "sku": row.sku,
        "description": row.description,
        "location": row.location,
        "currency": currency,
        "shelf_price": _money(row.shelf_price_minor, currency),
        "scanned_price": _money(row.scanned_price_minor, currency),
        "quantity": row.quantity,
        "claimed_total": _money(row.claimed_total_minor, currency),
        "scanned_total": _money(row.scanned_total_minor, currency),
        "direction": row.direction,
        "difference": _money(row.difference_minor, currency),
        "line_difference": _money(row.line_difference_minor, currency),
        "promo_ends": None if row.promo_ends is None else row.promo_ends.isoformat(),
        "claim": json.loads(row.claim_json),
        "options": json.loads(row.options_json),
        "detected_at": row.detected_at.isoformat(),
        "status": row.status,
        "cause": row.cause,
        "requested_action": row.requested_action,
        "escalated_at": _iso(row.escalated_at),
        "resolved_at": _iso(row.resolved_at),
        "fixed_at": _iso(row.fixed_at),
        "fixed_by": row.fixed_by,
        "decision": None if decision is None else decision_snapshot(decision, currency),
    }


def decision_snapshot(row: Row[Any], currency: str) -> dict[str, Any]:
    """A decision row as the sync batch carries it."""
    return {
        "action": row.action,
        "charge": _money(row.charge_minor, currency),
        "decided_by": row.decided_by,
        "decided_at": row.decided_at.isoformat(),
        "approval": row.approval,
        "approved_by": row.approved_by,
        "approved_at": _iso(row.approved_at),
        "customer_outcome": row.customer_outcome,
        "goodwill": _money(row.goodwill_minor, currency),
        "bonus": _money(row.bonus_minor, currency),
        "note": row.note,
    }

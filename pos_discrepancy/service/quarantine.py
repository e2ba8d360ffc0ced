"""The sync quarantine for managers: what is held, and a retry once the cause is fixed.

A retry runs intake again (:func:`.sync_intake.apply_batch`) over the held events as the
register sent them, per register, in its order: an event that now passes every rule is
applied (and leaves the quarantine), one that still fails stays with the new reason, and
events of the same incident behind it stay queued.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Row

from ..errors import NotFound
from ..ids import check_uuid
from ..store import quarantine as held
from ..sync.batch import read_batch
from ..views import QuarantinedEvent, RetryReport
from .context import Context
from .sync_intake import apply_batch


def list_quarantine(ctx: Context, store: str | None = None) -> list[QuarantinedEvent]:
    """Every held event (of one store), by store, register and the register's order."""
    code = None if store is None else ctx.store_info(store).code
    with ctx.reading() as connection:
        rows = held.list_held(connection=connection, store_id=code)
    return [_view(row) for row in rows]


def count_quarantine(ctx: Context, store: str) -> int:
    """How many synced events of ``store`` are held."""
    code = ctx.store_info(store).code
    with ctx.reading() as connection:
        return held.count_held(connection=connection, store_id=code)


def retry(ctx: Context, *, event: str | None = None, store: str | None = None) -> RetryReport:
    """Run intake again for the held events: one event (and those of its incident queued
    behind it), one store's, or every one.

    :raises NotFound: (field ``event``) no such event is held.
    """
    code = None if store is None else ctx.store_info(store).code
    with ctx.reading() as connection:
        rows = held.list_held(connection=connection, store_id=code)
    if event is not None:
        event = check_uuid(event, field="event")
        first = next((row for row in rows if row.event_id == event), None)
        if first is None:
            raise NotFound(f"event: no quarantined event {event}", field="event")
        rows = [
            row
            for row in rows
            if (row.store_id, row.incident_id) == (first.store_id, first.incident_id)
            and row.seq >= first.seq
        ]
    applied = 0
    # One batch per till chain: seqs count within a chain, as a register's batches do.
    groups: dict[tuple[str, str, str | None], list[Row[Any]]] = {}
    for row in rows:
        groups.setdefault((row.store_id, row.register_id, row.chain), []).append(row)
    for (store_id, register, _), group in groups.items():
        body = _body(store_id, register, group)
        batch = read_batch(body, currency=ctx.store_info(store_id).currency)
        answer = apply_batch(ctx, batch, store=store_id, register=register)
        applied += len(group) - len(answer["quarantined"])
    tried = {row.event_id for row in rows}
    still = tuple(q for q in list_quarantine(ctx, store) if q.event_id in tried)
    return RetryReport(tried=len(rows), applied=applied, still_quarantined=still)


def _body(store: str, register: str, rows: Iterable[Row[Any]]) -> dict[str, Any]:
    """A batch of the held events as the register sent them, grouped by incident."""
    items: dict[str, dict[str, Any]] = {}
    for row in sorted(rows, key=lambda r: r.seq):
        sent = json.loads(row.item_json)
        item = items.setdefault(
            row.incident_id,
            {"incident": sent["incident"], "last_event": sent["last_event"], "events": []},
        )
        item["events"].append(sent["event"])
    return {"store": store, "register": register, "incidents": list(items.values())}


def _view(row: Row[Any]) -> QuarantinedEvent:
    return QuarantinedEvent(
        store=row.store_id,
        event_id=row.event_id,
        register=row.register_id,
        incident_id=row.incident_id,
        seq=row.seq,
        kind=row.kind,
        at=row.at,
        reason=row.reason,
        field=row.field,
        waits_for=row.waits_for,
        attempts=row.attempts,
        quarantined_at=row.quarantined_at,
        retried_at=row.retried_at,
    )


__all__ = ["count_quarantine", "list_quarantine", "retry"]

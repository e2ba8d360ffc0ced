"""``Idempotency-Key`` retention: keys older than :data:`RETENTION` are pruned by the
worker; a retry of a pruned key runs again; younger keys keep their answer."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select

from pos_discrepancy.service.idempotency import RETENTION
from pos_discrepancy.service.worker import PRUNE_EVERY, Worker
from pos_discrepancy.store.idempotency import KEYS

NOVEL = "9788883701122"


def keyed_check(desk: Any, key: str) -> dict[str, Any]:
    """A check through ``run_once`` with ``key``; the answer's body."""

    def run() -> tuple[dict[str, Any], int]:
        result = desk.check(store="S001", register="R1", cashier="C07", sku=NOVEL,
                            shelf_price="9.98", scanned_price="19.95")  # fmt: skip
        return result.to_dict(), 201

    text, status = desk.run_once(store="S001", register="R1", key=key,
                                 fingerprint="a" * 64, run=run)  # fmt: skip
    assert status == 201
    return dict(json.loads(text))


def key_count(desk: Any) -> int:
    with desk.context.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(KEYS)).scalar_one())


def test_keys_past_the_retention_are_pruned_and_a_retry_then_runs_again(store, clock):
    assert RETENTION.total_seconds() >= 24 * 3600
    old = keyed_check(store, "old-key")
    clock.advance(hours=RETENTION.total_seconds() / 3600 - 1)
    young = keyed_check(store, "young-key")
    assert store.run_worker_pass().pruned_keys == 0  # "old-key" is one hour short
    clock.advance(hours=2)
    assert store.run_worker_pass().pruned_keys == 1
    assert key_count(store) == 1
    assert keyed_check(store, "young-key") == young  # kept: the first answer
    again = keyed_check(store, "old-key")  # pruned: the check runs again
    assert again["incident_id"] != old["incident_id"]


def test_pruning_goes_batch_by_batch(store, clock):
    from pos_discrepancy.service import idempotency

    for n in range(5):
        keyed_check(store, f"k-{n}")
    clock.advance(seconds=RETENTION.total_seconds() + 1)
    assert idempotency.prune(store.context, batch=2) == 5
    assert key_count(store) == 0
    assert idempotency.prune(store.context, batch=2) == 0


def test_the_worker_loop_prunes_at_most_every_minute(store, clock):
    worker = Worker(store.context)
    keyed_check(store, "k-1")
    clock.advance(seconds=30)
    keyed_check(store, "k-2")
    clock.advance(seconds=RETENTION.total_seconds() - 29)
    first = worker.run_once()
    assert first is not None and first.pruned_keys == 1  # k-2 is not old yet
    clock.advance(seconds=40)  # k-2 is old now, but the loop pruned 40 s ago
    assert worker.run_once().pruned_keys == 0  # type: ignore[union-attr]
    clock.advance(seconds=PRUNE_EVERY.total_seconds() - 40)
    assert worker.run_once().pruned_keys == 1  # type: ignore[union-attr]
    worker._release()

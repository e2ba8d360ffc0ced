"""The worker: time-based work and delivery to subscribers, off the checkout path (§10).

Each pass (:func:`run_pass`):

1. applies the approval timeouts that have fallen due (reads never do), checkpoints an
   SQLite file's WAL (so the register's commits rarely pay for it), and prunes the
   ``Idempotency-Key`` answers older than their retention
   (:data:`~pos_discrepancy.service.idempotency.RETENTION`; the loop does it at most
   every :data:`PRUNE_EVERY`);
2. for each subscriber (each ``posdisc_incident_event`` implementation, named by its
   plugin name) and each store, delivers the events after the subscriber's cursor, in
   journal order, moving the cursor on in the same transaction that queues a failed
   event for a retry. Nothing committed is missed (the events *are* the outbox: the
   check's own transaction wrote them) and nothing is delivered before it is committed.

Delivery is at least once: a worker killed between calling a subscriber and moving its
cursor calls it again with the same event (same ``event.id``). An event a subscriber
refuses (raises) is tried again after 1 s, 2 s, 4 s … (at most :data:`MAX_BACKOFF`); after
:data:`MAX_ATTEMPTS` tries it is *parked*. While an incident has an event waiting for a
subscriber, its later events queue behind it (order per incident), but the subscriber's
other incidents, and the other subscribers, go on.

:class:`Worker` runs passes in a loop under a lease (one active worker per database,
however many servers): see :func:`pos_discrepancy.store.log.take_lease`.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pluggy import HookImpl
from sqlalchemy import Connection, Row
from sqlalchemy.exc import DBAPIError

from ..store import log, repository
from ..store.engine import checkpoint_wal
from ..views import EventView, IncidentView
from . import idempotency
from .context import Context
from .timeouts import apply_timeouts

logger = logging.getLogger(__name__)

#: Tries before an event is parked for a subscriber.
MAX_ATTEMPTS = 8
#: The first retry's wait; each later one waits twice as long, up to :data:`MAX_BACKOFF`.
FIRST_BACKOFF = timedelta(seconds=1)
MAX_BACKOFF = timedelta(minutes=5)
#: Events read from a store's journal per subscriber and pass.
BATCH = 200
#: The one lease of the worker, and how long it holds without renewal (a worker that dies
#: is replaced after this long; ``POSDISC_WORKER_LEASE_SECONDS`` changes it). A subscriber's
#: single call should finish well within it (the webhooks plugin's timeout does).
LEASE_NAME = "worker"
LEASE_FOR = timedelta(seconds=float(os.environ.get("POSDISC_WORKER_LEASE_SECONDS") or 30))
#: How often the worker looks for due work, in seconds.
POLL_SECONDS = 0.5
#: How often the loop prunes old ``Idempotency-Key`` answers.
PRUNE_EVERY = timedelta(minutes=1)


@dataclass
class PassReport:
    """What one pass did."""

    timeouts: int = 0
    delivered: int = 0
    failed: int = 0
    parked: int = 0
    pruned_keys: int = 0


def subscribers(ctx: Context) -> dict[str, HookImpl]:
    """The subscribers, by name: every ``posdisc_incident_event`` implementation."""
    return {
        impl.plugin_name: impl
        for impl in ctx.pm.hook.posdisc_incident_event.get_hookimpls()
        if not (impl.hookwrapper or impl.wrapper)
    }


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed try."""
    return min(MAX_BACKOFF, FIRST_BACKOFF * 2 ** min(max(0, attempts - 1), 20))


def _always() -> bool:
    return True


def run_pass(
    ctx: Context, keep_lease: Callable[[], bool] = _always, *, prune_keys: bool = True
) -> PassReport:
    """Apply due timeouts, prune old ``Idempotency-Key`` answers (unless ``prune_keys``
    is false), then deliver what is due to every subscriber.

    :param keep_lease: asked before each delivery; ``False`` (the lease was lost to another
        worker) ends the pass, so two workers never deliver side by side for long.
    """
    report = PassReport(timeouts=apply_timeouts(ctx))
    checkpoint_wal(ctx.engine)
    if prune_keys:
        report.pruned_keys = idempotency.prune(ctx)
    named = subscribers(ctx)
    if not named:
        return report
    with ctx.reading() as connection:
        stores = {
            row.id: [chain for chain, _ in log.chains(connection=connection, store_id=row.id)]
            for row in repository.list_stores(connection=connection)
        }
    for name, impl in named.items():
        for store_id, chains in stores.items():
            _retry_due(ctx, store_id, name, impl, report, keep_lease)
            for chain in chains:
                _read_on(ctx, store_id, chain, name, impl, report, keep_lease)
    return report


def _retry_due(
    ctx: Context,
    store_id: str,
    name: str,
    impl: HookImpl,
    report: PassReport,
    keep_lease: Callable[[], bool],
) -> None:
    """Deliver the queued events that are due, each incident's oldest first."""
    with ctx.reading() as connection:
        queued = log.waiting(connection=connection, subscriber=name, store_id=store_id)
    held: set[str] = set()  # incidents whose oldest queued event is not through
    for row in queued:
        if row.incident_id in held:
            continue
        if row.state == "parked" or row.retry_at > ctx.clock():
            held.add(row.incident_id)
            continue
        if not keep_lease():
            return
        with ctx.reading() as connection:
            event = log.event_by_id(connection=connection, store_id=store_id, event_id=row.event_id)
        error = _deliver(ctx, impl, event) if event is not None else None
        ids = {"store_id": store_id, "subscriber": name, "event_id": row.event_id}
        with ctx.transaction() as connection:
            if error is None:
                log.remove_delivery(connection=connection, **ids)
                report.delivered += 1
                continue
            held.add(row.incident_id)
            attempts = row.attempts + 1
            parked = attempts >= MAX_ATTEMPTS
            log.update_delivery(connection=connection, **ids, **_failure(ctx, attempts, error))
            report.failed += 1
            report.parked += parked


def _read_on(
    ctx: Context,
    store_id: str,
    chain: str,
    name: str,
    impl: HookImpl,
    report: PassReport,
    keep_lease: Callable[[], bool],
) -> None:
    """Deliver the chain's next batch of events after the subscriber's cursor on it (an
    incident's events are all on one chain, so in order). The cursor moves once, after
    the batch, or with the event it queues when one is refused or held: a worker killed
    mid-batch delivers that batch's events again (at least once, same ``event.id``)."""
    place = {"store_id": store_id, "chain": chain}
    with ctx.reading() as connection:
        seq = log.cursor_seq(connection=connection, subscriber=name, **place)
        events = log.events_after(connection=connection, seq=seq, limit=BATCH, **place)
        if not events:
            return
        held = log.incidents_waiting(connection=connection, store_id=store_id, subscriber=name)
        incidents = _incident_views(connection, events, impl)
    moved = seq
    try:
        for event in events:
            # The worker shares its process with the HTTP server: letting the requests'
            # threads in between events (the GIL) keeps the registers' p99 down
            # (docs/performance.md).
            time.sleep(0)
            if not keep_lease():
                return
            queued: dict[str, Any] | None = None
            if event.incident_id in held:  # behind an earlier event of its incident
                queued = {"state": "due", "attempts": 0, "retry_at": ctx.clock(),
                          "last_error": None, "updated_at": ctx.clock()}  # fmt: skip
            else:
                error = _deliver(ctx, impl, event, incidents.get(event.incident_id))
                if error is None:
                    report.delivered += 1
                else:
                    queued = _failure(ctx, 1, error)
                    report.failed += 1
                    report.parked += queued["state"] == "parked"
            if queued is None:
                seq = event.seq
                continue
            held.add(event.incident_id)
            with ctx.transaction() as connection:
                log.add_delivery(connection=connection, store_id=store_id, subscriber=name,
                                 event_id=event.id, seq=event.seq,
                                 incident_id=event.incident_id, **queued)  # fmt: skip
                log.move_cursor(connection=connection, subscriber=name, seq=event.seq,
                                now=ctx.clock(), **place)  # fmt: skip
            moved = seq = event.seq
    finally:
        if seq != moved:
            with ctx.transaction() as connection:
                log.move_cursor(
                    connection=connection, subscriber=name, seq=seq, now=ctx.clock(), **place
                )


def _incident_views(
    connection: Connection, events: Sequence[Row[Any]], impl: HookImpl
) -> dict[str, IncidentView]:
    """The incidents of ``events``, read together (nothing when the subscriber does not
    take the incident)."""
    if "incident" not in impl.argnames:
        return {}
    rows = repository.get_incident_rows(
        connection=connection, incident_ids={e.incident_id for e in events}
    )
    views = repository.incident_views(connection=connection, rows=rows)
    return {view.id: view for view in views}


def _failure(ctx: Context, attempts: int, error: str) -> dict[str, Any]:
    now = ctx.clock()
    parked = attempts >= MAX_ATTEMPTS
    return {
        "state": "parked" if parked else "due",
        "attempts": attempts,
        "retry_at": now if parked else now + backoff(attempts),
        "last_error": error,
        "updated_at": now,
    }


def _deliver(
    ctx: Context, impl: HookImpl, event: Row[Any], incident: IncidentView | None = None
) -> str | None:
    """Call one subscriber with one event (and its incident, read here unless given);
    the error as text, or ``None`` when taken."""
    if incident is None and "incident" in impl.argnames:
        with ctx.reading() as connection:
            row = repository.get_incident_row(connection=connection, incident_id=event.incident_id)
            if row is None:  # pragma: no cover - incidents are never deleted
                return None
            incident = repository.incident_view(connection=connection, row=row)
    view = EventView(event.id, event.seq, event.kind, event.at, json.loads(event.body)["data"])
    arguments: Mapping[str, Any] = {
        "incident": incident,
        "event": view,
        "plugin_settings": ctx.settings.plugin_settings,
    }
    try:
        impl.function(*(arguments[name] for name in impl.argnames))
    except Exception as error:  # a subscriber's fault is retried, never raised
        logger.warning("subscriber %s refused event %s: %s", impl.plugin_name, event.id, error)
        return f"{type(error).__name__}: {error}"[:500]
    return None


class Worker:
    """Passes in a loop, while this process holds the database's worker lease."""

    def __init__(self, ctx: Context, *, poll_seconds: float = POLL_SECONDS) -> None:
        self.ctx = ctx
        self.poll_seconds = poll_seconds
        self.holder = f"{uuid.uuid4()}"
        self.stopping = threading.Event()
        self.renewed_at: datetime | None = None
        self.pruned_at: datetime | None = None

    def leads(self) -> bool:
        """Take or renew the lease; whether this worker may run now."""
        now = self.ctx.clock()
        with self.ctx.transaction() as connection:
            held = log.take_lease(
                connection=connection,
                name=LEASE_NAME,
                holder=self.holder,
                now=now,
                until=now + LEASE_FOR,
            )
        self.renewed_at = now if held else None
        return held

    def keep_lease(self) -> bool:
        """Renew the lease when a third of it has passed; whether this worker still leads."""
        if self.renewed_at is not None and self.ctx.clock() - self.renewed_at < LEASE_FOR / 3:
            return True
        return self.leads()

    def run_once(self) -> PassReport | None:
        """One pass, if this worker holds the lease (``None`` when another one does)."""
        if not self.leads():
            return None
        now = self.ctx.clock()
        prune = self.pruned_at is None or now - self.pruned_at >= PRUNE_EVERY
        if prune:
            self.pruned_at = now
        return run_pass(self.ctx, self.keep_lease, prune_keys=prune)

    def run(self) -> None:
        """Run passes until :meth:`stop`; a failing pass is logged and tried again."""
        try:
            while not self.stopping.is_set():
                try:
                    self.run_once()
                except (DBAPIError, OSError) as error:  # the database is away: wait
                    logger.warning("worker pass failed, trying again: %s", error)
                except Exception:
                    logger.exception("worker pass failed, trying again")
                self.stopping.wait(self.poll_seconds)
        finally:
            self._release()

    def stop(self) -> None:
        """Ask the loop to end after the current pass."""
        self.stopping.set()

    def _release(self) -> None:
        try:
            with self.ctx.transaction() as connection:
                log.release_lease(connection=connection, name=LEASE_NAME, holder=self.holder)
        except Exception:  # pragma: no cover - the lease runs out by itself anyway
            logger.warning("could not release the worker lease", exc_info=True)

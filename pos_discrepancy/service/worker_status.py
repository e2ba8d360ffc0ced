"""What the worker's subscribers have read and what waits for them (``posdisc worker
status``, the managers' ``/deliveries`` page), and making parked deliveries due again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..store import log, repository
from .context import Context
from .worker import subscribers


def retry_parked(
    ctx: Context,
    *,
    subscriber: str | None = None,
    event_id: str | None = None,
    store: str | None = None,
) -> int:
    """Make parked deliveries due again now (after the cause is fixed); how many."""
    store_id = None if store is None else ctx.store_info(store).code
    with ctx.transaction() as connection:
        return log.requeue_parked(
            connection=connection,
            now=ctx.clock(),
            subscriber=subscriber,
            event_id=event_id,
            store_id=store_id,
        )


@dataclass(frozen=True)
class SubscriberStatus:
    """One subscriber's place on one store's journal, and what waits for it: ``seq`` is
    how many of the journal's ``head`` events it has read (over all the store's chains)."""

    subscriber: str
    store: str
    seq: int
    head: int
    due: int
    parked: int

    @property
    def behind(self) -> int:
        """Events of the journal the subscriber has not read yet."""
        return self.head - self.seq


@dataclass(frozen=True)
class WaitingDelivery:
    """An event a subscriber has not taken: due again at ``retry_at``, or parked."""

    subscriber: str
    store: str
    event_id: str
    seq: int
    incident_id: str
    state: str
    attempts: int
    retry_at: datetime
    last_error: str | None


def status(ctx: Context) -> tuple[list[SubscriberStatus], list[WaitingDelivery]]:
    """Every subscriber's cursor per store, and every delivery waiting."""
    names = set(subscribers(ctx))
    with ctx.reading() as connection:
        stores = [row.id for row in repository.list_stores(connection=connection)]
        heads = {s: log.journal_head(connection=connection, store_id=s) for s in stores}
        seqs: dict[tuple[str, str], int] = {}
        for r in log.cursors(connection=connection):  # events read, over the store's chains
            seqs[(r.subscriber, r.store_id)] = seqs.get((r.subscriber, r.store_id), 0) + r.seq
        rows = log.waiting(connection=connection)
    waiting = [
        WaitingDelivery(
            r.subscriber,
            r.store_id,
            r.event_id,
            r.seq,
            r.incident_id,
            r.state,
            r.attempts,
            r.retry_at,
            r.last_error,
        )
        for r in rows
    ]
    names |= {name for name, _ in seqs}
    places = [
        SubscriberStatus(
            name,
            store,
            seqs.get((name, store), 0),
            heads[store],
            sum(1 for w in waiting if (w.subscriber, w.store, w.state) == (name, store, "due")),
            sum(1 for w in waiting if (w.subscriber, w.store, w.state) == (name, store, "parked")),
        )
        for name in sorted(names)
        for store in stores
    ]
    return places, waiting

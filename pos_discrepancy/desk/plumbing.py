"""The worker (design §10), the HTTP API's idempotency, offline sync and quarantine."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..service import idempotency, quarantine, read, sync_intake, worker_status
from ..service import worker as work
from ..service.idempotency import Answer
from ..sync import delivery, outbox
from ..sync.batch import SyncBatch
from ..views import QuarantinedEvent, RetryReport
from .part import DeskPart


class Plumbing(DeskPart):
    """The worker, the HTTP API's idempotency, offline sync and quarantine."""

    # --- the worker: time-based work and subscribers (design §10) ----------------------
    def run_worker_pass(self) -> work.PassReport:
        """One pass of the worker, here and now: apply the approval timeouts that are due
        and deliver what is due to every subscriber (``posdisc worker --once``).

        Runs whether or not another worker holds the lease: for tests, scripts and a
        register without a server. :meth:`worker` is the loop ``posdisc worker`` runs.
        """
        return work.run_pass(self.context)

    def worker(self, *, poll_seconds: float = work.POLL_SECONDS) -> work.Worker:
        """The worker loop over this desk (``.run()`` until ``.stop()``), under the lease
        that keeps one active worker per database."""
        return work.Worker(self.context, poll_seconds=poll_seconds)

    def worker_status(
        self,
    ) -> tuple[list[worker_status.SubscriberStatus], list[worker_status.WaitingDelivery]]:
        """Each subscriber's place in each store's journal, and the deliveries waiting."""
        return worker_status.status(self.context)

    def retry_deliveries(
        self,
        *,
        subscriber: str | None = None,
        event_id: str | None = None,
        store: str | None = None,
    ) -> int:
        """Deliver parked events again (all, one subscriber's, one event, one store's);
        how many."""
        return worker_status.retry_parked(
            self.context, subscriber=subscriber, event_id=event_id, store=store
        )

    def journal_head(self, store: str) -> int:
        """The store's newest journal ``seq``: it changes whenever anything happens there
        (the pages' live refresh polls it)."""
        return read.journal_head(self.context, store)

    # --- the HTTP API's plumbing and offline sync -------------------------------------
    def run_once(
        self,
        *,
        store: str,
        register: str,
        key: str,
        fingerprint: str,
        run: Callable[[], Answer],
    ) -> tuple[str, int]:
        """Run ``run`` at most once per register and ``Idempotency-Key``; a repeat gets
        the first answer (see :mod:`pos_discrepancy.service.idempotency`)."""
        return idempotency.run_once(
            self.context, store=store, register=register, key=key, fingerprint=fingerprint,
            run=run,
        )  # fmt: skip

    def read_sync_batch(self, body: dict[str, Any], *, store: str) -> SyncBatch:
        """Check an offline register's batch (parsed JSON) for ``store``."""
        return sync_intake.read(self.context, body, store=store)

    def apply_sync_batch(self, batch: SyncBatch, *, store: str, register: str) -> dict[str, Any]:
        """Take an offline register's batch in (see :mod:`.service.sync_intake`)."""
        return sync_intake.apply_batch(self.context, batch, store=store, register=register)

    def quarantine(self, store: str | None = None) -> list[QuarantinedEvent]:
        """Synced events the server did not apply (a rule refused them), with reasons."""
        return quarantine.list_quarantine(self.context, store)

    def quarantine_count(self, store: str) -> int:
        """How many synced events of ``store`` are quarantined."""
        return quarantine.count_quarantine(self.context, store)

    def retry_quarantined(
        self, *, event: str | None = None, store: str | None = None
    ) -> RetryReport:
        """Run intake again for quarantined events (one, with those queued behind it in
        its incident; one store's; or all) after the cause is fixed."""
        return quarantine.retry(self.context, event=event, store=store)

    def sync(self, *, server: str, token: str, **options: Any) -> delivery.SyncSummary:
        """Send this (register's) desk's undelivered events to ``server``."""
        return delivery.sync(self.context, server=server, token=token, **options)

    def sync_pending(self, *, server: str, store: str | None = None) -> int:
        """How many of this desk's events ``server`` has not been sent yet."""
        return outbox.pending_count(self.context, server=server, store=store)

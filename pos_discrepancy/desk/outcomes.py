"""The store's outcome measures, the chain signal, scan counts, what-if replays and
self-audits (docs/outcomes.md, docs/whatif.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..domain.audit import Audit
from ..domain.chain_signal import ChainSignalRow
from ..domain.outcomes import OutcomeMeasures
from ..domain.whatif_result import WhatIf
from ..money import MoneyInput
from ..service import audit, whatif
from ..service import stats as outcomes
from .part import DeskPart


class Outcomes(DeskPart):
    """Store outcomes, the chain signal, what-if replays and self-audits."""

    # --- store outcomes (docs/outcomes.md) ----------------------------------------------
    def stats(self, store: str, since: object = None, until: object = None) -> OutcomeMeasures:
        """The store's outcome measures over a period (default the last 30 days): incidents
        per 1,000 scans, price accuracy, money given away and sales lost, escalation wait,
        time to fix, repeat SKUs and the week-over-week trend."""
        return outcomes.stats(self.context, store, since=since, until=until)

    def chain_signal(
        self,
        since: object = None,
        until: object = None,
        min_stores: int = 2,
        *,
        limit: int = outcomes.CHAIN_SIGNAL_LIMIT,
    ) -> list[ChainSignalRow]:
        """SKUs mismatching at ``min_stores`` stores or more in the period: likely errors
        of the shared price file or promotion feed, each with its stores."""
        return outcomes.chain_signal(
            self.context, since=since, until=until, min_stores=min_stores, limit=limit
        )

    def record_scans(
        self, store: str, day: object, scans: object, register: str | None = None
    ) -> bool:
        """Record the items a register (``None``: the whole store) scanned on a day, the
        denominator of the per-1,000 measures; a repeat replaces it. ``True``: replaced."""
        return outcomes.record_scans(self.context, store, day=day, scans=scans, register=register)

    def whatif(
        self,
        store: str,
        *,
        since: object = None,
        until: object = None,
        settings: Mapping[str, Any] | None = None,
        jurisdiction: str | None = None,
    ) -> WhatIf:
        """Replay the store's resolved incidents of a period under another policy, beside
        what happened (docs/whatif.md). Stores nothing.

        ``settings``: policy keys to change (``{"auto_honor_max": "10.00"}``; text is read
        as the policy file would hold it); ``jurisdiction``: another rule plugin, or
        ``"none"``. The period defaults to the last 30 days, as a report's.

        :raises InvalidInput: an unknown key (the message lists the valid ones), a bad
            value, an unknown jurisdiction plugin, or a period without resolved incidents.
        """
        return whatif.whatif(
            self.context, store, since=since, until=until, settings=settings,
            jurisdiction=jurisdiction,
        )  # fmt: skip

    def installed_jurisdictions(self) -> list[str]:
        """The jurisdictions the installed rule plugins implement (a what-if may pick one)."""
        return whatif.installed_jurisdictions(self.context)

    # --- self-audits in the inspector's style (docs/outcomes.md, "Self-audit") ---------
    def start_audit(self, store: str, size: int | str, seed: int | str | None = None, *,
                    by: str) -> Audit:  # fmt: skip
        """Draw a sample of ``size`` items of the store's price file, stratified by aisle,
        deterministic given ``seed`` (default: a random seed, recorded on the audit).

        ``by``: the manager, ops or admin auditing. Journals ``audit_started``.

        :raises InvalidInput: ``size`` not a whole number from 1, or larger than the
            store's item count; a bad ``seed``.
        """
        return audit.start_audit(self.context, store, size=size, seed=seed, by=by)

    def record_audit_finding(
        self,
        store: str,
        audit_id: str,
        sku: str,
        shelf_price: MoneyInput,
        scanned_price: MoneyInput,
        *,
        by: str,
    ) -> Audit:
        """Record a sampled item's shelf price and the price it scanned at (again:
        replaces it) until the audit is scored. Journals ``audit_finding_recorded``.

        :raises NotFound: ``sku`` not in the audit's sample, or no such audit.
        :raises InvalidInput: a bad price, naming ``shelf_price`` or ``scanned_price``.
        """
        return audit.record_finding(
            self.context, store, audit_id, sku=sku, shelf_price=shelf_price,
            scanned_price=scanned_price, by=by,
        )  # fmt: skip

    def score_audit(self, store: str, audit_id: str, *, by: str) -> Audit:
        """Close the audit with its score (overcharges and undercharges apart, the 98 %
        pass line); journals ``audit_scored``. A scored audit is returned as it is."""
        return audit.score_audit(self.context, store, audit_id, by=by)

    def audit(self, store: str, audit_id: str) -> Audit:
        """The audit with its items, findings and score (``.score``)."""
        return audit.audit_of(self.context, store, audit_id)

    def audits(self, store: str) -> list[Audit]:
        """The store's audits, newest first."""
        return audit.audits(self.context, store)

    def write_audit_sheet(self, store: str, audit_id: str, out: Any) -> Audit:
        """Print the audit sheet (PDF, scannable barcodes, boxes for both prices) to ``out``
        (a binary file)."""
        return audit.write_sheet(self.context, store, audit_id, out)

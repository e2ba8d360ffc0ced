"""Reading incidents, the approval queue and the journal; reports."""

from __future__ import annotations

from typing import Any

from ..reports import ReportRequest, make_request, write_report
from ..reports.overview import PeriodOverview, gather_overview, open_tags
from ..reports.queries import SignageRow
from ..service import incidents, journal, read
from ..service.incidents import IncidentPage
from ..store.verify import VerifyReport
from ..views import IncidentView, JournalHead
from .part import DeskPart


class Reading(DeskPart):
    """Reading incidents, the approval queue and the journal; reports."""

    # --- reading ----------------------------------------------------------------------
    def get_incident(self, incident_id: str, *, store: str | None = None) -> IncidentView:
        """The incident with its decision and events (with ``store``: of that store only)."""
        return read.get_incident(self.context, incident_id, store=store)

    def pending_approvals(self, store: str | None = None) -> list[IncidentView]:
        """Incidents waiting for a manager, oldest first (the worker applies timeouts)."""
        return read.pending_approvals(self.context, store)

    def list_incidents(
        self,
        store: str,
        *,
        status: str = "open",
        sku: str | None = None,
        page: int = 1,
        page_size: int = incidents.PAGE_SIZE,
    ) -> IncidentPage:
        """A page of the store's incidents, newest first (``status``: ``open``, ``all``,
        or a status or facet word; see :func:`pos_discrepancy.service.incidents.page`)."""
        return incidents.page(
            self.context, store, status=status, sku=sku, page=page, page_size=page_size
        )

    def store_has_incidents(self, store: str) -> bool:
        """Whether the store has any incident at all."""
        return read.store_has_incidents(self.context, store)

    def verify_journal(
        self, store: str | None = None, *, anchor: journal.Anchor | None = None
    ) -> VerifyReport:
        """Check the journal's hash chains, and every incident and decision row against
        its events (see ``posdisc journal verify`` and docs/reliability.md).

        ``anchor``: heads written down earlier — a file of ``posdisc journal head`` lines,
        its lines, or :class:`~pos_discrepancy.views.JournalHead` values; a chain that no
        longer reaches one is named. ``posdisc_journal_heads`` plugins hear of the heads
        of the chains found intact.
        """
        return journal.verify(self.context, store, anchor=anchor)

    def journal_heads(self, store: str | None = None) -> list[JournalHead]:
        """Each chain's newest ``(seq, hash)``, one :class:`~pos_discrepancy.views.JournalHead`
        per chain (see ``posdisc journal head``); ``posdisc_journal_heads`` plugins hear
        of them."""
        return journal.journal_heads(self.context, store)

    # --- reports ----------------------------------------------------------------------
    def report_request(self, kind: str, **period: Any) -> ReportRequest:
        """Validate a report's store and period (see :func:`.reports.make_request`)."""
        return make_request(self.context, kind, **period)

    def write_report(self, kind: str, out: Any, **options: Any) -> ReportRequest:
        """Build a report into ``out`` (see :func:`.reports.write_report`)."""
        return write_report(self.context, kind, out, **options)

    def report_overview(self, request: ReportRequest) -> PeriodOverview:
        """The figures, top lists and old open tags of a report's period."""
        return gather_overview(self.context, request)

    def open_tags(self, store: str, *, days: int) -> list[SignageRow]:
        """The store's SKUs whose tag is still to fix (the last ``days``), walking order."""
        return open_tags(self.context, store, days=days)

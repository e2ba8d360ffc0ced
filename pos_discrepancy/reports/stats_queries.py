"""The rows behind the outcome measures and the chain signal, streamed with ``yield_per``.

Each function yields the pure facts of :mod:`pos_discrepancy.domain.outcomes`; the
chain signal is grouped per SKU and store in SQL, so it stays a few rows a SKU.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date, datetime

from sqlalchemy import Connection, and_, case, func, select

from ..domain import Cause
from ..domain.chain_signal import SkuAtStore
from ..domain.outcomes import REPEAT_WINDOW, IncidentFacts, ScanCount
from ..store.repository import DECISIONS, INCIDENTS
from ..store.scan_counts import SCAN_COUNTS
from .period import ReportRequest
from .queries import STREAM_BATCH, period_filter


def iter_incident_facts(connection: Connection, request: ReportRequest) -> Iterator[IncidentFacts]:
    """The period's incidents with their decisions, streamed."""
    query = (
        select(
            INCIDENTS.c.sku,
            INCIDENTS.c.description,
            INCIDENTS.c.direction,
            INCIDENTS.c.detected_at,
            INCIDENTS.c.escalated_at,
            INCIDENTS.c.resolved_at,
            INCIDENTS.c.fixed_at,
            INCIDENTS.c.resolution,
            INCIDENTS.c.line_difference_minor,
            INCIDENTS.c.scanned_total_minor,
            DECISIONS.c.customer_outcome,
            DECISIONS.c.charge_minor,
        )
        .select_from(INCIDENTS.outerjoin(DECISIONS, DECISIONS.c.incident_id == INCIDENTS.c.id))
        .where(*period_filter(request))
    )
    for row in connection.execute(query.execution_options(yield_per=STREAM_BATCH)):
        yield IncidentFacts(
            sku=row.sku,
            description=row.description or "",
            direction=row.direction,
            detected_at=row.detected_at,
            escalated_at=row.escalated_at,
            resolved_at=row.resolved_at,
            fixed_at=row.fixed_at,
            resolution=row.resolution,
            customer_outcome=row.customer_outcome,
            line_difference_minor=int(row.line_difference_minor),
            scanned_total_minor=int(row.scanned_total_minor),
            charge_minor=None if row.charge_minor is None else int(row.charge_minor),
        )


def iter_fixes(connection: Connection, request: ReportRequest) -> Iterator[tuple[str, datetime]]:
    """``(sku, fixed_at)`` of the store's tags fixed from :data:`REPEAT_WINDOW` before the
    period to its end, one row per SKU and moment (``fix_sku`` fixes many at once)."""
    assert request.store_id is not None, "repeat SKUs are counted for one store"
    query = (
        select(INCIDENTS.c.sku, INCIDENTS.c.fixed_at)
        .where(
            INCIDENTS.c.store_id == request.store_id,
            INCIDENTS.c.fixed_at >= request.start - REPEAT_WINDOW,
            INCIDENTS.c.fixed_at < request.end,
        )
        .group_by(INCIDENTS.c.sku, INCIDENTS.c.fixed_at)
    )
    for row in connection.execute(query.execution_options(yield_per=STREAM_BATCH)):
        yield row.sku, row.fixed_at


def iter_scan_counts(connection: Connection, request: ReportRequest) -> Iterator[ScanCount]:
    """The daily scan counts the store reported for the period's days."""
    assert request.store_id is not None, "scan counts are a store's"
    query = select(SCAN_COUNTS.c.day, SCAN_COUNTS.c.register_id, SCAN_COUNTS.c.scans).where(
        SCAN_COUNTS.c.store_id == request.store_id,
        SCAN_COUNTS.c.day >= request.since,
        SCAN_COUNTS.c.day <= request.until,
    )
    for row in connection.execute(query.execution_options(yield_per=STREAM_BATCH)):
        day = row.day if isinstance(row.day, date) else date.fromisoformat(str(row.day))
        yield ScanCount(day, row.register_id, int(row.scans))


def iter_sku_totals(
    connection: Connection, request: ReportRequest, *, min_stores: int
) -> Iterator[tuple[str, int, int]]:
    """Per SKU met at ``min_stores`` stores or more in the period: ``(sku, stores,
    incidents)``, grouped in SQL (one row a SKU, so it stays small at any chain size)."""
    stores = func.count(func.distinct(INCIDENTS.c.store_id))
    query = (
        select(INCIDENTS.c.sku, stores.label("stores"), func.count().label("incidents"))
        .where(*period_filter(request))
        .group_by(INCIDENTS.c.sku)
        .having(stores >= min_stores)
    )
    for row in connection.execute(query.execution_options(yield_per=STREAM_BATCH)):
        yield row.sku, int(row.stores), int(row.incidents)


def iter_sku_at_stores(
    connection: Connection,
    request: ReportRequest,
    *,
    min_stores: int,
    skus: Collection[str] | None = None,
) -> Iterator[SkuAtStore]:
    """Per SKU met at ``min_stores`` stores or more in the period (only ``skus``, when
    given): one row per store with its incidents, a description, and how many ops found
    to be price-file errors."""
    terms = period_filter(request)
    if skus is not None:
        terms.append(INCIDENTS.c.sku.in_(sorted(skus)))
    shared = (
        select(INCIDENTS.c.sku)
        .where(*terms)
        .group_by(INCIDENTS.c.sku)
        .having(func.count(func.distinct(INCIDENTS.c.store_id)) >= min_stores)
        .subquery()
    )
    price_file = case((INCIDENTS.c.cause == Cause.PRICE_FILE_ERROR.value, 1))
    query = (
        select(
            INCIDENTS.c.sku,
            INCIDENTS.c.store_id,
            func.count().label("incidents"),
            func.max(INCIDENTS.c.description).label("description"),
            func.count(price_file).label("price_file_errors"),
        )
        .join(shared, and_(shared.c.sku == INCIDENTS.c.sku))
        .where(*terms)
        .group_by(INCIDENTS.c.sku, INCIDENTS.c.store_id)
    )
    for row in connection.execute(query.execution_options(yield_per=STREAM_BATCH)):
        yield SkuAtStore(
            sku=row.sku,
            store=row.store_id,
            incidents=int(row.incidents),
            description=row.description or "",
            price_file_errors=int(row.price_file_errors),
        )

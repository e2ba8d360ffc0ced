"""The outcome measures and the chain signal of a report's period, gathered from the
database in streamed passes and folded by :mod:`pos_discrepancy.domain.outcomes`.

The dashboard, ``posdisc stats``, the JSON API and the summary PDF all come here, so they
never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from sqlalchemy import Connection

from ..domain.chain_signal import ChainSignalRow, chain_signal
from ..domain.outcomes import IncidentFacts, OutcomeMeasures, Period, measure_outcomes
from .period import ReportRequest
from .stats_queries import (
    iter_fixes,
    iter_incident_facts,
    iter_scan_counts,
    iter_sku_at_stores,
    iter_sku_totals,
)

#: The chain signal lists at most this many SKUs unless asked for more.
CHAIN_SIGNAL_LIMIT = 100


def period_of(request: ReportRequest) -> Period:
    """The request's days and time zone, for the pure measures."""
    return Period(request.since, request.until, request.zone)


def gather_outcomes(
    connection: Connection,
    request: ReportRequest,
    each: Callable[[IncidentFacts], None] | None = None,
) -> OutcomeMeasures:
    """The measures of ``request``'s store and period; ``each`` is also given every
    incident's facts as they stream by (the summary's figures fold them too)."""
    assert request.store is not None, "outcome measures are a store's"
    facts = iter_incident_facts(connection, request)
    return measure_outcomes(
        store=request.store.code,
        currency=request.store.currency,
        period=period_of(request),
        incidents=facts if each is None else _tapped(facts, each),
        fixes=iter_fixes(connection, request),
        scan_counts=iter_scan_counts(connection, request),
    )


def _tapped(
    facts: Iterable[IncidentFacts], each: Callable[[IncidentFacts], None]
) -> Iterator[IncidentFacts]:
    for one in facts:
        each(one)
        yield one


def gather_chain_signal(
    connection: Connection,
    request: ReportRequest,
    *,
    min_stores: int = 2,
    limit: int = CHAIN_SIGNAL_LIMIT,
) -> list[ChainSignalRow]:
    """SKUs mismatching at ``min_stores`` stores or more in the period (all stores'
    incidents, whatever ``request``'s store), the ``limit`` most widespread."""
    chain = ReportRequest(
        request.kind, None, request.since, request.until, request.generated_at, request.open_days
    )
    # The ranking first, one row a SKU: only the ``limit`` most widespread SKUs (ties at
    # the cut kept, ordered as chain_signal orders them) have their stores read, so a
    # chain of 1,000 stores streams a few thousand rows, not one per SKU and store.
    totals = sorted(
        iter_sku_totals(connection, chain, min_stores=min_stores),
        key=lambda t: (-t[1], -t[2], t[0]),
    )
    if not totals:
        return []
    cut = totals[min(limit, len(totals)) - 1]
    skus = {sku for sku, stores, incidents in totals if (stores, incidents) >= cut[1:]}
    rows = iter_sku_at_stores(connection, chain, min_stores=min_stores, skus=skus)
    return chain_signal(rows, min_stores=min_stores)[:limit]

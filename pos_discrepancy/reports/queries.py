"""Read-only queries behind the reports: aggregated in SQL, streamed with ``yield_per``.

Nothing here loads a whole period into memory: the signage worklist is grouped per SKU
in SQL, the summary's counts come from one streamed pass (see :mod:`.summary`) and the
top-N lists are ``GROUP BY … LIMIT``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, and_, case, func, or_, select

from ..domain import Cause, Signage
from ..i18n import N_, Words
from ..money import Money
from ..store.repository import DECISIONS, INCIDENTS, PRICES
from .period import ReportRequest

#: Rows fetched per round trip when streaming (a server-side cursor on PostgreSQL).
STREAM_BATCH = 2000
#: How the reports name an item the price file does not know (so nothing about it is known).
NOT_IN_PRICE_FILE_LABEL = N_("NOT IN PRICE FILE — check the item")
#: How the reports name a known item whose price-file line has no description.
NO_DESCRIPTION_LABEL = N_("(no description in the price file)")
#: A tag still to fix, whatever the customer's case (a manager may still be deciding) —
#: unless ops found the tag right and the price file wrong: that goes to the price-change
#: list, never to a new tag printed at the wrong price.
_TAG_OPEN = and_(
    INCIDENTS.c.signage == Signage.OPEN.value,
    or_(INCIDENTS.c.cause.is_(None), INCIDENTS.c.cause != Cause.PRICE_FILE_ERROR.value),
)


@dataclass(frozen=True)
class SignageRow:
    """One SKU whose shelf tag needs fixing: what the worklist and the tags print."""

    sku: str
    description: str
    location: str | None
    tag_price: Money
    system_price: Money
    times_reported: int
    first_seen: datetime
    last_seen: datetime
    cause: str | None
    unit_price: Money | None = None
    unit: str | None = None
    price_updated: date | None = None
    #: False when the SKU is not in the store's price file: ``system_price`` is then only
    #: the latest price scanned (or typed) at the till, never to be printed on a tag.
    in_price_file: bool = True

    @property
    def known_price(self) -> Money | None:
        """The price file's price, or ``None`` when the item is not in the price file."""
        return self.system_price if self.in_price_file else None

    @property
    def item_words(self) -> str:
        """What the reports print as the item: its description, or a mark saying that
        nothing is known about it (with the words the till gave, if any)."""
        if not self.in_price_file:
            said = f" (reported as {self.description!r})" if self.description else ""
            return NOT_IN_PRICE_FILE_LABEL + said
        return self.description or NO_DESCRIPTION_LABEL

    def item_text(self, say: Words) -> str:
        """:attr:`item_words` in ``say``'s language."""
        if not self.in_price_file:
            mark = say.gettext(NOT_IN_PRICE_FILE_LABEL)
            if not self.description:
                return mark
            return mark + say.gettext(" (reported as %(words)r)", words=self.description)
        return self.description or say.gettext(NO_DESCRIPTION_LABEL)

    @property
    def tag_above_system(self) -> bool:
        """True when the tag shows more than the system charges (an undercharge)."""
        return self.tag_price > self.system_price


def period_filter(request: ReportRequest) -> list[ColumnElement[bool]]:
    """``WHERE`` terms selecting the request's store and period."""
    terms = [INCIDENTS.c.detected_at >= request.start, INCIDENTS.c.detected_at < request.end]
    if request.store_id is not None:
        terms.append(INCIDENTS.c.store_id == request.store_id)
    return terms


def walking_order(location: str | None) -> tuple[Any, ...]:
    """Sort key: aisle then bay, numbers compared as numbers (A2 before A10), no
    location last."""
    if not location:
        return (1, ())
    parts = re.split(r"(\d+)", location.casefold())
    return (0, tuple(int(p) if i % 2 else p for i, p in enumerate(parts)))


def signage_rows(connection: Connection, request: ReportRequest) -> list[SignageRow]:
    """One row per SKU with an open (not yet fixed) incident in the period, in walking
    order. The system price is the price file's, else the latest scanned price."""
    assert request.store is not None, "the worklist is for one store"
    currency = request.store.currency
    open_terms = [*period_filter(request), _TAG_OPEN]
    grouped = (
        select(
            INCIDENTS.c.sku.label("sku"),
            func.count().label("times"),
            func.min(INCIDENTS.c.detected_at).label("first_seen"),
            func.max(INCIDENTS.c.detected_at).label("last_seen"),
        )
        .where(*open_terms)
        .group_by(INCIDENTS.c.sku)
        .subquery()
    )
    query = (
        select(
            INCIDENTS.c.sku,
            INCIDENTS.c.description,
            INCIDENTS.c.location,
            INCIDENTS.c.shelf_price_minor,
            INCIDENTS.c.scanned_price_minor,
            INCIDENTS.c.cause,
            grouped.c.times,
            grouped.c.first_seen,
            grouped.c.last_seen,
            PRICES.c.description.label("price_description"),
            PRICES.c.price_minor,
            PRICES.c.unit_price_minor,
            PRICES.c.unit,
            PRICES.c.updated_at.label("price_updated_at"),
        )
        .join(
            grouped,
            and_(
                INCIDENTS.c.sku == grouped.c.sku,
                INCIDENTS.c.detected_at == grouped.c.last_seen,
            ),
        )
        .outerjoin(
            PRICES,
            and_(PRICES.c.store_id == INCIDENTS.c.store_id, PRICES.c.sku == INCIDENTS.c.sku),
        )
        .where(*open_terms)
        .order_by(INCIDENTS.c.sku, INCIDENTS.c.id.desc())
    )
    rows: dict[str, SignageRow] = {}
    for row in connection.execute(query.execution_options(yield_per=STREAM_BATCH)):
        if row.sku not in rows:  # two incidents in the same instant: keep one
            rows[row.sku] = _signage_row(row, currency, request)
    return sorted(rows.values(), key=lambda r: (walking_order(r.location), r.sku))


@dataclass(frozen=True)
class PriceChangeRow:
    """One SKU whose price file is wrong (the shelf tag was right): what to change at the
    POS. ``file_price`` is what the price file says now; ``correct_price`` the tag's."""

    sku: str
    description: str
    location: str | None
    file_price: Money
    correct_price: Money
    times_reported: int
    last_seen: datetime
    found_by: str | None


def price_change_rows(connection: Connection, request: ReportRequest) -> list[PriceChangeRow]:
    """One row per SKU whose incidents of the period were found to be price-file errors
    and whose price file still disagrees with the tag, by SKU. A SKU leaves the list once
    the corrected price is imported."""
    assert request.store is not None, "the price-change list is for one store"
    currency = request.store.currency
    terms = [*period_filter(request), INCIDENTS.c.cause == Cause.PRICE_FILE_ERROR.value]
    query = (
        select(
            INCIDENTS.c.sku,
            INCIDENTS.c.description,
            INCIDENTS.c.location,
            INCIDENTS.c.shelf_price_minor,
            INCIDENTS.c.scanned_price_minor,
            INCIDENTS.c.detected_at,
            INCIDENTS.c.fixed_by,
            PRICES.c.description.label("price_description"),
            PRICES.c.price_minor,
        )
        .outerjoin(
            PRICES,
            and_(PRICES.c.store_id == INCIDENTS.c.store_id, PRICES.c.sku == INCIDENTS.c.sku),
        )
        .where(*terms)
        .order_by(INCIDENTS.c.sku, INCIDENTS.c.detected_at.desc(), INCIDENTS.c.id.desc())
    )
    rows: dict[str, PriceChangeRow] = {}
    counts: dict[str, int] = {}
    for row in connection.execute(query.execution_options(yield_per=STREAM_BATCH)):
        counts[row.sku] = counts.get(row.sku, 0) + 1
        if row.sku in rows:
            continue
        in_file = row.price_minor if row.price_minor is not None else row.scanned_price_minor
        if in_file == row.shelf_price_minor:
            continue  # the corrected price is in the file already
        rows[row.sku] = PriceChangeRow(
            sku=row.sku,
            description=row.description or row.price_description or "",
            location=row.location,
            file_price=Money.from_minor(in_file, currency),
            correct_price=Money.from_minor(row.shelf_price_minor, currency),
            times_reported=0,
            last_seen=row.detected_at,
            found_by=row.fixed_by,
        )
    return [dataclasses.replace(r, times_reported=counts[r.sku]) for r in rows.values()]


def _signage_row(row: Any, currency: str, request: ReportRequest) -> SignageRow:
    def money(minor: int | None) -> Money | None:
        return None if minor is None else Money.from_minor(minor, currency)

    system = row.price_minor if row.price_minor is not None else row.scanned_price_minor
    updated = row.price_updated_at
    return SignageRow(
        sku=row.sku,
        description=row.description or row.price_description or "",
        location=row.location,
        tag_price=Money.from_minor(row.shelf_price_minor, currency),
        system_price=Money.from_minor(system, currency),
        times_reported=row.times,
        first_seen=row.first_seen,
        last_seen=row.last_seen,
        cause=row.cause,
        unit_price=money(row.unit_price_minor),
        unit=row.unit,
        price_updated=None if updated is None else request.local(updated).date(),
        in_price_file=row.price_minor is not None,
    )


#: The columns the summary and the CSV export stream: the incident and its decision.
INCIDENT_COLUMNS = (
    INCIDENTS.c.id,
    INCIDENTS.c.store_id,
    INCIDENTS.c.register_id,
    INCIDENTS.c.cashier,
    INCIDENTS.c.sku,
    INCIDENTS.c.description,
    INCIDENTS.c.location,
    INCIDENTS.c.currency,
    INCIDENTS.c.shelf_price_minor,
    INCIDENTS.c.scanned_price_minor,
    INCIDENTS.c.quantity,
    INCIDENTS.c.claimed_total_minor,
    INCIDENTS.c.scanned_total_minor,
    INCIDENTS.c.direction,
    INCIDENTS.c.line_difference_minor,
    INCIDENTS.c.cause,
    INCIDENTS.c.status,
    INCIDENTS.c.detected_at,
    INCIDENTS.c.escalated_at,
    INCIDENTS.c.resolved_at,
    INCIDENTS.c.fixed_at,
    INCIDENTS.c.fixed_by,
    DECISIONS.c.action,
    DECISIONS.c.charge_minor,
    DECISIONS.c.decided_by,
    DECISIONS.c.approval,
    DECISIONS.c.approved_by,
    DECISIONS.c.customer_outcome,
    DECISIONS.c.goodwill_minor,
    DECISIONS.c.bonus_minor,
)


def _seconds_between(connection: Connection, start: Any, end: Any) -> ColumnElement[Any]:
    """``end - start`` in seconds, computed by the database."""
    if connection.dialect.name == "sqlite":
        return (func.julianday(end) - func.julianday(start)) * 86400.0
    return func.extract("epoch", end - start)


def summary_groups(connection: Connection, request: ReportRequest) -> list[Row[Any]]:
    """Counts and money sums of the period, grouped in SQL by currency, direction and
    decision (a few dozen rows whatever the number of incidents)."""
    escalated = INCIDENTS.c.escalated_at.is_not(None)
    charge, scanned = DECISIONS.c.charge_minor, INCIDENTS.c.scanned_total_minor
    given = case((charge < scanned, scanned - charge), else_=0)
    walked = DECISIONS.c.customer_outcome == "walked_away"
    keys = (
        INCIDENTS.c.currency, INCIDENTS.c.direction, escalated.label("escalated"),
        DECISIONS.c.action, DECISIONS.c.approval,
    )  # fmt: skip
    query = (
        select(
            *keys,
            func.count().label("incidents"),
            func.count(INCIDENTS.c.fixed_at).label("fixed"),
            func.coalesce(func.sum(given), 0).label("given_away"),
            func.coalesce(func.sum(INCIDENTS.c.line_difference_minor), 0).label("difference"),
            func.count(case((walked, 1))).label("walked_away"),
            func.coalesce(func.sum(case((walked, func.coalesce(charge, scanned)), else_=0)), 0)
            .label("lost_sales"),
            func.coalesce(func.sum(DECISIONS.c.goodwill_minor), 0).label("goodwill"),
            func.coalesce(func.sum(DECISIONS.c.bonus_minor), 0).label("bonus"),
        )
        .select_from(INCIDENTS.outerjoin(DECISIONS, DECISIONS.c.incident_id == INCIDENTS.c.id))
        .where(*period_filter(request))
        .group_by(*keys)
    )  # fmt: skip
    return list(connection.execute(query))


def iter_timings(connection: Connection, request: ReportRequest) -> Iterator[Row[Any]]:
    """Per incident, streamed: when it was detected (for the chart's days), its
    direction, and the escalation wait and time to fix in seconds (``None`` if none)."""
    query = select(
        INCIDENTS.c.detected_at,
        INCIDENTS.c.direction,
        _seconds_between(connection, INCIDENTS.c.escalated_at, INCIDENTS.c.resolved_at).label(
            "wait_seconds"
        ),
        _seconds_between(connection, INCIDENTS.c.detected_at, INCIDENTS.c.fixed_at).label(
            "fix_seconds"
        ),
    ).where(*period_filter(request))
    yield from connection.execute(query.execution_options(yield_per=STREAM_BATCH))


def iter_incidents(connection: Connection, request: ReportRequest) -> Iterator[Any]:
    """Every incident of the period with its decision, oldest first, streamed."""
    query = (
        select(*INCIDENT_COLUMNS)
        .select_from(INCIDENTS.outerjoin(DECISIONS, DECISIONS.c.incident_id == INCIDENTS.c.id))
        .where(*period_filter(request))
        .order_by(INCIDENTS.c.detected_at, INCIDENTS.c.id)
    )
    yield from connection.execute(query.execution_options(yield_per=STREAM_BATCH))


def count_incidents(connection: Connection, request: ReportRequest) -> int:
    """How many incidents the period holds."""
    query = select(func.count()).select_from(INCIDENTS).where(*period_filter(request))
    return int(connection.execute(query).scalar_one())


def top_skus(connection: Connection, request: ReportRequest, limit: int = 10) -> list[Row[Any]]:
    """The SKUs reported most often: ``sku, description, reports, locations``."""
    query = (
        select(
            INCIDENTS.c.sku,
            func.max(INCIDENTS.c.description).label("description"),
            func.count().label("reports"),
            func.count(func.distinct(INCIDENTS.c.location)).label("locations"),
        )
        .where(*period_filter(request))
        .group_by(INCIDENTS.c.sku)
        .order_by(func.count().desc(), INCIDENTS.c.sku)
        .limit(limit)
    )
    return list(connection.execute(query))


def top_locations(
    connection: Connection, request: ReportRequest, limit: int = 10
) -> list[Row[Any]]:
    """The shelf locations reported most often: ``location, reports, skus``."""
    query = (
        select(
            INCIDENTS.c.location,
            func.count().label("reports"),
            func.count(func.distinct(INCIDENTS.c.sku)).label("skus"),
        )
        .where(*period_filter(request), INCIDENTS.c.location.is_not(None))
        .group_by(INCIDENTS.c.location)
        .order_by(func.count().desc(), INCIDENTS.c.location)
        .limit(limit)
    )
    return list(connection.execute(query))


def old_open_tags(
    connection: Connection, request: ReportRequest, limit: int = 10
) -> tuple[int, list[Row[Any]]]:
    """Open tags (any period) first reported more than ``open_days`` ago, as of the
    report's time: the number of SKUs and the oldest few (``sku, description, location,
    first_seen, reports``)."""
    cutoff = request.generated_at - timedelta(days=request.open_days)
    terms = [_TAG_OPEN, INCIDENTS.c.detected_at < cutoff]
    if request.store_id is not None:
        terms.append(INCIDENTS.c.store_id == request.store_id)
    skus = func.count(func.distinct(INCIDENTS.c.store_id + ":" + INCIDENTS.c.sku))
    total = int(connection.execute(select(skus).where(*terms)).scalar_one())
    query = (
        select(
            INCIDENTS.c.store_id,
            INCIDENTS.c.sku,
            func.max(INCIDENTS.c.description).label("description"),
            func.max(INCIDENTS.c.location).label("location"),
            func.min(INCIDENTS.c.detected_at).label("first_seen"),
            func.count().label("reports"),
        )
        .where(*terms)
        .group_by(INCIDENTS.c.store_id, INCIDENTS.c.sku)
        .order_by(func.min(INCIDENTS.c.detected_at), INCIDENTS.c.sku)
        .limit(limit)
    )
    return total, list(connection.execute(query))

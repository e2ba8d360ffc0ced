"""CSV export of the same rows the PDFs print (UTF-8, one header line, ISO times).

Money is a plain decimal string in the row's currency, never a float. Text that a
spreadsheet would run as a formula (starting with ``= + - @``) gets a leading ``'``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, BinaryIO

from sqlalchemy import Connection

from ..money import Money
from .barcodes import symbol_for
from .period import ReportRequest
from .queries import PriceChangeRow, SignageRow, iter_incidents

SIGNAGE_COLUMNS = (
    "sku", "description", "location", "currency", "tag_price", "system_price",
    "times_reported", "first_seen", "last_seen", "cause", "barcode", "in_price_file",
)  # fmt: skip
TAG_COLUMNS = (
    "sku", "description", "currency", "price", "unit_price", "unit", "effective", "barcode",
    "in_price_file",
)  # fmt: skip
PRICE_CHANGE_COLUMNS = (
    "sku", "description", "location", "currency", "price_file_price", "correct_price",
    "times_reported", "last_reported",
)  # fmt: skip
INCIDENT_COLUMNS = (
    "id", "store", "register", "cashier", "sku", "description", "location", "currency",
    "shelf_price", "scanned_price", "quantity", "claimed_total", "scanned_total",
    "direction", "line_difference", "cause", "status", "detected_at", "escalated_at",
    "resolved_at", "fixed_at", "fixed_by", "action", "charge", "decided_by", "approval",
    "approved_by", "customer_outcome", "goodwill", "bonus",
)  # fmt: skip


def safe_text(value: str | None) -> str:
    """``value`` made harmless for spreadsheets (no formula injection)."""
    if not value:
        return ""
    return "'" + value if value[0] in "=+-@\t\r" else value


def _time(moment: datetime | None) -> str:
    return "" if moment is None else moment.isoformat()


def _write(handle: BinaryIO, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
    try:
        writer = csv.writer(text)
        writer.writerow(header)
        count = 0
        for row in rows:
            writer.writerow(row)
            count += 1
        text.flush()
    finally:
        text.detach()  # leave the caller's binary file open
    return count


def write_signage(
    handle: BinaryIO, request: ReportRequest, rows: Sequence[SignageRow], *, tags_only: bool
) -> int:
    """The worklist rows (or, with ``tags_only``, the tag rows) as CSV; returns the count."""
    fallback = request.local(request.generated_at).date().isoformat()
    if tags_only:
        return _write(
            handle,
            TAG_COLUMNS,
            (
                (
                    r.sku,
                    safe_text(r.item_words),
                    r.system_price.currency,
                    _amount(r.known_price),
                    "" if r.unit_price is None else str(r.unit_price.amount),
                    safe_text(r.unit),
                    r.price_updated.isoformat() if r.price_updated else fallback,
                    symbol_for(r.sku).symbology or "",
                    _yes(r.in_price_file),
                )
                for r in rows
            ),
        )
    return _write(
        handle,
        SIGNAGE_COLUMNS,
        (
            (
                r.sku,
                safe_text(r.item_words),
                safe_text(r.location),
                r.tag_price.currency,
                str(r.tag_price.amount),
                _amount(r.known_price),
                r.times_reported,
                _time(r.first_seen),
                _time(r.last_seen),
                r.cause or "",
                symbol_for(r.sku).symbology or "",
                _yes(r.in_price_file),
            )
            for r in rows
        ),
    )


def _amount(money: Money | None) -> str:
    """An amount as CSV text; empty when unknown (an item not in the price file)."""
    return "" if money is None else str(money.amount)


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def write_incidents(
    handle: BinaryIO,
    request: ReportRequest,
    connection: Connection,
    *,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Every incident of the period with its decision (the summary's rows), streamed."""

    def money(minor: int | None, currency: str) -> str:
        return "" if minor is None else str(Money.from_minor(minor, currency).amount)

    def rows() -> Iterable[Sequence[Any]]:
        for r in iter_incidents(connection, request):
            c = r.currency
            yield (
                r.id, r.store_id, r.register_id, r.cashier, r.sku, safe_text(r.description),
                safe_text(r.location), c, money(r.shelf_price_minor, c),
                money(r.scanned_price_minor, c), r.quantity, money(r.claimed_total_minor, c),
                money(r.scanned_total_minor, c), r.direction, money(r.line_difference_minor, c),
                r.cause or "", r.status, _time(r.detected_at), _time(r.escalated_at),
                _time(r.resolved_at), _time(r.fixed_at), r.fixed_by or "", r.action or "",
                money(r.charge_minor, c), r.decided_by or "", r.approval or "",
                r.approved_by or "", r.customer_outcome or "", money(r.goodwill_minor, c),
                money(r.bonus_minor, c),
            )  # fmt: skip
            if progress is not None:
                progress(1)

    return _write(handle, INCIDENT_COLUMNS, rows())


def write_price_changes(
    handle: BinaryIO, request: ReportRequest, rows: Sequence[PriceChangeRow]
) -> int:
    """The price-change list as CSV; returns the count."""
    return _write(
        handle,
        PRICE_CHANGE_COLUMNS,
        (
            (r.sku, safe_text(r.description), safe_text(r.location), r.file_price.currency,
             str(r.file_price.amount), str(r.correct_price.amount), r.times_reported,
             _time(r.last_seen))
            for r in rows
        ),
    )  # fmt: skip

"""Self-audits (tables ``audits`` and ``audit_items``, migration 0013): the rows, and the
price-file and shelf-location reads a sample is drawn from.

Keyword-only, one job each, nothing commits; the service writes the journal event of
each change in the same transaction (:data:`AUDIT_KINDS`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select, update

from ..domain.audit import Audit, AuditItem
from ..domain.audit_sample import Stratum, aisle_of
from ..money import Money
from .tables import Audit as AuditRow
from .tables import AuditItem as AuditItemRow
from .tables import Incident, Price

AUDITS = AuditRow.__table__  # type: ignore[attr-defined]
AUDIT_ITEMS = AuditItemRow.__table__  # type: ignore[attr-defined]
PRICES = Price.__table__  # type: ignore[attr-defined]
INCIDENTS = Incident.__table__  # type: ignore[attr-defined]

#: The journal's event kinds of a self-audit. Their ``incident`` is the audit's id: they
#: belong to no incident, and the audit rows are their projection.
AUDIT_KINDS = ("audit_started", "audit_finding_recorded", "audit_scored")
#: Rows read from the database at a time when a whole price file is walked.
BATCH = 2000


def price_file_size(*, connection: Connection, store_id: str) -> int:
    """How many items the store's price file holds."""
    query = select(func.count()).select_from(PRICES).where(PRICES.c.store_id == store_id)
    return int(connection.execute(query).scalar_one())


def iter_price_file(*, connection: Connection, store_id: str) -> Iterator[tuple[str, str, int]]:
    """``(sku, description, price_minor)`` of every item, by SKU, streamed."""
    query = (
        select(PRICES.c.sku, PRICES.c.description, PRICES.c.price_minor)
        .where(PRICES.c.store_id == store_id)
        .order_by(PRICES.c.sku)
    )
    for row in connection.execution_options(yield_per=BATCH).execute(query):
        yield row.sku, row.description, row.price_minor


def known_aisles(*, connection: Connection, store_id: str) -> dict[str, str]:
    """Each SKU's aisle, from the shelf location its latest incident recorded."""
    query = (
        select(INCIDENTS.c.sku, INCIDENTS.c.location)
        .where(INCIDENTS.c.store_id == store_id, INCIDENTS.c.location.is_not(None))
        .order_by(INCIDENTS.c.detected_at, INCIDENTS.c.id)
    )
    aisles: dict[str, str] = {}
    for sku, location in connection.execution_options(yield_per=BATCH).execute(query):
        aisle = aisle_of(location)
        if aisle:
            aisles[sku] = aisle  # later incidents overwrite earlier ones
    return aisles


def insert_audit(*, connection: Connection, audit: Audit) -> None:
    """Write a new audit and its sampled items."""
    connection.execute(
        insert(AUDITS),
        {
            "store_id": audit.store, "id": audit.id, "seed": audit.seed, "size": audit.size,
            "items_in_file": audit.items_in_file, "currency": audit.currency,
            "strata_json": json.dumps([s.to_dict() for s in audit.strata]),
            "started_at": audit.started_at, "started_by": audit.started_by,
        },
    )  # fmt: skip
    connection.execute(
        insert(AUDIT_ITEMS),
        [
            {
                "store_id": audit.store, "audit_id": audit.id, "sku": item.sku,
                "position": position, "description": item.description, "aisle": item.aisle,
                "system_price_minor": item.system_price.minor,
            }
            for position, item in enumerate(audit.items, start=1)
        ],
    )  # fmt: skip


def record_finding(
    *,
    connection: Connection,
    store_id: str,
    audit_id: str,
    sku: str,
    shelf_price: Money,
    scanned_price: Money,
    checked_by: str,
    checked_at: datetime,
) -> None:
    """Write (or replace) the finding of one sampled item."""
    connection.execute(
        update(AUDIT_ITEMS)
        .where(
            AUDIT_ITEMS.c.store_id == store_id,
            AUDIT_ITEMS.c.audit_id == audit_id,
            AUDIT_ITEMS.c.sku == sku,
        )
        .values(
            shelf_price_minor=shelf_price.minor, scanned_price_minor=scanned_price.minor,
            checked_by=checked_by, checked_at=checked_at,
        )
    )  # fmt: skip


def mark_scored(
    *, connection: Connection, store_id: str, audit_id: str, scored_by: str, scored_at: datetime
) -> None:
    """Close the audit with its score."""
    connection.execute(
        update(AUDITS)
        .where(AUDITS.c.store_id == store_id, AUDITS.c.id == audit_id)
        .values(scored_by=scored_by, scored_at=scored_at)
    )


def get_audit(
    *, connection: Connection, store_id: str, audit_id: str, for_update: bool = False
) -> Audit | None:
    """The audit with its items in sheet order, or ``None``; ``for_update`` locks its row."""
    query = select(AUDITS).where(AUDITS.c.store_id == store_id, AUDITS.c.id == audit_id)
    row = connection.execute(query.with_for_update() if for_update else query).first()
    if row is None:
        return None
    items = connection.execute(
        select(AUDIT_ITEMS)
        .where(AUDIT_ITEMS.c.store_id == store_id, AUDIT_ITEMS.c.audit_id == audit_id)
        .order_by(AUDIT_ITEMS.c.position)
    )
    return _audit(row, tuple(_item(i, row.currency) for i in items))


def list_audits(*, connection: Connection, store_id: str) -> list[Audit]:
    """The store's audits, newest first, without their items' findings (score included)."""
    rows = list(
        connection.execute(
            select(AUDITS)
            .where(AUDITS.c.store_id == store_id)
            .order_by(AUDITS.c.started_at.desc(), AUDITS.c.id.desc())
        )
    )
    found = []
    for row in rows:
        audit = get_audit(connection=connection, store_id=store_id, audit_id=row.id)
        if audit is not None:
            found.append(audit)
    return found


def _audit(row: Row[Any], items: tuple[AuditItem, ...]) -> Audit:
    strata = tuple(
        Stratum(s["aisle"], s["items"], s["sampled"]) for s in json.loads(row.strata_json)
    )
    return Audit(
        store=row.store_id, id=row.id, seed=row.seed, size=row.size,
        items_in_file=row.items_in_file, currency=row.currency, started_at=row.started_at,
        started_by=row.started_by, strata=strata, items=items, scored_at=row.scored_at,
        scored_by=row.scored_by,
    )  # fmt: skip


def _item(row: Row[Any], currency: str) -> AuditItem:
    def money(minor: int | None) -> Money | None:
        return None if minor is None else Money.from_minor(minor, currency)

    return AuditItem(
        sku=row.sku, description=row.description, aisle=row.aisle,
        system_price=Money.from_minor(row.system_price_minor, currency),
        shelf_price=money(row.shelf_price_minor), scanned_price=money(row.scanned_price_minor),
        checked_by=row.checked_by, checked_at=row.checked_at,
    )  # fmt: skip


__all__ = [
    "AUDIT_KINDS",
    "get_audit",
    "insert_audit",
    "iter_price_file",
    "known_aisles",
    "list_audits",
    "mark_scored",
    "price_file_size",
    "record_finding",
]

"""Pages of a store's incidents, newest first, for the ops' list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from ..domain import Signage
from ..domain.incident import check_list_filter
from ..errors import N_, InvalidInput
from ..prices import check_sku
from ..store.repository import DECISIONS, INCIDENTS
from .context import Context

#: Incidents per page of the list.
PAGE_SIZE = 50
MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class IncidentRow:
    """One incident as a list shows it, with its decision's action, charge and approval."""

    id: str
    detected_at: datetime
    register_id: str
    sku: str
    description: str
    location: str | None
    currency: str
    shelf_price_minor: int
    scanned_price_minor: int
    quantity: int
    line_difference_minor: int
    direction: str
    status: str
    resolution: str
    signage: str
    action: str | None
    charge_minor: int | None
    approval: str | None


@dataclass(frozen=True)
class IncidentPage:
    """How many incidents match, how many pages that makes, and this page's rows."""

    total: int
    pages: int
    rows: list[IncidentRow]


_COLUMNS = [
    INCIDENTS.c[name]
    for name in IncidentRow.__dataclass_fields__
    if name not in ("action", "charge_minor", "approval")
]


def page(
    ctx: Context,
    store: str,
    *,
    status: str = "open",
    sku: str | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> IncidentPage:
    """A page of the store's incidents (as stored: the worker applies due timeouts)."""
    info = ctx.store_info(store)
    status = check_list_filter(status)
    if isinstance(page, bool) or not isinstance(page, int) or not 1 <= page <= MAX_PAGE:
        raise InvalidInput.worded(
            "page", N_("%(value)s is not a page number"), value=repr(str(page)[:20])
        )
    terms: list[Any] = [INCIDENTS.c.store_id == info.code]
    if status == "open":
        terms.append(INCIDENTS.c.signage == Signage.OPEN.value)
    elif status != "all":
        terms.append(INCIDENTS.c.status == status)
    if sku:
        terms.append(INCIDENTS.c.sku == check_sku(sku))
    columns = (*_COLUMNS, DECISIONS.c.action, DECISIONS.c.charge_minor, DECISIONS.c.approval)
    joined = INCIDENTS.outerjoin(DECISIONS, DECISIONS.c.incident_id == INCIDENTS.c.id)
    with ctx.reading() as connection:
        total = connection.execute(select(func.count()).select_from(INCIDENTS).where(*terms))
        count = int(total.scalar_one())
        skip = (page - 1) * page_size
        newest_first = (INCIDENTS.c.detected_at.desc(), INCIDENTS.c.id.desc())
        if skip + page_size > count - skip:
            # Past the middle, read from the oldest end: the last page costs what the
            # first does, where an OFFSET would walk past every newer incident first
            # (the same rows: the order is total, ``id`` breaks ties).
            from_end = max(0, count - skip - page_size)
            query = (
                select(*columns)
                .select_from(joined)
                .where(*terms)
                .order_by(INCIDENTS.c.detected_at.asc(), INCIDENTS.c.id.asc())
                .limit(max(0, min(page_size, count - skip)))
                .offset(from_end)
            )
            found = list(connection.execute(query))[::-1]
        else:
            query = (
                select(*columns)
                .select_from(joined)
                .where(*terms)
                .order_by(*newest_first)
                .limit(page_size)
                .offset(skip)
            )
            found = list(connection.execute(query))
        rows = [IncidentRow(**row._mapping) for row in found]
    return IncidentPage(total=count, pages=max(1, -(-count // page_size)), rows=rows)

"""Fixing the shelf tag: one incident, or every open incident for a SKU.

A tag can be fixed at any point of the customer's case (design §3): while the cashier
decides, while a manager is being asked, or long after. The resolution is left alone.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row

from ..domain import Cause, Resolution, Signage
from ..domain.incident import after_fix, summary_status
from ..errors import N_, NotFound
from ..ids import check_uuid
from ..prices import check_sku
from ..schemas import FixRequest, validate
from ..store import repository
from ..store.journal import JournalEntry, append_event
from ..views import IncidentView
from .context import Context
from .decide import incident_row
from .read import get_incident


def fix(ctx: Context, incident_id: str, *, staff: str, cause: str | None) -> IncidentView:
    """See :meth:`pos_discrepancy.desk.Desk.fix`."""
    incident_id = check_uuid(incident_id, field="incident_id")
    staff, fix_cause = _read(staff, cause)
    with ctx.transaction() as connection:
        _fix_one(ctx, connection, incident_row(connection, incident_id), staff, fix_cause)
    return get_incident(ctx, incident_id)


def fix_sku(
    ctx: Context, store: str, *, sku: str, staff: str, cause: str | None
) -> list[IncidentView]:
    """See :meth:`pos_discrepancy.desk.Desk.fix_sku`."""
    info = ctx.store_info(store)
    sku = check_sku(sku)
    staff, fix_cause = _read(staff, cause)
    with ctx.transaction() as connection:
        ids = repository.open_incident_ids_for_sku(
            connection=connection, store_id=info.code, sku=sku
        )
        if not ids:
            raise NotFound.worded(
                "sku", N_("no open incident for %(sku)s at %(store)s"), sku=sku, store=info.code
            )
        # Lock every incident before the first event takes the store's journal lock, so
        # a concurrent decision on one of them cannot wait on us while we wait on it.
        rows = [incident_row(connection, i) for i in ids]
        for row in rows:
            _fix_one(ctx, connection, row, staff, fix_cause)
    return [get_incident(ctx, i) for i in ids]


def _read(staff: object, cause: object) -> tuple[str, Cause | None]:
    """The fix request's staff code and cause, checked as the HTTP API checks them."""
    request = validate(FixRequest, {"staff": staff, "cause": cause})
    return request.staff, None if request.cause is None else Cause(request.cause)


def _fix_one(
    ctx: Context, connection: Connection, row: Row[Any], staff: str, cause: Cause | None
) -> JournalEntry:
    signage = after_fix(Signage(row.signage))
    status = summary_status(Resolution(row.resolution), signage)
    now = ctx.clock()
    final_cause = cause.value if cause is not None else row.cause
    repository.update_incident(
        connection=connection,
        incident_id=row.id,
        status=status.value,
        signage=signage.value,
        fixed_at=now,
        fixed_by=staff,
        cause=final_cause,
    )
    return append_event(
        connection,
        store_id=row.store_id,
        incident_id=row.id,
        kind="signage_fixed",
        at=now,
        data={"status": status, "signage": signage, "staff": staff, "cause": final_cause},
    )

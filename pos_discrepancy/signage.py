"""Fixing the shelf tag: one incident, or every open incident for a SKU."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .decisions import incident_row
from .domain import Cause, Status
from .domain.incident import after_fix
from .errors import NotFound
from .ids import check_uuid
from .inputs import check_choice, check_code
from .prices import check_sku
from .store import repository
from .store.journal import append_event
from .views import IncidentView

if TYPE_CHECKING:
    from sqlalchemy import Connection, Row

    from .desk import Desk


def fix(desk: Desk, incident_id: str, *, staff: str, cause: str | None) -> IncidentView:
    """See :meth:`pos_discrepancy.desk.Desk.fix`."""
    incident_id = check_uuid(incident_id, field="incident_id")
    staff = check_code(staff, field="staff")
    fix_cause = None if cause is None else check_choice(cause, Cause, field="cause")
    with desk.transaction() as connection:
        entry = _fix_one(desk, connection, incident_row(connection, incident_id), staff, fix_cause)
    desk.notify(incident_id, [entry])
    return desk.get_incident(incident_id)


def fix_sku(
    desk: Desk, store: str, *, sku: str, staff: str, cause: str | None
) -> list[IncidentView]:
    """See :meth:`pos_discrepancy.desk.Desk.fix_sku`."""
    info = desk.store_info(store)
    sku = check_sku(sku)
    staff = check_code(staff, field="staff")
    fix_cause = None if cause is None else check_choice(cause, Cause, field="cause")
    with desk.transaction() as connection:
        ids = repository.open_incident_ids_for_sku(
            connection=connection, store_id=info.code, sku=sku
        )
        if not ids:
            raise NotFound(f"sku: no open incident for {sku} at {info.code}", field="sku")
        # Lock every incident before the first event takes the store's journal lock, so
        # a concurrent decision on one of them cannot wait on us while we wait on it.
        rows = [incident_row(connection, i) for i in ids]
        entries = [(row.id, _fix_one(desk, connection, row, staff, fix_cause)) for row in rows]
    for incident_id, entry in entries:
        desk.notify(incident_id, [entry])
    return [desk.get_incident(i) for i in ids]


def _fix_one(
    desk: Desk, connection: Connection, row: Row[Any], staff: str, cause: Cause | None
) -> Any:
    new_status = after_fix(Status(row.status))
    now = desk.clock()
    final_cause = cause.value if cause is not None else row.cause
    repository.update_incident(
        connection=connection,
        incident_id=row.id,
        status=new_status.value,
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
        data={"status": new_status, "staff": staff, "cause": final_cause},
    )

"""Settling an escalation: by a manager's answer, or by the policy when it times out."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, Row, select

from ..domain import Option, OptionList, Resolution
from ..domain.incident import summary_status
from ..domain.options import settle_on_timeout
from ..store import repository
from ..store.journal import JournalEntry, append_event
from .context import Context

#: The journal's event kind for each way an escalation is settled.
APPROVAL_EVENT = {"approved": "approved", "denied": "denied", "timed_out": "approval_timed_out"}


def offered_options(row: Row[Any]) -> OptionList:
    """The options the cashier was shown, as stored with the incident."""
    return OptionList(Option.from_dict(o, row.currency) for o in json.loads(row.options_json))


def settle(
    ctx: Context,
    connection: Connection,
    row: Row[Any],
    resolution: Resolution,
    charge: Any,
    *,
    approval: str,
    approver: str | None,
    extra: dict[str, Any],
) -> JournalEntry:
    """Resolve the escalation: incident, decision and the journal event, in one transaction.

    The tag's state (``signage``) is left as it is: a tag fixed while the manager was
    being asked stays fixed.
    """
    now = ctx.clock()
    status = summary_status(resolution, row.signage)
    repository.update_incident(
        connection=connection,
        incident_id=row.id,
        status=status.value,
        resolution=resolution.value,
        resolved_at=now,
    )
    repository.update_decision(
        connection=connection,
        incident_id=row.id,
        approval=approval,
        approved_by=approver,
        approved_at=now,
        charge_minor=charge.minor,
        **({"customer_outcome": extra["customer_outcome"]} if "customer_outcome" in extra else {}),
        **({"note": extra["note"]} if "note" in extra else {}),
    )
    return append_event(
        connection,
        store_id=row.store_id,
        incident_id=row.id,
        kind=APPROVAL_EVENT[approval],
        at=now,
        data={
            "status": status,
            "resolution": resolution,
            "manager": approver,
            "charge": charge,
            **extra,
        },
    )


def apply_timeouts(
    ctx: Context, *, store_id: str | None = None, incident_id: str | None = None
) -> int:
    """Resolve escalations older than ``approval_timeout_seconds`` as the policy says.

    ``on_approval_timeout = "honor"`` charges the requested (tag) price; ``"decline"``
    charges the scanned price when declining is allowed, else honors. Returns how many.
    """
    incidents = repository.INCIDENTS
    # An incident delivered by sync waits at its offline register, which times it out.
    query = select(incidents.c.id, incidents.c.store_id, incidents.c.escalated_at).where(
        incidents.c.resolution == Resolution.AWAITING_APPROVAL.value,
        incidents.c.synced.is_(False),
    )
    if store_id is not None:
        query = query.where(incidents.c.store_id == store_id)
    if incident_id is not None:
        query = query.where(incidents.c.id == incident_id)
    now = ctx.clock()
    with ctx.reading() as connection:
        waiting = list(connection.execute(query))
    expired = [
        w
        for w in waiting
        if w.escalated_at
        + timedelta(seconds=ctx.store_info(w.store_id).policy.approval_timeout_seconds)
        <= now
    ]
    for item in expired:
        policy = ctx.store_info(item.store_id).policy
        with ctx.transaction() as connection:
            row = repository.get_incident_row(
                connection=connection, incident_id=item.id, for_update=True
            )
            if row is None or row.resolution != Resolution.AWAITING_APPROVAL.value:
                continue  # resolved meanwhile
            resolution, chosen = settle_on_timeout(
                offered_options(row), row.requested_action, policy.on_approval_timeout
            )
            settle(
                ctx, connection, row, resolution, chosen.charge,
                approval="timed_out", approver=None, extra={},
            )  # fmt: skip
    return len(expired)

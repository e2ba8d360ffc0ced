"""The cashier's decision on an incident, and the customer's outcome afterwards."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row

from ..domain import CustomerOutcome, Option, Resolution, Signage, StoreInfo
from ..domain.incident import after_decision, after_outcome, summary_status
from ..errors import N_, InvalidTransition, NotFound
from ..ids import check_uuid
from ..money import Money
from ..schemas import DecisionRequest, OutcomeRequest, validate
from ..store import repository
from ..store.journal import JournalEntry, append_event
from ..views import IncidentView
from .context import Context
from .read import NO_INCIDENT, get_incident
from .timeouts import offered_options


def refuse_if_synced(row: Any) -> None:
    """An incident delivered by sync is decided and approved at its offline register."""
    if row.synced:
        raise InvalidTransition.worded(
            "incident_id",
            N_("this incident was made at offline register %(register)s, which decides it; "
               "its decision arrives with the register's next sync"),
            register=row.register_id,
        )  # fmt: skip


def decision_values(
    info: StoreInfo,
    incident_id: str,
    option: Option,
    resolution: Resolution,
    cashier: str,
    now: Any,
    extra: dict[str, Any],
    *,
    signage: Signage = Signage.OPEN,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The decision row and the data of its ``decided`` event."""
    resolved = resolution is not Resolution.AWAITING_APPROVAL
    row = {
        "incident_id": incident_id,
        "store_id": info.code,
        "action": str(option.action),
        "charge_minor": option.charge.minor if resolved else None,
        "decided_by": cashier,
        "decided_at": now,
        "customer_outcome": extra.get("customer_outcome"),
        "goodwill_minor": None if extra.get("goodwill") is None else extra["goodwill"].minor,
        "bonus_minor": option.bonus.minor if resolved and option.bonus is not None else None,
        "note": extra.get("note"),
    }
    data = {
        "status": summary_status(resolution, signage),
        "resolution": resolution,
        "action": option.action,
        "cashier": cashier,
        "charge": option.charge if resolved else None,
        "bonus": option.bonus if resolved else None,
        "requires_approval": not resolved,
        **extra,
    }
    return row, data


def record_decision(
    connection: Connection,
    info: StoreInfo,
    incident_id: str,
    option: Option,
    resolution: Resolution,
    cashier: str,
    now: Any,
    extra: dict[str, Any],
    *,
    signage: Signage,
) -> JournalEntry:
    """Insert the decision row and append its ``decided`` event; returns the entry."""
    row, data = decision_values(
        info, incident_id, option, resolution, cashier, now, extra, signage=signage
    )
    repository.insert_decision(connection=connection, **row)
    return append_event(
        connection, store_id=info.code, incident_id=incident_id, kind="decided", at=now, data=data
    )


def incident_row(connection: Connection, incident_id: str) -> Row[Any]:
    """The incident row, locked for update; NotFound when there is none."""
    row = repository.get_incident_row(
        connection=connection, incident_id=incident_id, for_update=True
    )
    if row is None:
        raise NotFound.worded("incident_id", NO_INCIDENT, incident_id=incident_id)
    return row


def decide(
    ctx: Context,
    incident_id: str,
    *,
    action: str,
    cashier: str,
    customer_outcome: str | None,
    note: str | None,
    goodwill: Any,
) -> IncidentView:
    """See :meth:`pos_discrepancy.desk.Desk.decide`."""
    incident_id = check_uuid(incident_id, field="incident_id")
    request = validate(
        DecisionRequest,
        {
            "action": action,
            "cashier": cashier,
            "customer_outcome": customer_outcome,
            "note": note,
            "goodwill": goodwill,
        },
    )  # fmt: skip
    cashier = request.cashier  # goodwill is read again below, in the incident's currency
    extra: dict[str, Any] = {}
    if request.customer_outcome is not None:
        extra["customer_outcome"] = request.customer_outcome
    if request.note is not None:
        extra["note"] = request.note
    with ctx.transaction() as connection:
        row = incident_row(connection, incident_id)
        refuse_if_synced(row)
        info = ctx.store_info(row.store_id)
        if goodwill is not None:
            extra["goodwill"] = Money.parse(goodwill, info.currency, field="goodwill")
        resolution, signage = Resolution(row.resolution), Signage(row.signage)
        if resolution is not Resolution.DETECTED:
            earlier = repository.get_decision_row(connection=connection, incident_id=incident_id)
            if earlier is None or earlier.action != action:  # else: the same decision again
                after_decision(resolution, needs_approval=False, resolves_as=resolution)  # raises
        else:
            option = offered_options(row).choose(action)
            resolution = after_decision(
                resolution, needs_approval=option.requires_approval, resolves_as=option.resolves_as
            )
            now = ctx.clock()
            waiting = resolution is Resolution.AWAITING_APPROVAL
            repository.update_incident(
                connection=connection,
                incident_id=incident_id,
                status=summary_status(resolution, signage).value,
                resolution=resolution.value,
                requested_action=option.action,
                escalated_at=now if waiting else None,
                resolved_at=None if waiting else now,
            )
            record_decision(
                connection, info, incident_id, option, resolution, cashier, now, extra,
                signage=signage,
            )  # fmt: skip
    return get_incident(ctx, incident_id)


def record_outcome(
    ctx: Context, incident_id: str, *, customer_outcome: str, staff: str
) -> IncidentView:
    """See :meth:`pos_discrepancy.desk.Desk.record_outcome`."""
    incident_id = check_uuid(incident_id, field="incident_id")
    request = validate(OutcomeRequest, {"customer_outcome": customer_outcome, "staff": staff})
    staff, customer_outcome = request.staff, request.customer_outcome
    with ctx.transaction() as connection:
        row = incident_row(connection, incident_id)
        decision = repository.get_decision_row(connection=connection, incident_id=incident_id)
        if decision is None:
            raise InvalidTransition.worded(
                "customer_outcome", N_("the cashier has not decided yet")
            )
        outcome = after_outcome(
            decision.customer_outcome or CustomerOutcome.UNKNOWN, customer_outcome
        )
        repository.update_decision(
            connection=connection, incident_id=incident_id, customer_outcome=outcome.value
        )
        append_event(
            connection,
            store_id=row.store_id,
            incident_id=incident_id,
            kind="outcome_recorded",
            at=ctx.clock(),
            data={"status": row.status, "customer_outcome": outcome, "staff": staff},
        )
    return get_incident(ctx, incident_id)

"""The cashier's decision on an incident, and the customer's outcome afterwards."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .domain import CustomerOutcome, Option, OptionList, Status, StoreInfo
from .domain.incident import after_decision
from .errors import InvalidTransition, NotFound
from .ids import check_uuid
from .inputs import check_choice, check_code, check_text
from .money import Money
from .store import repository
from .store.journal import append_event
from .views import IncidentView

if TYPE_CHECKING:
    from sqlalchemy import Connection, Row

    from .desk import Desk


def refuse_if_synced(row: Any) -> None:
    """An incident delivered by sync is decided and approved at its offline register."""
    if row.synced:
        raise InvalidTransition(
            f"incident_id: this incident was made at offline register {row.register_id}, "
            "which decides it; its decision arrives with the register's next sync",
            field="incident_id",
        )


def decision_values(
    info: StoreInfo,
    incident_id: str,
    option: Option,
    status: Status,
    cashier: str,
    now: Any,
    extra: dict[str, Any],
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The decision row and the data of its ``decided`` event."""
    resolved = status is not Status.AWAITING_APPROVAL
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
        "status": status,
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
    status: Status,
    cashier: str,
    now: Any,
    extra: dict[str, Any],
) -> Any:
    """Insert the decision row and append its ``decided`` event; returns the entry."""
    row, data = decision_values(info, incident_id, option, status, cashier, now, extra)
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
        raise NotFound(f"incident_id: no incident {incident_id}", field="incident_id")
    return row


def offered_options(row: Row[Any]) -> OptionList:
    """The options the cashier was shown, as stored with the incident."""
    return OptionList(Option.from_dict(o, row.currency) for o in json.loads(row.options_json))


def decide(
    desk: Desk,
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
    cashier = check_code(cashier, field="cashier")
    extra: dict[str, Any] = {}
    if customer_outcome is not None:
        extra["customer_outcome"] = check_choice(
            customer_outcome, CustomerOutcome, field="customer_outcome"
        ).value
    if note is not None:
        extra["note"] = check_text(note, field="note", max_length=500)
    with desk.transaction() as connection:
        row = incident_row(connection, incident_id)
        refuse_if_synced(row)
        info = desk.store_info(row.store_id)
        if goodwill is not None:
            extra["goodwill"] = Money.parse(goodwill, info.currency, field="goodwill")
        status = Status(row.status)
        if status is not Status.DETECTED:
            earlier = repository.get_decision_row(connection=connection, incident_id=incident_id)
            if earlier is not None and earlier.action == action:
                entries = []  # the same decision again: answer as the first time did
            else:
                after_decision(status, needs_approval=False, resolves_as=status)  # raises
        else:
            option = offered_options(row).choose(action)
            new_status = after_decision(
                status, needs_approval=option.requires_approval, resolves_as=option.resolves_as
            )
            now = desk.clock()
            waiting = new_status is Status.AWAITING_APPROVAL
            repository.update_incident(
                connection=connection,
                incident_id=incident_id,
                status=new_status.value,
                requested_action=option.action,
                escalated_at=now if waiting else None,
                resolved_at=None if waiting else now,
            )
            entries = [
                record_decision(
                    connection, info, incident_id, option, new_status, cashier, now, extra
                )
            ]
    desk.notify(incident_id, entries)
    return desk.get_incident(incident_id)


def record_outcome(
    desk: Desk, incident_id: str, *, customer_outcome: str, staff: str
) -> IncidentView:
    """See :meth:`pos_discrepancy.desk.Desk.record_outcome`."""
    incident_id = check_uuid(incident_id, field="incident_id")
    staff = check_code(staff, field="staff")
    outcome = check_choice(customer_outcome, CustomerOutcome, field="customer_outcome")
    with desk.transaction() as connection:
        row = incident_row(connection, incident_id)
        if repository.get_decision_row(connection=connection, incident_id=incident_id) is None:
            raise InvalidTransition(
                "customer_outcome: the cashier has not decided yet", field="customer_outcome"
            )
        repository.update_decision(
            connection=connection, incident_id=incident_id, customer_outcome=outcome.value
        )
        entry = append_event(
            connection,
            store_id=row.store_id,
            incident_id=incident_id,
            kind="outcome_recorded",
            at=desk.clock(),
            data={"status": row.status, "customer_outcome": outcome, "staff": staff},
        )
    desk.notify(incident_id, [entry])
    return desk.get_incident(incident_id)

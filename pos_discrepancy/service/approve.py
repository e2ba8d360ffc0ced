"""Manager approval: limits and separation of duties, after the manager's PIN."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Row

from ..domain import Action, CustomerOutcome, Resolution
from ..domain.incident import after_approval, after_outcome
from ..errors import N_, InvalidInput, NotFound, NotPermitted
from ..ids import check_uuid
from ..money import Money
from ..schemas import ApprovalRequest, validate
from ..store import repository
from ..views import IncidentView
from .context import Context
from .decide import refuse_if_synced
from .pins import APPROVER_ROLES, NOT_AN_APPROVER, authenticate
from .read import NO_INCIDENT, get_incident
from .timeouts import apply_timeouts, offered_options, settle


def approve(
    ctx: Context,
    incident_id: str,
    *,
    manager: str,
    pin: str,
    approve: bool,
    note: str | None,
    customer_outcome: str | None,
) -> IncidentView:
    """See :meth:`pos_discrepancy.desk.Desk.approve`."""
    incident_id = check_uuid(incident_id, field="incident_id")
    request = validate(
        ApprovalRequest,
        {"manager": manager, "pin": pin, "approve": approve, "note": note,
         "customer_outcome": customer_outcome},
    )  # fmt: skip
    manager, pin = request.manager, request.pin
    approve = request.approve
    extra: dict[str, Any] = {}
    if request.note is not None:
        extra["note"] = request.note
    if request.customer_outcome is not None:
        extra["customer_outcome"] = CustomerOutcome(request.customer_outcome)
    apply_timeouts(ctx, incident_id=incident_id)
    with ctx.reading() as connection:
        row = repository.get_incident_row(connection=connection, incident_id=incident_id)
        if row is None:
            raise NotFound.worded("incident_id", NO_INCIDENT, incident_id=incident_id)
        refuse_if_synced(row)
        staff = repository.get_staff(connection=connection, store_id=row.store_id, code=manager)
    if staff is None:
        raise NotFound.worded(
            "manager",
            N_("%(code)s is not on the staff of %(store)s"),
            code=repr(manager),
            store=row.store_id,
        )
    if staff.role not in APPROVER_ROLES:
        raise NotPermitted.worded("manager", NOT_AN_APPROVER[staff.role], code=manager)
    authenticate(ctx, staff, pin)
    # Recorded so a server taking this approval in by sync knows the PIN was checked,
    # where, and against the hash kept since when (an offline register's cached copy).
    extra["pin_verified_at"] = {
        "register": row.register_id,
        "pin_hash_of": staff.created_at.date().isoformat(),
    }
    with ctx.transaction() as connection:
        row = repository.get_incident_row(
            connection=connection, incident_id=incident_id, for_update=True
        )
        assert row is not None
        resolution = after_approval(Resolution(row.resolution), approve=approve)
        decision = repository.get_decision_row(connection=connection, incident_id=incident_id)
        if "customer_outcome" in extra and decision is not None:
            extra["customer_outcome"] = after_outcome(
                decision.customer_outcome or CustomerOutcome.UNKNOWN, extra["customer_outcome"]
            ).value
        asked_by = {row.cashier.upper(), decision.decided_by.upper() if decision else None}
        if manager in asked_by:  # codes are identities: m03 asking, M03 approving
            raise NotPermitted.worded(
                "manager",
                N_("the cashier who asked cannot approve their own request; ask another manager"),
            )
        info = ctx.store_info(row.store_id)
        charge = _charge(
            row, approve=approve, role=staff.role, limit=info.policy.manager_override_limit
        )
        settle(
            ctx,
            connection,
            row,
            resolution,
            charge,
            approval="approved" if approve else "denied",
            approver=manager,
            extra=extra,
        )
    return get_incident(ctx, incident_id)


def _charge(row: Row[Any], *, approve: bool, role: str, limit: Decimal) -> Money:
    options = offered_options(row)
    if approve:
        chosen = options.get(row.requested_action or Action.ESCALATE)
        assert chosen is not None
        given_away = Money.from_minor(row.line_difference_minor, row.currency)
        if given_away.amount > limit and role != "admin":
            raise NotPermitted.worded(
                "manager",
                N_("the difference is above the manager override limit (%(limit)s); an admin "
                   "must approve"),
                limit=limit,
            )  # fmt: skip
        return chosen.charge
    decline = options.get(Action.DECLINE)
    if decline is None or not decline.available:
        reason = decline.reason if decline else "no decline option was offered"
        raise InvalidInput.worded(
            "approve", N_("the request cannot be denied here: %(reason)s"), reason=reason
        )
    return decline.charge

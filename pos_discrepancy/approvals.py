"""Manager approval: PINs (argon2id), lockout, limits, separation of duties, timeouts."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from .decisions import refuse_if_synced
from .domain import Action, CustomerOutcome, Status
from .domain.incident import after_approval
from .errors import (
    AuthenticationFailed,
    InvalidInput,
    LockedOut,
    NotFound,
    NotPermitted,
)
from .ids import check_uuid
from .inputs import check_choice, check_code, check_text
from .money import Money
from .register import offered_options
from .store import repository
from .store.journal import append_event
from .views import IncidentView

if TYPE_CHECKING:
    from sqlalchemy import Connection, Row

    from .desk import Desk

ROLES = ("cashier", "manager", "ops", "admin")
APPROVER_ROLES = frozenset({"manager", "admin"})
MAX_PIN_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
STAFF = repository.STAFF
PIN_HASHER = PasswordHasher()  # argon2id with the library's recommended parameters


def check_pin(pin: object) -> str:
    """A PIN is 4 to 8 digits, given as text (so leading zeros survive)."""
    if not isinstance(pin, str) or not pin.isascii() or not pin.isdigit() or not 4 <= len(pin) <= 8:
        raise InvalidInput("pin: must be 4 to 8 digits, given as text", field="pin")
    return pin


def hash_pin(pin: object, hasher: PasswordHasher = PIN_HASHER) -> str:
    """The argon2id hash stored for a PIN."""
    return hasher.hash(check_pin(pin))


def authenticate(desk: Desk, staff: Row[Any], pin: str) -> None:
    """Verify ``pin`` for ``staff``; count failures and lock after five in a row.

    The failure count is committed even though the caller's action fails: that is the
    point of a lockout. The count is read and written under a row lock after the (slow)
    hash check, so PINs tried in parallel are all counted, and a right PIN that arrives
    while a parallel guess has just locked the manager is refused too.
    """
    now = desk.clock()
    _refuse_if_locked(staff, now)
    try:
        right = desk.pin_hasher.verify(staff.pin_hash or "", pin)
    except (VerificationError, InvalidHashError):
        right = False
    with desk.transaction() as connection:
        current = connection.execute(
            select(STAFF)
            .where(STAFF.c.store_id == staff.store_id, STAFF.c.code == staff.code)
            .with_for_update()
        ).one()
        _refuse_if_locked(current, now)
        failures = 0 if right else current.failed_pin_attempts + 1
        locked = failures >= MAX_PIN_FAILURES
        if failures != current.failed_pin_attempts or locked or current.locked_until:
            repository.update_staff(
                connection=connection,
                store_id=staff.store_id,
                code=staff.code,
                failed_pin_attempts=0 if locked else failures,
                locked_until=now + LOCKOUT if locked else None,
            )
    if right:
        return
    if locked:
        raise LockedOut(
            f"manager: wrong PIN; {staff.code} is now locked for {LOCKOUT.seconds // 60} "
            "minutes (ask another manager)",
            field="manager",
        )
    left = MAX_PIN_FAILURES - failures
    raise AuthenticationFailed(
        f"pin: wrong PIN for {staff.code} ({left} more tries before "
        f"a {LOCKOUT.seconds // 60}-minute lock)",
        field="pin",
    )


def _refuse_if_locked(staff: Row[Any], now: datetime) -> None:
    if staff.locked_until is not None and staff.locked_until > now:
        minutes = max(1, int((staff.locked_until - now).total_seconds() // 60) + 1)
        raise LockedOut(
            f"manager: {staff.code} is locked after {MAX_PIN_FAILURES} wrong "
            f"PINs; try again in {minutes} minute(s) or ask another manager",
            field="manager",
        )


def approve(
    desk: Desk,
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
    manager = check_code(manager, field="manager")
    pin = check_pin(pin)
    if not isinstance(approve, bool):
        raise InvalidInput("approve: must be true or false", field="approve")
    extra: dict[str, Any] = {}
    if note is not None:
        extra["note"] = check_text(note, field="note", max_length=500)
    if customer_outcome is not None:
        extra["customer_outcome"] = check_choice(
            customer_outcome, CustomerOutcome, field="customer_outcome"
        ).value
    apply_timeouts(desk, incident_id=incident_id)
    with desk.reading() as connection:
        row = repository.get_incident_row(connection=connection, incident_id=incident_id)
        if row is None:
            raise NotFound(f"incident_id: no incident {incident_id}", field="incident_id")
        refuse_if_synced(row)
        staff = repository.get_staff(connection=connection, store_id=row.store_id, code=manager)
    if staff is None:
        raise NotFound(
            f"manager: {manager!r} is not on the staff of {row.store_id}", field="manager"
        )
    if staff.role not in APPROVER_ROLES:
        raise NotPermitted(
            f"manager: {manager} is a {staff.role}; only a manager or admin can approve",
            field="manager",
        )
    authenticate(desk, staff, pin)
    with desk.transaction() as connection:
        row = repository.get_incident_row(
            connection=connection, incident_id=incident_id, for_update=True
        )
        assert row is not None
        new_status = after_approval(Status(row.status), approve=approve)
        decision = repository.get_decision_row(connection=connection, incident_id=incident_id)
        if manager in {row.cashier, decision.decided_by if decision else None}:
            raise NotPermitted(
                "manager: the cashier who asked cannot approve their own "
                "request; ask another manager",
                field="manager",
            )
        info = desk.store_info(row.store_id)
        charge = _charge(
            row, approve=approve, role=staff.role, limit=info.policy.manager_override_limit
        )
        entry = _resolve(
            desk,
            connection,
            row,
            new_status,
            charge,
            approval="approved" if approve else "denied",
            approver=manager,
            extra=extra,
        )
    desk.notify(incident_id, [entry])
    return desk.get_incident(incident_id)


def _charge(row: Row[Any], *, approve: bool, role: str, limit: Decimal) -> Money:
    options = offered_options(row)
    if approve:
        chosen = options.get(row.requested_action or Action.ESCALATE)
        assert chosen is not None
        given_away = Money.from_minor(row.line_difference_minor, row.currency)
        if given_away.amount > limit and role != "admin":
            raise NotPermitted(
                f"manager: the difference is above the manager override limit "
                f"({limit}); an admin must approve",
                field="manager",
            )
        return chosen.charge
    decline = options.get(Action.DECLINE)
    if decline is None or not decline.available:
        reason = decline.reason if decline else "no decline option was offered"
        raise InvalidInput(f"approve: the request cannot be denied here: {reason}", field="approve")
    return decline.charge


def _resolve(
    desk: Desk,
    connection: Connection,
    row: Row[Any],
    status: Status,
    charge: Any,
    *,
    approval: str,
    approver: str | None,
    extra: dict[str, Any],
) -> Any:
    now = desk.clock()
    repository.update_incident(
        connection=connection, incident_id=row.id, status=status.value, resolved_at=now
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
    kind = {"approved": "approved", "denied": "denied", "timed_out": "approval_timed_out"}
    return append_event(
        connection,
        store_id=row.store_id,
        incident_id=row.id,
        kind=kind[approval],
        at=now,
        data={"status": status, "manager": approver, "charge": charge, **extra},
    )


def apply_timeouts(
    desk: Desk, *, store_id: str | None = None, incident_id: str | None = None
) -> int:
    """Resolve escalations older than ``approval_timeout_seconds`` as the policy says.

    ``on_approval_timeout = "honor"`` charges the requested (tag) price; ``"decline"``
    charges the scanned price when declining is allowed, else honors. Returns how many.
    """
    incidents = repository.INCIDENTS
    # An incident delivered by sync waits at its offline register, which times it out.
    query = select(incidents.c.id, incidents.c.store_id, incidents.c.escalated_at).where(
        incidents.c.status == Status.AWAITING_APPROVAL.value, incidents.c.synced.is_(False)
    )
    if store_id is not None:
        query = query.where(incidents.c.store_id == store_id)
    if incident_id is not None:
        query = query.where(incidents.c.id == incident_id)
    now = desk.clock()
    with desk.reading() as connection:
        waiting = list(connection.execute(query))
    expired = [
        w
        for w in waiting
        if w.escalated_at
        + timedelta(seconds=desk.store_info(w.store_id).policy.approval_timeout_seconds)
        <= now
    ]
    for item in expired:
        policy = desk.store_info(item.store_id).policy
        with desk.transaction() as connection:
            row = repository.get_incident_row(
                connection=connection, incident_id=item.id, for_update=True
            )
            if row is None or row.status != Status.AWAITING_APPROVAL.value:
                continue  # resolved meanwhile
            options = offered_options(row)
            decline = options.get(Action.DECLINE)
            honor = options.get(row.requested_action or Action.ESCALATE)
            if policy.on_approval_timeout == "decline" and decline and decline.available:
                status, charge = Status.DECLINED, decline.charge
            else:
                status, charge = Status.HONORED, (honor or options.choose(Action.HONOR)).charge
            entry = _resolve(
                desk, connection, row, status, charge, approval="timed_out", approver=None, extra={}
            )
        desk.notify(item.id, [entry])
    return len(expired)

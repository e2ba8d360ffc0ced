"""What the server re-checks of each synced event before it applies it (design §6).

The server trusts a register's facts, not its verdicts: every event is replayed through
the same transitions and rules as a live call (``decide``, ``approve``, the timeouts,
``fix``, ``claim_bonus``). :func:`check_event` raises a :class:`DiscrepancyError` whose
``field`` is the event's path in the batch (``incidents[0].events[2].data.manager``) and
whose message says why; intake quarantines the event with that reason.

Checked here: the kind is one the server knows; the event's time is plausible (not more
than ``max_clock_ahead_seconds`` ahead of the server, not before the register was
registered); money is exact decimal text in the store's currency, never negative; an
incident is detected once, with facts that agree with the incident sent; a decision
takes an option the incident offered, at that option's charge; an approval or denial is
by a manager or admin of the store who is not the cashier who asked, within the
manager override limit (admins unlimited), with the PIN check the register made recorded;
a timeout comes no earlier than the store's timeout and settles as its policy says; the
status each event states is the one its transition gives.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Row

from ..domain import Action, CustomerOutcome, Option, OptionList, Resolution, Signage, StoreInfo
from ..domain.incident import RESOLVED, after_approval, after_decision, after_outcome
from ..domain.staff import APPROVER_ROLES
from ..errors import DiscrepancyError, InvalidInput, InvalidTransition, NotFound, NotPermitted
from ..inputs import check_code
from ..money import Money
from ..store import repository
from ..store.projection import (
    DETECTED_FACTS,
    JSON_FACTS,
    MONEY_COLUMNS,
    RESOLUTIONS,
    Projection,
    agrees,
    money_text,
)
from ..sync.batch import EventPush, IncidentPush

#: Every event kind a register's desk writes (and so the server applies).
KNOWN_KINDS = frozenset(
    {
        "detected",
        "decided",
        "approved",
        "denied",
        "approval_timed_out",
        "outcome_recorded",
        "signage_fixed",
        "bonus_claimed",
    }
)
#: Money an event's data may carry (decimal text, never negative).
MONEY_KEYS = ("charge", "goodwill", "bonus", "refund", "owed")
#: The detected event's money facts; differences may be negative (an undercharge).
PRICE_KEYS = ("shelf_price", "scanned_price", "claimed_total", "scanned_total")
DIFFERENCE_KEYS = ("difference", "line_difference")


@dataclass(frozen=True)
class Intake:
    """Where a batch is taken in: the store, the token's register and the server's clock."""

    info: StoreInfo
    register: str
    registered_at: datetime | None
    received_at: datetime


def refused(kind: type[DiscrepancyError], field: str, reason: str) -> DiscrepancyError:
    """An error naming ``field`` (a path in the batch), its message ``field: reason``."""
    return kind(f"{field}: {reason}", field=field)


def check_event(
    connection: Connection,
    intake: Intake,
    incident: IncidentPush,
    event: EventPush,
    row: Row[Any] | None,
) -> None:
    """Raise (field: the event's path) unless ``event`` may be applied to ``row``, the
    incident as the server has it (``None``: not there yet)."""
    path = event.path
    if event.kind not in KNOWN_KINDS:
        known = ", ".join(sorted(KNOWN_KINDS))
        raise refused(
            InvalidInput, f"{path}.kind", f"{event.kind!r} is not an event kind (known: {known})"
        )
    check_time(intake, event)
    _check_money(intake.info.currency, event)
    if event.kind == "detected":
        if row is not None:
            raise refused(
                InvalidTransition,
                f"{path}.kind",
                f"incident {incident.id} was already detected; a second detected event is refused",
            )
        check_detected(incident, event)
        return
    if row is None:
        raise refused(
            InvalidTransition, f"{path}.kind", "a new incident starts with its detected event"
        )
    decision = repository.get_decision_row(connection=connection, incident_id=row.id)
    resolution = Resolution(row.resolution)
    try:
        if event.kind == "decided":
            resolution = _check_decided(row, event)
        elif event.kind in ("approved", "denied"):
            resolution = _check_approval(connection, intake, row, decision, event)
        elif event.kind == "approval_timed_out":
            resolution = _check_timeout(intake, row, event)
        elif event.kind == "outcome_recorded":
            _check_outcome(decision, event)
        elif event.kind == "bonus_claimed":
            _check_bonus(row, decision, event)
        else:
            _check_fix(event)
    except DiscrepancyError as error:
        if error.field and error.field.startswith(path):
            raise
        field = f"{path}.data.{error.field}" if error.field else f"{path}.data"
        reason = error.message.removeprefix(f"{error.field}: ") if error.field else error.message
        raise refused(type(error), field, reason) from None
    _check_stated(row, event, resolution)


def check_time(intake: Intake, event: EventPush) -> None:
    """An event time the server can believe: at most ``max_clock_ahead_seconds`` ahead
    of its clock, and not before the register was registered."""
    tolerance = intake.info.policy.max_clock_ahead_seconds
    ahead = event.at - intake.received_at
    if ahead > timedelta(seconds=tolerance):
        raise refused(
            InvalidInput,
            f"{event.path}.at",
            f"{event.at.isoformat()} is {_span(ahead)} ahead of the server's clock (at most "
            f"{tolerance} s allowed: max_clock_ahead_seconds); the register's clock is wrong",
        )
    if intake.registered_at is not None and event.at < intake.registered_at:
        raise refused(
            InvalidInput,
            f"{event.path}.at",
            f"{event.at.isoformat()} is before register {intake.register} was registered "
            f"({intake.registered_at.isoformat()}); the register's clock is wrong",
        )


def _span(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds >= 86_400:
        return f"{seconds // 86_400} days"
    return f"{seconds} s"


def _check_money(currency: str, event: EventPush) -> None:
    data = event.data
    for key in MONEY_KEYS + PRICE_KEYS + DIFFERENCE_KEYS:
        if key not in data or (data[key] is None and key in MONEY_KEYS):
            continue
        amount_of(data[key], currency, field=f"{event.path}.data.{key}",
                  negative=key in DIFFERENCE_KEYS)  # fmt: skip


def amount_of(value: object, currency: str, *, field: str, negative: bool = False) -> Money:
    """Exact decimal text in ``currency`` (``"9.98"``), as events record money."""
    if not isinstance(value, str):
        raise refused(InvalidInput, field, f'must be decimal text such as "9.98", not {value!r}')
    try:
        return Money.parse(value, currency, field=field, allow_negative=negative, maximum=None)
    except InvalidInput as error:
        raise refused(InvalidInput, field, error.message.removeprefix(f"{field}: ")) from None


def check_detected(incident: IncidentPush, event: EventPush) -> None:
    """A detected event states ``detected`` and offers options it can charge."""
    said = event.data.get("resolution", event.data.get("status"))
    if said != Resolution.DETECTED.value:
        raise refused(
            InvalidInput, f"{event.path}.data.status", f"a detection is detected, not {said!r}"
        )
    check_facts(incident, event)
    currency = incident.facts["currency"]
    scanned_total = Money.from_minor(incident.facts["scanned_total_minor"], currency)
    try:
        options = _options(incident.facts["options_json"], currency)
    except (DiscrepancyError, ValueError, KeyError, TypeError):
        raise refused(
            InvalidInput, f"{event.path}.data.options", "the options offered cannot be read"
        ) from None
    for option in options:
        if option.charge > scanned_total:
            raise refused(
                InvalidInput,
                f"{event.path}.data.options",
                f"option {option.action!r} charges {option.charge} for a line that scanned at "
                f"{scanned_total}",
            )
    decline = options.get(Action.DECLINE)
    if decline is not None and decline.charge != scanned_total:
        raise refused(
            InvalidInput,
            f"{event.path}.data.options",
            f"decline charges the scanned price ({scanned_total}), not {decline.charge}",
        )


def check_facts(incident: IncidentPush, event: EventPush) -> None:
    """The facts sent must be every one the detected event recorded (the journal checks
    each incident column against its events)."""
    facts, currency = incident.facts, incident.facts["currency"]
    projection = Projection()
    projection.apply(store_id=incident.store, kind="detected", at=event.at, data=event.data)
    expected = projection.incident
    keys = {**{c: k for k, c in DETECTED_FACTS.items()}, **{c: k for k, c in JSON_FACTS.items()}}
    for key in keys.values():
        if key not in event.data:
            field = f"{event.path}.data.{key}"
            raise InvalidInput(f"{field}: the detected event must record it", field=field)
    for column, wanted in expected.items():
        if column in facts and not agrees(column, facts[column], wanted, currency):
            key = keys.get(column, "at" if column == "detected_at" else "claim")
            field = f"{event.path}.data.{key}" if key != "at" else f"{event.path}.at"
            shown = facts[column]
            if column in MONEY_COLUMNS:
                shown = money_text(shown, currency)
            raise InvalidInput(f"{field}: differs from the incident's {key} ({shown})", field=field)


def _options(options_json: str, currency: str) -> OptionList:
    return OptionList(Option.from_dict(o, currency) for o in json.loads(options_json))


def _charge(event: EventPush, currency: str, wanted: Money | None, what: str) -> None:
    """The event's charge is the one the rules give (``None``: no charge yet)."""
    given = event.data.get("charge")
    field = f"{event.path}.data.charge"
    if wanted is None:
        if given is not None:
            raise refused(InvalidInput, field, f"{what} charges nothing yet, not {given}")
        return
    if given is None or amount_of(given, currency, field=field) != wanted:
        raise refused(
            InvalidInput, field, f"{what} charges {wanted}, not {given if given else 'nothing'}"
        )


def _check_decided(row: Row[Any], event: EventPush) -> Resolution:
    data, currency = event.data, row.currency
    options = _options(row.options_json, currency)
    option = options.choose(data.get("action"))  # refuses one not offered or unavailable
    resolution = after_decision(
        Resolution(row.resolution),
        needs_approval=option.requires_approval,
        resolves_as=option.resolves_as,
    )
    resolved = resolution in RESOLVED
    what = f"the {option.action} option offered"
    _charge(event, currency, option.charge if resolved else None, what)
    bonus = data.get("bonus")
    wanted_bonus = option.bonus if resolved else None
    if (bonus is None) != (wanted_bonus is None) or (
        bonus is not None and amount_of(bonus, currency, field="bonus") != wanted_bonus
    ):
        raise InvalidInput(f"bonus: {what} owes {wanted_bonus or 'no bonus'}", field="bonus")
    if "requires_approval" in data and data["requires_approval"] is not (not resolved):
        raise InvalidInput(
            f"requires_approval: {what} {'needs' if not resolved else 'needs no'} approval",
            field="requires_approval",
        )
    check_code(data.get("cashier"), field="cashier")
    if data.get("customer_outcome") is not None:
        after_outcome(CustomerOutcome.UNKNOWN, data["customer_outcome"])
    return resolution


def _check_approval(
    connection: Connection,
    intake: Intake,
    row: Row[Any],
    decision: Row[Any] | None,
    event: EventPush,
) -> Resolution:
    approve = event.kind == "approved"
    resolution = after_approval(Resolution(row.resolution), approve=approve)
    manager = check_code(event.data.get("manager"), field="manager")
    staff = repository.get_staff(connection=connection, store_id=row.store_id, code=manager)
    verb = "approved" if approve else "denied"
    if staff is None:
        raise NotFound(
            f"manager: {verb} by {manager}, who is not on the staff of {row.store_id}",
            field="manager",
        )
    if staff.role not in APPROVER_ROLES:
        raise NotPermitted(
            f"manager: {verb} by {manager}, a {staff.role}; only a manager or admin can approve",
            field="manager",
        )
    asked_by = {row.cashier.upper(), decision.decided_by.upper() if decision else None}
    if manager in asked_by:
        raise NotPermitted(
            f"manager: {verb} by {manager}, the cashier who asked; a request cannot be "
            "approved by whoever made it",
            field="manager",
        )
    options = _options(row.options_json, row.currency)
    if approve:
        limit = intake.info.policy.manager_override_limit
        given_away = Money.from_minor(row.line_difference_minor, row.currency)
        if given_away.amount > limit and staff.role != "admin":
            raise NotPermitted(
                f"manager: approved by {manager} for a difference of {given_away}, above the "
                f"manager override limit ({limit}); an admin must approve",
                field="manager",
            )
        chosen = options.get(row.requested_action or Action.ESCALATE)
        wanted = None if chosen is None else chosen.charge
        what = f"approving the {row.requested_action or Action.ESCALATE} request"
    else:
        decline = options.get(Action.DECLINE)
        if decline is None or not decline.available:
            raise InvalidInput(
                "approve: the request cannot be denied here: "
                + (decline.reason or "decline is not available" if decline else "no decline"),
                field="approve",
            )
        wanted, what = decline.charge, "denying the request"
    _pin_record(intake, event, manager, verb)
    _charge(event, row.currency, wanted, what)
    return resolution


def _pin_record(intake: Intake, event: EventPush, manager: str, verb: str) -> None:
    """The register recorded the PIN check it made: where, and against which hash."""
    record = event.data.get("pin_verified_at")
    field = f"{event.path}.data.pin_verified_at"
    if record is None:
        raise refused(NotPermitted, field, f"{verb} by {manager} with no PIN check")
    register = record.get("register") if isinstance(record, dict) else None
    taken = record.get("pin_hash_of") if isinstance(record, dict) else None
    if not isinstance(register, str) or register.upper() != intake.register:
        raise refused(
            NotPermitted,
            field,
            f"{verb} by {manager} with a PIN check at {register!r}, not at register "
            f"{intake.register}",
        )
    if _day(taken) is None or _day(taken) > event.at.date():  # type: ignore[operator]
        raise refused(
            NotPermitted, field, f"{verb} by {manager} with a PIN check against no known hash"
        )


def _day(value: object) -> date | None:
    """The date an ISO text starts with (``2026-11-25``), or ``None``."""
    try:
        return date.fromisoformat(value[:10]) if isinstance(value, str) else None
    except ValueError:
        return None


def _check_timeout(intake: Intake, row: Row[Any], event: EventPush) -> Resolution:
    after_approval(Resolution(row.resolution), approve=True)  # raises unless waiting
    policy = intake.info.policy
    if event.data.get("manager") is not None:
        raise InvalidInput("manager: a timeout is nobody's approval", field="manager")
    due = row.escalated_at + timedelta(seconds=policy.approval_timeout_seconds)
    if event.at < due:
        raise refused(
            InvalidInput,
            f"{event.path}.at",
            f"timed out at {event.at.isoformat()}, before the store's "
            f"approval_timeout_seconds ({policy.approval_timeout_seconds} s) had passed "
            f"since the escalation ({row.escalated_at.isoformat()})",
        )
    options = _options(row.options_json, row.currency)
    decline = options.get(Action.DECLINE)
    if policy.on_approval_timeout == "decline" and decline is not None and decline.available:
        resolution, wanted = Resolution.DECLINED, decline.charge
    else:
        honor = options.get(row.requested_action or Action.ESCALATE)
        chosen = honor or options.choose(Action.HONOR)
        resolution, wanted = Resolution.HONORED, chosen.charge
    _charge(event, row.currency, wanted, f"a timeout that {resolution.value[:-2]}s")
    return resolution


def _check_outcome(decision: Row[Any] | None, event: EventPush) -> None:
    if decision is None:
        raise InvalidTransition(
            "customer_outcome: the cashier has not decided yet", field="customer_outcome"
        )
    after_outcome(
        CustomerOutcome(decision.customer_outcome or CustomerOutcome.UNKNOWN),
        event.data.get("customer_outcome", ""),
    )


def _check_bonus(row: Row[Any], decision: Row[Any] | None, event: EventPush) -> None:
    if decision is None or decision.charge_minor is None or row.resolution not in RESOLVED:
        raise InvalidTransition("owed: the sale is not settled yet", field="owed")
    if decision.bonus_minor is not None:
        raise InvalidTransition("owed: a bonus claim is already recorded", field="owed")
    currency, data = row.currency, event.data
    parts = [amount_of(data.get(k), currency, field=k) for k in ("refund", "bonus", "owed")]
    if parts[0] + parts[1] != parts[2]:
        raise InvalidInput("owed: must be the refund plus the bonus", field="owed")


def _check_fix(event: EventPush) -> None:
    check_code(event.data.get("staff"), field="staff")
    cause = event.data.get("cause")
    if cause is not None and not (isinstance(cause, str) and len(cause) <= 32):
        raise InvalidInput("cause: must be a word of at most 32 characters", field="cause")


def _check_stated(row: Row[Any], event: EventPush, resolution: Resolution) -> None:
    """What the event says of the incident is what its transition gives: a forged
    ``status`` must not move the case (the journal's projection follows it)."""
    data = event.data
    said = data.get("resolution", data.get("status"))
    if event.kind != "signage_fixed" and said in RESOLUTIONS and said != resolution.value:
        key = "resolution" if "resolution" in data else "status"
        raise refused(
            InvalidInput,
            f"{event.path}.data.{key}",
            f"the incident is {resolution.value} after this {event.kind} event, not {said}",
        )
    fixed = event.kind == "signage_fixed" or row.signage == Signage.FIXED.value
    if data.get("status") == "signage_fixed" and not fixed:
        raise refused(
            InvalidInput,
            f"{event.path}.data.status",
            "the tag is fixed only by a signage_fixed event",
        )
    if data.get("status") == "signage_fixed" and resolution not in RESOLVED:
        raise refused(
            InvalidInput,
            f"{event.path}.data.status",
            f"the summary is signage_fixed only once the case is resolved ({resolution.value})",
        )


__all__ = [
    "KNOWN_KINDS",
    "Intake",
    "amount_of",
    "check_event",
    "check_facts",
    "check_time",
    "refused",
]

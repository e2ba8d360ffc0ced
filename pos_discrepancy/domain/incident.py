"""The incident's life: states, causes, outcomes, and the transitions between states."""

from __future__ import annotations

from enum import StrEnum

from ..errors import InvalidTransition


class Status(StrEnum):
    """Where an incident is in its life (see docs/concepts.md)."""

    DETECTED = "detected"
    AWAITING_APPROVAL = "awaiting_approval"
    HONORED = "honored"
    DECLINED = "declined"
    SIGNAGE_FIXED = "signage_fixed"


class Cause(StrEnum):
    """Why the tag and the scan disagreed, when known."""

    SALE_ENDED_TAG_LEFT_UP = "sale_ended_tag_left_up"
    WRONG_LOCATION = "wrong_location"
    PRICE_FILE_ERROR = "price_file_error"
    MISSING_TAG = "missing_tag"
    OTHER = "other"


class CustomerOutcome(StrEnum):
    """Did the customer buy the item or walk away?"""

    PURCHASED = "purchased"
    WALKED_AWAY = "walked_away"


#: The cashier's decision may be taken only from these states.
DECIDABLE = frozenset({Status.DETECTED})
#: A tag can be marked fixed once the checkout moment is over (or was never decided).
FIXABLE = frozenset({Status.DETECTED, Status.HONORED, Status.DECLINED})
#: Where a decision (once approved, if it needs approval) can end.
RESOLVED = frozenset({Status.HONORED, Status.DECLINED})

#: Every allowed move, for documentation and tests: ``{from: {to, ...}}``.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.DETECTED: frozenset(
        {Status.AWAITING_APPROVAL, Status.HONORED, Status.DECLINED, Status.SIGNAGE_FIXED}
    ),
    Status.AWAITING_APPROVAL: frozenset({Status.HONORED, Status.DECLINED}),
    Status.HONORED: frozenset({Status.SIGNAGE_FIXED}),
    Status.DECLINED: frozenset({Status.SIGNAGE_FIXED}),
    Status.SIGNAGE_FIXED: frozenset(),
}

# How each state reads to a person at the register ("this incident ...").
_STATE_TEXT = {
    Status.DETECTED: "is waiting for the cashier's decision",
    Status.AWAITING_APPROVAL: "is waiting for a manager's approval",
    Status.HONORED: "was already settled at the tag price",
    Status.DECLINED: "was already settled at the scanned price",
    Status.SIGNAGE_FIXED: "is closed because its shelf tag was already marked fixed",
}


def describe(status: Status) -> str:
    """Where the incident is, for a cashier, with the status code for integrators:
    ``"this incident is waiting for a manager's approval (status awaiting_approval)"``."""
    status = Status(status)
    return f"this incident {_STATE_TEXT[status]} (status {status.value})"


def after_decision(status: Status, *, needs_approval: bool, resolves_as: Status) -> Status:
    """The state after the cashier picks an option.

    :param needs_approval: the option waits for a manager (``awaiting_approval``).
    :param resolves_as: where the option ends without approval (``honored``/``declined``).
    :raises InvalidTransition: (field ``action``) the incident is not ``detected``: a
        decision is made once.
    """
    if status not in DECIDABLE:
        why = (
            "no decision can be made any more"
            if status is Status.SIGNAGE_FIXED
            else ("a decision can be made only once")
        )
        raise InvalidTransition(f"action: {why}, and {describe(status)}.", field="action")
    if resolves_as not in RESOLVED:
        # An option built by a plugin with a state a decision cannot reach.
        raise ValueError(f"an option must resolve as honored or declined, not {resolves_as!r}")
    return Status.AWAITING_APPROVAL if needs_approval else resolves_as


def after_approval(status: Status, *, approve: bool) -> Status:
    """The state after a manager approves or denies (or the approval times out).

    :raises InvalidTransition: (field ``incident_id``) it is not ``awaiting_approval``.
    """
    if status is not Status.AWAITING_APPROVAL:
        raise InvalidTransition(
            f"incident_id: not awaiting approval, so there is nothing to approve; "
            f"{describe(status)}.",
            field="incident_id",
        )
    return Status.HONORED if approve else Status.DECLINED


def after_fix(status: Status) -> Status:
    """The state after ops staff mark the shelf tag fixed.

    :raises InvalidTransition: (field ``incident_id``) the incident waits for a manager,
        or its tag is already fixed.
    """
    if status is Status.SIGNAGE_FIXED:
        raise InvalidTransition(f"incident_id: {describe(status)}.", field="incident_id")
    if status not in FIXABLE:
        raise InvalidTransition(
            f"incident_id: {describe(status)}; settle that before marking the tag fixed.",
            field="incident_id",
        )
    return Status.SIGNAGE_FIXED

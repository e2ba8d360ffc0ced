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


def after_decision(status: Status, *, needs_approval: bool, resolves_as: Status) -> Status:
    """The state after the cashier picks an option; refuses a decided incident."""
    if status not in DECIDABLE:
        raise InvalidTransition(
            f"incident is already {status.value}; a decision can be made only once",
            field="action",
        )
    return Status.AWAITING_APPROVAL if needs_approval else resolves_as


def after_approval(status: Status, *, approve: bool) -> Status:
    """The state after a manager approves or denies (or the approval times out)."""
    if status is not Status.AWAITING_APPROVAL:
        raise InvalidTransition(
            f"incident is {status.value}, not awaiting approval", field="incident_id"
        )
    return Status.HONORED if approve else Status.DECLINED


def after_fix(status: Status) -> Status:
    """The state after ops staff mark the shelf tag fixed."""
    if status not in FIXABLE:
        if status is Status.SIGNAGE_FIXED:
            raise InvalidTransition(
                "the tag for this incident is already fixed", field="incident_id"
            )
        raise InvalidTransition(
            "the incident is awaiting a manager's approval; resolve that before the fix",
            field="incident_id",
        )
    return Status.SIGNAGE_FIXED

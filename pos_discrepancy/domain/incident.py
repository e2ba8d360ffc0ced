"""The incident's life: three independent facets, their transitions, and a summary status.

An incident has three facets (design §3), each a small state machine of its own:

- ``resolution`` — the customer at the till: ``detected`` → ``honored`` | ``declined``,
  or ``detected`` → ``awaiting_approval`` → ``honored`` | ``declined``;
- ``signage`` — the shelf: ``open`` → ``fixed``, at any time;
- ``customer_outcome`` — ``unknown`` → ``purchased`` | ``walked_away``.

The facets do not wait on each other: a tag may be fixed while a manager is being asked,
and a decision may arrive after the tag was fixed. :class:`Status` is one summary word
for lists: the resolution, or ``signage_fixed`` once the tag is fixed *and* the customer's
case is resolved.
"""

from __future__ import annotations

from enum import StrEnum

from ..errors import N_, InvalidInput, InvalidTransition


class Resolution(StrEnum):
    """Where the customer's case at the till is."""

    DETECTED = "detected"
    AWAITING_APPROVAL = "awaiting_approval"
    HONORED = "honored"
    DECLINED = "declined"


class Signage(StrEnum):
    """Whether the shelf tag is still wrong."""

    OPEN = "open"
    FIXED = "fixed"


class CustomerOutcome(StrEnum):
    """Did the customer buy the item or walk away? ``unknown`` until someone says."""

    UNKNOWN = "unknown"
    PURCHASED = "purchased"
    WALKED_AWAY = "walked_away"


class RecordedOutcome(StrEnum):
    """The customer outcomes a person records (``unknown`` is where every incident
    starts, never an answer): what requests may send."""

    PURCHASED = "purchased"
    WALKED_AWAY = "walked_away"


class Status(StrEnum):
    """One summary word for lists (see docs/concepts.md): the resolution, or
    ``signage_fixed`` once the tag is fixed and the customer's case resolved."""

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


#: Where a decision (once approved, if it needs approval) can end.
RESOLVED = frozenset({Resolution.HONORED, Resolution.DECLINED})
#: The outcomes a person can record (``unknown`` is where every incident starts).
RECORDABLE_OUTCOMES = (CustomerOutcome.PURCHASED, CustomerOutcome.WALKED_AWAY)

#: Every allowed move of each facet, for documentation and tests: ``{from: {to, ...}}``.
RESOLUTION_TRANSITIONS: dict[Resolution, frozenset[Resolution]] = {
    Resolution.DETECTED: frozenset(
        {Resolution.AWAITING_APPROVAL, Resolution.HONORED, Resolution.DECLINED}
    ),
    Resolution.AWAITING_APPROVAL: frozenset({Resolution.HONORED, Resolution.DECLINED}),
    Resolution.HONORED: frozenset(),
    Resolution.DECLINED: frozenset(),
}
SIGNAGE_TRANSITIONS: dict[Signage, frozenset[Signage]] = {
    Signage.OPEN: frozenset({Signage.FIXED}),
    Signage.FIXED: frozenset(),
}
OUTCOME_TRANSITIONS: dict[CustomerOutcome, frozenset[CustomerOutcome]] = {
    CustomerOutcome.UNKNOWN: frozenset(RECORDABLE_OUTCOMES),
    CustomerOutcome.PURCHASED: frozenset(),
    CustomerOutcome.WALKED_AWAY: frozenset(),
}

# How each resolution reads to a person at the register ("this incident ...").
_RESOLUTION_TEXT = {
    Resolution.DETECTED: "is waiting for the cashier's decision",
    Resolution.AWAITING_APPROVAL: "is waiting for a manager's approval",
    Resolution.HONORED: "was already settled at the tag price",
    Resolution.DECLINED: "was already settled at the scanned price",
}


#: "A decision is made once", by where the case already is (full sentences, so each
#: language words the whole; ``describe`` gives the same in English).
_DECIDED_ONCE = {
    Resolution.DETECTED: N_(
        "a decision can be made only once, and this incident is waiting for the cashier's "
        "decision (status %(status)s)."
    ),
    Resolution.AWAITING_APPROVAL: N_(
        "a decision can be made only once, and this incident is waiting for a manager's "
        "approval (status %(status)s)."
    ),
    Resolution.HONORED: N_(
        "a decision can be made only once, and this incident was already settled at the tag "
        "price (status %(status)s)."
    ),
    Resolution.DECLINED: N_(
        "a decision can be made only once, and this incident was already settled at the "
        "scanned price (status %(status)s)."
    ),
}
#: "Nothing to approve", by where the case is.
_NOTHING_TO_APPROVE = {
    Resolution.DETECTED: N_(
        "not awaiting approval, so there is nothing to approve; this incident is waiting for "
        "the cashier's decision (status %(status)s)."
    ),
    Resolution.AWAITING_APPROVAL: N_(
        "not awaiting approval, so there is nothing to approve; this incident is waiting for "
        "a manager's approval (status %(status)s)."
    ),
    Resolution.HONORED: N_(
        "not awaiting approval, so there is nothing to approve; this incident was already "
        "settled at the tag price (status %(status)s)."
    ),
    Resolution.DECLINED: N_(
        "not awaiting approval, so there is nothing to approve; this incident was already "
        "settled at the scanned price (status %(status)s)."
    ),
}
#: "An outcome is recorded once", by the outcome already recorded.
_RECORDED_ONCE = {
    CustomerOutcome.PURCHASED: N_("already recorded as purchased; an outcome is recorded once."),
    CustomerOutcome.WALKED_AWAY: N_(
        "already recorded as walked away; an outcome is recorded once."
    ),
}


def summary_status(resolution: Resolution, signage: Signage) -> Status:
    """The one summary word: ``signage_fixed`` once fixed and resolved, else the resolution."""
    resolution = Resolution(resolution)
    if Signage(signage) is Signage.FIXED and resolution in RESOLVED:
        return Status.SIGNAGE_FIXED
    return Status(resolution.value)


#: What a list of incidents may be narrowed to: ``open`` (tag not yet fixed), ``all``, or
#: one summary status.
LIST_FILTERS = ("open", "all", *(s.value for s in Status))


def check_list_filter(value: object) -> str:
    """A list filter (:data:`LIST_FILTERS`); blank is ``open``.

    :raises InvalidInput: (field ``status``) any other word.
    """
    text = str(value or "").strip() or "open"
    if text not in LIST_FILTERS:
        raise InvalidInput.worded(
            "status",
            N_("%(value)s is not one of %(choices)s"),
            value=repr(text[:40]),
            choices=", ".join(LIST_FILTERS),
        )
    return text


def describe(resolution: Resolution | str) -> str:
    """Where the customer's case is, for a cashier, with the code for integrators:
    ``"this incident is waiting for a manager's approval (status awaiting_approval)"``."""
    resolution = Resolution(resolution)
    return f"this incident {_RESOLUTION_TEXT[resolution]} (status {resolution.value})"


def after_decision(
    resolution: Resolution, *, needs_approval: bool, resolves_as: Resolution | str
) -> Resolution:
    """The resolution after the cashier picks an option (whatever the tag's state).

    :param needs_approval: the option waits for a manager (``awaiting_approval``).
    :param resolves_as: where the option ends without approval (``honored``/``declined``).
    :raises InvalidTransition: (field ``action``) the case is no longer ``detected``: a
        decision is made once.
    """
    resolution = Resolution(resolution)
    if resolution is not Resolution.DETECTED:
        raise InvalidTransition.worded("action", _DECIDED_ONCE[resolution], status=resolution.value)
    if resolves_as not in RESOLVED:
        # An option built by a plugin with a state a decision cannot reach.
        raise ValueError(f"an option must resolve as honored or declined, not {resolves_as!r}")
    return Resolution.AWAITING_APPROVAL if needs_approval else Resolution(resolves_as)


def after_approval(resolution: Resolution, *, approve: bool) -> Resolution:
    """The resolution after a manager approves or denies (or the approval times out).

    :raises InvalidTransition: (field ``incident_id``) it is not ``awaiting_approval``.
    """
    resolution = Resolution(resolution)
    if resolution is not Resolution.AWAITING_APPROVAL:
        raise InvalidTransition.worded(
            "incident_id", _NOTHING_TO_APPROVE[resolution], status=resolution.value
        )
    return Resolution.HONORED if approve else Resolution.DECLINED


def after_fix(signage: Signage) -> Signage:
    """The signage after ops staff mark the shelf tag fixed — at any point of the case.

    :raises InvalidTransition: (field ``incident_id``) the tag is already marked fixed.
    """
    if Signage(signage) is Signage.FIXED:
        raise InvalidTransition.worded(
            "incident_id",
            N_("this incident's shelf tag was already marked fixed (signage fixed)."),
        )
    return Signage.FIXED


def after_outcome(current: CustomerOutcome, given: CustomerOutcome | str) -> CustomerOutcome:
    """The customer outcome once ``given`` is recorded; the same outcome again is a no-op.

    :raises InvalidInput: (field ``customer_outcome``) ``given`` is not one a person
        records (``unknown`` is the start, not an answer).
    :raises InvalidTransition: (field ``customer_outcome``) another outcome was already
        recorded: the customer either bought the item or walked away.
    """
    outcome = next((o for o in RECORDABLE_OUTCOMES if o.value == given), None)
    if outcome is None:
        choices = ", ".join(o.value for o in RECORDABLE_OUTCOMES)
        raise InvalidInput.worded(
            "customer_outcome",
            N_("%(value)s is not one of %(choices)s"),
            value=repr(str(given)[:40]),
            choices=choices,
        )
    current = CustomerOutcome(current)
    if current not in (CustomerOutcome.UNKNOWN, outcome):
        raise InvalidTransition.worded("customer_outcome", _RECORDED_ONCE[current])
    return outcome

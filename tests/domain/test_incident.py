"""The incident's life: every allowed and every refused transition, in words a cashier reads."""

from __future__ import annotations

import contextlib

import pytest

from pos_discrepancy.domain.incident import (
    DECIDABLE,
    FIXABLE,
    TRANSITIONS,
    Cause,
    CustomerOutcome,
    Status,
    after_approval,
    after_decision,
    after_fix,
    describe,
)
from pos_discrepancy.errors import DiscrepancyError, InvalidTransition

ALL = list(Status)


# --- allowed ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("needs_approval", "resolves_as", "expected"),
    [
        (False, Status.HONORED, Status.HONORED),
        (False, Status.DECLINED, Status.DECLINED),
        (True, Status.HONORED, Status.AWAITING_APPROVAL),
        (True, Status.DECLINED, Status.AWAITING_APPROVAL),
    ],
)
def test_decision_from_detected(
    needs_approval: bool, resolves_as: Status, expected: Status
) -> None:
    result = after_decision(Status.DETECTED, needs_approval=needs_approval, resolves_as=resolves_as)
    assert result is expected


@pytest.mark.parametrize(
    ("approve", "expected"), [(True, Status.HONORED), (False, Status.DECLINED)]
)
def test_approval_from_awaiting(approve: bool, expected: Status) -> None:
    assert after_approval(Status.AWAITING_APPROVAL, approve=approve) is expected


@pytest.mark.parametrize("status", [Status.DETECTED, Status.HONORED, Status.DECLINED])
def test_fix_from_every_fixable_state(status: Status) -> None:
    assert after_fix(status) is Status.SIGNAGE_FIXED


# --- refused ----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [s for s in ALL if s is not Status.DETECTED])
@pytest.mark.parametrize("needs_approval", [False, True])
def test_decision_is_made_only_once(status: Status, needs_approval: bool) -> None:
    with pytest.raises(InvalidTransition) as caught:
        after_decision(status, needs_approval=needs_approval, resolves_as=Status.HONORED)
    error = caught.value
    assert error.field == "action" and error.message.startswith("action: ")
    assert f"(status {status.value})" in error.message
    assert error.http_status == 409 and error.code == "invalid_state"


@pytest.mark.parametrize("status", [s for s in ALL if s is not Status.AWAITING_APPROVAL])
@pytest.mark.parametrize("approve", [True, False])
def test_approval_only_while_awaiting(status: Status, approve: bool) -> None:
    with pytest.raises(InvalidTransition) as caught:
        after_approval(status, approve=approve)
    error = caught.value
    assert error.field == "incident_id" and error.message.startswith("incident_id: ")
    assert "not awaiting approval" in error.message
    assert f"(status {status.value})" in error.message


@pytest.mark.parametrize("status", [Status.AWAITING_APPROVAL, Status.SIGNAGE_FIXED])
def test_fix_refused(status: Status) -> None:
    with pytest.raises(InvalidTransition) as caught:
        after_fix(status)
    assert caught.value.field == "incident_id"
    assert caught.value.message.startswith("incident_id: ")


# --- words for people -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (
            lambda: after_decision(
                Status.AWAITING_APPROVAL, needs_approval=False, resolves_as=Status.HONORED
            ),
            "a decision can be made only once, and this incident is waiting for a manager's "
            "approval",
        ),
        (
            lambda: after_decision(
                Status.HONORED, needs_approval=False, resolves_as=Status.HONORED
            ),
            "already settled at the tag price",
        ),
        (
            lambda: after_decision(
                Status.DECLINED, needs_approval=False, resolves_as=Status.HONORED
            ),
            "already settled at the scanned price",
        ),
        (
            lambda: after_decision(
                Status.SIGNAGE_FIXED, needs_approval=False, resolves_as=Status.HONORED
            ),
            "no decision can be made any more, and this incident is closed because its shelf "
            "tag was already marked fixed",
        ),
        (
            lambda: after_approval(Status.DETECTED, approve=True),
            "waiting for the cashier's decision",
        ),
        (
            lambda: after_fix(Status.AWAITING_APPROVAL),
            "waiting for a manager's approval (status awaiting_approval); settle that before "
            "marking the tag fixed",
        ),
        (lambda: after_fix(Status.SIGNAGE_FIXED), "already marked fixed"),
    ],
)
def test_refusals_read_as_sentences(call, words: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidTransition) as caught:
        call()
    assert words in caught.value.message
    assert caught.value.message.endswith(".")
    assert "_" not in caught.value.message.split("(status")[0].split(": ", 1)[1]


@pytest.mark.parametrize("status", ALL)
def test_every_state_has_a_description(status: Status) -> None:
    text = describe(status)
    assert text.startswith("this incident ") and text.endswith(f"(status {status.value})")
    assert describe(status.value) == text  # type: ignore[arg-type]


# --- the table agrees with the functions ------------------------------------------------------


def _reachable(status: Status) -> set[Status]:
    found = set()
    for needs_approval in (False, True):
        for resolves_as in (Status.HONORED, Status.DECLINED):
            with contextlib.suppress(InvalidTransition):
                found.add(
                    after_decision(status, needs_approval=needs_approval, resolves_as=resolves_as)
                )
    for approve in (True, False):
        with contextlib.suppress(InvalidTransition):
            found.add(after_approval(status, approve=approve))
    with contextlib.suppress(InvalidTransition):
        found.add(after_fix(status))
    return found


@pytest.mark.parametrize("status", ALL)
def test_transition_table_matches_the_functions(status: Status) -> None:
    assert _reachable(status) == set(TRANSITIONS[status])


def test_signage_fixed_is_final_and_decidable_fixable_sets() -> None:
    assert TRANSITIONS[Status.SIGNAGE_FIXED] == frozenset()
    assert {Status.DETECTED} == DECIDABLE
    assert {Status.DETECTED, Status.HONORED, Status.DECLINED} == FIXABLE
    assert set(TRANSITIONS) == set(ALL)


@pytest.mark.parametrize(
    "resolves_as", [Status.DETECTED, Status.AWAITING_APPROVAL, Status.SIGNAGE_FIXED]
)
def test_an_option_must_resolve_as_honored_or_declined(resolves_as: Status) -> None:
    with pytest.raises(ValueError, match="honored or declined"):
        after_decision(Status.DETECTED, needs_approval=False, resolves_as=resolves_as)


def test_errors_belong_to_the_one_hierarchy() -> None:
    assert issubclass(InvalidTransition, DiscrepancyError)


def test_enum_values_are_the_design_words() -> None:
    assert [s.value for s in Status] == [
        "detected",
        "awaiting_approval",
        "honored",
        "declined",
        "signage_fixed",
    ]
    assert {c.value for c in Cause} == {
        "sale_ended_tag_left_up",
        "wrong_location",
        "price_file_error",
        "missing_tag",
        "other",
    }
    assert {o.value for o in CustomerOutcome} == {"purchased", "walked_away"}

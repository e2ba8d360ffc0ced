"""The incident's facets: every allowed and refused transition, in words a cashier reads."""

from __future__ import annotations

import contextlib
import itertools

import pytest

from pos_discrepancy.domain.incident import (
    OUTCOME_TRANSITIONS,
    RECORDABLE_OUTCOMES,
    RESOLUTION_TRANSITIONS,
    SIGNAGE_TRANSITIONS,
    Cause,
    CustomerOutcome,
    RecordedOutcome,
    Resolution,
    Signage,
    Status,
    after_approval,
    after_decision,
    after_fix,
    after_outcome,
    describe,
    summary_status,
)
from pos_discrepancy.errors import DiscrepancyError, InvalidInput, InvalidTransition

RESOLUTIONS = list(Resolution)

# --- resolution: the customer at the till -----------------------------------------------------


@pytest.mark.parametrize(
    ("needs_approval", "resolves_as", "expected"),
    [
        (False, Resolution.HONORED, Resolution.HONORED),
        (False, Resolution.DECLINED, Resolution.DECLINED),
        (True, Resolution.HONORED, Resolution.AWAITING_APPROVAL),
        (True, Resolution.DECLINED, Resolution.AWAITING_APPROVAL),
    ],
)
def test_decision_from_detected(
    needs_approval: bool, resolves_as: Resolution, expected: Resolution
) -> None:
    result = after_decision(
        Resolution.DETECTED, needs_approval=needs_approval, resolves_as=resolves_as
    )
    assert result is expected


def test_an_option_may_name_its_end_as_a_status() -> None:
    # Options store ``resolves_as`` as the summary status word; the values are shared.
    assert after_decision(
        Resolution.DETECTED, needs_approval=False, resolves_as=Status.HONORED
    ) is (Resolution.HONORED)


@pytest.mark.parametrize(("approve", "expected"), [(True, "honored"), (False, "declined")])
def test_approval_from_awaiting(approve: bool, expected: str) -> None:
    assert after_approval(Resolution.AWAITING_APPROVAL, approve=approve) is Resolution(expected)


@pytest.mark.parametrize("resolution", [r for r in RESOLUTIONS if r is not Resolution.DETECTED])
@pytest.mark.parametrize("needs_approval", [False, True])
def test_decision_is_made_only_once(resolution: Resolution, needs_approval: bool) -> None:
    with pytest.raises(InvalidTransition) as caught:
        after_decision(resolution, needs_approval=needs_approval, resolves_as=Resolution.HONORED)
    error = caught.value
    assert error.field == "action" and error.message.startswith("action: ")
    assert f"(status {resolution.value})" in error.message
    assert error.http_status == 409 and error.code == "invalid_state"


@pytest.mark.parametrize(
    "resolution", [r for r in RESOLUTIONS if r is not Resolution.AWAITING_APPROVAL]
)
@pytest.mark.parametrize("approve", [True, False])
def test_approval_only_while_awaiting(resolution: Resolution, approve: bool) -> None:
    with pytest.raises(InvalidTransition) as caught:
        after_approval(resolution, approve=approve)
    error = caught.value
    assert error.field == "incident_id" and error.message.startswith("incident_id: ")
    assert "not awaiting approval" in error.message
    assert f"(status {resolution.value})" in error.message


@pytest.mark.parametrize(
    "resolves_as", [Resolution.DETECTED, Resolution.AWAITING_APPROVAL, Status.SIGNAGE_FIXED]
)
def test_an_option_must_resolve_as_honored_or_declined(resolves_as: str) -> None:
    with pytest.raises(ValueError, match="honored or declined"):
        after_decision(Resolution.DETECTED, needs_approval=False, resolves_as=resolves_as)


# --- signage: the shelf tag, at any time ------------------------------------------------------


def test_a_tag_is_fixed_once() -> None:
    assert after_fix(Signage.OPEN) is Signage.FIXED
    with pytest.raises(InvalidTransition) as caught:
        after_fix(Signage.FIXED)
    assert caught.value.field == "incident_id"
    assert "already marked fixed" in caught.value.message


# --- customer outcome -------------------------------------------------------------------------


@pytest.mark.parametrize("outcome", RECORDABLE_OUTCOMES)
def test_an_outcome_is_recorded_once_and_may_be_repeated(outcome: CustomerOutcome) -> None:
    assert after_outcome(CustomerOutcome.UNKNOWN, outcome.value) is outcome
    assert after_outcome(outcome, outcome.value) is outcome  # the same answer again


def test_another_outcome_after_one_is_refused() -> None:
    with pytest.raises(InvalidTransition) as caught:
        after_outcome(CustomerOutcome.PURCHASED, "walked_away")
    assert caught.value.field == "customer_outcome"
    assert "already recorded as purchased" in caught.value.message


@pytest.mark.parametrize("given", ["unknown", "x", "", "PURCHASED"])
def test_an_outcome_must_be_one_a_person_records(given: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        after_outcome(CustomerOutcome.UNKNOWN, given)
    assert caught.value.field == "customer_outcome"
    assert "purchased, walked_away" in caught.value.message


# --- the facets are independent; status sums them up ------------------------------------------


@pytest.mark.parametrize(
    ("resolution", "signage", "status"),
    [
        (Resolution.DETECTED, Signage.OPEN, Status.DETECTED),
        (Resolution.DETECTED, Signage.FIXED, Status.DETECTED),
        (Resolution.AWAITING_APPROVAL, Signage.OPEN, Status.AWAITING_APPROVAL),
        (Resolution.AWAITING_APPROVAL, Signage.FIXED, Status.AWAITING_APPROVAL),
        (Resolution.HONORED, Signage.OPEN, Status.HONORED),
        (Resolution.HONORED, Signage.FIXED, Status.SIGNAGE_FIXED),
        (Resolution.DECLINED, Signage.OPEN, Status.DECLINED),
        (Resolution.DECLINED, Signage.FIXED, Status.SIGNAGE_FIXED),
    ],
)
def test_status_is_signage_fixed_only_once_fixed_and_resolved(
    resolution: Resolution, signage: Signage, status: Status
) -> None:
    assert summary_status(resolution, signage) is status
    assert summary_status(resolution.value, signage.value) is status  # words from rows


def test_a_fix_during_an_escalation_survives_the_approval() -> None:
    resolution = after_decision(
        Resolution.DETECTED, needs_approval=True, resolves_as=Resolution.HONORED
    )
    signage = after_fix(Signage.OPEN)
    assert summary_status(resolution, signage) is Status.AWAITING_APPROVAL
    resolution = after_approval(resolution, approve=True)
    assert (resolution, signage) == (Resolution.HONORED, Signage.FIXED)
    assert summary_status(resolution, signage) is Status.SIGNAGE_FIXED


def test_a_decision_after_a_fix_leaves_the_fix() -> None:
    signage = after_fix(Signage.OPEN)
    resolution = after_decision(
        Resolution.DETECTED, needs_approval=False, resolves_as=Resolution.DECLINED
    )
    assert summary_status(resolution, signage) is Status.SIGNAGE_FIXED


# --- words for people -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (
            lambda: after_decision(
                Resolution.AWAITING_APPROVAL, needs_approval=False, resolves_as="honored"
            ),
            "a decision can be made only once, and this incident is waiting for a manager's "
            "approval",
        ),
        (
            lambda: after_decision(Resolution.HONORED, needs_approval=False, resolves_as="honored"),
            "already settled at the tag price",
        ),
        (
            lambda: after_decision(
                Resolution.DECLINED, needs_approval=False, resolves_as="honored"
            ),
            "already settled at the scanned price",
        ),
        (
            lambda: after_approval(Resolution.DETECTED, approve=True),
            "waiting for the cashier's decision",
        ),
        (lambda: after_fix(Signage.FIXED), "already marked fixed"),
    ],
)
def test_refusals_read_as_sentences(call, words: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidTransition) as caught:
        call()
    assert words in caught.value.message
    assert caught.value.message.endswith(".")
    assert "_" not in caught.value.message.split("(status")[0].split(": ", 1)[1]


@pytest.mark.parametrize("resolution", RESOLUTIONS)
def test_every_resolution_has_a_description(resolution: Resolution) -> None:
    text = describe(resolution)
    assert text.startswith("this incident ") and text.endswith(f"(status {resolution.value})")
    assert describe(resolution.value) == text


# --- the tables agree with the functions ------------------------------------------------------


def _reachable(resolution: Resolution) -> set[Resolution]:
    found = set()
    for needs_approval, resolves_as in itertools.product((False, True), RESOLUTIONS):
        with contextlib.suppress(InvalidTransition, ValueError):
            found.add(
                after_decision(resolution, needs_approval=needs_approval, resolves_as=resolves_as)
            )
    for approve in (True, False):
        with contextlib.suppress(InvalidTransition):
            found.add(after_approval(resolution, approve=approve))
    return found


@pytest.mark.parametrize("resolution", RESOLUTIONS)
def test_resolution_table_matches_the_functions(resolution: Resolution) -> None:
    assert _reachable(resolution) == set(RESOLUTION_TRANSITIONS[resolution])


@pytest.mark.parametrize("signage", list(Signage))
def test_signage_table_matches_the_function(signage: Signage) -> None:
    reached = set()
    with contextlib.suppress(InvalidTransition):
        reached.add(after_fix(signage))
    assert reached == set(SIGNAGE_TRANSITIONS[signage])


@pytest.mark.parametrize("outcome", list(CustomerOutcome))
def test_outcome_table_matches_the_function(outcome: CustomerOutcome) -> None:
    reached = set()
    for given in RECORDABLE_OUTCOMES:
        with contextlib.suppress(InvalidTransition):
            reached.add(after_outcome(outcome, given))
    reached.discard(outcome)  # the same answer again is no move
    assert reached == set(OUTCOME_TRANSITIONS[outcome])


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
    assert [r.value for r in Resolution] == ["detected", "awaiting_approval", "honored", "declined"]
    assert [s.value for s in Signage] == ["open", "fixed"]
    assert [o.value for o in CustomerOutcome] == ["unknown", "purchased", "walked_away"]
    assert {c.value for c in Cause} == {
        "sale_ended_tag_left_up",
        "wrong_location",
        "price_file_error",
        "missing_tag",
        "other",
    }


def test_the_outcomes_a_request_may_send_are_the_recordable_ones() -> None:
    assert [o.value for o in RecordedOutcome] == [o.value for o in RECORDABLE_OUTCOMES]

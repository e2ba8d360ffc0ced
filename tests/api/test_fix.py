"""``Desk.fix``: ops mark the tag fixed, with who, when and why."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from pos_discrepancy import InvalidInput, InvalidTransition, NotFound
from pos_discrepancy.domain import Resolution, Signage, Status


def test_fix_records_who_when_and_cause(shop, overcharge, clock) -> None:
    incident_id = overcharge(shop)
    detected_at = clock.now
    shop.decide(incident_id, action="decline", cashier="C07")
    clock.advance(hours=2, minutes=5)
    incident = shop.fix(incident_id, staff="O02", cause="wrong_location")
    assert incident.status is Status.SIGNAGE_FIXED
    assert incident.fixed_by == "O02" and incident.cause == "wrong_location"
    assert incident.fixed_at == clock.now
    assert incident.fixed_at - incident.detected_at == timedelta(hours=2, minutes=5)
    assert incident.time_to_fix == timedelta(hours=2, minutes=5)
    assert incident.detected_at == detected_at
    event = incident.events[-1]
    assert event.kind == "signage_fixed" and event.at == clock.now
    assert event.data["staff"] == "O02" and event.data["cause"] == "wrong_location"
    # the checkout outcome stays as it was decided
    assert str(incident.decision.charge) == "19.95" and incident.decision.action == "decline"


def test_fix_keeps_a_detected_cause_when_none_is_given(shop, overcharge) -> None:
    incident_id = overcharge(shop, promo_ends="2026-11-01")  # promotion over: sale tag left up
    assert shop.get_incident(incident_id).cause == "sale_ended_tag_left_up"
    incident = shop.fix(incident_id, staff="O02")
    assert incident.cause == "sale_ended_tag_left_up"


def test_a_never_decided_incident_can_be_fixed_and_then_decided(shop, overcharge) -> None:
    incident_id = overcharge(shop)
    assert shop.get_incident(incident_id).time_to_fix is None
    fixed = shop.fix(incident_id, staff="O02")
    # the tag is fixed; the customer's case is still open, so the summary says so
    assert (fixed.resolution, fixed.signage, fixed.status) == (
        Resolution.DETECTED,
        Signage.FIXED,
        Status.DETECTED,
    )
    decided = shop.decide(incident_id, action="decline", cashier="C07")
    assert (decided.resolution, decided.signage, decided.status) == (
        Resolution.DECLINED,
        Signage.FIXED,
        Status.SIGNAGE_FIXED,
    )
    assert decided.fixed_by == "O02"
    assert shop.verify_journal().ok


def test_a_tag_fixed_during_an_escalation_stays_fixed_after_the_approval(shop, overcharge) -> None:
    incident_id = overcharge(shop)
    shop.decide(incident_id, action="escalate", cashier="C07")
    during = shop.fix(incident_id, staff="O02", cause="other")
    assert (during.resolution, during.signage, during.status) == (
        Resolution.AWAITING_APPROVAL,
        Signage.FIXED,
        Status.AWAITING_APPROVAL,
    )
    assert [i.id for i in shop.pending_approvals("S001")] == [incident_id]  # still waiting
    approved = shop.approve(incident_id, manager="M01", pin="2468")
    assert (approved.resolution, approved.signage, approved.status) == (
        Resolution.HONORED,
        Signage.FIXED,
        Status.SIGNAGE_FIXED,
    )
    assert approved.fixed_by == "O02" and approved.decision.approved_by == "M01"
    assert [e.kind for e in approved.events] == ["detected", "decided", "signage_fixed", "approved"]
    record = approved.to_dict()
    assert (record["resolution"], record["signage"], record["status"]) == (
        "honored",
        "fixed",
        "signage_fixed",
    )
    assert shop.verify_journal().ok


def test_fixing_twice_is_refused(shop, overcharge, snapshot) -> None:
    incident_id = overcharge(shop)
    shop.fix(incident_id, staff="O02", cause="other")
    before = snapshot(shop)
    with pytest.raises(InvalidTransition) as caught:
        shop.fix(incident_id, staff="O03", cause="other")
    assert "already marked fixed" in caught.value.message
    assert caught.value.field == "incident_id"
    assert snapshot(shop) == before


def test_a_fixed_incident_is_approved_only_when_it_waits(shop, overcharge) -> None:
    incident_id = overcharge(shop)
    shop.fix(incident_id, staff="O02")
    with pytest.raises(InvalidTransition) as caught:
        shop.approve(incident_id, manager="M01", pin="2468")
    assert "not awaiting approval" in caught.value.message


def test_fix_refuses_unknown_cause_and_incident(shop, overcharge) -> None:
    incident_id = overcharge(shop)
    with pytest.raises(InvalidInput) as caught:
        shop.fix(incident_id, staff="O02", cause="gremlins")
    assert caught.value.field == "cause" and "sale_ended_tag_left_up" in caught.value.message
    with pytest.raises(NotFound):
        shop.fix(str(uuid.uuid4()), staff="O02")

"""``Desk.fix``: ops mark the tag fixed, with who, when and why."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from pos_discrepancy import InvalidInput, InvalidTransition, NotFound
from pos_discrepancy.domain import Status


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


def test_a_never_decided_incident_can_be_fixed(shop, overcharge) -> None:
    incident_id = overcharge(shop)
    assert shop.get_incident(incident_id).time_to_fix is None
    assert shop.fix(incident_id, staff="O02").status is Status.SIGNAGE_FIXED


def test_fix_is_refused_while_awaiting_approval(shop, overcharge, snapshot) -> None:
    incident_id = overcharge(shop)
    shop.decide(incident_id, action="escalate", cashier="C07")
    before = snapshot(shop)
    with pytest.raises(InvalidTransition) as caught:
        shop.fix(incident_id, staff="O02", cause="other")
    assert "approval" in caught.value.message
    assert caught.value.field and caught.value.field in caught.value.message
    assert snapshot(shop) == before


def test_fixing_twice_is_refused(shop, overcharge, snapshot) -> None:
    incident_id = overcharge(shop)
    shop.fix(incident_id, staff="O02", cause="other")
    before = snapshot(shop)
    with pytest.raises(InvalidTransition) as caught:
        shop.fix(incident_id, staff="O03", cause="other")
    assert "signage_fixed" in caught.value.message and caught.value.field == "incident_id"
    assert snapshot(shop) == before


def test_a_fixed_incident_cannot_be_decided_or_approved(shop, overcharge) -> None:
    incident_id = overcharge(shop)
    shop.fix(incident_id, staff="O02")
    with pytest.raises(InvalidTransition):
        shop.decide(incident_id, action="honor", cashier="C07")
    with pytest.raises(InvalidTransition):
        shop.approve(incident_id, manager="M01", pin="2468")


def test_fix_refuses_unknown_cause_and_incident(shop, overcharge) -> None:
    incident_id = overcharge(shop)
    with pytest.raises(InvalidInput) as caught:
        shop.fix(incident_id, staff="O02", cause="gremlins")
    assert caught.value.field == "cause" and "sale_ended_tag_left_up" in caught.value.message
    with pytest.raises(NotFound):
        shop.fix(str(uuid.uuid4()), staff="O02")

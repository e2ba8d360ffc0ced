"""``Desk.decide``: the cashier's choice, its state, and refusals."""

from __future__ import annotations

import uuid

import pytest

from pos_discrepancy import InvalidInput, InvalidTransition, NotFound
from pos_discrepancy.domain import Status


def test_honor_within_auto_honor_max_is_honored_at_once(shop, overcharge) -> None:
    incident_id = overcharge(shop, shelf="19.00", scanned="19.95")  # 0.95 <= 1.00
    incident = shop.decide(incident_id, action="honor", cashier="C07")
    assert incident.status is Status.HONORED
    assert str(incident.decision.charge) == "19.00"
    assert incident.decision.decided_by == "C07" and incident.decision.approved_by is None
    assert incident.resolved_at is not None
    assert [e.kind for e in incident.events] == ["detected", "decided"]


def test_honor_at_exactly_auto_honor_max_is_honored(shop, overcharge) -> None:
    incident_id = overcharge(shop, shelf="18.95", scanned="19.95")  # exactly 1.00
    assert shop.decide(incident_id, action="honor", cashier="C07").status is Status.HONORED


def test_honor_above_auto_honor_max_awaits_approval(shop, overcharge) -> None:
    incident_id = overcharge(shop, shelf="18.94", scanned="19.95")  # 1.01
    incident = shop.decide(incident_id, action="honor", cashier="C07")
    assert incident.status is Status.AWAITING_APPROVAL
    assert incident.decision.charge is None  # not decided until a manager answers
    assert incident.escalated_at is not None and incident.resolved_at is None
    assert [i.id for i in shop.pending_approvals("S001")] == [incident_id]


def test_auto_honor_max_percent(make_store, overcharge) -> None:
    desk = make_store(auto_honor_max="0", auto_honor_max_percent="10")
    small = overcharge(desk, shelf="18.00", scanned="19.95")  # 1.95 is 9.8% of 19.95
    big = overcharge(desk, shelf="17.90", scanned="19.95")  # 2.05 is 10.3%
    assert desk.decide(small, action="honor", cashier="C07").status is Status.HONORED
    assert desk.decide(big, action="honor", cashier="C07").status is Status.AWAITING_APPROVAL


def test_escalate_awaits_approval_even_for_small_differences(shop, overcharge) -> None:
    incident_id = overcharge(shop, shelf="19.90", scanned="19.95")
    incident = shop.decide(incident_id, action="escalate", cashier="C07")
    assert incident.status is Status.AWAITING_APPROVAL
    assert incident.requested_action == "escalate"


def test_decline_charges_the_scan(shop, overcharge) -> None:
    incident_id = overcharge(shop)
    incident = shop.decide(
        incident_id, action="decline", cashier="C07", customer_outcome="walked_away"
    )
    assert incident.status is Status.DECLINED
    assert str(incident.decision.charge) == "19.95"
    assert incident.decision.customer_outcome == "walked_away"


def test_decline_is_refused_when_policy_forbids_it(make_store, overcharge, snapshot) -> None:
    desk = make_store(decline_allowed=False)
    incident_id = overcharge(desk)
    decline = next(o for o in desk.get_incident(incident_id).options if o.action == "decline")
    assert decline.available is False and decline.reason
    before = snapshot(desk)
    with pytest.raises(InvalidInput) as caught:
        desk.decide(incident_id, action="decline", cashier="C07")
    assert caught.value.field == "action" and "action" in caught.value.message
    assert decline.reason in caught.value.message
    assert snapshot(desk) == before
    assert desk.get_incident(incident_id).status is Status.DETECTED


@pytest.mark.parametrize("action", ["honor", "escalate", "decline"])
def test_the_same_decision_again_answers_idempotently(shop, overcharge, snapshot, action) -> None:  # type: ignore[no-untyped-def]
    incident_id = overcharge(shop)
    first = shop.decide(incident_id, action=action, cashier="C07")
    before = snapshot(shop)
    again = shop.decide(incident_id, action=action, cashier="C07")
    assert again == first
    assert snapshot(shop) == before


def test_a_different_decision_is_refused(shop, overcharge, snapshot) -> None:
    incident_id = overcharge(shop)
    shop.decide(incident_id, action="escalate", cashier="C07")
    before = snapshot(shop)
    with pytest.raises(InvalidTransition) as caught:
        shop.decide(incident_id, action="decline", cashier="C07")
    assert caught.value.field == "action" and "action" in caught.value.message
    assert "awaiting_approval" in caught.value.message
    assert snapshot(shop) == before


def test_deciding_an_auto_honored_undercharge_differently_is_refused(shop, overcharge) -> None:
    incident_id = overcharge(shop, shelf="25.00", scanned="19.95")
    assert shop.decide(incident_id, action="honor", cashier="C07").status is Status.HONORED
    with pytest.raises(InvalidTransition):
        shop.decide(incident_id, action="decline", cashier="C07")


def test_unknown_incident_is_not_found(shop) -> None:
    unknown = str(uuid.uuid4())
    with pytest.raises(NotFound) as caught:
        shop.decide(unknown, action="honor", cashier="C07")
    assert caught.value.field == "incident_id" and unknown in caught.value.message


@pytest.mark.parametrize("bad", ["", "12345", "not-a-uuid", 42, None])
def test_malformed_incident_id_is_invalid_input(shop, bad) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as caught:
        shop.decide(bad, action="honor", cashier="C07")
    assert caught.value.field == "incident_id" and "incident_id" in caught.value.message


def test_action_not_offered_is_refused_with_the_offered_list(shop, overcharge) -> None:
    incident_id = overcharge(shop)
    with pytest.raises(InvalidInput) as caught:
        shop.decide(incident_id, action="refund", cashier="C07")
    assert caught.value.field == "action"
    assert "honor" in caught.value.message and "escalate" in caught.value.message

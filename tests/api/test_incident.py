"""``Desk.get_incident``: status, events and the decision as an integrator reads them."""

from __future__ import annotations

import json
import uuid

import pytest

from pos_discrepancy import InvalidInput, Money, NotFound
from pos_discrepancy.domain import Status


def test_decision_keeps_goodwill_apart_from_the_price_correction(shop, overcharge) -> None:
    incident_id = overcharge(shop, shelf="19.50", scanned="19.95")
    incident = shop.decide(
        incident_id,
        action="honor",
        cashier="C07",
        customer_outcome="purchased",
        goodwill="5.00",
        note="coupon for the trouble",
    )
    decision = incident.decision
    assert decision.charge == Money.parse("19.50", "USD")  # the tag price, not reduced
    assert decision.goodwill == Money.parse("5.00", "USD")
    assert decision.customer_outcome == "purchased"
    assert decision.note == "coupon for the trouble"
    assert decision.approved_by is None and decision.approval is None
    decided = incident.events[-1]
    assert decided.data["goodwill"] == "5.00" and decided.data["charge"] == "19.50"


def test_incident_view_lists_facts_events_and_decision(shop, overcharge, clock) -> None:
    incident_id = overcharge(shop, location="A7-B3", quantity=2)
    shop.decide(incident_id, action="escalate", cashier="C07")
    clock.advance(seconds=20)
    shop.approve(incident_id, manager="M01", pin="2468", customer_outcome="purchased")
    incident = shop.get_incident(incident_id)
    assert incident.id == incident_id and incident.store == "S001"
    assert incident.register == "R1" and incident.sku == "9788883701122"
    assert incident.status is Status.HONORED and incident.currency == "USD"
    assert str(incident.shelf_price) == "9.98" and str(incident.scanned_price) == "19.95"
    assert str(incident.line_difference) == "19.94"
    assert [e.kind for e in incident.events] == ["detected", "decided", "approved"]
    assert [e.seq for e in incident.events] == sorted(e.seq for e in incident.events)
    assert incident.events[0].data["status"] == "detected"
    assert incident.decision.charge == Money.parse("19.96", "USD")
    assert incident.decision.approved_by == "M01"
    assert incident.decision.customer_outcome == "purchased"
    assert incident.resolved_at == clock.now and incident.escalated_at == incident.detected_at
    as_json = json.loads(json.dumps(incident.to_dict()))
    assert as_json["status"] == "honored" and as_json["decision"]["charge"] == "19.96"
    assert [e["kind"] for e in as_json["events"]] == ["detected", "decided", "approved"]


def test_undecided_incident_has_no_decision(shop, overcharge) -> None:
    incident = shop.get_incident(overcharge(shop))
    assert incident.decision is None and incident.status is Status.DETECTED


def test_get_incident_accepts_any_uuid_spelling(shop, overcharge) -> None:
    incident_id = overcharge(shop)
    assert shop.get_incident(incident_id.upper()).id == incident_id


def test_unknown_and_malformed_ids(shop) -> None:
    unknown = str(uuid.uuid4())
    with pytest.raises(NotFound) as caught:
        shop.get_incident(unknown)
    assert caught.value.field == "incident_id" and unknown in caught.value.message
    with pytest.raises(InvalidInput) as caught:
        shop.get_incident("incident-7")
    assert caught.value.field == "incident_id" and "incident_id" in caught.value.message

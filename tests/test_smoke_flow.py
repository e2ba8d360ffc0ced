"""The whole register flow end to end on the real database."""

from pos_discrepancy.domain import Status


def test_escalated_overcharge_is_approved_and_fixed(store):
    check = store.check(
        store="S001",
        register="R1",
        cashier="C07",
        sku="9788883701122",
        scanned_price="19.95",
        shelf_price="9.98",
        quantity=1,
        location="A7-B3",
    )
    assert check.discrepancy and check.direction == "overcharge"
    assert str(check.difference) == "9.97"
    store.decide(check.incident_id, action="escalate", cashier="C07")
    assert [i.id for i in store.pending_approvals("S001")] == [check.incident_id]
    incident = store.approve(check.incident_id, manager="M01", pin="2468", approve=True)
    assert incident.status is Status.HONORED
    assert str(incident.decision.charge) == "9.98"
    fixed = store.fix(check.incident_id, staff="O02", cause="sale_ended_tag_left_up")
    assert fixed.status is Status.SIGNAGE_FIXED
    assert [e.kind for e in fixed.events] == ["detected", "decided", "approved", "signage_fixed"]
    assert store.verify_journal().ok

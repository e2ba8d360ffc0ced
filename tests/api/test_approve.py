"""``Desk.approve`` and ``pending_approvals``: PINs, lockout, limits, roles, timeouts."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from pos_discrepancy import (
    AuthenticationFailed,
    DiscrepancyError,
    InvalidInput,
    InvalidTransition,
    LockedOut,
    NotFound,
    NotPermitted,
)
from pos_discrepancy.domain import Status
from pos_discrepancy.service.pins import MAX_PIN_FAILURES


def escalated(desk, overcharge, *, cashier="C07", **prices):  # type: ignore[no-untyped-def]
    incident_id = overcharge(desk, **prices)
    desk.decide(incident_id, action="escalate", cashier=cashier)
    return incident_id


def failures(desk, code):  # type: ignore[no-untyped-def]
    return next(s for s in desk.list_staff("S001") if s["code"] == code)


def test_approval_honors_the_tag_price_and_records_the_manager(shop, overcharge, clock) -> None:
    incident_id = escalated(shop, overcharge)
    clock.advance(seconds=30)
    incident = shop.approve(
        incident_id, manager="M01", pin="2468", approve=True, note="tag was old"
    )
    assert incident.status is Status.HONORED
    decision = incident.decision
    assert str(decision.charge) == "9.98"
    assert decision.action == "escalate" and decision.decided_by == "C07"
    assert decision.approval == "approved" and decision.approved_by == "M01"
    assert decision.approved_at == clock.now and decision.note == "tag was old"
    assert [e.kind for e in incident.events] == ["detected", "decided", "approved"]
    assert shop.pending_approvals("S001") == []


def test_denial_declines_at_the_scanned_price(shop, overcharge) -> None:
    incident_id = escalated(shop, overcharge)
    incident = shop.approve(incident_id, manager="M01", pin="2468", approve=False)
    assert incident.status is Status.DECLINED
    assert str(incident.decision.charge) == "19.95"
    assert incident.decision.approval == "denied"
    assert incident.events[-1].kind == "denied"


def test_denial_is_refused_when_decline_is_not_allowed(make_store, overcharge, snapshot) -> None:
    desk = make_store(decline_allowed=False)
    incident_id = escalated(desk, overcharge)
    before = snapshot(desk)
    with pytest.raises(InvalidInput) as caught:
        desk.approve(incident_id, manager="M01", pin="2468", approve=False)
    assert caught.value.field == "approve" and "approve" in caught.value.message
    assert "shelf price is always honored" in caught.value.message
    assert snapshot(desk) == before
    assert desk.approve(incident_id, manager="M01", pin="2468").status is Status.HONORED


def test_approving_an_honor_above_auto_max(shop, overcharge) -> None:
    incident_id = overcharge(shop, shelf="15.00", scanned="19.95")
    shop.decide(incident_id, action="honor", cashier="C07")
    incident = shop.approve(incident_id, manager="M02", pin="1122")
    assert incident.status is Status.HONORED and str(incident.decision.charge) == "15.00"
    assert incident.decision.action == "honor"


def test_the_cashier_who_decided_cannot_approve_even_as_a_manager(
    shop, overcharge, snapshot
) -> None:
    incident_id = escalated(shop, overcharge, cashier="M01")
    before = snapshot(shop)
    with pytest.raises(NotPermitted) as caught:
        shop.approve(incident_id, manager="M01", pin="2468")
    assert caught.value.field == "manager" and "manager" in caught.value.message
    assert snapshot(shop) == before
    assert shop.approve(incident_id, manager="M02", pin="1122").status is Status.HONORED


@pytest.mark.parametrize("code", ["C01", "O01"])
def test_cashier_and_ops_roles_cannot_approve(shop, overcharge, snapshot, code) -> None:  # type: ignore[no-untyped-def]
    incident_id = escalated(shop, overcharge)
    before = snapshot(shop)
    pin = {"C01": "5555", "O01": "7777"}[code]
    with pytest.raises(NotPermitted) as caught:
        shop.approve(incident_id, manager=code, pin=pin)
    assert caught.value.field == "manager" and code in caught.value.message
    assert snapshot(shop) == before


def test_unknown_manager_is_not_found(shop, overcharge) -> None:
    incident_id = escalated(shop, overcharge)
    with pytest.raises(NotFound) as caught:
        shop.approve(incident_id, manager="M99", pin="2468")
    assert caught.value.field == "manager" and "M99" in caught.value.message


def test_unknown_and_malformed_incident(shop) -> None:
    with pytest.raises(NotFound) as caught:
        shop.approve(str(uuid.uuid4()), manager="M01", pin="2468")
    assert caught.value.field == "incident_id"
    with pytest.raises(InvalidInput) as caught:
        shop.approve("R1-0001", manager="M01", pin="2468")
    assert caught.value.field == "incident_id"


@pytest.mark.parametrize("first", ["none", "honor", "decline", "approved"])
def test_approve_when_not_awaiting_approval_is_refused(shop, overcharge, snapshot, first) -> None:  # type: ignore[no-untyped-def]
    incident_id = overcharge(shop, shelf="19.50", scanned="19.95")
    if first in ("honor", "decline"):
        shop.decide(incident_id, action=first, cashier="C07")
    if first == "approved":
        shop.decide(incident_id, action="escalate", cashier="C07")
        shop.approve(incident_id, manager="M02", pin="1122")
    before = snapshot(shop)
    with pytest.raises(InvalidTransition) as caught:
        shop.approve(incident_id, manager="M01", pin="2468")
    assert caught.value.field == "incident_id" and "incident_id" in caught.value.message
    assert "awaiting approval" in caught.value.message
    assert snapshot(shop) == before


def test_above_manager_override_limit_only_an_admin_may_approve(shop, overcharge, snapshot) -> None:
    incident_id = escalated(shop, overcharge, shelf="9.98", scanned="79.95")  # 69.97 > 50
    before = snapshot(shop)
    with pytest.raises(NotPermitted) as caught:
        shop.approve(incident_id, manager="M01", pin="2468")
    assert caught.value.field == "manager" and "admin" in caught.value.message
    assert snapshot(shop) == before
    incident = shop.approve(incident_id, manager="A01", pin="1357")
    assert incident.status is Status.HONORED and incident.decision.approved_by == "A01"


def test_a_manager_may_deny_above_the_override_limit(shop, overcharge) -> None:
    incident_id = escalated(shop, overcharge, shelf="9.98", scanned="79.95")
    incident = shop.approve(incident_id, manager="M01", pin="2468", approve=False)
    assert incident.status is Status.DECLINED


def test_the_override_limit_comes_from_policy(make_store, overcharge) -> None:
    desk = make_store(manager_override_limit="5.00")
    at_limit = escalated(desk, overcharge, shelf="14.95", scanned="19.95")  # exactly 5.00
    above = escalated(desk, overcharge, shelf="14.94", scanned="19.95")
    assert desk.approve(at_limit, manager="M01", pin="2468").status is Status.HONORED
    with pytest.raises(NotPermitted):
        desk.approve(above, manager="M01", pin="2468")


def test_wrong_pin_is_counted_and_stores_only_the_counter(shop, overcharge, snapshot) -> None:
    incident_id = escalated(shop, overcharge)
    before = snapshot(shop)
    with pytest.raises(AuthenticationFailed) as caught:
        shop.approve(incident_id, manager="M01", pin="0000")
    assert caught.value.field == "pin" and "pin" in caught.value.message
    assert "4 more" in caught.value.message
    after = snapshot(shop)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"staff"}  # the failure count, nothing about the incident
    assert shop.get_incident(incident_id).status is Status.AWAITING_APPROVAL


def test_five_wrong_pins_lock_the_manager_for_fifteen_minutes(shop, overcharge, clock) -> None:
    incident_id = escalated(shop, overcharge)
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            shop.approve(incident_id, manager="M01", pin="0000")
    with pytest.raises(LockedOut) as caught:
        shop.approve(incident_id, manager="M01", pin="0000")
    assert "15 minutes" in caught.value.message
    assert caught.value.field == "manager" and "M01" in caught.value.message
    clock.advance(minutes=14, seconds=59)
    with pytest.raises(LockedOut) as caught:  # even the right PIN waits out the lock
        shop.approve(incident_id, manager="M01", pin="2468")
    assert caught.value.field == "manager" and "M01" in caught.value.message


def test_the_lock_is_per_manager_and_ends_after_fifteen_minutes(
    make_store, overcharge, clock
) -> None:
    desk = make_store(approval_timeout_seconds=3600)
    incident_id = escalated(desk, overcharge)
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            desk.approve(incident_id, manager="M01", pin="0000")
    with pytest.raises(LockedOut):
        desk.approve(incident_id, manager="M01", pin="0000")
    assert failures(desk, "M01")["locked_until"] is not None
    other = escalated(desk, overcharge)
    assert desk.approve(other, manager="M02", pin="1122").status is Status.HONORED
    clock.advance(minutes=14)
    with pytest.raises(LockedOut):
        desk.approve(incident_id, manager="M01", pin="2468")
    clock.advance(minutes=1)
    assert desk.approve(incident_id, manager="M01", pin="2468").status is Status.HONORED


def test_a_right_pin_resets_the_count(make_store, overcharge) -> None:
    desk = make_store(approval_timeout_seconds=3600)
    first = escalated(desk, overcharge)
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            desk.approve(first, manager="M01", pin="0000")
    assert desk.approve(first, manager="M01", pin="2468").status is Status.HONORED
    second = escalated(desk, overcharge)
    for _ in range(4):  # four more wrong PINs: still not five in a row
        with pytest.raises(AuthenticationFailed):
            desk.approve(second, manager="M01", pin="0000")
    assert desk.approve(second, manager="M01", pin="2468").status is Status.HONORED


def test_approval_timeout_honors_by_default_when_the_worker_runs(shop, overcharge, clock) -> None:
    incident_id = escalated(shop, overcharge)
    clock.advance(seconds=119)
    assert shop.run_worker_pass().timeouts == 0
    assert shop.get_incident(incident_id).status is Status.AWAITING_APPROVAL
    clock.advance(seconds=1)
    assert shop.get_incident(incident_id).status is Status.AWAITING_APPROVAL  # reads never write
    assert shop.run_worker_pass().timeouts == 1
    incident = shop.get_incident(incident_id)
    assert incident.status is Status.HONORED
    assert str(incident.decision.charge) == "9.98"
    assert incident.decision.approval == "timed_out" and incident.decision.approved_by is None
    assert incident.events[-1].kind == "approval_timed_out"
    with pytest.raises(InvalidTransition):
        shop.approve(incident_id, manager="M01", pin="2468")


def test_an_approval_after_the_timeout_finds_it_settled_even_before_the_worker(
    shop, overcharge, clock
) -> None:
    incident_id = escalated(shop, overcharge)
    clock.advance(seconds=120)
    with pytest.raises(InvalidTransition):  # the approval applies the due timeout first
        shop.approve(incident_id, manager="M01", pin="2468")
    assert shop.get_incident(incident_id).decision.approval == "timed_out"


def test_reads_append_nothing(shop, overcharge, clock) -> None:
    incident_id = escalated(shop, overcharge)
    clock.advance(hours=1)
    before = len(shop.get_incident(incident_id).events)
    shop.pending_approvals("S001")
    shop.list_incidents("S001", status="all")
    shop.report_overview(shop.report_request("summary", store="S001"))
    assert len(shop.get_incident(incident_id).events) == before


def test_approval_timeout_can_decline(make_store, overcharge, clock) -> None:
    desk = make_store(approval_timeout_seconds=60, on_approval_timeout="decline")
    incident_id = escalated(desk, overcharge)
    clock.advance(seconds=61)
    desk.run_worker_pass()
    assert desk.pending_approvals("S001") == []
    incident = desk.get_incident(incident_id)
    assert incident.status is Status.DECLINED and str(incident.decision.charge) == "19.95"


def test_timeout_to_decline_honors_when_decline_is_not_allowed(
    make_store, overcharge, clock
) -> None:
    desk = make_store(on_approval_timeout="decline", decline_allowed=False)
    incident_id = escalated(desk, overcharge)
    clock.advance(minutes=5)
    desk.run_worker_pass()
    assert desk.get_incident(incident_id).status is Status.HONORED


def test_pending_approvals_are_oldest_first(shop, overcharge, clock) -> None:
    first = overcharge(shop)
    second = overcharge(shop)
    third = overcharge(shop)
    shop.decide(second, action="escalate", cashier="C07")
    clock.advance(seconds=5)
    shop.decide(third, action="escalate", cashier="C08")
    clock.advance(seconds=5)
    shop.decide(first, action="escalate", cashier="C09")
    assert [i.id for i in shop.pending_approvals("S001")] == [second, third, first]
    assert [i.id for i in shop.pending_approvals()] == [second, third, first]
    shop.approve(third, manager="M01", pin="2468")
    assert [i.id for i in shop.pending_approvals("S001")] == [second, first]


def test_pending_approvals_for_unknown_store(shop) -> None:
    with pytest.raises(NotFound) as caught:
        shop.pending_approvals("S404")
    assert caught.value.field == "store" and "S404" in caught.value.message


def test_wrong_pins_tried_in_parallel_are_all_counted(make_store, overcharge) -> None:
    desk = make_store(approval_timeout_seconds=3600)
    incident_id = escalated(desk, overcharge)
    start = threading.Barrier(MAX_PIN_FAILURES)

    def guess(pin: str) -> str:
        start.wait()
        try:
            desk.approve(incident_id, manager="M01", pin=pin)
        except DiscrepancyError as error:
            return type(error).__name__
        return "approved"

    with ThreadPoolExecutor(MAX_PIN_FAILURES) as pool:
        answers = list(pool.map(guess, [f"000{n}" for n in range(MAX_PIN_FAILURES)]))
    assert sorted(answers) == ["AuthenticationFailed"] * 4 + ["LockedOut"]
    with pytest.raises(LockedOut):
        desk.approve(incident_id, manager="M01", pin="2468")


def test_codes_are_identities_a_lower_case_cashier_cannot_approve_their_own_request(
    shop, overcharge
) -> None:
    """Cashier ``m01`` escalating and manager ``M01`` approving is one person."""
    incident_id = overcharge(shop, cashier="m01")
    shop.decide(incident_id, action="escalate", cashier="m01")
    incident = shop.get_incident(incident_id)
    assert (incident.cashier, incident.decision.decided_by) == ("M01", "M01")
    with pytest.raises(NotPermitted) as caught:
        shop.approve(incident_id, manager="m01", pin="2468")
    assert "cannot approve their own request" in caught.value.message
    assert shop.approve(incident_id, manager="m02", pin="1122").decision.approved_by == "M02"

"""``posdisc approvals list|decide``: requests left waiting, decided later by a manager."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from pos_discrepancy.domain import Status


def _waiting(shop) -> str:  # type: ignore[no-untyped-def]
    check = shop.check(
        store="S001", register="R2", cashier="C07", sku="9788883701122", shelf_price="9.98"
    )
    shop.decide(check.incident_id, action="escalate", cashier="C07")
    return check.incident_id


def test_list_shows_what_waits(invoke, shop):
    assert invoke(["approvals", "list"]).output == "Nothing is waiting for a manager.\n"
    incident_id = _waiting(shop)
    result = invoke(["approvals", "list", "--store", "S001"])
    assert result.exit_code == 0, result.output
    [line] = result.output.splitlines()
    assert line.startswith(f"{incident_id}  S001 R2  9788883701122 Paperback novel")
    assert "tag $9.98 / scanned $19.95  asks $9.98  (cashier C07," in line


def test_list_prints_the_stores_own_time(invoke, shop):
    shop.add_store("S002", name="Harbour", currency="USD", timezone="America/Toronto")
    shop.import_prices("S002", [("9788883701122", "Paperback novel", "19.95")])
    check = shop.check(store="S002", register="R1", cashier="C07", sku="9788883701122",
                       shelf_price="9.98", scanned_price="19.95")  # fmt: skip
    shop.decide(check.incident_id, action="escalate", cashier="C07")
    [line] = invoke(["approvals", "list", "--store", "S002"]).output.splitlines()
    waited = shop.get_incident(check.incident_id).escalated_at.astimezone(
        ZoneInfo("America/Toronto")
    )
    assert line.endswith(f"since {waited:%H:%M} {waited.tzname()})")  # EST/EDT, not UTC
    assert waited.tzname() in ("EST", "EDT")


def test_decide_approves_with_a_hidden_pin(invoke, shop):
    incident_id = _waiting(shop)
    result = invoke(["approvals", "decide", incident_id, "--manager", "M01"], input="2468\n")
    assert result.exit_code == 0, result.output
    assert "2468" not in result.output
    assert "Honored: charge $9.98 — approved by M01." in result.output
    incident = shop.get_incident(incident_id)
    assert incident.status is Status.HONORED and incident.decision.approved_by == "M01"
    assert shop.pending_approvals("S001") == []


def test_decide_deny_with_note(invoke, shop):
    incident_id = _waiting(shop)
    args = ["approvals", "decide", incident_id, "--manager", "M02", "--deny", "--note", "tag ok"]
    result = invoke(args, input="1122\n")
    assert result.exit_code == 0, result.output
    assert "Declined: charge $19.95 (the scanned price) — denied by M02." in result.output
    assert shop.get_incident(incident_id).decision.note == "tag ok"


def test_decide_wrong_pin_and_unknown_incident_are_one_line(invoke, shop):
    incident_id = _waiting(shop)
    wrong = invoke(["approvals", "decide", incident_id, "--manager", "M01"], input="1111\n")
    assert wrong.exit_code == 1
    assert wrong.output.splitlines()[-1].startswith("Error: pin: wrong PIN for M01")
    assert shop.get_incident(incident_id).status is Status.AWAITING_APPROVAL
    unknown = invoke(["approvals", "decide", "not-an-id", "--manager", "M01"])
    assert unknown.exit_code == 1
    assert "Manager PIN" not in unknown.output
    assert unknown.output.startswith("Error: incident_id:")


def test_a_request_left_waiting_at_the_till_is_decided_later(invoke, shop):
    at_till = invoke(
        ["check", "--store", "S001", "--cashier", "C07"],
        input="9788883701122\n9.98\n\n\n\n2\nM01\n0000\ny\nc\n\n",
    )
    assert at_till.exit_code == 0, at_till.output
    [waiting] = shop.pending_approvals("S001")
    assert f"posdisc approvals decide {waiting.id} --manager <code>" in at_till.output
    later = invoke(["approvals", "decide", waiting.id, "--manager", "M01"], input="2468\n")
    assert later.exit_code == 0, later.output
    assert shop.get_incident(waiting.id).status is Status.HONORED


def test_a_fr_ca_store_lists_in_french_on_its_own_clock(invoke, desk) -> None:  # type: ignore[no-untyped-def]
    desk.add_store("Q001", name="Laval", currency="CAD", timezone="America/Toronto", locale="fr_CA")
    line = {"register": "R1", "cashier": "C07", "sku": "9788883701122", "quantity": 1}
    check = desk.check(store="Q001", scanned_price="19.95", shelf_price="9.98", **line)
    desk.decide(check.incident_id, action="escalate", cashier="C07")
    [listed] = invoke(["approvals", "list", "--store", "Q001"]).output.splitlines()
    assert "étiquette 9,98\xa0$ / lu 19,95\xa0$  demande 9,98\xa0$" in listed
    assert "(caissier C07, depuis " in listed and listed.endswith(" HNE)")

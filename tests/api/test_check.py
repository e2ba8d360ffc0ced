"""``Desk.check``: what a scan answers, what it stores, and what it refuses."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pos_discrepancy import InvalidInput, Money, NotFound
from pos_discrepancy.domain import Direction, Status

NOVEL = "9788883701122"


def scan(desk, **fields):  # type: ignore[no-untyped-def]
    values = {
        "store": "S001",
        "register": "R1",
        "cashier": "C07",
        "sku": NOVEL,
        "shelf_price": "9.98",
        "scanned_price": "19.95",
        "quantity": 1,
    }
    values.update(fields)
    return desk.check(**values)


def test_overcharge_is_logged_and_offers_honor_escalate_decline(shop, snapshot) -> None:
    result = scan(shop, location="A7-B3")
    assert result.discrepancy is True
    assert result.direction is Direction.OVERCHARGE
    assert result.difference == Money(Decimal("9.97"), "USD")
    assert result.line_difference == Money(Decimal("9.97"), "USD")
    assert result.status is Status.DETECTED
    assert [o.action for o in result.options] == ["honor", "escalate", "decline"]
    honor, escalate, decline = result.options
    assert str(honor.charge) == "9.98" and honor.requires_approval  # 9.97 > auto 1.00
    assert str(escalate.charge) == "9.98" and escalate.requires_approval
    assert str(decline.charge) == "19.95" and decline.available
    assert all(o.script for o in result.options)
    incident = shop.get_incident(result.incident_id)
    assert incident.status is Status.DETECTED
    assert incident.location == "A7-B3" and incident.cashier == "C07"
    assert incident.description == "Paperback novel"  # from the price file
    assert [e.kind for e in incident.events] == ["detected"]
    assert len(snapshot(shop)["incidents"]) == 1


def test_undercharge_charges_the_scan_without_prompt_and_is_still_logged(shop) -> None:
    result = scan(shop, shelf_price="19.95", scanned_price="9.98", quantity=2)
    assert result.discrepancy and result.direction is Direction.UNDERCHARGE
    assert str(result.difference) == "9.97" and str(result.line_difference) == "19.94"
    assert result.status is Status.HONORED
    assert [(o.action, str(o.charge), o.requires_approval) for o in result.options] == [
        ("honor", "19.96", False)
    ]
    incident = shop.get_incident(result.incident_id)
    assert incident.status is Status.HONORED
    assert incident.direction is Direction.UNDERCHARGE
    assert [e.kind for e in incident.events] == ["detected", "decided"]
    assert incident.decision is not None
    assert str(incident.decision.charge) == "19.96"  # the scanned (lower) price
    assert incident.decision.approved_by is None
    assert shop.pending_approvals("S001") == []


def test_equal_prices_answer_no_discrepancy_and_store_nothing(shop, snapshot) -> None:
    before = snapshot(shop)
    result = scan(shop, shelf_price="19.95", scanned_price="19.95", quantity=3)
    assert result.discrepancy is False
    assert result.incident_id is None and result.options == ()
    assert result.direction is None and result.difference is None
    assert result.to_dict()["incident_id"] is None and result.to_dict()["options"] == []
    assert snapshot(shop) == before


@pytest.mark.parametrize(
    "price",
    ["19.95", 19, Decimal("19.95"), Money(Decimal("19.95"), "USD"), " 19.95 ", "19.9", "+19.95"],
    ids=["str", "int", "Decimal", "Money", "padded", "one-decimal", "plus-sign"],
)
def test_prices_may_be_str_int_decimal_or_money(shop, price) -> None:  # type: ignore[no-untyped-def]
    result = scan(shop, scanned_price=price, shelf_price=Decimal("9.98"))
    expected = Money.parse(price, "USD") - Money(Decimal("9.98"), "USD")
    assert result.difference == expected
    incident = shop.get_incident(result.incident_id)
    assert incident.scanned_price == Money.parse(price, "USD")


@pytest.mark.parametrize("field", ["scanned_price", "shelf_price"])
def test_float_prices_are_refused_and_nothing_stored(shop, snapshot, field) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(shop)
    with pytest.raises(InvalidInput) as caught:
        scan(shop, **{field: 19.95})
    assert caught.value.field == field and field in caught.value.message
    assert "float" in caught.value.message
    assert snapshot(shop) == before


def test_money_in_another_currency_is_refused(shop) -> None:
    with pytest.raises(InvalidInput) as caught:
        scan(shop, scanned_price=Money(Decimal("19.95"), "EUR"))
    assert caught.value.field == "scanned_price" and "EUR" in caught.value.message


def test_omitted_scanned_price_is_looked_up_in_the_price_file(shop) -> None:
    result = scan(shop, scanned_price=None, shelf_price="17.00")
    assert result.discrepancy and str(result.difference) == "2.95"
    assert str(shop.get_incident(result.incident_id).scanned_price) == "19.95"
    agree = scan(shop, sku="012345678905", scanned_price=None, shelf_price="12.99")
    assert agree.discrepancy is False


def test_omitted_scanned_price_for_unknown_sku_is_not_found_naming_the_sku(shop, snapshot) -> None:
    before = snapshot(shop)
    with pytest.raises(NotFound) as caught:
        shop.check(
            store="S001", register="R1", cashier="C07", sku="5000000000001", shelf_price="1.00"
        )
    assert caught.value.field == "sku"
    assert "5000000000001" in caught.value.message and "sku" in caught.value.message
    assert snapshot(shop) == before


def test_sku_missing_from_price_file_is_fine_when_the_scan_is_given(shop) -> None:
    result = scan(shop, sku="5000000000001", description="Garden gnome")
    assert result.discrepancy
    incident = shop.get_incident(result.incident_id)
    assert incident.sku == "5000000000001" and incident.description == "Garden gnome"
    bare = scan(shop, sku="5000000000002")  # description is optional
    assert shop.get_incident(bare.incident_id).description == ""


def test_cashier_codes_need_not_be_registered(shop) -> None:
    result = scan(shop, cashier="NEW-HIRE-9")
    assert shop.get_incident(result.incident_id).cashier == "NEW-HIRE-9"


def test_unknown_store_is_not_found_naming_the_store(shop, snapshot) -> None:
    before = snapshot(shop)
    with pytest.raises(NotFound) as caught:
        scan(shop, store="S999")
    assert caught.value.field == "store"
    assert "store" in caught.value.message and "S999" in caught.value.message
    assert snapshot(shop) == before


def test_quantity_multiplies_the_line(shop) -> None:
    result = scan(shop, quantity="3")
    assert str(result.difference) == "9.97" and str(result.line_difference) == "29.91"
    incident = shop.get_incident(result.incident_id)
    assert incident.quantity == 3
    assert str(incident.claimed_total) == "29.94" and str(incident.scanned_total) == "59.85"


def test_each_incident_gets_its_own_id_and_journal_chain_verifies(shop) -> None:
    ids = {scan(shop, shelf_price=f"9.{n:02d}").incident_id for n in range(5)}
    assert len(ids) == 5
    assert shop.verify_journal("S001").ok


def test_a_line_total_above_the_per_item_limit_is_stored_and_read_back(shop) -> None:
    result = scan(shop, shelf_price="0.00", scanned_price="1082.99", quantity=924)
    assert str(result.line_difference) == "1000682.76"
    incident = shop.decide(result.incident_id, action="decline", cashier="C07")
    assert str(incident.decision.charge) == "1000682.76"


def test_a_sku_missing_from_the_price_file_is_flagged_and_explained(shop) -> None:
    result = scan(shop, sku="NOPE-123")
    assert result.flags == ("not_in_price_file",)
    assert any(w.startswith("Not in the price file: NOPE-123") for w in result.warnings)
    assert result.to_dict()["flags"] == ["not_in_price_file"]
    assert shop.get_incident(result.incident_id).sku == "NOPE-123"
    known = scan(shop)
    assert known.flags == () and known.warnings == ()


def test_a_gtin_with_a_wrong_check_digit_is_flagged_not_refused(shop) -> None:
    result = scan(shop, sku="9788883701123")  # the novel's code, last digit mistyped
    assert result.flags == ("check_digit_wrong", "not_in_price_file")
    assert "check) digit should be 2" in result.warnings[0]
    agree = scan(shop, sku="9788883701123", scanned_price="9.98")  # no lookup: fast path
    assert agree.discrepancy is False and agree.flags == ("check_digit_wrong",)
    assert scan(shop, sku="0000000000000").flags == ("not_in_price_file",)  # a right digit


@pytest.mark.parametrize("sku", ["hello world", "0123\t4567", " 9788883701122 x"])
def test_a_code_with_a_space_inside_is_refused_not_joined(shop, snapshot, sku) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(shop)
    with pytest.raises(InvalidInput) as caught:
        scan(shop, sku=sku)
    assert caught.value.field == "sku" and "has a space inside" in caught.value.message
    assert snapshot(shop) == before


def test_the_whitespace_around_a_scanned_code_is_dropped(shop) -> None:
    result = scan(shop, sku=f"{NOVEL}\r\n")
    assert shop.get_incident(result.incident_id).sku == NOVEL and result.flags == ()

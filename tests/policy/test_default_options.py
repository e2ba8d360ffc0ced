"""The built-in options plugin (``pos_discrepancy.policy.default_options``) through the desk."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_discrepancy import InvalidInput
from pos_discrepancy.domain import (
    Direction,
    Policy,
    ScannedItem,
    ShelfClaim,
    Status,
    StoreInfo,
    build_discrepancy,
)
from pos_discrepancy.money import Money
from pos_discrepancy.policy.default_options import honors_without_approval, posdisc_options

SKU = "9788883701122"


def check(desk, scanned, shelf, quantity=1, store="S001"):  # type: ignore[no-untyped-def]
    return desk.check(
        store=store,
        register="R1",
        cashier="C07",
        sku=SKU,
        scanned_price=scanned,
        shelf_price=shelf,
        quantity=quantity,
    )


def option(result, action):  # type: ignore[no-untyped-def]
    return next(o for o in result.options if o.action == action)


def usd(text: str) -> Money:
    return Money.parse(text, "USD")


@pytest.fixture
def configured(store, make_desk, tmp_path):  # type: ignore[no-untyped-def]
    """Open a desk on the seeded database with a TOML policy file."""

    def open_with(toml: str):  # type: ignore[no-untyped-def]
        path = tmp_path / "policy.toml"
        path.write_text(toml, encoding="utf-8")
        return make_desk(config=str(path))

    return open_with


def test_auto_honor_max_boundary(store):  # type: ignore[no-untyped-def]
    at_limit = check(store, "10.99", "9.99")  # default auto_honor_max 1.00, exactly at it
    assert option(at_limit, "honor").requires_approval is False
    over = check(store, "11.00", "9.99")  # one cent over
    assert option(over, "honor").requires_approval is True
    assert store.decide(at_limit.incident_id, action="honor", cashier="C07").status is (
        Status.HONORED
    )
    assert store.decide(over.incident_id, action="honor", cashier="C07").status is (
        Status.AWAITING_APPROVAL
    )


def test_auto_honor_max_is_for_the_whole_line(store):  # type: ignore[no-untyped-def]
    assert option(check(store, "2.49", "1.99", quantity=2), "honor").requires_approval is False
    assert option(check(store, "2.50", "1.99", quantity=2), "honor").requires_approval is True


def test_auto_honor_max_from_a_store_override(configured):  # type: ignore[no-untyped-def]
    desk = configured(
        '[policy]\nauto_honor_max = "1.00"\n[stores.S001.policy]\nauto_honor_max = "5.00"\n'
    )
    assert option(check(desk, "14.99", "9.99"), "honor").requires_approval is False
    assert option(check(desk, "15.00", "9.99"), "honor").requires_approval is True


def test_auto_honor_max_percent_boundary(configured):  # type: ignore[no-untyped-def]
    desk = configured('[policy]\nauto_honor_max = "0"\nauto_honor_max_percent = "10"\n')
    # 10 % of the scanned 20.00 is 2.00: exactly at it honors, one cent more asks a manager.
    assert option(check(desk, "20.00", "18.00"), "honor").requires_approval is False
    assert option(check(desk, "20.00", "17.99"), "honor").requires_approval is True


def test_either_limit_is_enough(configured):  # type: ignore[no-untyped-def]
    desk = configured('[policy]\nauto_honor_max = "0.50"\nauto_honor_max_percent = "5"\n')
    assert option(check(desk, "100.00", "95.00"), "honor").requires_approval is False  # 5 %
    assert option(check(desk, "5.00", "4.50"), "honor").requires_approval is False  # 0.50
    assert option(check(desk, "5.00", "4.49"), "honor").requires_approval is True


def test_decline_not_allowed(configured):  # type: ignore[no-untyped-def]
    desk = configured("[stores.S001.policy]\ndecline_allowed = false\n")
    result = check(desk, "19.95", "9.98")
    decline = option(result, "decline")
    assert decline.available is False
    assert decline.reason == "Store policy: the shelf price is always honored."
    with pytest.raises(InvalidInput, match="shelf price is always honored"):
        desk.decide(result.incident_id, action="decline", cashier="C07")
    assert desk.get_incident(result.incident_id).status is Status.DETECTED


def test_decline_allowed_by_default_charges_the_scan(store):  # type: ignore[no-untyped-def]
    result = check(store, "19.95", "9.98")
    decline = option(result, "decline")
    assert (decline.available, decline.reason, decline.charge) == (True, None, usd("19.95"))
    incident = store.decide(result.incident_id, action="decline", cashier="C07")
    assert incident.status is Status.DECLINED and incident.decision.charge == usd("19.95")


def test_overcharge_offers_honor_escalate_decline_with_their_charges(store):  # type: ignore[no-untyped-def]
    result = check(store, "19.95", "9.98", quantity=2)
    assert [(o.action, o.charge, o.requires_approval) for o in result.options] == [
        ("honor", usd("19.96"), True),
        ("escalate", usd("19.96"), True),
        ("decline", usd("39.90"), False),
    ]


def test_undercharge_is_one_automatic_option_and_still_logged(store):  # type: ignore[no-untyped-def]
    result = check(store, "7.50", "9.98", quantity=2)
    assert result.direction is Direction.UNDERCHARGE
    [only] = result.options
    assert (only.action, only.charge, only.requires_approval, only.available) == (
        "honor",
        usd("15.00"),
        False,
        True,
    )
    incident = store.get_incident(result.incident_id)
    assert incident.status is Status.HONORED
    assert [e.kind for e in incident.events] == ["detected", "decided"]
    assert incident.decision.charge == usd("15.00")


COURTEOUS = ("you", "sorry", "let me", "good news", "i'll")


@pytest.mark.parametrize(("scanned", "shelf"), [("19.95", "9.98"), ("7.50", "9.98")])
def test_scripts_are_short_courteous_and_name_the_charge(store, scanned, shelf):  # type: ignore[no-untyped-def]
    for offered in check(store, scanned, shelf).options:
        script = offered.script
        assert len(script) <= 120, script
        assert script.count(".") + script.count("?") <= 3, script
        assert any(word in script.lower() for word in COURTEOUS), script
        assert offered.charge.format() in script, script
        assert 2 <= len(offered.label.split()) <= 4, offered.label


amounts = st.integers(min_value=1, max_value=500_000).map(lambda c: Money.from_minor(c, "USD"))
limits = st.integers(min_value=0, max_value=10_000).map(lambda c: Decimal(c).scaleb(-2))
percents = st.integers(min_value=0, max_value=100).map(Decimal)


@given(scanned=amounts, shelf=amounts, quantity=st.integers(1, 20), limit=limits, pct=percents)
def test_approval_rule_matches_its_definition(scanned, shelf, quantity, limit, pct) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    item = ScannedItem(SKU, scanned, quantity, datetime(2026, 1, 1, tzinfo=UTC))
    discrepancy = build_discrepancy(ShelfClaim(shelf_price=shelf), item)
    if discrepancy is None or discrepancy.direction is Direction.UNDERCHARGE:
        return
    policy = Policy(auto_honor_max=limit, auto_honor_max_percent=pct)
    given_away = (scanned.amount - shelf.amount) * quantity
    expected = given_away <= limit or given_away * 100 <= pct * scanned.amount * quantity
    assert honors_without_approval(discrepancy, policy) is expected
    honor = posdisc_options(
        discrepancy=discrepancy, policy=policy, store=StoreInfo("S001", "Test store", "USD")
    )[0]
    assert honor.requires_approval is not expected
    assert honor.charge == shelf * quantity

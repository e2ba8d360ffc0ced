"""The built-in detect plugin (``pos_discrepancy.policy.default_detect``) through ``desk.check``.

The desk's clock starts at 2026-11-25 15:00 UTC (the ``clock`` fixture).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pos_discrepancy.domain import Direction
from pos_discrepancy.money import Money

SKU = "4006381333931"


@pytest.fixture
def pacific(store):  # type: ignore[no-untyped-def]
    """The seeded desk with a store in Los Angeles (UTC−8 in November)."""
    store.add_store("S003", name="Venice Blvd", currency="USD", timezone="America/Los_Angeles")
    return store


def promo_check(desk, promo_ends, store="S003"):  # type: ignore[no-untyped-def]
    return desk.check(
        store=store,
        register="R2",
        cashier="C07",
        sku=SKU,
        scanned_price="2.49",
        shelf_price="1.99",
        promo_ends=promo_ends,
    )


def test_promotion_ended_yesterday_is_a_sale_tag_left_up(pacific, clock):  # type: ignore[no-untyped-def]
    result = promo_check(pacific, "2026-11-24")  # 07:00 on the 25th in Los Angeles
    assert result.discrepancy and result.cause == "sale_ended_tag_left_up"
    assert any("ended on 2026-11-24" in f for f in result.findings)
    assert pacific.get_incident(result.incident_id).cause == "sale_ended_tag_left_up"


def test_promotion_ending_today_has_not_expired(pacific):  # type: ignore[no-untyped-def]
    result = promo_check(pacific, "2026-11-25")
    assert result.discrepancy and result.cause is None and result.findings == ()


def test_expiry_is_judged_in_the_stores_time_zone(pacific, clock):  # type: ignore[no-untyped-def]
    clock.now = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # still the 24th in Los Angeles
    assert promo_check(pacific, "2026-11-24").cause is None
    assert promo_check(pacific, "2026-11-24", store="S001").cause == "sale_ended_tag_left_up"
    clock.now = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)  # midnight in Los Angeles
    assert promo_check(pacific, "2026-11-24").cause == "sale_ended_tag_left_up"


def multi_buy_check(desk, quantity, scanned="3.99"):  # type: ignore[no-untyped-def]
    return desk.check(
        store="S001",
        register="R1",
        cashier="C07",
        sku=SKU,
        scanned_price=scanned,
        shelf_price="3.99",
        quantity=quantity,
        multi_buy="3 for 10.00",
    )


@pytest.mark.parametrize(
    ("quantity", "claimed", "difference"),
    [(3, "10.00", "1.97"), (4, "13.99", "1.97"), (6, "20.00", "3.94")],
)
def test_multi_buy_lowers_the_claim(store, quantity, claimed, difference):  # type: ignore[no-untyped-def]
    result = multi_buy_check(store, quantity)
    assert result.direction is Direction.OVERCHARGE
    assert result.line_difference == Money.parse(difference, "USD")
    assert next(o for o in result.options if o.action == "honor").charge == Money.parse(
        claimed, "USD"
    )
    assert "Tag offers 3 for $10.00." in result.findings


def test_multi_buy_below_its_count_is_the_plain_price(store):  # type: ignore[no-untyped-def]
    assert not multi_buy_check(store, 2).discrepancy


def test_multi_buy_rung_up_below_the_offer_is_an_undercharge(store):  # type: ignore[no-untyped-def]
    # 3 x 3.33 = 9.99 is a cent under "3 for 10.00": logged so the store learns of it.
    result = multi_buy_check(store, 3, scanned="3.33")
    assert result.direction is Direction.UNDERCHARGE
    assert result.line_difference == Money.parse("0.01", "USD")

"""Detection: the shelf claim against the scan (domain functions, findings built by hand)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_discrepancy.domain import (
    Cause,
    Direction,
    Discrepancy,
    DisplayedPrice,
    Finding,
    MultiBuy,
    ScannedItem,
    ShelfClaim,
    build_discrepancy,
)
from pos_discrepancy.errors import InvalidInput
from pos_discrepancy.money import Money

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


def usd(text: str) -> Money:
    return Money.parse(text, "USD")


def scan(price: str, quantity: int = 1, currency: str = "USD") -> ScannedItem:
    return ScannedItem(
        sku="9788883701122",
        scanned_price=Money.parse(price, currency),
        quantity=quantity,
        scanned_at=NOW,
    )


def tag(price: str, currency: str = "USD", **claim: object) -> ShelfClaim:
    return ShelfClaim(shelf_price=Money.parse(price, currency), **claim)  # type: ignore[arg-type]


def multi_buy_finding(claim: ShelfClaim, scanned: ScannedItem) -> Finding:
    """What a multi-buy detector reports (built by hand here; the plugin lives in policy/)."""
    assert claim.multi_buy is not None
    return Finding(
        code="multi_buy",
        message="multi-buy offer",
        claimed_line_total=claim.multi_buy.line_total(scanned.quantity, claim.lowest_price),
    )


# --- direction and differences ----------------------------------------------------------------


def test_overcharge_one_unit() -> None:
    found = build_discrepancy(tag("9.98", location="A7-B3"), scan("19.95"))
    assert found is not None
    assert found.direction is Direction.OVERCHARGE
    assert found.difference == usd("9.97") and found.line_difference == usd("9.97")
    assert found.claimed_line_total == usd("9.98")
    assert found.quantity == 1 and found.sku == "9788883701122" and found.currency == "USD"
    assert found.cause is None and found.findings == ()
    assert found.claim.location == "A7-B3"


def test_undercharge_one_unit() -> None:
    found = build_discrepancy(tag("25.00"), scan("19.95"))
    assert found is not None
    assert found.direction is Direction.UNDERCHARGE
    assert found.difference == usd("5.05") and found.line_difference == usd("5.05")


def test_quantity_multiplies_the_line_difference_only() -> None:
    found = build_discrepancy(tag("2.49"), scan("2.99", quantity=4))
    assert found is not None
    assert found.direction is Direction.OVERCHARGE
    assert found.difference == usd("0.50")
    assert found.line_difference == usd("2.00")
    assert found.claimed_line_total == usd("9.96")
    assert found.scanned.line_total == usd("11.96")


@pytest.mark.parametrize("quantity", [1, 2, 7, 9999])
def test_equal_prices_are_no_discrepancy(quantity: int) -> None:
    assert build_discrepancy(tag("12.99"), scan("12.99", quantity)) is None


def test_one_cent_either_side() -> None:
    over = build_discrepancy(tag("10.00"), scan("10.01"))
    under = build_discrepancy(tag("10.00"), scan("9.99"))
    assert over is not None and over.direction is Direction.OVERCHARGE
    assert under is not None and under.direction is Direction.UNDERCHARGE
    assert over.difference == under.difference == usd("0.01")


def test_free_item_scanned_at_a_price_and_a_price_scanned_as_free() -> None:
    over = build_discrepancy(tag("0.00"), scan("1.00"))
    under = build_discrepancy(tag("1.00"), scan("0.00"))
    assert over is not None and over.direction is Direction.OVERCHARGE
    assert under is not None and under.line_difference == usd("1.00")


def test_zero_decimal_and_three_decimal_currencies() -> None:
    yen = build_discrepancy(tag("980", "JPY"), scan("1080", 2, "JPY"))
    assert yen is not None and str(yen.line_difference) == "200" and str(yen.difference) == "100"
    dinar = build_discrepancy(tag("1.250", "KWD"), scan("1.255", 3, "KWD"))
    assert dinar is not None
    assert str(dinar.difference) == "0.005" and str(dinar.line_difference) == "0.015"


# --- displayed prices: the lowest wins ------------------------------------------------------


def test_lowest_displayed_price_is_the_claim() -> None:
    claim = tag(
        "9.99",
        displayed_prices=(
            DisplayedPrice("sign", usd("8.99")),
            DisplayedPrice("flyer", usd("9.49")),
        ),
    )
    assert claim.lowest_price == usd("8.99")
    found = build_discrepancy(claim, scan("9.99", 2))
    assert found is not None
    assert found.direction is Direction.OVERCHARGE
    assert found.claimed_line_total == usd("17.98") and found.line_difference == usd("2.00")
    assert found.difference == usd("1.00")


def test_a_higher_sign_does_not_raise_the_claim() -> None:
    claim = tag("8.99", displayed_prices=(DisplayedPrice("advert", usd("12.00")),))
    assert claim.lowest_price == usd("8.99")
    assert build_discrepancy(claim, scan("8.99")) is None


def test_scan_equal_to_the_lowest_displayed_price_is_no_discrepancy() -> None:
    claim = tag("9.99", displayed_prices=(DisplayedPrice("sign", usd("8.99")),))
    assert build_discrepancy(claim, scan("8.99")) is None


def test_displayed_price_source_is_checked() -> None:
    with pytest.raises(InvalidInput) as caught:
        DisplayedPrice("billboard", usd("1.00"))
    assert caught.value.field == "displayed_prices" and "billboard" in caught.value.message


def test_displayed_price_in_another_currency_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        tag("9.99", displayed_prices=(DisplayedPrice("sign", Money.parse("8.99", "EUR")),))
    assert caught.value.field == "displayed_prices" and "EUR" in caught.value.message


# --- multi-buy "N for X" ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quantity", "expected_claim"),
    [
        (3, "10.00"),  # one group
        (4, "14.00"),  # one group + one leftover at the unit price
        (6, "20.00"),  # two groups
        (7, "24.00"),  # two groups + one leftover
        (8, "28.00"),  # two groups + two leftovers
    ],
)
def test_multi_buy_line_total_with_leftovers(quantity: int, expected_claim: str) -> None:
    offer = MultiBuy(count=3, total=usd("10.00"))
    assert offer.line_total(quantity, usd("4.00")) == usd(expected_claim)


def test_multi_buy_below_the_count_is_the_unit_price() -> None:
    offer = MultiBuy(count=3, total=usd("10.00"))
    assert offer.line_total(2, usd("4.00")) == usd("8.00")


def test_multi_buy_finding_lowers_the_claim() -> None:
    claim = tag("4.00", multi_buy=MultiBuy(count=3, total=usd("10.00")))
    scanned = scan("4.00", 4)
    found = build_discrepancy(claim, scanned, [multi_buy_finding(claim, scanned)])
    assert found is not None
    assert found.direction is Direction.OVERCHARGE
    assert found.claimed_line_total == usd("14.00")
    assert found.line_difference == usd("2.00")  # 16.00 scanned
    assert found.difference == usd("0.50")  # the line difference per unit
    assert found.has_finding("multi_buy") and not found.has_finding("promo_expired")


def test_multi_buy_per_unit_difference_is_rounded_half_up() -> None:
    claim = tag("4.00", multi_buy=MultiBuy(count=3, total=usd("10.00")))
    scanned = scan("4.00", 3)
    found = build_discrepancy(claim, scanned, [multi_buy_finding(claim, scanned)])
    assert found is not None
    assert found.line_difference == usd("2.00") and found.difference == usd("0.67")


def test_multi_buy_honoured_by_the_register_is_no_discrepancy() -> None:
    claim = tag("4.00", multi_buy=MultiBuy(count=3, total=usd("9.99")))
    scanned = scan("3.33", 3)
    assert build_discrepancy(claim, scanned, [multi_buy_finding(claim, scanned)]) is None


def test_scan_below_the_tag_but_above_the_offer_is_an_overcharge() -> None:
    # Per unit the scan is lower than the tag, but the line is dearer than "3 for 10".
    claim = tag("4.00", multi_buy=MultiBuy(count=3, total=usd("10.00")))
    scanned = scan("3.50", 3)
    found = build_discrepancy(claim, scanned, [multi_buy_finding(claim, scanned)])
    assert found is not None
    assert found.direction is Direction.OVERCHARGE
    assert found.line_difference == usd("0.50") and found.difference == usd("0.17")


def test_a_worse_offer_never_raises_the_claim() -> None:
    claim = tag("3.00", multi_buy=MultiBuy(count=3, total=usd("10.00")))
    scanned = scan("3.00", 3)
    assert build_discrepancy(claim, scanned, [multi_buy_finding(claim, scanned)]) is None


@pytest.mark.parametrize("count", [1, 0, -3, True, 2.0, "3"])
def test_multi_buy_count_must_be_two_or_more(count: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        MultiBuy(count=count, total=usd("10.00"))  # type: ignore[arg-type]
    assert caught.value.field == "multi_buy"


def test_multi_buy_total_must_be_positive_and_in_the_tag_currency() -> None:
    with pytest.raises(InvalidInput) as caught:
        MultiBuy(count=2, total=usd("0.00"))
    assert caught.value.field == "multi_buy"
    with pytest.raises(InvalidInput) as caught:
        tag("4.00", multi_buy=MultiBuy(count=2, total=Money.parse("7.00", "EUR")))
    assert caught.value.field == "multi_buy"


# --- promotion end date: cause sale_ended_tag_left_up --------------------------------------


def promo_expired() -> Finding:
    return Finding(
        code="promo_expired",
        message="The promotion on this tag ended on 2026-11-20; the sale tag was left up.",
        cause=Cause.SALE_ENDED_TAG_LEFT_UP,
    )


def test_expired_promotion_is_a_discrepancy_with_its_cause() -> None:
    claim = tag("7.99", promo_ends=date(2026, 11, 20))
    found = build_discrepancy(claim, scan("9.99"), [promo_expired()])
    assert found is not None
    assert found.direction is Direction.OVERCHARGE
    assert found.cause is Cause.SALE_ENDED_TAG_LEFT_UP
    assert found.has_finding("promo_expired")
    assert found.claim.promo_ends == date(2026, 11, 20)


def test_expired_promotion_with_equal_prices_stores_nothing() -> None:
    claim = tag("7.99", promo_ends=date(2026, 11, 20))
    assert build_discrepancy(claim, scan("7.99"), [promo_expired()]) is None


def test_first_finding_with_a_cause_names_the_cause() -> None:
    findings = [
        Finding(code="note", message="no cause here"),
        Finding(code="wrong_aisle", message="tag in aisle 9", cause=Cause.WRONG_LOCATION),
        promo_expired(),
    ]
    found = build_discrepancy(tag("1.00"), scan("2.00"), findings)
    assert found is not None and found.cause is Cause.WRONG_LOCATION
    assert [f.code for f in found.findings] == ["note", "wrong_aisle", "promo_expired"]


def test_finding_cause_given_as_text_becomes_the_enum() -> None:
    finding = Finding(code="x", message="m", cause="missing_tag")  # type: ignore[arg-type]
    assert finding.cause is Cause.MISSING_TAG
    with pytest.raises(ValueError):
        Finding(code="x", message="m", cause="gremlins")  # type: ignore[arg-type]


def test_a_finding_may_lower_the_claim_to_a_member_price() -> None:
    member = Finding(code="member_price", message="member", claimed_line_total=usd("15.00"))
    found = build_discrepancy(tag("9.99"), scan("9.99", 2), [member])
    assert found is not None and found.claimed_line_total == usd("15.00")
    assert found.line_difference == usd("4.98") and found.difference == usd("2.49")


@pytest.mark.parametrize(
    "finding",
    [
        {"code": "", "message": "m"},
        {"code": "x", "message": "m", "claimed_line_total": Decimal("1.00")},
        {
            "code": "x",
            "message": "m",
            "claimed_line_total": Money.parse("-1", "USD", allow_negative=True),
        },
    ],
)
def test_malformed_findings_fail_where_they_are_built(finding: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Finding(**finding)  # type: ignore[arg-type]


def test_a_finding_in_another_currency_is_refused() -> None:
    euro = Finding(code="x", message="m", claimed_line_total=Money.parse("1.00", "EUR"))
    with pytest.raises(InvalidInput) as caught:
        build_discrepancy(tag("9.99"), scan("10.99"), [euro])
    assert caught.value.field == "currency"


# --- the scanned item -------------------------------------------------------------------------


def test_scanned_item_quantity_is_checked() -> None:
    with pytest.raises(InvalidInput) as caught:
        scan("1.00", 0)
    assert caught.value.field == "quantity"
    with pytest.raises(TypeError):
        scan("1.00", 1.5)  # type: ignore[arg-type]


def test_claim_and_scan_are_immutable() -> None:
    claim, scanned = tag("1.00"), scan("1.00")
    with pytest.raises(AttributeError):
        claim.shelf_price = usd("2.00")  # type: ignore[misc]
    with pytest.raises(AttributeError):
        scanned.quantity = 3  # type: ignore[misc]
    assert replace(scanned, quantity=3).line_total == usd("3.00")


# --- properties (hypothesis) -----------------------------------------------------------------

cents = st.integers(0, 99_999_999)
quantities = st.integers(1, 9999)


@given(cents, cents, quantities)
def test_none_exactly_when_line_totals_are_equal(shelf: int, scanned: int, quantity: int) -> None:
    claim = ShelfClaim(shelf_price=Money.from_minor(shelf, "USD"))
    item = ScannedItem("1", Money.from_minor(scanned, "USD"), quantity, NOW)
    found = build_discrepancy(claim, item)
    assert (found is None) == (shelf * quantity == scanned * quantity)
    if found is not None:
        check_invariants(found)
        assert found.difference.minor == abs(scanned - shelf)


@given(
    cents,
    cents,
    quantities,
    st.lists(st.tuples(st.sampled_from(["sign", "flyer"]), cents), max_size=3),
    st.one_of(st.none(), st.tuples(st.integers(2, 12), st.integers(1, 99_999_999))),
)
def test_detection_invariants_with_signs_and_offers(
    shelf: int,
    scanned: int,
    quantity: int,
    signs: list[tuple[str, int]],
    offer: tuple[int, int] | None,
) -> None:
    claim = ShelfClaim(
        shelf_price=Money.from_minor(shelf, "USD"),
        displayed_prices=tuple(DisplayedPrice(s, Money.from_minor(c, "USD")) for s, c in signs),
        multi_buy=None if offer is None else MultiBuy(offer[0], Money.from_minor(offer[1], "USD")),
    )
    item = ScannedItem("1", Money.from_minor(scanned, "USD"), quantity, NOW)
    findings = [] if offer is None else [multi_buy_finding(claim, item)]
    lowest = min([shelf, *(c for _, c in signs)])
    claimed = lowest * quantity
    if offer is not None:
        groups, leftover = divmod(quantity, offer[0])
        claimed = min(claimed, groups * offer[1] + leftover * lowest)
    found = build_discrepancy(claim, item, findings)
    assert (found is None) == (scanned * quantity == claimed)
    if found is not None:
        check_invariants(found)
        assert found.claimed_line_total.minor == claimed


def check_invariants(found: Discrepancy) -> None:
    scanned_total = found.scanned.line_total
    assert found.line_difference == abs(scanned_total - found.claimed_line_total)
    assert found.line_difference.amount > 0 and found.difference.amount >= 0
    if found.direction is Direction.OVERCHARGE:
        assert scanned_total > found.claimed_line_total
    else:
        assert scanned_total < found.claimed_line_total
    # The per-unit difference is the line difference shared out, to the nearest cent.
    assert abs(found.difference.minor * found.quantity - found.line_difference.minor) * 2 <= (
        found.quantity
    )


@given(st.integers(2, 50), st.integers(0, 10_000), cents, cents)
def test_multi_buy_line_total_is_groups_plus_leftovers(
    count: int, quantity: int, total: int, unit: int
) -> None:
    offer = MultiBuy(count, Money.from_minor(total + 1, "USD"))
    groups, leftover = divmod(quantity, count)
    expected = groups * (total + 1) + leftover * unit
    assert offer.line_total(quantity, Money.from_minor(unit, "USD")).minor == expected


@given(cents, st.lists(cents, max_size=5))
def test_the_lowest_displayed_price_wins(shelf: int, others: list[int]) -> None:
    claim = ShelfClaim(
        shelf_price=Money.from_minor(shelf, "USD"),
        displayed_prices=tuple(DisplayedPrice("sign", Money.from_minor(c, "USD")) for c in others),
    )
    assert claim.lowest_price.minor == min([shelf, *others])
    assert claim.claimed_line_total(3).minor == 3 * min([shelf, *others])

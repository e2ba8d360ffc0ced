"""us_mi: Michigan. By hand: charge P_low on every unit (no bonus when corrected at the
register); after the sale the customer is owed the refund (Δ on every unit) plus a bonus
of clamp(10 × Δ, $1.00, $5.00) on one unit; USD only."""

import pytest

from .conftest import check_row, row, scenario

H = "honor"
A = "after_sale"
CASES = [
    # corrected at the register: P_low per unit, no bonus
    row("corrected-no-bonus", "8.99", "12.99", H, "8.99"),
    row("corrected-qty3", "8.99", "12.99", H, "26.97", quantity=3),
    # after the sale: charge stays the scanned total, bonus = refund + clamp(10Δ)
    row("after-sale-4.00-capped", "8.99", "12.99", A, "12.99", bonus="9.00", first=False),
    row("after-sale-qty3", "8.99", "12.99", A, "38.97", bonus="17.00", quantity=3, first=False),
    row("delta-0.10-exactly-1.00", "1.99", "2.09", A, "2.09", bonus="1.10", first=False),
    row("delta-0.09-floor", "1.99", "2.08", A, "2.08", bonus="1.09", first=False),
    row("delta-0.11", "1.99", "2.10", A, "2.10", bonus="1.21", first=False),
    row("delta-0.50-exactly-5.00", "1.99", "2.49", A, "2.49", bonus="5.50", first=False),
    row("delta-0.49", "1.99", "2.48", A, "2.48", bonus="5.39", first=False),
    row("delta-0.51-cap", "1.99", "2.50", A, "2.50", bonus="5.51", first=False),
    row("delta-0.01", "1.99", "2.00", A, "2.00", bonus="1.01", first=False),
    row("exactly-10.00-tag", "10.00", "12.00", A, "12.00", bonus="7.00", first=False),
    row("9.99-to-10.00", "9.99", "10.00", A, "10.00", bonus="1.01", first=False),
    row("exactly-20.00-tag", "20.00", "20.50", A, "20.50", bonus="5.50", first=False),
    row("20.01-tag", "20.01", "20.30", A, "20.30", bonus="3.19", first=False),
    row("exactly-50.00-tag", "50.00", "50.25", A, "50.25", bonus="2.75", first=False),
    row("49.99-tag", "49.99", "50.01", A, "50.01", bonus="1.02", first=False),
    row("50.01-tag", "50.01", "51.00", A, "51.00", bonus="5.99", first=False),
    row("sign-lower", "12.99", "12.99", H, "8.99", sign="8.99"),
    row("sign-lower-bonus", "12.99", "12.99", A, "12.99", bonus="9.00", sign="8.99", first=False),
    row("alcohol-still-covered", "8.99", "12.99", H, "8.99", attributes=["alcohol"]),
    row("expired-tag-still-covered", "8.99", "12.99", H, "8.99", expired=True),
    row("undercharge-pays-scan", "12.99", "8.99", H, "8.99"),
    row("undercharge-no-bonus", "12.99", "8.99", A, None),
    row(
        "cad-store-refused",
        "8.99",
        "12.99",
        A,
        "8.99",
        available=False,
        decline=True,
        currency="CAD",
    ),
]


@pytest.mark.parametrize("case", CASES)
def test_table(case):
    check_row("us_mi", "USD", case)


def test_decline_records_what_notice_would_owe():
    options = scenario("us_mi", "USD", "8.99", "12.99", quantity=3)
    decline = options.get("decline")
    assert not decline.available
    assert str(decline.bonus) == "17.00"
    assert "$17.00" in decline.reason
    honor = options.get(H)
    assert honor.bonus is None and not honor.requires_approval  # $12 > auto-honor $1
    assert next(o.action for o in options) == H

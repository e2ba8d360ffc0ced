"""us_ma: Massachusetts other goods. By hand: every unit at P_low; gross error (checkout
price $20.00 or less and P_low under half of it) is not covered."""

import pytest

from .conftest import check_row, row, scenario

H = "honor"
G = "ma_price_law"
CASES = [
    row("lowest-price", "8.99", "12.99", H, "8.99"),
    row("qty3-all-units", "8.99", "12.99", H, "26.97", quantity=3),
    row("exactly-10.00", "10.00", "11.00", H, "10.00"),
    row("exactly-20.00-scan-not-gross", "10.00", "20.00", H, "10.00"),
    row("gross-at-20.00-scan", "9.99", "20.00", G, "9.99", available=False, decline=True),
    row("above-20-no-gross-rule", "9.99", "20.01", H, "9.99"),
    row("gross-19.99-scan", "9.99", "19.99", G, "9.99", available=False, decline=True),
    row("gross-small-item", "4.99", "10.00", G, "4.99", available=False, decline=True),
    row("half-small-item-not-gross", "5.00", "10.00", H, "5.00"),
    row("exactly-50.00", "50.00", "55.00", H, "50.00"),
    row("49.99", "49.99", "50.01", H, "49.99"),
    row("50.01", "50.01", "51.00", H, "50.01"),
    row("sign-lower", "12.99", "12.99", H, "8.99", sign="8.99"),
    row("alcohol-not-excluded", "8.99", "12.99", H, "8.99", attributes=["alcohol"]),
    row("undercharge", "12.99", "8.99", H, "8.99"),
    row("undercharge-no-rule-option", "12.99", "8.99", G, None),
    row(
        "cad-store-refused",
        "8.99",
        "12.99",
        G,
        "8.99",
        available=False,
        decline=True,
        currency="CAD",
    ),
]


@pytest.mark.parametrize("case", CASES)
def test_table(case):
    check_row("us_ma", "USD", case)


def test_honor_needs_no_manager_above_auto_honor_limit():
    options = scenario("us_ma", "USD", "10.00", "30.00")  # $20 difference > $1 default
    assert not options.get(H).requires_approval
    assert options.get(H).script.startswith("Massachusetts law")


def test_gross_error_leaves_the_store_defaults():
    options = scenario("us_ma", "USD", "9.99", "20.00")
    honor = options.get(H)
    assert honor.label == "Honor tag price" and honor.requires_approval  # store policy
    assert options.get("decline").available
    assert "less than half" in options.get(G).reason

"""ca_spac: Scanner Price Accuracy Code. Expected values worked out by hand from the rule:
first unit costs max(0, P_low - 10.00), further units P_low; CAD only."""

import pytest

from .conftest import check_row, row, scenario

T = "scanner_code"
CASES = [
    row("free-8.99-tag", "8.99", "12.99", T, "0.00"),
    row("ten-off-19.99-tag", "19.99", "24.99", T, "9.99"),
    row("exactly-10.00-free", "10.00", "11.00", T, "0.00"),
    row("9.99-free", "9.99", "11.00", T, "0.00"),
    row("10.01-one-cent", "10.01", "11.00", T, "0.01"),
    row("exactly-20.00", "20.00", "21.00", T, "10.00"),
    row("20.01", "20.01", "21.00", T, "10.01"),
    row("exactly-50.00", "50.00", "55.00", T, "40.00"),
    row("49.99", "49.99", "55.00", T, "39.99"),
    row("50.01", "50.01", "55.00", T, "40.01"),
    row("qty3-free-first", "8.99", "12.99", T, "17.98", quantity=3),
    row("qty3-ten-off-first", "19.99", "24.99", T, "49.97", quantity=3),
    row("sign-lower-than-tag", "12.99", "12.99", T, "0.00", sign="8.99"),
    row("one-cent-overcharge", "8.99", "9.00", T, "0.00"),
    row(
        "prescription",
        "8.99",
        "12.99",
        T,
        "8.99",
        available=False,
        decline=True,
        attributes=["prescription"],
    ),
    row(
        "behind-counter",
        "8.99",
        "12.99",
        T,
        "8.99",
        available=False,
        decline=True,
        attributes=["behind_counter"],
    ),
    row(
        "sold-by-weight",
        "8.99",
        "12.99",
        T,
        "8.99",
        available=False,
        decline=True,
        attributes=["sold_by_weight"],
    ),
    row(
        "regulated",
        "8.99",
        "12.99",
        T,
        "8.99",
        available=False,
        decline=True,
        attributes=["regulated"],
    ),
    row(
        "expired-sale-tag", "8.99", "12.99", T, "8.99", available=False, decline=True, expired=True
    ),
    row(
        "individually-priced-lowest-price",
        "8.99",
        "12.99",
        "honor",
        "8.99",
        attributes=["individually_priced"],
    ),
    row(
        "individually-priced-no-free-item",
        "8.99",
        "12.99",
        T,
        None,
        attributes=["individually_priced"],
    ),
    row("alcohol-not-excluded", "8.99", "12.99", T, "0.00", attributes=["alcohol"]),
    row("undercharge-nothing-extra", "12.99", "8.99", T, None),
    row("undercharge-pays-scan", "12.99", "8.99", "honor", "8.99"),
    row(
        "usd-store-refused",
        "8.99",
        "12.99",
        T,
        "8.99",
        available=False,
        decline=True,
        currency="USD",
    ),
]


@pytest.mark.parametrize("case", CASES)
def test_table(case):
    check_row("ca_spac", "CAD", case)


def test_labels_and_canadian_wording():
    free = scenario("ca_spac", "CAD", "8.99", "12.99")
    assert free.get(T).label == "First item free"
    assert free.get(T).script == (
        "Our Scanner Price Accuracy Code: the first one is free because it rang up "
        "higher than the shelf price."
    )
    off = scenario("ca_spac", "CAD", "19.99", "24.99", quantity=3)
    assert off.get(T).label == "$10 off"
    assert "you pay $9.99" in off.get(T).script
    assert "The other 2 are at the lowest shelf price of $19.99." in off.get(T).script
    assert not free.get("honor").available and not free.get("decline").available
    assert str(free.get("escalate").charge) == "0.00"  # a manager confirms the remedy
    ticketed = scenario("ca_spac", "CAD", "8.99", "12.99", attributes=("individually_priced",))
    assert ticketed.get("honor").label == "Honour lowest price"


def test_other_jurisdictions_untouched():
    options = scenario("us_ct", "USD", "8.99", "12.99")
    assert T not in options
    options = scenario(None, "CAD", "8.99", "12.99")
    assert [o.action for o in options] == ["honor", "escalate", "decline"]


def test_store_defaults_read_canadian_too():
    excluded = scenario("ca_spac", "CAD", "8.99", "12.99", attributes=("prescription",))
    assert excluded.get("honor").label == "Honour tag price"
    free = scenario("ca_spac", "CAD", "8.99", "12.99")
    assert all("honor" not in (o.label + o.script + (o.reason or "")).lower() for o in free)

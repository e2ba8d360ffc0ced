"""au_scanning_code: Australian Scanning Code. By hand: shelf price under $50: first unit
free, rest at P_low; from $50: P_low; individually priced, liquor, tobacco, no barcode
excluded; AUD only."""

import pytest

from .conftest import check_row, row, scenario

T = "scanning_code"
H = "honor"
CASES = [
    row("free-8.99", "8.99", "12.99", T, "0.00"),
    row("exactly-10.00", "10.00", "11.00", T, "0.00"),
    row("10.01", "10.01", "11.00", T, "0.00"),
    row("exactly-20.00", "20.00", "21.00", T, "0.00"),
    row("49.99-free", "49.99", "55.00", T, "0.00"),
    row("exactly-50.00-not-free", "50.00", "55.00", T, None),
    row("exactly-50.00-lowest-price", "50.00", "55.00", H, "50.00"),
    row("50.01-lowest-price", "50.01", "55.00", H, "50.01"),
    row("qty3-free-first", "8.99", "12.99", T, "17.98", quantity=3),
    row("qty3-49.99", "49.99", "55.00", T, "99.98", quantity=3),
    row("qty3-50.00", "50.00", "55.00", H, "150.00", quantity=3),
    row("sign-lower", "12.99", "12.99", T, "0.00", sign="8.99"),
    row(
        "individually-priced",
        "8.99",
        "12.99",
        T,
        "8.99",
        available=False,
        decline=True,
        attributes=["individually_priced"],
    ),
    row(
        "liquor", "8.99", "12.99", T, "8.99", available=False, decline=True, attributes=["alcohol"]
    ),
    row(
        "tobacco", "8.99", "12.99", T, "8.99", available=False, decline=True, attributes=["tobacco"]
    ),
    row(
        "no-barcode",
        "8.99",
        "12.99",
        T,
        "8.99",
        available=False,
        decline=True,
        attributes=["no_barcode"],
    ),
    row("prescription-not-excluded", "8.99", "12.99", T, "0.00", attributes=["prescription"]),
    row("undercharge", "12.99", "8.99", T, None),
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
    check_row("au_scanning_code", "AUD", case)


def test_australian_wording():
    free = scenario("au_scanning_code", "AUD", "8.99", "12.99")
    assert free.get(T).script.startswith("Our Scanning Code of Practice:")
    dear = scenario("au_scanning_code", "AUD", "60.00", "65.00")
    assert dear.get(H).label == "Honour shelf price"


def test_store_defaults_read_australian_too():
    excluded = scenario("au_scanning_code", "AUD", "8.99", "12.99", attributes=("tobacco",))
    assert excluded.get("honor").label == "Honour tag price"
    assert "honor" not in excluded.get("honor").script.lower()

"""us_ct: Connecticut. By hand: one unit free up to $20 (max(0, P_low - 20.00)), the
rest at P_low; alcohol and carbonated soft drinks excluded; USD only."""

import pytest

from .conftest import check_row, row, scenario

T = "ct_free_item"
CASES = [
    row("free-8.99", "8.99", "12.99", T, "0.00"),
    row("exactly-10.00", "10.00", "11.00", T, "0.00"),
    row("9.99", "9.99", "11.00", T, "0.00"),
    row("10.01", "10.01", "11.00", T, "0.00"),
    row("exactly-20.00-free", "20.00", "21.00", T, "0.00"),
    row("19.99-free", "19.99", "21.00", T, "0.00"),
    row("20.01-one-cent", "20.01", "21.00", T, "0.01"),
    row("exactly-50.00", "50.00", "55.00", T, "30.00"),
    row("49.99", "49.99", "55.00", T, "29.99"),
    row("50.01", "50.01", "55.00", T, "30.01"),
    row("qty3-free-first", "8.99", "12.99", T, "17.98", quantity=3),
    row("qty3-above-20", "25.00", "30.00", T, "55.00", quantity=3),
    row("sign-lower", "24.99", "24.99", T, "0.00", sign="19.99"),
    row(
        "alcohol", "8.99", "12.99", T, "8.99", available=False, decline=True, attributes=["alcohol"]
    ),
    row(
        "soft-drink",
        "1.99",
        "2.49",
        T,
        "1.99",
        available=False,
        decline=True,
        attributes=["carbonated_soft_drink"],
    ),
    row("tobacco-not-excluded", "8.99", "12.99", T, "0.00", attributes=["tobacco"]),
    row("expired-tag-still-covered", "8.99", "12.99", T, "0.00", expired=True),
    row("undercharge", "12.99", "8.99", T, None),
    row(
        "cad-store-refused",
        "8.99",
        "12.99",
        T,
        "8.99",
        available=False,
        decline=True,
        currency="CAD",
    ),
]


@pytest.mark.parametrize("case", CASES)
def test_table(case):
    check_row("us_ct", "USD", case)


def test_label_above_twenty():
    options = scenario("us_ct", "USD", "20.01", "21.00")
    assert options.get(T).label == "$20 off"
    assert options.get(T).script.startswith("Connecticut law:")

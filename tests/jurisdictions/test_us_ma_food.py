"""us_ma_food: Massachusetts food stores. By hand: first unit max(0, P_low - 10.00), the
rest at P_low; a gross error (P_low below half the checkout price) is not covered."""

import pytest

from .conftest import check_row, row

T = "ma_scanner_law"
CASES = [
    row("free-8.99", "8.99", "12.99", T, "0.00"),
    row("exactly-10.00", "10.00", "11.00", T, "0.00"),
    row("9.99", "9.99", "11.00", T, "0.00"),
    row("10.01", "10.01", "11.00", T, "0.01"),
    row("exactly-20.00", "20.00", "21.00", T, "10.00"),
    row("19.99", "19.99", "21.00", T, "9.99"),
    row("20.01", "20.01", "21.00", T, "10.01"),
    row("exactly-50.00", "50.00", "55.00", T, "40.00"),
    row("49.99", "49.99", "55.00", T, "39.99"),
    row("50.01", "50.01", "55.00", T, "40.01"),
    row("qty3-free-first", "8.99", "12.99", T, "17.98", quantity=3),
    row("qty3-ten-off", "19.99", "24.99", T, "49.97", quantity=3),
    row("exactly-half-not-gross", "10.00", "20.00", T, "0.00"),
    row(
        "gross-error-one-cent-under-half", "9.99", "20.00", T, "9.99", available=False, decline=True
    ),
    row(
        "gross-error-scan-one-cent-up", "10.00", "20.01", T, "10.00", available=False, decline=True
    ),
    row("sign-lower", "12.99", "12.99", T, "0.00", sign="8.99"),
    row("alcohol-not-excluded", "8.99", "12.99", T, "0.00", attributes=["alcohol"]),
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
    check_row("us_ma_food", "USD", case)

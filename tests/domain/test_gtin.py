"""GS1 check digits, against a reference computation and published barcodes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_discrepancy.domain.gtin import (
    GTIN_LENGTHS,
    gtin_check_digit,
    is_gtin_shaped,
    wrong_gtin_check_digit,
)


def reference_check_digit(body: str) -> int:
    """GS1's table method: pad to 17 digits, weights 3,1,3,… from the left, round up."""
    padded = body.rjust(17, "0")
    weighted = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(padded))
    return (-weighted) % 10


digits = st.text(alphabet="0123456789", min_size=1, max_size=17)


@given(digits)
def test_the_check_digit_agrees_with_the_reference(body):
    assert gtin_check_digit(body) == reference_check_digit(body)


@given(st.sampled_from(sorted(GTIN_LENGTHS)).flatmap(
    lambda n: st.text(alphabet="0123456789", min_size=n - 1, max_size=n - 1)
))  # fmt: skip
def test_a_code_ending_in_its_check_digit_is_right_and_any_other_digit_is_wrong(body):
    right = str(reference_check_digit(body))
    assert wrong_gtin_check_digit(body + right) is None
    for other in "0123456789":
        if other != right:
            assert wrong_gtin_check_digit(body + other) == int(right)


@given(st.text(alphabet="0123456789", min_size=1, max_size=20))
def test_only_codes_of_gtin_length_are_checked(code):
    if len(code) not in GTIN_LENGTHS:
        assert wrong_gtin_check_digit(code) is None
        assert not is_gtin_shaped(code)


@pytest.mark.parametrize(
    "code", ["9788883701122", "012345678905", "4006381333931", "96385074", "10012345678902"]
)
def test_published_barcodes_are_right(code):
    assert is_gtin_shaped(code) and wrong_gtin_check_digit(code) is None


@pytest.mark.parametrize("code", ["NOPE-123", "1234567a", "１２３４５６７８", "", "0000 0000"])
def test_codes_that_are_not_all_digits_are_not_gtins(code):
    assert not is_gtin_shaped(code) and wrong_gtin_check_digit(code) is None


@pytest.mark.parametrize("body", ["", "12a", "١٢٣"])
def test_the_check_digit_needs_ascii_digits(body):
    with pytest.raises(ValueError):
        gtin_check_digit(body)

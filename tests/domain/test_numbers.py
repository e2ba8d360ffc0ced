"""One reading of whole numbers, with the sign rule said at each call."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_discrepancy.domain.numbers import MAX_DIGITS, whole_number
from pos_discrepancy.errors import InvalidInput


def refusal(value: object, *, signed: bool, least: int = 1, most: int = 10_000) -> str:
    with pytest.raises(InvalidInput) as caught:
        whole_number(value, field="size", least=least, most=most, signed=signed)
    assert caught.value.field == "size"
    return caught.value.message


@pytest.mark.parametrize("signed", [False, True])
@pytest.mark.parametrize(("value", "number"), [(7, 7), ("7", 7), (" 12 ", 12), ("0010", 10)])
def test_ints_and_their_digits_are_read_either_way(value: object, number: int, signed: bool):
    assert whole_number(value, field="size", least=1, most=100, signed=signed) == number


def test_signed_text_with_a_minus_is_a_number_out_of_range() -> None:
    # scans a system sent as "-5": a number, below the range (service/stats)
    assert refusal("-5", signed=True, least=0) == "size: must be from 0 to 10,000, not -5"
    assert whole_number("-5", field="size", least=-9, most=9, signed=True) == -5


def test_unsigned_text_with_a_minus_is_not_digits() -> None:
    # a sample size a manager typed as "-5": only digits are asked for (domain/audit_sample)
    assert refusal("-5", signed=False) == (
        "size: '-5' is not a whole number; give digits only, 1 to 10,000"
    )


@pytest.mark.parametrize("signed", [False, True])
def test_a_negative_int_is_out_of_range_either_way(signed: bool) -> None:
    assert refusal(-5, signed=signed) == "size: must be from 1 to 10,000, not -5"


@pytest.mark.parametrize("signed", [False, True])
@pytest.mark.parametrize("value", [True, 2.0, "2.5", "12.0", "", "-", "--5", "+5", "٣", None])
def test_what_is_not_a_whole_number(value: object, signed: bool) -> None:
    assert "is not a whole number; give digits only, 1 to 10,000" in refusal(value, signed=signed)


@pytest.mark.parametrize("signed", [False, True])
def test_a_page_of_digits_is_refused_unread(signed: bool) -> None:
    message = refusal("9" * (MAX_DIGITS + 1), signed=signed)
    assert message.startswith("size: '99999") and message.endswith(
        "far too large; give 1 to 10,000"
    )


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_text_and_int_agree_when_signed(number: int) -> None:
    def read(value: object) -> object:
        try:
            return whole_number(value, field="n", least=0, most=10**12, signed=True)
        except InvalidInput as error:
            return error.message

    assert read(str(number)) == read(number)

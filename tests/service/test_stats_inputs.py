"""The whole numbers the outcome calls read (scan counts, ``min_stores``): property tests."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_discrepancy.domain.numbers import whole_number
from pos_discrepancy.errors import InvalidInput
from pos_discrepancy.service.stats import MAX_DAILY_SCANS


@given(st.integers(0, MAX_DAILY_SCANS))
def test_every_count_in_range_is_read_as_itself_or_its_digits(count: int) -> None:
    assert whole_number(count, field="scans", least=0, most=MAX_DAILY_SCANS, signed=True) == count
    assert (
        whole_number(f" {count} ", field="scans", least=0, most=MAX_DAILY_SCANS, signed=True)
        == count
    )


@given(
    st.one_of(
        st.integers(max_value=-1),
        st.integers(min_value=MAX_DAILY_SCANS + 1),
        st.floats(allow_nan=True),
        st.decimals(allow_nan=False).filter(lambda d: d != int(d) if d.is_finite() else True),
        st.booleans(),
        st.none(),
        st.text().filter(lambda t: not t.strip().isascii() or not t.strip().isdigit()),
    )
)
def test_anything_else_is_refused_naming_the_field(value: object) -> None:
    with pytest.raises(InvalidInput) as refused:
        whole_number(value, field="scans", least=0, most=MAX_DAILY_SCANS, signed=True)
    assert refused.value.field == "scans"
    assert refused.value.message.startswith("scans: ")

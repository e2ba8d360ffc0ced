"""The price-file parser (pure, no database): hypothesis over text and round trips."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_discrepancy import InvalidInput, Money
from pos_discrepancy.prices import ITEM_ATTRIBUTES, PriceRecord, parse_price_csv

sku = st.from_regex(r"[0-9A-Za-z_./-]{1,40}", fullmatch=True)
description = st.text(
    alphabet=st.characters(exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp")), max_size=60
)
price = st.decimals(min_value=0, max_value=Decimal("999999.99"), places=2)


@given(st.text(max_size=400))
def test_any_text_parses_or_is_refused_naming_a_field(text: str) -> None:
    try:
        records = parse_price_csv(text, "USD")
    except InvalidInput as error:
        assert error.field and error.field in error.message
        return
    assert all(isinstance(r, PriceRecord) for r in records)


@given(st.lists(st.text(max_size=30), min_size=1, max_size=6), st.text(max_size=200))
def test_any_rows_under_a_good_header_parse_or_are_refused(cells: list[str], tail: str) -> None:
    out = io.StringIO()
    csv.writer(out).writerows([["sku", "description", "price"], cells])
    try:
        parse_price_csv(out.getvalue() + tail, "USD")
    except InvalidInput as error:
        assert error.field and error.field in error.message


@given(
    st.dictionaries(
        sku,
        st.tuples(description, price, st.frozensets(st.sampled_from(sorted(ITEM_ATTRIBUTES)))),
        max_size=20,
    )
)
def test_written_files_read_back_exactly(items: dict[str, tuple]) -> None:  # type: ignore[type-arg]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["sku", "description", "price", "attributes"])
    for code, (text, amount, flags) in items.items():
        writer.writerow([code, text, str(amount), ";".join(sorted(flags))])
    records = parse_price_csv(out.getvalue(), "USD")
    assert {r.sku: (r.description, r.price, r.attributes) for r in records} == {
        code: (" ".join(text.split()), Money.parse(amount, "USD"), flags)
        for code, (text, amount, flags) in items.items()
    }


def test_a_huge_field_is_refused_not_crashing() -> None:
    text = "sku,description,price\n1," + "x" * 200_000 + ",1.00\n"
    with pytest.raises(InvalidInput) as caught:
        parse_price_csv(text, "USD")
    assert caught.value.field == "file"


def test_an_unclosed_quote_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_price_csv('sku,description,price\n1,"Tea,1.00\n2,Jam,2.00\n', "USD")
    assert caught.value.field == "file"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_any_line_ending_works_and_lines_are_counted(newline: str) -> None:
    text = newline.join(["sku,description,price", "1,Tea,1.00", "2,Jam,x", ""])
    with pytest.raises(InvalidInput) as caught:
        parse_price_csv(text, "USD")
    assert "line 3" in caught.value.message
    good = newline.join(["sku,description,price", "1,Tea,1.00", '2,"Jam,\r\nstrawberry",2.00'])
    assert [r.description for r in parse_price_csv(good, "USD")] == ["Tea", "Jam, strawberry"]


def test_a_column_named_twice_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_price_csv("sku,description,price,price\n1,Tea,1.00,2.00\n", "USD")
    assert "price" in caught.value.message and caught.value.field == "file"

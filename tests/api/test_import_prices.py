"""``Desk.import_prices``: CSV files and iterables, all or nothing, errors with line numbers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pos_discrepancy import InvalidInput, Money, NotFound
from pos_discrepancy.prices import PriceRecord
from pos_discrepancy.store import repository


def price(desk, sku: str) -> PriceRecord | None:  # type: ignore[no-untyped-def]
    with desk.context.reading() as connection:
        return repository.get_price(connection=connection, store_id="S001", sku=sku, currency="USD")


def write(tmp_path: Path, text: str, *, encoding: str = "utf-8", name: str = "p.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_csv_file_is_imported_and_used_for_lookups(shop, tmp_path) -> None:
    path = write(tmp_path, "sku,description,price\n111,Tea,3.50\n222,Jam,4\n")
    assert shop.import_prices("S001", path) == 2
    assert shop.import_prices("S001", str(path)) == 2  # str path too; import is repeatable
    assert price(shop, "111") == PriceRecord("111", "Tea", Money.parse("3.50", "USD"))
    result = shop.check(store="S001", register="R1", cashier="C07", sku="222", shelf_price="3.00")
    assert result.discrepancy and str(result.difference) == "1.00"


def test_iterable_of_rows_with_str_int_decimal_money_prices(shop) -> None:
    rows = [
        ("111", "Tea", "3.50"),
        ["222", "Jam", 4],
        ("333", "Oil", Decimal("7.25")),
        ("444", None, Money.parse("1.10", "USD")),
    ]
    assert shop.import_prices("S001", iter(rows)) == 4
    assert str(price(shop, "222").price) == "4.00"
    assert price(shop, "444").description == ""


def test_reimport_replaces_prices(shop, tmp_path) -> None:
    shop.import_prices("S001", [("9788883701122", "Paperback novel", "17.50")])
    assert str(price(shop, "9788883701122").price) == "17.50"
    assert price(shop, "012345678905") is not None  # other items untouched


def test_bad_rows_refuse_the_whole_file_with_line_numbers(shop, tmp_path, snapshot) -> None:
    path = write(
        tmp_path,
        "sku,description,price\n"
        "111,Tea,3.50\n"
        "222,Jam,4.999\n"  # line 3: too many decimals
        "333,Oil,\n"  # line 4: empty price
        "bad sku,Salt,1.00\n"  # line 5: space in SKU
        "555,Flour,-2.00\n",  # line 6: negative
    )
    before = snapshot(shop)
    with pytest.raises(InvalidInput) as caught:
        shop.import_prices("S001", path)
    message = caught.value.message
    assert caught.value.field == "file" and message.startswith("file:")
    assert "nothing imported" in message and "4 bad row" in message
    for line in ("line 3", "line 4", "line 5", "line 6"):
        assert line in message
    assert "line 2" not in message
    assert snapshot(shop) == before
    assert price(shop, "111") is None


def test_bad_items_in_an_iterable_refuse_them_all(shop, snapshot) -> None:
    before = snapshot(shop)
    with pytest.raises(InvalidInput) as caught:
        shop.import_prices("S001", [("111", "Tea", "3.50"), ("222", "Jam", 4.5), ("333",)])
    assert caught.value.field == "prices"
    assert "item 2" in caught.value.message and "item 3" in caught.value.message
    assert "float" in caught.value.message
    assert snapshot(shop) == before


def test_duplicate_skus_are_refused_naming_the_lines(shop, tmp_path, snapshot) -> None:
    path = write(tmp_path, "sku,description,price\n111,Tea,3.50\n222,Jam,4\n111,Tea,3.40\n")
    before = snapshot(shop)
    with pytest.raises(InvalidInput) as caught:
        shop.import_prices("S001", path)
    assert caught.value.field == "sku" and "111" in caught.value.message
    assert "lines 2, 4" in caught.value.message
    assert snapshot(shop) == before
    with pytest.raises(InvalidInput) as caught:
        shop.import_prices("S001", [("9", "A", "1"), ("9", "B", "2")])
    assert "items 1, 2" in caught.value.message


def test_bom_crlf_and_utf8_descriptions(shop, tmp_path) -> None:
    path = write(tmp_path, "\ufeffSKU, Description ,Price\r\n111,Crème brûlée – 2 pack,5.00\r\n")
    assert shop.import_prices("S001", path) == 1
    assert price(shop, "111").description == "Crème brûlée – 2 pack"


def test_non_utf8_file_is_refused(shop, tmp_path) -> None:
    path = write(tmp_path, "sku,description,price\n111,Crème,5.00\n", encoding="latin-1")
    with pytest.raises(InvalidInput) as caught:
        shop.import_prices("S001", path)
    assert caught.value.field == "file" and "UTF-8" in caught.value.message


@pytest.mark.parametrize(
    ("header", "missing"),
    [("sku,price", "description"), ("description,price", "sku"), ("sku,description", "price")],
)
def test_missing_columns_are_named(shop, tmp_path, header, missing) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, header + "\n1,2\n")
    with pytest.raises(InvalidInput) as caught:
        shop.import_prices("S001", path)
    assert caught.value.field == "file" and missing in caught.value.message


@pytest.mark.parametrize("text", ["", "\n\n"])
def test_empty_file_is_refused(shop, tmp_path, text) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as caught:
        shop.import_prices("S001", write(tmp_path, text))
    assert caught.value.field == "file"


def test_header_only_imports_nothing(shop, tmp_path, snapshot) -> None:
    before = snapshot(shop)
    assert shop.import_prices("S001", write(tmp_path, "sku,description,price\n")) == 0
    assert snapshot(shop) == before


def test_extra_fields_on_a_line_are_refused(shop, tmp_path) -> None:
    path = write(tmp_path, "sku,description,price\n111,Tea,3.50,oops\n")
    with pytest.raises(InvalidInput) as caught:
        shop.import_prices("S001", path)
    assert "line 2" in caught.value.message


def test_optional_attribute_and_unit_price_columns(shop, tmp_path) -> None:
    path = write(
        tmp_path,
        "sku,description,price,unit_price,unit,attributes,sold_by_weight,alcohol\n"
        "111,Apples,3.00,6.60,kg,,yes,no\n"
        "222,Red wine,12.00,,,regulated;behind_counter,no,Y\n"
        "333,Bread,2.50,,,,,\n",
    )
    assert shop.import_prices("S001", path) == 3
    apples, wine, bread = price(shop, "111"), price(shop, "222"), price(shop, "333")
    assert apples.attributes == {"sold_by_weight"}
    assert str(apples.unit_price) == "6.60" and apples.unit == "kg"
    assert wine.attributes == {"alcohol", "regulated", "behind_counter"}
    assert bread.attributes == frozenset() and bread.unit_price is None
    result = shop.check(store="S001", register="R1", cashier="C07", sku="222", shelf_price="10.00")
    claim = shop.get_incident(result.incident_id).claim
    assert set(claim["attributes"]) == {"alcohol", "regulated", "behind_counter"}


@pytest.mark.parametrize(
    ("columns", "row", "named"),
    [
        ("attributes", "fragile", "fragile"),
        ("alcohol", "maybe", "alcohol"),
        ("unit_price", "1.234", "unit_price"),
    ],
)
def test_bad_attribute_values_are_refused(shop, tmp_path, columns, row, named) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, f"sku,description,price,{columns}\n111,Tea,3.50,{row}\n")
    with pytest.raises(InvalidInput) as caught:
        shop.import_prices("S001", path)
    assert "line 2" in caught.value.message and named in caught.value.message


def test_missing_file_unknown_store_and_bad_source(shop, tmp_path) -> None:
    with pytest.raises(InvalidInput) as caught:
        shop.import_prices("S001", tmp_path / "nope.csv")
    assert caught.value.field == "file" and "nope.csv" in caught.value.message
    with pytest.raises(NotFound) as caught:
        shop.import_prices("S404", [("1", "A", "1.00")])
    assert caught.value.field == "store"
    with pytest.raises(InvalidInput) as caught:
        shop.import_prices("S001", 42)
    assert caught.value.field == "source"


def test_price_records_are_checked_like_rows(shop, snapshot) -> None:
    before = snapshot(shop)
    euro = PriceRecord("111", "Tea", Money.parse("3.50", "EUR"))
    with pytest.raises(InvalidInput) as caught:
        shop.import_prices("S001", [euro])
    assert "item 1" in caught.value.message and "EUR" in caught.value.message
    assert snapshot(shop) == before
    good = PriceRecord("111", "Tea", Money.parse("3.50", "USD"), frozenset({"alcohol"}))
    assert shop.import_prices("S001", [good]) == 1
    assert price(shop, "111") == good


@pytest.mark.parametrize(
    "name",
    ["x" * 5000, "bad\x00name.csv", ".", "/proc/1/mem"],
    ids=["long", "nul", "dir", "denied"],
)
def test_unreadable_paths_are_refused_naming_the_file(shop, name) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as caught:
        shop.import_prices("S001", name)
    assert caught.value.field == "file" and len(caught.value.message) < 600

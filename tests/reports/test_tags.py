"""Replacement shelf tags: the correct price, large, and a barcode that scans."""

from __future__ import annotations

import pytest

from pos_discrepancy import InvalidInput
from pos_discrepancy.reports.tags import SHEETS, sheet_named


@pytest.mark.parametrize("sheet", sorted(SHEETS))
def test_every_tag_scans_back_on_every_sheet(seeded, build_report, pdf_tools, sheet):
    pages = pdf_tools.read(build_report("tags", sheet=sheet))
    decoded = sorted(code for page in pages for code, _, _ in page.barcodes)
    assert decoded == sorted(pdf_tools.scanned_as(s) for s in seeded.open_skus)
    pdf_tools.assert_clean(pages, margin=0)


def test_tag_shows_correct_price_unit_price_and_date(seeded, build_report, pdf_tools):
    runs = [t for page in pdf_tools.read(build_report("tags")) for t, _ in page.texts]
    assert "$3.49" in runs  # the system price, not the $3.99 tag that was wrong
    assert "$3.99" not in runs
    assert "$2.18 / 100 sheets" in runs
    assert "$1.35 / 100 ml" in runs
    assert "Effective 2026-11-25" in runs  # the price file's date
    long_runs = [t for t in runs if "chocolate" in t or "Extra-long" in t]
    assert len(long_runs) == 2 and long_runs[-1].endswith("…")


def test_price_sits_in_its_label(seeded, build_report, pdf_tools):
    page = pdf_tools.read(build_report("tags", sheet="letter-3x8"))[0]
    sheet = SHEETS["letter-3x8"]
    boxes = [sheet.origin(i) for i in range(6)]
    for text, box in page.texts:
        inside = [
            (x, y)
            for x, y in boxes
            if x <= box[0] and box[2] <= x + sheet.label_width
            and y <= box[1] and box[3] <= y + sheet.label_height
        ]  # fmt: skip
        assert len(inside) == 1, (text, box)


def test_more_tags_than_a_sheet_holds_continue_on_the_next(store, clock, build_report, pdf_tools):
    skus = [f"T{n:02d}" for n in range(1, 28)]
    for sku in skus:
        check = store.check(store="S001", register="R1", cashier="C07", sku=sku,
                            shelf_price="1.00", scanned_price="1.25", location="F1")  # fmt: skip
        store.decide(check.incident_id, action="honor", cashier="C07")
    pages = pdf_tools.read(build_report("tags", sheet="a4-3x8"))
    assert [len(p.barcodes) for p in pages] == [24, 3]
    assert sorted(c for p in pages for c, _, _ in p.barcodes) == skus


def test_no_tags_to_print_says_so(store, build_report, pdf_tools):
    pages = pdf_tools.read(build_report("tags"))
    assert "No tags to print" in pages[0].text


def test_unknown_sheet_is_refused():
    with pytest.raises(InvalidInput, match="sheet: 'avery-1' is not one of"):
        sheet_named("avery-1")


def test_an_item_not_in_the_price_file_gets_a_marked_tag_without_a_price(
    store, build_report, pdf_tools
):
    for sku, typed in (("NOPE-123", "7.77"), ("0000000000000", "8.88")):
        check = store.check(store="S001", register="R1", cashier="C07", sku=sku,
                            shelf_price="5.00", scanned_price=typed, location="Z9")  # fmt: skip
        store.decide(check.incident_id, action="decline", cashier="C07")
    runs = [t for page in pdf_tools.read(build_report("tags")) for t, _ in page.texts]
    text = " ".join(runs)
    assert "NOT IN PRICE FILE" in text and "check the item" in text
    assert runs.count("NO PRICE") == 2 and "ask the office" in runs
    assert "$7.77" not in text and "$8.88" not in text  # never the price the till typed


def test_the_tags_csv_leaves_an_unknown_price_empty(store, build_report):
    import csv
    import io

    check = store.check(
        store="S001", register="R1", cashier="C07", sku="NOPE-123",
        shelf_price="5.00", scanned_price="7.77", description="Blue mug",
    )  # fmt: skip
    store.decide(check.incident_id, action="decline", cashier="C07")
    data = build_report("tags", fmt="csv").decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(data)))
    assert row["price"] == "" and row["in_price_file"] == "no"
    assert row["description"] == "NOT IN PRICE FILE — check the item (reported as 'Blue mug')"

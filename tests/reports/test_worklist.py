"""The signage worklist prints, scans and reads well (rendered at 216 dpi)."""

from __future__ import annotations

from pos_discrepancy.reports.queries import signage_rows, walking_order


def test_every_open_sku_scans_back_and_nothing_else(seeded, build_report, pdf_tools):
    pages = pdf_tools.read(build_report("signage"))
    decoded = [code for page in pages for code, _, _ in page.barcodes]
    assert sorted(decoded) == sorted(pdf_tools.scanned_as(s) for s in seeded.open_skus)
    formats = {code: fmt for page in pages for code, fmt, _ in page.barcodes}
    assert formats["9788883701122"] == "EAN-13"
    assert formats["0036000291452"] == "EAN-13"  # a UPC-A symbol; zxing reports it as EAN-13
    assert formats["ABC-123"] == "Code 128"
    assert formats["X/42.b_7"] == "Code 128"
    pdf_tools.assert_clean(pages)


def test_rows_walk_the_aisles_in_natural_order(seeded, store, build_report, pdf_tools):
    text = pdf_tools.read(build_report("signage"))[0].text
    order = [text.index(loc) for loc in ("A2-B1", "A2-B7", "A10-B2", "B1-B1", "C3-B4")]
    assert order == sorted(order)
    assert text.index("C3-B4") < text.index("no location")
    assert "4006381333931" not in text  # its tag was fixed
    assert "Totals: 6 SKUs to fix · 7 reports" in text
    assert "Page 1 of 1" in text and "Main St (S001)" in text


def test_row_shows_prices_count_cause_and_times(seeded, store, build_report, pdf_tools):
    check = store.check(store="S001", register="R2", cashier="C09", sku="012345678905",
                        shelf_price="11.99", scanned_price="12.99", location="A2-B7")  # fmt: skip
    store.decide(check.incident_id, action="honor", cashier="C09")
    text = pdf_tools.read(build_report("signage"))[0].text
    assert "$11.99" in text and "$12.99" in text
    request = store.report_request("signage", store="S001", since="2026-11-20", until="2026-11-30")
    with store.context.reading() as connection:
        rows = {r.sku: r for r in signage_rows(connection, request)}
    coffee = rows["012345678905"]
    assert coffee.times_reported == 2
    assert coffee.first_seen < coffee.last_seen
    assert str(coffee.system_price) == "12.99" and str(coffee.tag_price) == "11.99"
    assert rows["ABC-123"].cause is None
    assert "Not known yet" in text


def test_long_description_is_cut_cleanly(seeded, build_report, pdf_tools):
    pages = pdf_tools.read(build_report("signage"))
    runs = [t for page in pages for t, _ in page.texts]
    chocolate = [t for t in runs if "chocolate" in t or "Extra-long" in t]
    assert chocolate, runs
    assert any(t.endswith("…") for t in runs)  # truncated with an ellipsis, not clipped
    assert not any("family pack of twelve bars" in t for t in runs)
    pdf_tools.assert_clean(pages)


def test_many_rows_span_numbered_pages_and_all_scan(store, clock, build_report, pdf_tools):
    skus = [f"SKU-{n:03d}" for n in range(1, 23)]
    for n, sku in enumerate(skus, start=1):
        name = f"Item {n} " + "with a rather long name " * (n % 3)
        check = store.check(store="S001", register="R1", cashier="C07", sku=sku,
                            shelf_price="1.00", scanned_price="1.50", location=f"D{n}-B1",
                            description=name)  # fmt: skip
        store.decide(check.incident_id, action="honor", cashier="C07")
        clock.advance(minutes=1)
    pages = pdf_tools.read(build_report("signage", since="2026-11-25", until="2026-11-25"))
    assert len(pages) == 3
    assert [f"Page {p.number} of 3" in p.text for p in pages] == [True] * 3
    decoded = [code for page in pages for code, _, _ in page.barcodes]
    assert sorted(decoded) == skus
    first_rows = [t for t, _ in pages[0].texts if t.startswith("D") and "-B1" in t]
    assert first_rows[:3] == ["D1-B1", "D2-B1", "D3-B1"]
    pdf_tools.assert_clean(pages)


def test_empty_worklist_says_so(store, build_report, pdf_tools):
    pages = pdf_tools.read(build_report("signage"))
    assert len(pages) == 1
    assert "No open tags in this period: nothing to fix." in pages[0].text
    assert pages[0].barcodes == []


def test_sku_too_long_for_a_barcode_prints_as_text_with_a_note(store, build_report, pdf_tools):
    sku = "LONG-SKU-" + "X7" * 15  # 39 characters: no readable Code 128 fits the column
    check = store.check(store="S001", register="R1", cashier="C07", sku=sku,
                        shelf_price="1.00", scanned_price="2.00", location="E1")  # fmt: skip
    store.decide(check.incident_id, action="honor", cashier="C07")
    pages = pdf_tools.read(build_report("signage", paper="a4"))
    assert pages[0].barcodes == []
    assert "No barcode: too long for a barcode here" in pages[0].text.replace("\n", " ")
    pdf_tools.assert_clean(pages)


def test_walking_order_is_natural_and_puts_no_location_last():
    locations = ["A10-B2", None, "a2-B10", "A2-B9", "B1", "A2", ""]
    ordered = sorted(locations, key=walking_order)
    assert ordered[:5] == ["A2", "A2-B9", "a2-B10", "A10-B2", "B1"]
    assert set(ordered[5:]) == {None, ""}


def test_the_worklist_marks_items_not_in_the_price_file(store, build_report, pdf_tools):
    check = store.check(store="S001", register="R1", cashier="C07", sku="NOPE-123",
                        shelf_price="5.00", scanned_price="7.77", location="Z9")  # fmt: skip
    store.decide(check.incident_id, action="decline", cashier="C07")
    text = " ".join(t for page in pdf_tools.read(build_report("signage")) for t, _ in page.texts)
    assert "NOT IN PRICE FILE — check the item" in text
    assert "(no description)" not in text
    assert "unknown" in text and "$7.77" not in text
    data = build_report("signage", fmt="csv").decode("utf-8-sig")
    assert "NOT IN PRICE FILE" in data and ",no\r\n" in data

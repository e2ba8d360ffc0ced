"""The reports page in real headless Chromium: the chart shows, the PDF downloads."""

from __future__ import annotations

from typing import Any

import pypdfium2

from pos_discrepancy.web.extension import get_desk

from .conftest import browser_sign_in

#: (sku, description, shelf, scanned, location, action); one per hour, a day apart in pairs.
INCIDENTS = [
    ("9788883701122", "Paperback novel", "18.95", "19.95", "A7-B3", "honor"),
    ("012345678905", "Coffee beans 1kg", "11.99", "12.99", "A2-B7", "decline"),
    ("4006381333931", "Highlighter pen", "2.99", "2.49", "A7-B3", None),
    ("012345678905", "Coffee beans 1kg", "11.99", "12.99", "A2-B7", "honor"),
]


def make_incidents(app: Any, clock: Any) -> None:
    """A few incidents at S001 over the last days, some fixed."""
    desk = get_desk(app)
    for number, (sku, description, shelf, scanned, location, action) in enumerate(INCIDENTS):
        result = desk.check(store="S001", register="R1", cashier="C07", sku=sku,
                            description=description, shelf_price=shelf, scanned_price=scanned,
                            location=location)  # fmt: skip
        if action:
            desk.decide(result.incident_id, action=action, cashier="C07")
        if number == 0:
            clock.advance(hours=4)
            desk.fix(result.incident_id, staff="O02")
        clock.advance(days=1, hours=2)


def test_ops_see_the_chart_and_download_the_summary_pdf(
    pages_app: Any, clock: Any, page: Any, tmp_path: Any
) -> None:
    make_incidents(pages_app, clock)
    browser_sign_in(page, "O02")
    page.goto("/reports")
    chart = page.locator("svg.chart")
    chart.wait_for(state="visible")
    box = chart.bounding_box()
    assert box["width"] > 500 and box["height"] > 120  # scaled to its column, not squashed
    assert page.locator('[data-figure="incidents"]').inner_text() == "4"
    page.screenshot(path="/tmp/reports-page.png", full_page=True)

    with page.expect_download() as info:
        page.click("#download-button")
    download = info.value
    assert download.suggested_filename.startswith("posdisc-summary-S001-")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    document = pypdfium2.PdfDocument(saved)
    try:
        first = document[0]
        image = first.render(scale=1).to_pil().convert("L")
        dark = sum(image.histogram()[:128])  # pixels darker than mid-grey: text and bars
        assert dark > 0.005 * image.width * image.height, "page 1 looks blank"
        text = first.get_textpage().get_text_range()
    finally:
        document.close()
    assert "Main St (S001)" in text
    assert "Where the money goes" in text

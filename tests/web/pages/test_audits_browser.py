"""The audit page in real Chromium at a phone's width, typed into as a wedge scanner does."""

from __future__ import annotations

from typing import Any

import pytest

from pos_discrepancy.web.extension import get_desk

from ... import audit_fixture as fixture
from .conftest import browser_sign_in

OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # a page, not storage
def test_a_wedge_scan_jumps_to_the_item_and_records_it_at_390_px(
    pages_app: Any, browser: Any, live_server: str
) -> None:
    desk = get_desk(pages_app)
    fixture.stock(desk)
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        browser_sign_in(page, "O02")
        page.goto("/audits")
        assert page.evaluate(OVERFLOW) <= 0
        page.fill("#size", "12")
        page.fill("#seed", "2026")
        page.click("form.audit-start button[type=submit]")
        page.wait_for_selector("#sku")
        assert page.evaluate(OVERFLOW) <= 0  # nothing scrolls sideways
        audit = desk.audits("S001")[0]
        assert audit.seed == 2026
        assert page.evaluate("document.activeElement.id") == "sku"
        for item in audit.items[:2]:
            page.keyboard.type(item.sku + "\n")  # what the scanner sends: the code, Enter
            page.wait_for_selector(f'form.audit-item[data-sku="{item.sku}"]')
            assert page.evaluate("document.activeElement.id") == "shelf_price"
            assert page.evaluate(OVERFLOW) <= 0
            price = str(item.system_price.amount)
            page.keyboard.type(price)
            page.keyboard.press("Tab")
            page.keyboard.type(price + "\n")
            page.wait_for_selector("p.flash.ok")
            assert "priced right" in page.text_content("p.flash.ok")
            assert page.evaluate("[document.activeElement.id, document.activeElement.value]") == [
                "sku", "",
            ]  # fmt: skip
        page.keyboard.type("0000000000000\n")  # not in the sample
        page.wait_for_selector("p.flash.error")
        assert "not in this audit" in page.text_content("p.flash.error")
        assert page.evaluate("document.activeElement.id") == "sku"
        checked = desk.audit("S001", audit.id)
        assert checked.score.checked == 2 and checked.score.right == 2
        assert checked.item(audit.items[0].sku).checked_by == "O02"
        page.click("form.score-form button")
        page.wait_for_selector(".verdict")
        assert page.evaluate(OVERFLOW) <= 0
        assert desk.audit("S001", audit.id).scored_at is not None
        assert desk.verify_journal("S001").ok
    finally:
        context.close()

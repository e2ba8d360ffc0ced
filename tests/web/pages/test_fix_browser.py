"""The Fix tags page in real Chromium, typed into as a keyboard-wedge scanner does."""

from __future__ import annotations

from pos_discrepancy.web.extension import get_desk

from .conftest import browser_sign_in

COFFEE, NOVEL = "012345678905", "9788883701122"


def test_scans_typed_with_enter_fix_the_tag_and_leave_the_field_ready(pages_app, page):
    desk = get_desk(pages_app)
    ids = {
        sku: desk.check(store="S001", register="R1", cashier="C07", sku=sku,
                        shelf_price=shelf_price, location=location).incident_id
        for sku, shelf_price, location in ((COFFEE, "10.99", "A2"), (NOVEL, "9.98", "A10"))
    }  # fmt: skip
    browser_sign_in(page, "O02")
    page.goto("/fix")
    assert page.locator("tr[data-sku]").count() == 2
    assert page.evaluate("document.activeElement.id") == "sku"

    page.keyboard.type(COFFEE + "\n")  # what the scanner sends: digits, then Enter
    page.wait_for_selector("p.flash.ok")
    assert page.text_content("p.flash.ok") == f"Fixed: Coffee beans 1kg ({COFFEE}) — 1 incident"
    assert page.evaluate("[document.activeElement.id, document.activeElement.value]") == ["sku", ""]
    assert page.locator(f'tr[data-sku="{COFFEE}"]').count() == 0
    assert page.locator(f'tr[data-sku="{NOVEL}"]').count() == 1
    fixed = desk.get_incident(ids[COFFEE])
    assert (fixed.signage.value, fixed.fixed_by) == ("fixed", "O02")

    page.keyboard.type(COFFEE + "\n")  # the same tag again: nothing is open any more
    page.wait_for_selector("p.flash.error")
    assert f"no open incident for {COFFEE}" in page.text_content("p.flash.error")
    assert page.locator("p.flash.ok").count() == 0
    assert page.evaluate("document.activeElement.id") == "sku"

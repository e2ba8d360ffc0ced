"""The staff page in real Chromium: the folded PIN form opens, and the browser itself
refuses a 3-digit PIN before anything is sent."""

from __future__ import annotations

from pos_discrepancy.service.pins import LOCKOUT
from pos_discrepancy.store import repository
from pos_discrepancy.web.extension import get_desk

from .conftest import browser_sign_in


def test_an_admin_sets_a_pin_in_the_folded_form_and_unlocks(pages_app, page):
    desk = get_desk(pages_app)
    with desk.context.transaction() as connection:  # M02 locked, as five wrong PINs leave them
        repository.update_staff(connection=connection, store_id="S001", code="M02",
                                locked_until=desk.clock() + LOCKOUT)  # fmt: skip
    browser_sign_in(page, "A01")
    page.goto("/staff")
    row = page.locator('tr[data-staff="M01"]')
    assert not row.locator("input[name=pin]").is_visible()  # folded until asked for
    row.locator("details.set-pin summary").click()
    row.locator("input[name=pin]").fill("123")
    row.locator("input[name=pin_again]").fill("123")
    row.get_by_role("button", name="Set PIN").click()
    assert page.evaluate("document.activeElement.name") == "pin"  # the browser said no
    assert page.locator("p.flash").count() == 0

    row.locator("input[name=pin]").fill("8642")
    row.locator("input[name=pin_again]").fill("8642")
    row.get_by_role("button", name="Set PIN").click()
    page.wait_for_selector("p.flash.ok")
    assert "M01's PIN is changed" in page.text_content("p.flash.ok")

    page.locator('tr[data-staff="M02"] button.unlock').click()
    page.wait_for_selector("p.flash.ok")
    assert page.text_content("p.flash.ok") == "M02 is unlocked and can use their PIN again."
    assert page.locator("tr.is-locked").count() == 0
    assert all(person["locked_until"] is None for person in desk.list_staff("S001"))

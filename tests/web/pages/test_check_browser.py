"""The price check in real Chromium: scanner keystrokes, options, a live manager decision.

Set ``POSDISC_SCREENSHOTS=/some/dir`` to save each state at 1280 and 420 pixels wide.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from pos_discrepancy.web.extension import get_desk
from pos_discrepancy.web.pages.live import POLL_MS

from .conftest import browser_sign_in

WIDTHS = (1280, 420)


def shoot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """Save the page at each width when screenshots are asked for."""
    folder = os.environ.get("POSDISC_SCREENSHOTS")
    if not folder:
        return
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(folder) / f"check-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def focused(page) -> str:  # type: ignore[no-untyped-def]
    """The id of the box with the focus, once the page's scripts have run."""
    page.wait_for_load_state("load")
    return str(page.evaluate("document.activeElement.id"))


def test_a_cashier_checks_by_keyboard_escalates_and_sees_the_approval_live(page, pages_app):
    desk = get_desk(pages_app)
    browser_sign_in(page, "C07")
    assert page.url.endswith("/check")
    assert focused(page) == "sku"
    shoot(page, "form")

    page.keyboard.type("9788883701122")  # a wedge scanner: the digits, then Enter
    page.keyboard.press("Enter")
    assert focused(page) == "shelf_price"  # Enter moved on; nothing was sent
    assert page.url.endswith("/check")
    assert desk.pending_approvals("S001") == []
    page.keyboard.type("9.98")
    page.keyboard.press("Enter")
    assert focused(page) == "scanned_price"
    page.keyboard.type("19.95")
    page.keyboard.press("Enter")  # the form is complete: Enter checks

    page.wait_for_url(re.compile(r"/check/[0-9a-f-]{36}$"))
    incident_id = page.url.rsplit("/", 1)[1]
    page.get_by_text("the shelf shows a lower price. I'll charge you $9.98.").wait_for()
    assert page.locator("button[name=action]").count() == 3
    shoot(page, "options")

    page.get_by_role("button", name=re.compile("^Call a manager")).click()
    page.get_by_text("Waiting for a manager", exact=False).first.wait_for()
    assert desk.get_incident(incident_id).status.value == "awaiting_approval"
    shoot(page, "waiting")
    page.evaluate("window.stillTheSamePage = true")

    desk.approve(incident_id, manager="M01", pin="2468", approve=True)
    page.get_by_text("Approved by M01.").wait_for(timeout=POLL_MS + 5000)
    assert page.evaluate("window.stillTheSamePage") is True  # updated without a reload
    assert page.locator(".check-charge").inner_text() == "Charge $9.98"
    assert page.title().startswith("Charge $9.98")
    shoot(page, "done")

    page.get_by_role("button", name="Customer walked away").click()
    page.wait_for_url(re.compile(r"/check$"))
    page.get_by_text("Recorded: the customer walked away. Next item.").wait_for()
    assert focused(page) == "sku"  # ready for the next scan
    assert desk.get_incident(incident_id).decision.customer_outcome == "walked_away"


def test_enter_on_an_empty_scan_stays_put_and_a_bad_price_comes_back_focused(page, snapshot):
    browser_sign_in(page, "C07")
    assert focused(page) == "sku"
    page.keyboard.press("Enter")  # a scanner's stray Enter: nothing to send, nowhere to go
    assert focused(page) == "sku"
    assert page.url.endswith("/check")
    page.keyboard.type("4006381333931")
    page.keyboard.press("Enter")
    page.keyboard.type("2,49")
    page.keyboard.press("Enter")
    page.keyboard.type("2.49")
    page.keyboard.press("Enter")
    page.get_by_text("Tag price: '2,49' is not an amount").wait_for()
    assert focused(page) == "shelf_price"
    assert page.input_value("#sku") == "4006381333931"
    shoot(page, "bad-input")
    page.keyboard.type("2.49")  # the refused value is selected: typing replaces it
    page.keyboard.press("Enter")
    page.get_by_text("Prices agree — charge $2.49").wait_for()
    assert snapshot()["incidents"] == []  # neither the refused form nor the check stored one


def test_the_options_take_one_key_each_and_escape_goes_back(page, pages_app, check_body):
    desk = get_desk(pages_app)
    browser_sign_in(page, "C07")
    first = desk.check(**check_body).incident_id
    page.goto(f"/check/{first}")
    assert page.evaluate("document.activeElement.dataset.key") == "1"  # focus on option 1
    page.keyboard.press("3")  # the third option, as in the terminal prompt
    page.wait_for_selector("#check-state [data-status='declined']")
    assert desk.get_incident(first).decision.action == "decline"
    second = desk.check(**check_body).incident_id
    page.goto(f"/check/{second}")
    page.keyboard.press("Escape")
    page.wait_for_url("**/check")
    assert desk.get_incident(second).status.value == "detected"  # nothing chosen


def test_honor_by_a_manager_and_calling_a_manager_read_differently(page, pages_app, check_body):
    desk = get_desk(pages_app)
    browser_sign_in(page, "C07")
    incident = desk.check(**check_body).incident_id
    page.goto(f"/check/{incident}")
    options = page.locator("button.check-option").all_inner_texts()
    assert len(set(options)) == len(options)
    assert any("a manager approves this price" in text for text in options)
    assert any("a manager decides: approve or deny" in text and "if denied" in text
               for text in options)  # fmt: skip

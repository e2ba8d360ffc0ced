"""The approval queue in real Chromium: it updates live, and a PIN being typed survives."""

from __future__ import annotations

from pos_discrepancy.web.extension import get_desk
from pos_discrepancy.web.pages.live import POLL_MS

from .conftest import browser_sign_in


def test_an_escalation_appears_live_and_one_click_plus_pin_approves_it(page, pages_app, check_body):
    browser_sign_in(page, "M01")
    assert page.url.endswith("/approvals")
    page.wait_for_selector("text=Nothing is waiting for a manager.")
    page.fill("#pin", "24")  # the manager starts typing before the request arrives

    desk = get_desk(pages_app)
    check = desk.check(**check_body)
    desk.decide(check.incident_id, action="escalate", cashier="C07")

    row = page.locator(f'tr[data-incident="{check.incident_id}"]')
    row.wait_for(timeout=POLL_MS + 5000)  # no reload: the page fetched it
    assert page.title().startswith("(1) Approvals")
    assert page.input_value("#pin") == "24"  # the refresh left the PIN box alone
    page.fill("#pin", "2468")
    row.get_by_role("button", name="Approve · charge $9.98").click()

    page.wait_for_selector("text=Approved: Paperback novel")
    assert page.locator("tr[data-incident]").count() == 0
    incident = desk.get_incident(check.incident_id)
    assert incident.status.value == "honored"
    assert incident.decision.approved_by == "M01"


def test_the_buttons_wait_for_a_pin(page, pages_app, check_body):
    desk = get_desk(pages_app)
    check = desk.check(**check_body)
    desk.decide(check.incident_id, action="escalate", cashier="C07")
    browser_sign_in(page, "M02")
    page.get_by_role("button", name="Deny · charge $19.95").click()
    # The browser's own check stops the form: the PIN box is required.
    assert page.evaluate("document.querySelector('#pin').validity.valueMissing")
    assert desk.get_incident(check.incident_id).status.value == "awaiting_approval"


def test_enter_in_the_pin_box_decides_nothing(page, pages_app, check_body):
    desk = get_desk(pages_app)
    check = desk.check(**check_body)
    desk.decide(check.incident_id, action="escalate", cashier="C07")
    browser_sign_in(page, "M01")
    assert page.evaluate("document.activeElement.id") == "pin"  # focused on arrival
    page.keyboard.type("2468")
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)
    assert page.url.endswith("/approvals")
    assert desk.get_incident(check.incident_id).status.value == "awaiting_approval"
    page.get_by_role("button", name="Approve · charge $9.98").click()  # a deliberate choice
    page.wait_for_selector("text=Approved: Paperback novel")
    assert desk.get_incident(check.incident_id).status.value == "honored"

"""The wedge-scanner "fix tags" page: scan a SKU, its open incidents are marked fixed."""

from __future__ import annotations

import re

import pytest

from pos_discrepancy.web.extension import get_desk
from pos_discrepancy.web.pages.fix import scanned_sku

from .conftest import csrf_token

NOVEL, COFFEE, PEN = "9788883701122", "012345678905", "4006381333931"


def report(app, sku, shelf_price, location):
    """A discrepancy found at register R1; returns the incident id."""
    result = get_desk(app).check(
        store="S001", register="R1", cashier="C07", sku=sku, shelf_price=shelf_price,
        location=location,
    )  # fmt: skip
    assert result.discrepancy
    return result.incident_id


def open_skus(html):
    """The SKUs of the "still to fix" list, in the order shown."""
    return re.findall(r'<tr data-sku="([^"]+)"', html)


def scan(client, sku, **fields):
    """Submit the scan form as the scanner does."""
    token = csrf_token(client.get("/fix").text)
    return client.post("/fix", data={"csrf_token": token, "sku": sku, **fields})


def test_the_page_is_ready_for_a_wedge_scanner(pages_app, signed_in):
    page = signed_in("O02").get("/fix")
    assert page.status_code == 200
    field = re.search(r'<input id="sku"[^>]*>', page.text, re.S)
    assert field, "no SKU input"
    for attribute in ("autofocus", 'inputmode="numeric"', 'autocomplete="off"', 'name="sku"'):
        assert attribute in field.group(0)
    assert 'method="post" action="/fix"' in page.text


def test_the_open_list_is_in_walking_order_with_tag_and_system_price(pages_app, signed_in):
    report(pages_app, NOVEL, "9.98", "A10")
    report(pages_app, COFFEE, "10.99", "A2")
    report(pages_app, COFFEE, "10.99", "A2")
    report(pages_app, PEN, "1.99", "B1")
    page = signed_in("O02").get("/fix").text
    assert open_skus(page) == [COFFEE, NOVEL, PEN]  # A2 before A10
    coffee_row = page[page.index(f'data-sku="{COFFEE}"') : page.index(f'data-sku="{NOVEL}"')]
    for shown in ("A2", "Coffee beans 1kg", "$10.99", "$12.99", "2×"):
        assert shown in coffee_row


def test_a_scan_fixes_every_open_incident_of_the_sku(pages_app, signed_in):
    first = report(pages_app, COFFEE, "10.99", "A2")
    second = report(pages_app, COFFEE, "11.49", "A2")
    other = report(pages_app, NOVEL, "9.98", "A10")
    client = signed_in("O02")
    response = scan(client, " 012345678905\r\n", cause="sale_ended_tag_left_up")
    assert response.status_code == 303
    assert response.headers["Location"] == "/fix?cause=sale_ended_tag_left_up"
    desk = get_desk(pages_app)
    for incident_id in (first, second):
        incident = desk.get_incident(incident_id)
        assert incident.signage.value == "fixed"
        assert (incident.fixed_by, incident.cause) == ("O02", "sale_ended_tag_left_up")
    assert desk.get_incident(other).status.value == "detected"
    page = client.get(response.headers["Location"]).text
    assert "Fixed: Coffee beans 1kg (012345678905) — 2 incidents" in page
    assert open_skus(page) == [NOVEL]
    assert '<option value="sale_ended_tag_left_up" selected>' in page  # kept for the next scan


def test_one_incident_is_counted_in_the_singular_and_no_cause_is_kept(pages_app, signed_in):
    report(pages_app, NOVEL, "9.98", "A10")
    client = signed_in("M01")
    response = scan(client, NOVEL)
    assert response.headers["Location"] == "/fix"
    page = client.get("/fix").text
    assert "Fixed: Paperback novel (9788883701122) — 1 incident" in page
    assert "incidents" not in page.split("Fixed:")[1].split("</p>")[0]
    assert "Every reported tag is fixed." in page


def test_a_sku_with_nothing_open_is_named_and_nothing_changes(pages_app, signed_in, snapshot):
    fixed = report(pages_app, PEN, "1.99", "B1")
    get_desk(pages_app).fix(fixed, staff="O02")
    report(pages_app, NOVEL, "9.98", "A10")
    client = signed_in("O02")
    before = snapshot()
    response = scan(client, PEN + "\n", cause="other")
    assert response.status_code == 404
    assert f"Not fixed: no open incident for {PEN} at S001" in response.text
    assert 'role="alert"' in response.text
    assert '<option value="other" selected>' in response.text
    assert open_skus(response.text) == [NOVEL]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"sku": "   "}, 422, "Not fixed: scan a shelf tag (or type its SKU) first"),
        ({"sku": "x" * 41}, 422, "is not a SKU"),
        ({"sku": "hello world"}, 422, "&#39;hello world&#39; has a space inside"),
        ({"sku": COFFEE, "cause": "gremlins"}, 422, "&#39;gremlins&#39; is not one of"),
    ],
)
def test_bad_scans_say_why_and_change_nothing(
    pages_app, signed_in, snapshot, fields, status, message
):
    report(pages_app, COFFEE, "10.99", "A2")
    client = signed_in("O02")
    before = snapshot()
    response = scan(client, **fields)
    assert response.status_code == status
    assert message in response.text
    assert snapshot() == before


def test_a_scan_without_the_csrf_token_is_refused(pages_app, signed_in, snapshot):
    report(pages_app, COFFEE, "10.99", "A2")
    client = signed_in("O02")
    before = snapshot()
    response = client.post("/fix", data={"sku": COFFEE})
    assert response.status_code == 400
    assert "reload the page" in response.text
    assert snapshot() == before


def test_cashiers_may_not_fix_tags(pages_app, signed_in, snapshot):
    report(pages_app, COFFEE, "10.99", "A2")
    client = signed_in("C07")
    assert client.get("/fix").status_code == 403
    token = csrf_token(client.get("/").text)
    before = snapshot()
    assert client.post("/fix", data={"csrf_token": token, "sku": COFFEE}).status_code == 403
    assert snapshot() == before


def test_an_unknown_cause_in_the_link_is_ignored(pages_app, signed_in):
    page = signed_in("O02").get("/fix?cause=gremlins")
    assert page.status_code == 200
    assert " selected>" not in page.text


@pytest.mark.parametrize(
    ("typed", "sku"),
    [("012345678905\n", "012345678905"), (" 0123 4567 \r\n", "0123 4567"), (None, "")],
)
def test_what_the_scanner_typed_loses_its_line_end_but_nothing_inside(typed, sku):
    assert scanned_sku(typed) == sku

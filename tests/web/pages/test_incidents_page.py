"""The ops' incident list and detail pages: filters, pages, the "Mark fixed" form, access."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from pos_discrepancy.web.extension import get_desk
from pos_discrepancy.web.pages import incidents as incidents_page
from pos_discrepancy.web.pages.incidents import local_clock

from .conftest import csrf_token

NOVEL, COFFEE, PEN = "9788883701122", "012345678905", "4006381333931"


def report(app, sku, shelf_price, *, location="A7-B3", store="S001", register="R1", **extra):
    """A discrepancy found at the register; returns the incident id."""
    result = get_desk(app).check(
        store=store, register=register, cashier="C07", sku=sku, shelf_price=shelf_price,
        location=location, **extra,
    )  # fmt: skip
    assert result.discrepancy
    return result.incident_id


def rows_in(html):
    """The incident ids of the list, in the order shown."""
    return re.findall(r'<tr data-incident="([0-9a-f-]+)"', html)


def test_the_list_shows_the_stores_incidents_newest_first_with_prices(pages_app, signed_in, clock):
    older = report(pages_app, NOVEL, "9.98")
    clock.advance(minutes=5)
    newer = report(pages_app, COFFEE, "10.99", location="B2", quantity=2)
    response = signed_in("O02").get("/incidents")
    assert response.status_code == 200
    assert rows_in(response.text) == [newer, older]
    text = response.text
    for shown in ("Coffee beans 1kg", COFFEE, "B2", "$10.99", "$12.99", "$4.00", "R1",
                  "2026-11-25 15:05 UTC", "Open, not decided", "2 incidents"):  # fmt: skip
        assert shown in text
    assert f'href="/incidents/{older}"' in text


def test_open_is_the_default_and_all_or_one_status_can_be_chosen(pages_app, signed_in):
    desk = get_desk(pages_app)
    fixed = report(pages_app, NOVEL, "9.98")
    declined = report(pages_app, COFFEE, "10.99")
    desk.decide(fixed, action="decline", cashier="C07")
    desk.fix(fixed, staff="O02")
    desk.decide(declined, action="decline", cashier="C07")
    client = signed_in("O02")
    assert rows_in(client.get("/incidents").text) == [declined]
    assert set(rows_in(client.get("/incidents?status=all").text)) == {fixed, declined}
    assert rows_in(client.get("/incidents?status=signage_fixed").text) == [fixed]
    page = client.get("/incidents?status=declined").text
    assert rows_in(page) == [declined]
    assert "decline · $12.99" in page


def test_the_sku_filter_keeps_one_item(pages_app, signed_in):
    novel = report(pages_app, NOVEL, "9.98")
    report(pages_app, COFFEE, "10.99")
    page = signed_in("O02").get(f"/incidents?sku=+{NOVEL}+&status=all").text
    assert rows_in(page) == [novel]


def test_pages_of_the_list_follow_each_other(pages_app, signed_in, clock, monkeypatch):
    monkeypatch.setattr(incidents_page, "PAGE_SIZE", 2)
    ids = []
    for _ in range(3):
        ids.append(report(pages_app, PEN, "1.99"))
        clock.advance(minutes=1)
    client = signed_in("O02")
    first = client.get("/incidents").text
    assert rows_in(first) == [ids[2], ids[1]]
    assert "page 1 of 2" in first
    assert 'href="/incidents?status=open&amp;page=2" rel="next"' in first
    second = client.get("/incidents?page=2").text
    assert rows_in(second) == [ids[0]]
    assert 'rel="next"' not in second and 'rel="prev"' in second
    assert "No incident matches" in client.get("/incidents?page=3").text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page=abc", "&#39;abc&#39; is not a page number"),
        ("page=0", "is not a page number"),
        ("status=foo", "&#39;foo&#39; is not one of open, all, detected"),
        ("sku=12%2034", "has a space inside"),
    ],
)
def test_bad_list_queries_are_named_not_a_crash(pages_app, signed_in, query, message):
    response = signed_in("O02").get(f"/incidents?{query}")
    assert response.status_code == 422
    assert message in response.text
    assert 'name="status"' in response.text  # the filter form is there to try again


def test_the_detail_page_shows_the_decision_and_the_journal(pages_app, signed_in):
    incident_id = report(pages_app, COFFEE, "10.99", location="B2")
    get_desk(pages_app).decide(incident_id, action="decline", cashier="C07", note="regular")
    page = signed_in("M01").get(f"/incidents/{incident_id}").text
    for shown in ("Coffee beans 1kg", "Declined, tag still wrong", "$10.99", "$12.99",
                  "by C07", "regular", "<b>charge</b> $12.99", "Mark fixed"):  # fmt: skip
        assert shown in page
    assert page.index(">detected<") < page.index(">decided<")


def fix_form(client, incident_id, **fields):
    page = client.get(f"/incidents/{incident_id}")
    form = {"csrf_token": csrf_token(page.text), **fields}
    return client.post(f"/incidents/{incident_id}/fix", data=form)


def test_mark_fixed_records_the_signed_in_staff_and_the_cause(pages_app, signed_in, clock):
    incident_id = report(pages_app, NOVEL, "9.98")
    clock.advance(hours=2)
    client = signed_in("O02")
    response = fix_form(client, incident_id, cause="wrong_location")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/incidents/{incident_id}"
    incident = get_desk(pages_app).get_incident(incident_id)
    # the tag is fixed; the customer's case is still the cashier's to decide
    assert (incident.signage.value, incident.status.value) == ("fixed", "detected")
    assert (incident.fixed_by, incident.cause) == ("O02", "wrong_location")
    assert incident.events[-1].kind == "signage_fixed"
    page = client.get(response.headers["Location"]).text
    assert "Marked fixed: Paperback novel (9788883701122)." in page
    assert "2026-11-25 17:00 UTC by O02" in page
    assert "Mark fixed</button>" not in page  # nothing left to fix


@pytest.mark.parametrize(
    ("setup", "fields", "status", "message"),
    [
        ("fixed", {}, 409, "already marked fixed"),
        (None, {"cause": "gremlins"}, 422, "&#39;gremlins&#39; is not one of"),
    ],
)
def test_a_fix_that_cannot_be_made_says_why_and_changes_nothing(
    pages_app, signed_in, snapshot, setup, fields, status, message
):
    desk = get_desk(pages_app)
    incident_id = report(pages_app, NOVEL, "9.98")
    if setup == "fixed":
        desk.fix(incident_id, staff="M01")
    client = signed_in("O02")
    client.get(f"/incidents/{incident_id}")  # applies any timeouts before the snapshot
    before = snapshot()
    response = fix_form(client, incident_id, **fields)
    assert response.status_code == status
    assert message in response.text
    assert snapshot() == before


def test_a_tag_can_be_marked_fixed_while_a_manager_is_asked(pages_app, signed_in):
    desk = get_desk(pages_app)
    incident_id = report(pages_app, NOVEL, "9.98")
    desk.decide(incident_id, action="escalate", cashier="C07")
    client = signed_in("O02")
    assert fix_form(client, incident_id, cause="other").status_code == 303
    incident = desk.get_incident(incident_id)
    assert (incident.resolution.value, incident.signage.value) == ("awaiting_approval", "fixed")
    assert [i.id for i in desk.pending_approvals("S001")] == [incident_id]


def test_another_stores_incident_is_not_found(pages_app, signed_in, snapshot):
    theirs = report(pages_app, "555", "1.00", store="S002", register="R9", scanned_price="2.00")
    client = signed_in("O02")
    token = csrf_token(client.get("/incidents").text)
    assert client.get(f"/incidents/{theirs}").status_code == 404
    assert theirs not in client.get("/incidents?status=all").text
    before = snapshot()
    response = client.post(f"/incidents/{theirs}/fix", data={"csrf_token": token})
    assert response.status_code == 404
    assert snapshot() == before
    assert client.get("/incidents/not-an-id").status_code == 404


def test_cashiers_may_not_see_or_fix_incidents(pages_app, signed_in):
    incident_id = report(pages_app, NOVEL, "9.98")
    client = signed_in("C07")
    assert client.get("/incidents").status_code == 403
    assert client.get(f"/incidents/{incident_id}").status_code == 403
    token = csrf_token(client.get("/").text)
    response = client.post(f"/incidents/{incident_id}/fix", data={"csrf_token": token})
    assert response.status_code == 403
    assert get_desk(pages_app).get_incident(incident_id).status.value == "detected"


def test_mark_fixed_without_the_csrf_token_is_refused(pages_app, signed_in, snapshot):
    incident_id = report(pages_app, NOVEL, "9.98")
    client = signed_in("O02")
    before = snapshot()
    response = client.post(f"/incidents/{incident_id}/fix", data={"cause": "other"})
    assert response.status_code == 400
    assert "reload the page" in response.text
    assert snapshot() == before


def test_times_are_shown_in_the_stores_time_zone():
    moment = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
    assert local_clock("America/New_York")(moment) == "2026-11-25 10:00 EST"
    assert local_clock("Europe/Berlin")(moment) == "2026-11-25 16:00 CET"
    assert local_clock("Not/AZone")(moment) == "2026-11-25 15:00 UTC"
    assert local_clock("UTC")(None) == "—"

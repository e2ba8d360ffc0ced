"""The cashier's price check page through the test client: check, decide, approve, outcome."""

from __future__ import annotations

import re

import pytest

from pos_discrepancy.web.extension import get_desk

from ..conftest import seed
from .conftest import PINS, csrf_token, sign_in

NOVEL = {"sku": "9788883701122", "shelf_price": "9.98", "scanned_price": "19.95"}
PEN = {"sku": "4006381333931", "shelf_price": "2.00", "scanned_price": "2.49"}


def post_check(client, **fields):  # type: ignore[no-untyped-def]
    """Send the check form as a browser would (the form's token, empty optional boxes)."""
    token = csrf_token(client.get("/check").text)
    form = {"quantity": "1", "location": "", "register": "", **NOVEL, **fields}
    return client.post("/check", data={**form, "csrf_token": token})


def incident_of(response) -> str:  # type: ignore[no-untyped-def]
    """The incident id a check redirected to."""
    assert response.status_code == 303, response.text
    found = re.fullmatch(r"/check/([0-9a-f-]{36})", response.headers["Location"])
    assert found, response.headers["Location"]
    return found.group(1)


def press(client, incident_id: str, what: str, **form: str):  # type: ignore[no-untyped-def]
    """Press a button on the incident page (``decide``, ``approve`` or ``outcome``)."""
    token = csrf_token(client.get(f"/check/{incident_id}").text)
    return client.post(f"/check/{incident_id}/{what}", data={**form, "csrf_token": token})


def field_value(html: str, name: str) -> str:
    found = re.search(rf'<input id="{name}" name="{name}" value="([^"]*)"', html)
    assert found, f"no {name} box"
    return found.group(1)


def test_the_form_is_ready_for_a_scanner(signed_in):
    page = signed_in("C07").get("/check")
    assert page.status_code == 200
    sku = re.search(r'<input id="sku"[^>]*>', page.text, re.S).group(0)
    assert 'inputmode="numeric"' in sku and "autofocus" in sku and "required" in sku
    assert field_value(page.text, "quantity") == "1"
    assert field_value(page.text, "register") == "WEB"
    assert 'name="csrf_token"' in page.text
    assert 'id="shelf_price"' in page.text and 'id="scanned_price"' in page.text


def test_prices_that_agree_say_what_to_charge_and_store_nothing(signed_in, snapshot):
    client = signed_in("C07")
    before = snapshot()
    response = post_check(client, sku=PEN["sku"], shelf_price="2.49", scanned_price="2.49",
                          quantity="2")  # fmt: skip
    assert response.status_code == 303
    assert response.headers["Location"] == "/check"
    page = client.get("/check")
    assert "Prices agree — charge $4.98" in page.text
    assert field_value(page.text, "sku") == ""  # an empty form for the next item
    assert snapshot()["incidents"] == before["incidents"]


def test_an_overcharge_shows_the_difference_and_every_option_with_its_words(signed_in, pages_app):
    client = signed_in("C07")
    incident_id = incident_of(post_check(client, location="A7-B3", register="T3"))
    page = client.get(f"/check/{incident_id}")
    assert page.status_code == 200
    assert "Overcharge" in page.text and "$9.97" in page.text and "more than the tag" in page.text
    assert "Honor tag price" in page.text and "charge $9.98" in page.text
    assert "Call a manager" in page.text
    assert "Charge scanned price" in page.text and "charge $19.95" in page.text
    # $9.97 is over the $1.00 auto-honor limit: a manager approves the honor, and calling a
    # manager reads differently (the manager decides, with both charges)
    assert page.text.count("a manager approves this price") == 1
    assert page.text.count("a manager decides: approve or deny") == 1
    assert "charge $9.98 if approved, $19.95 if denied" in page.text
    assert "the shelf shows a lower price. I&#39;ll charge you $9.98." in page.text
    assert page.text.count('name="action"') == 3
    incident = get_desk(pages_app).get_incident(incident_id)
    assert (incident.store, incident.register, incident.cashier) == ("S001", "T3", "C07")
    assert incident.location == "A7-B3"
    assert incident.status.value == "detected"


def test_a_line_of_several_shows_per_unit_and_line_differences(signed_in):
    client = signed_in("C07")
    page = client.get(f"/check/{incident_of(post_check(client, quantity='3'))}")
    assert "$9.97" in page.text and "per unit" in page.text
    assert "$29.91 for the line of 3" in page.text


def test_an_undercharge_is_honored_at_the_scan_without_a_choice(signed_in, pages_app):
    client = signed_in("C07")
    incident_id = incident_of(post_check(client, shelf_price="22.00"))
    page = client.get(f"/check/{incident_id}")
    assert "Undercharge" in page.text and "$2.05" in page.text and "less than the tag" in page.text
    assert "Honored at the scan: the customer pays the lower scanned price" in page.text
    assert "Charge <strong>$19.95</strong>" in page.text
    assert 'name="action"' not in page.text  # nothing to choose
    assert "Customer bought it" in page.text
    assert get_desk(pages_app).get_incident(incident_id).status.value == "honored"


def test_honoring_a_small_difference_ends_at_the_tag_price(signed_in, pages_app):
    client = signed_in("C07")
    incident_id = incident_of(post_check(client, **PEN))
    first = client.get(f"/check/{incident_id}").text
    assert "a manager approves" not in first  # honor is within policy
    response = press(client, incident_id, "decide", action="honor")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/check/{incident_id}"
    page = client.get(f"/check/{incident_id}")
    assert "Honored: the customer pays the tag price" in page.text
    assert "Charge <strong>$2.00</strong>" in page.text
    incident = get_desk(pages_app).get_incident(incident_id)
    assert incident.status.value == "honored"
    assert incident.decision.decided_by == "C07"


def test_declining_charges_the_scanned_price_with_the_apology(signed_in, pages_app):
    client = signed_in("C07")
    incident_id = incident_of(post_check(client))
    press(client, incident_id, "decide", action="decline")
    page = client.get(f"/check/{incident_id}")
    assert "Declined: the customer pays the scanned price" in page.text
    assert "Charge <strong>$19.95</strong>" in page.text
    assert "I&#39;m sorry, this item rings up at $19.95" in page.text
    assert get_desk(pages_app).get_incident(incident_id).status.value == "declined"


def test_an_unknown_action_is_refused_and_changes_nothing(signed_in, pages_app):
    client = signed_in("C07")
    incident_id = incident_of(post_check(client))
    press(client, incident_id, "decide", action="give_it_away")
    page = client.get(f"/check/{incident_id}")
    assert 'class="flash error"' in page.text and "give_it_away" in page.text
    assert get_desk(pages_app).get_incident(incident_id).status.value == "detected"


def test_an_escalation_waits_then_shows_the_managers_decision(signed_in, pages_app):
    client = signed_in("C07")
    incident_id = incident_of(post_check(client))
    press(client, incident_id, "decide", action="escalate")
    page = client.get(f"/check/{incident_id}")
    assert "Waiting for a manager" in page.text
    assert '<meta http-equiv="refresh"' in page.text  # without JavaScript
    assert "Approve · charge $9.98" in page.text and "Deny · charge $19.95" in page.text
    fragment = client.get(f"/check/{incident_id}?fragment=state")
    assert 'data-status="awaiting_approval"' in fragment.text
    assert "<html" not in fragment.text

    get_desk(pages_app).approve(incident_id, manager="M01", pin="2468", approve=True)
    fragment = client.get(f"/check/{incident_id}?fragment=state")
    assert 'data-status="honored"' in fragment.text
    assert "Charge <strong>$9.98</strong>" in fragment.text
    assert "Approved by M01." in fragment.text
    assert "Customer walked away" in fragment.text
    assert '<meta http-equiv="refresh"' not in client.get(f"/check/{incident_id}").text


def test_a_denial_shows_the_scanned_price(signed_in, pages_app):
    client = signed_in("C07")
    incident_id = incident_of(post_check(client))
    press(client, incident_id, "decide", action="escalate")
    get_desk(pages_app).approve(incident_id, manager="M02", pin="1122", approve=False)
    page = client.get(f"/check/{incident_id}")
    assert "Declined: the customer pays the scanned price" in page.text
    assert "Denied by M02." in page.text and "Charge <strong>$19.95</strong>" in page.text


def test_an_unanswered_escalation_follows_store_policy(signed_in, clock, pages_app):
    client = signed_in("C07")
    incident_id = incident_of(post_check(client))
    press(client, incident_id, "decide", action="escalate")
    clock.advance(seconds=121)  # the default approval timeout is two minutes, then honor
    get_desk(pages_app).run_worker_pass()  # the worker settles it; the page only reads
    page = client.get(f"/check/{incident_id}")
    assert "No manager answered in time" in page.text
    assert "Charge <strong>$9.98</strong>" in page.text


def test_a_manager_at_the_till_approves_with_code_and_pin(signed_in, pages_app):
    client = signed_in("C07")
    incident_id = incident_of(post_check(client))
    press(client, incident_id, "decide", action="escalate")
    wrong = press(client, incident_id, "approve", manager="M01", pin="0000", verdict="approve")
    assert wrong.status_code == 303
    assert "wrong PIN for M01" in client.get(f"/check/{incident_id}").text
    press(client, incident_id, "approve", manager="M01", pin=PINS["M01"], verdict="approve")
    page = client.get(f"/check/{incident_id}")
    assert "Approved by M01." in page.text
    assert get_desk(pages_app).get_incident(incident_id).decision.approved_by == "M01"


def test_a_manager_covering_the_till_cannot_approve_their_own_request(signed_in, pages_app):
    client = signed_in("M02")
    assert client.get("/check").status_code == 200
    incident_id = incident_of(post_check(client))
    press(client, incident_id, "decide", action="escalate")
    press(client, incident_id, "approve", manager="M02", pin=PINS["M02"], verdict="approve")
    page = client.get(f"/check/{incident_id}")
    assert "cannot approve their own" in page.text
    assert get_desk(pages_app).get_incident(incident_id).status.value == "awaiting_approval"


@pytest.mark.parametrize("outcome", ["purchased", "walked_away"])
def test_the_outcome_is_recorded_once_and_the_next_check_begins(signed_in, pages_app, outcome):
    client = signed_in("C07")
    incident_id = incident_of(post_check(client))
    press(client, incident_id, "decide", action="decline")
    response = press(client, incident_id, "outcome", customer_outcome=outcome)
    assert response.status_code == 303 and response.headers["Location"] == "/check"
    again = press(client, incident_id, "outcome", customer_outcome=outcome)  # a double click
    assert again.headers["Location"] == "/check"
    page = client.get("/check")
    words = "bought it at $19.95" if outcome == "purchased" else "walked away"
    assert f"Recorded: the customer {words}. Next item." in page.text
    incident = get_desk(pages_app).get_incident(incident_id)
    assert incident.decision.customer_outcome == outcome
    assert [e.kind for e in incident.events].count("outcome_recorded") == 1
    assert (
        f"Recorded: the customer {words.split(' at ')[0]}"
        in client.get(f"/check/{incident_id}").text
    )


def test_an_outcome_before_any_decision_is_refused(signed_in, pages_app):
    client = signed_in("C07")
    incident_id = incident_of(post_check(client))
    response = press(client, incident_id, "outcome", customer_outcome="purchased")
    assert response.headers["Location"] == f"/check/{incident_id}"
    assert "has not decided yet" in client.get(f"/check/{incident_id}").text
    assert get_desk(pages_app).get_incident(incident_id).decision is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("shelf_price", "12,99", "Tag price: &#39;12,99&#39; is not an amount"),
        ("shelf_price", "abc", "Tag price: &#39;abc&#39; is not an amount"),
        ("scanned_price", "-1", "Scanned price: must not be negative"),
        ("scanned_price", "", "Scanned price: is empty"),
        ("quantity", "0", "Quantity: must be between 1 and 9999"),
        ("location", "x" * 65, "Location: is longer than 64 characters; shorten it"),
        ("register", "till 3!", "Register: &#39;till 3!&#39; must be 1–32 letters"),
        ("sku", "hello world", "SKU: &#39;hello world&#39; has a space inside"),
    ],
)
def test_bad_input_keeps_the_values_and_names_the_field(signed_in, snapshot, field, value,
                                                        message):  # fmt: skip
    client = signed_in("C07")
    before = snapshot()
    response = post_check(client, **{"location": "A7-B3", field: value})
    assert response.status_code == 422
    assert message in response.text
    assert re.search(rf'<input id="{field}" [^>]*aria-invalid="true"[^>]*autofocus', response.text)
    kept = {"sku": NOVEL["sku"], "shelf_price": NOVEL["shelf_price"], "location": "A7-B3"}
    for name, expected in {**kept, field: value}.items():
        assert field_value(response.text, name) == expected
    assert snapshot() == before


def test_the_register_is_remembered_for_the_next_check(signed_in, pages_app):
    client = signed_in("C07")
    post_check(client, register="T3", shelf_price="19.95")  # agrees: nothing stored
    assert field_value(client.get("/check").text, "register") == "T3"
    incident_id = incident_of(post_check(client, register=""))  # blank: the default WEB
    assert get_desk(pages_app).get_incident(incident_id).register == "WEB"
    fresh = pages_app.test_client()
    sign_in(fresh, "C07")
    assert field_value(fresh.get("/check").text, "register") == "WEB"


def test_ops_staff_may_not_check_prices(signed_in, pages_app, check_body):
    client = signed_in("O02")
    incident_id = get_desk(pages_app).check(**check_body).incident_id
    assert client.get("/check").status_code == 403
    assert client.get(f"/check/{incident_id}").status_code == 403
    token = csrf_token(client.get("/fix").text)
    data = {**NOVEL, "csrf_token": token}
    assert client.post("/check", data=data).status_code == 403
    response = client.post(
        f"/check/{incident_id}/decide", data={"action": "honor", "csrf_token": token}
    )
    assert response.status_code == 403
    assert get_desk(pages_app).get_incident(incident_id).status.value == "detected"


def test_signed_out_visitors_are_sent_to_sign_in(pages_app):
    response = pages_app.test_client().get("/check")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/check")


def test_another_stores_incident_is_not_found(signed_in, pages_app, check_body):
    desk = get_desk(pages_app)
    theirs = desk.check(**{**check_body, "store": "S002", "register": "R9"}).incident_id
    client = signed_in("C07")
    assert client.get(f"/check/{theirs}").status_code == 404
    assert client.get(f"/check/{theirs}?fragment=state").status_code == 404
    assert client.get("/check/not-an-id").status_code == 404
    token = csrf_token(client.get("/check").text)
    for what, form in [("decide", {"action": "honor"}), ("outcome", {"customer_outcome": "x"})]:
        response = client.post(f"/check/{theirs}/{what}", data={**form, "csrf_token": token})
        assert response.status_code == 404
    assert desk.get_incident(theirs).status.value == "detected"


def test_forms_without_the_csrf_token_are_refused_and_store_nothing(signed_in, snapshot):
    client = signed_in("C07")
    before = snapshot()
    response = client.post("/check", data={**NOVEL, "quantity": "1"})
    assert response.status_code == 400
    assert snapshot() == before
    incident_id = incident_of(post_check(client))
    before = snapshot()
    for what, form in [("decide", {"action": "honor"}),
                       ("approve", {"manager": "M01", "pin": "2468", "verdict": "approve"}),
                       ("outcome", {"customer_outcome": "purchased"})]:  # fmt: skip
        assert client.post(f"/check/{incident_id}/{what}", data=form).status_code == 400
    assert snapshot() == before


def test_an_option_policy_forbids_is_shown_disabled_with_the_reason(make_app, tmp_path):
    config = tmp_path / "policy.toml"
    config.write_text("[policy]\ndecline_allowed = false\n", encoding="utf-8")
    app = make_app(POSDISC_CONFIG=str(config))
    seed(get_desk(app))
    get_desk(app).add_staff("S001", code="C07", name="Alex", role="cashier", pin=PINS["C07"])
    client = app.test_client()
    sign_in(client, "C07")
    incident_id = incident_of(post_check(client))
    page = client.get(f"/check/{incident_id}").text
    disabled = re.search(r'<button type="button" class="check-option is-unavailable" disabled>'
                         r"(.*?)</button>", page, re.S)  # fmt: skip
    assert disabled and "Charge scanned price" in disabled.group(1)
    assert "Not available: Store policy: the shelf price is always honored." in disabled.group(1)
    assert page.count('name="action"') == 2
    press(client, incident_id, "decide", action="escalate")
    assert "Cannot deny" in client.get(f"/check/{incident_id}").text


@pytest.mark.parametrize("sku", ["0000000000000", "NOPE-123"])
def test_an_item_not_in_the_price_file_is_shown_as_such(signed_in, pages_app, sku):
    client = signed_in("C07")
    incident_id = incident_of(post_check(client, sku=sku))
    page = client.get(f"/check/{incident_id}")
    assert f"Not in the price file: {sku} is not an item S001 knows" in page.text
    assert get_desk(pages_app).get_incident(incident_id).sku == sku  # kept as typed


def test_a_barcode_number_with_a_wrong_check_digit_is_flagged(signed_in):
    client = signed_in("C07")
    incident_id = incident_of(post_check(client, sku="9788883701123"))
    page = client.get(f"/check/{incident_id}")
    assert "its last (check) digit should be 2" in page.text
    assert "Not in the price file: 9788883701123" in page.text


def test_a_known_item_with_a_right_check_digit_has_no_warning(signed_in):
    client = signed_in("C07")
    page = client.get(f"/check/{incident_of(post_check(client))}")
    assert "Not in the price file" not in page.text and "check) digit" not in page.text

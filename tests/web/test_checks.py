"""``POST /api/v1/checks``: the answer's shape, exact money, and refused numbers."""

from __future__ import annotations

import json

import posdisc_ca_spac
import pytest

import pos_discrepancy
from pos_discrepancy.web.extension import get_desk


def post_check(client, auth, body):
    return client.post("/api/v1/checks", json=body, headers=auth)


def post_raw(client, auth, text):
    return client.post(
        "/api/v1/checks", data=text.encode(), headers=auth, content_type="application/json"
    )


def test_mismatch_is_201_with_the_incident_and_options(client, auth, check_body):
    response = post_check(client, auth, check_body)
    assert response.status_code == 201
    answer = response.json
    assert answer["discrepancy"] is True
    assert answer["incident_id"]
    assert (answer["direction"], answer["difference"]) == ("overcharge", "9.97")
    assert answer["options"], "an overcharge offers options"
    for option in answer["options"]:
        assert {"action", "charge", "requires_approval", "available", "reason", "script"} <= set(
            option
        )
        assert isinstance(option["charge"], str)
    assert {o["action"] for o in answer["options"]} >= {"honor", "escalate", "decline"}


def test_equal_prices_are_200_with_no_incident(client, auth, check_body, snapshot):
    before = snapshot()
    response = post_check(client, auth, {**check_body, "shelf_price": "19.95"})
    assert response.status_code == 200
    assert response.json["discrepancy"] is False
    assert response.json["incident_id"] is None
    assert response.json["options"] == []
    assert snapshot() == before


def test_scanned_price_left_out_is_looked_up(client, auth, check_body):
    del check_body["scanned_price"]
    response = post_check(client, auth, check_body)
    assert response.status_code == 201
    assert response.json["difference"] == "9.97"


def test_json_numbers_are_exact(client, auth, app):
    response = post_raw(
        client,
        auth,
        '{"store": "S001", "register": "R1", "cashier": "C07", "sku": "9788883701122",'
        ' "scanned_price": 19.95, "shelf_price": 9.98, "quantity": 3}',
    )
    assert response.status_code == 201
    assert response.json["difference"] == "9.97"
    assert response.json["line_difference"] == "29.91"
    incident = get_desk(app).get_incident(response.json["incident_id"])
    assert (str(incident.scanned_price), str(incident.shelf_price)) == ("19.95", "9.98")


def test_a_float_that_binary_cannot_hold_stays_exact(client, auth):
    # 0.1 + 0.2 in binary floats is 0.30000000000000004; parsed as text it is 0.3
    response = post_raw(
        client,
        auth,
        '{"store": "S001", "register": "R1", "cashier": "C07", "sku": "012345678905",'
        ' "scanned_price": 0.30, "shelf_price": 0.1}',
    )
    assert response.status_code == 201
    assert response.json["difference"] == "0.20"


@pytest.mark.parametrize(
    "number",
    ["1e-7", "NaN", "Infinity", "-Infinity", "1e400", "1" * 60, "9" * 30 + ".99", "-5.00", "0.001"],
)
def test_numbers_that_are_not_money_are_422(client, auth, snapshot, number):
    before = snapshot()
    response = post_raw(
        client,
        auth,
        '{"store": "S001", "register": "R1", "cashier": "C07", "sku": "9788883701122",'
        f' "scanned_price": {number}, "shelf_price": "9.98"}}',
    )
    assert response.status_code == 422, response.json
    assert response.json["error"]["field"] == "scanned_price"
    assert snapshot() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("quantity", 0),
        ("quantity", 1.5),
        ("quantity", True),
        ("quantity", "many"),
        ("shelf_price", True),
        ("shelf_price", None),
        ("shelf_price", "12,99"),
        ("cashier", ""),
        ("cashier", 7),
        ("sku", ["9788883701122"]),
        ("promo_ends", "tomorrow"),
        ("multi_buy", "lots"),
        ("displayed_prices", {"price": "1.00"}),
        ("location", "x" * 65),
        ("store", {"code": "S001"}),
        ("register", None),
    ],
)
def test_bad_values_are_422_naming_the_field(client, auth, check_body, snapshot, field, value):
    before = snapshot()
    response = post_check(client, auth, {**check_body, field: value})
    assert response.status_code == 422, response.json
    assert response.json["error"]["field"] == field
    assert field in response.json["error"]["message"]
    assert snapshot() == before


def test_unknown_sku_without_scanned_price_is_404(client, auth, check_body):
    del check_body["scanned_price"]
    response = post_check(client, auth, {**check_body, "sku": "0000000000000"})
    assert response.status_code == 404
    assert response.json["error"]["field"] == "sku"


def test_claim_fields_reach_the_desk(client, auth, app, check_body):
    body = {
        **check_body,
        "promo_ends": "2026-12-31",
        "displayed_prices": [{"source": "sign", "price": "8.99"}],
        "tag_barcode": "2000000000015",
        "description": "Paperback",
    }
    response = post_check(client, auth, body)
    assert response.status_code == 201, response.json
    incident = get_desk(app).get_incident(response.json["incident_id"])
    assert incident.location == "A7-B3"
    assert incident.claim["promo_ends"] == "2026-12-31"


@pytest.fixture
def canada(make_app):
    """Store C001 (CAD) under the Scanner Price Accuracy Code, register R1."""
    app = make_app(PLUGINS=[posdisc_ca_spac])
    desk = get_desk(app)
    desk.add_store("C001", name="Queen St", currency="CAD", jurisdiction="ca_spac", locale="en_CA")
    token = desk.add_register("C001", register="R1")
    return app.test_client(), {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize(
    ("shelf", "scanned", "label", "charge"),
    [("8.99", "12.99", "First item free", "0.00"), ("19.99", "24.99", "$10 off", "9.99")],
)
def test_issue_4_done_when_over_http(canada, shelf, scanned, label, charge):
    client, auth = canada
    body = {
        "store": "C001",
        "register": "R1",
        "cashier": "C07",
        "sku": "0060383000011",
        "shelf_price": shelf,
        "scanned_price": scanned,
    }
    response = post_check(client, auth, body)
    assert response.status_code == 201
    first = response.json["options"][0]
    assert (first["action"], first["label"], first["charge"]) == ("scanner_code", label, charge)
    incident_id = response.json["incident_id"]
    decided = client.post(
        f"/api/v1/incidents/{incident_id}/decision",
        json={"action": "scanner_code", "cashier": "C07"},
        headers=auth,
    )
    assert decided.status_code == 200
    assert decided.json["status"] == "honored"
    assert decided.json["decision"]["charge"] == charge
    assert json.loads(decided.data)["currency"] == "CAD"


def test_an_unknown_item_is_flagged_in_the_answer(client, auth, check_body):
    response = post_check(client, auth, {**check_body, "sku": "0000000000000"})
    assert response.status_code == 201
    assert response.json["flags"] == ["not_in_price_file"]
    assert response.json["warnings"][0].startswith("Not in the price file: 0000000000000")
    known = post_check(client, auth, check_body)
    assert known.json["flags"] == [] and known.json["warnings"] == []


def test_a_wrong_check_digit_is_flagged_in_the_answer(client, auth, check_body):
    response = post_check(client, auth, {**check_body, "sku": "9788883701123"})
    assert response.json["flags"] == ["check_digit_wrong", "not_in_price_file"]


def test_a_sku_with_a_space_inside_is_422_naming_the_sku(client, auth, check_body, snapshot):
    before = snapshot()
    response = post_check(client, auth, {**check_body, "sku": "hello world"})
    assert response.status_code == 422
    assert response.json["error"]["field"] == "sku"
    assert "has a space inside" in response.json["error"]["message"]
    assert snapshot() == before


@pytest.mark.parametrize(
    "change",
    [
        {"colour": "red"},
        {"register": "bad code!"},
        {"sku": "12 34"},
        {"shelf_price": None},
        {"shelf_price": "9.981"},
        {"quantity": 0},
        {"location": "x" * 65},
        {"promo_ends": "2026-13-01"},
        {"multi_buy": "three for ten"},
        {"displayed_prices": "a sign"},
        {"description": "a\u0000b"},
    ],
    ids=lambda change: ",".join(change),
)
def test_the_python_api_refuses_a_check_word_for_word_as_the_http_api(
    app, client, auth, check_body, snapshot, change
):
    before = snapshot()
    body = {**check_body, **change}
    response = post_check(client, auth, body)
    assert response.status_code in (400, 422), response.json
    with pytest.raises(pos_discrepancy.DiscrepancyError) as caught:
        get_desk(app).check(**body)
    error = response.json["error"]
    assert (caught.value.field, caught.value.message) == (error["field"], error["message"])
    assert snapshot() == before

"""Fuzzing the register endpoints: any JSON value in any field, any bytes as the body.

Whatever arrives, the answer is never a 5xx, it is always the API's JSON (an error has
code, message and field), and a refused request stores nothing.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: JSON number text as a client may send it, parsed by the API from the text itself.
numbers = st.one_of(
    st.from_regex(r"-?(0|[1-9][0-9]{0,45})(\.[0-9]{1,30})?([eE][+-]?[0-9]{1,4})?", fullmatch=True),
    st.sampled_from(["NaN", "Infinity", "-Infinity", "-0", "0.0", "1e-7", "19.95", "1E+400"]),
)
plain = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=50),
    st.sampled_from(["", " ", "S001", "R1", "C07", "9.98", "19.95", "2026-12-31", "3 for 10.00"]),
).map(json.dumps)
values = st.recursive(
    st.one_of(plain, numbers),
    lambda children: st.one_of(
        st.lists(children, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.dictionaries(st.text(max_size=10), children, max_size=4).map(
            lambda d: "{" + ", ".join(f"{json.dumps(k)}: {v}" for k, v in d.items()) + "}"
        ),
    ),
    max_leaves=8,
)

CHECK_FIELDS = {
    "store": '"S001"',
    "register": '"R1"',
    "cashier": '"C07"',
    "sku": '"9788883701122"',
    "scanned_price": '"19.95"',
    "shelf_price": '"9.98"',
    "quantity": "1",
    "location": '"A7-B3"',
    "promo_ends": '"2026-12-31"',
    "multi_buy": '"3 for 10.00"',
    "displayed_prices": '[{"source": "sign", "price": "8.99"}]',
    "tag_barcode": '"2000000000015"',
    "description": '"Paperback"',
}
DECISION_FIELDS = {
    "action": '"decline"',
    "cashier": '"C07"',
    "customer_outcome": '"purchased"',
    "note": '"ok"',
    "goodwill": '"1.00"',
}


def bodies(fields: dict[str, str]) -> st.SearchStrategy[str]:
    """JSON object text: each field left out, valid, or any JSON value; maybe an extra."""
    choices = {name: st.one_of(st.none(), st.just(valid), values) for name, valid in fields.items()}
    extra = st.dictionaries(st.text(max_size=12), values, max_size=1)

    def build(chosen: dict[str, str | None], more: dict[str, str]) -> str:
        items = [(k, v) for k, v in chosen.items() if v is not None] + list(more.items())
        return "{" + ", ".join(f"{json.dumps(k)}: {v}" for k, v in items) + "}"

    return st.builds(build, st.fixed_dictionaries(choices), extra)


def send(client, auth, path, data: bytes, content_type="application/json"):
    return client.post(path, data=data, headers=auth, content_type=content_type)


def assert_sane(response, before, after) -> None:
    assert response.status_code < 500, response.data
    assert response.mimetype == "application/json"
    if response.status_code >= 400:
        error = response.json["error"]
        assert isinstance(error["code"], str) and isinstance(error["message"], str)
        assert error["field"] is None or isinstance(error["field"], str)
        assert after == before, "a refused request stored something"


@FUZZ
@given(body=bodies(CHECK_FIELDS))
def test_fuzz_checks(client, auth, snapshot, body):
    before = snapshot()
    response = send(client, auth, "/api/v1/checks", body.encode())
    assert_sane(response, before, snapshot())


@FUZZ
@given(data=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
def test_fuzz_check_bytes(client, auth, snapshot, data):
    before = snapshot()
    response = send(client, auth, "/api/v1/checks", data)
    assert_sane(response, before, snapshot())


@FUZZ
@given(body=bodies(DECISION_FIELDS), key=st.one_of(st.none(), st.text(max_size=8)))
def test_fuzz_decision(client, auth, snapshot, check_body, open_incident, body, key):
    # the fixture lives across the examples: a fresh incident once the last got decided
    incident_id = open_incident.get("id")
    if incident_id is None or _decided(client, auth, incident_id):
        created = client.post("/api/v1/checks", json=check_body, headers=auth)
        incident_id = open_incident["id"] = created.json["incident_id"]
        open_incident["made"] = open_incident.get("made", 0) + 1
    headers = dict(auth)
    if key is not None and key.isascii() and key.isprintable() and "\n" not in key:
        headers["Idempotency-Key"] = key
    before = snapshot()
    response = client.post(
        f"/api/v1/incidents/{incident_id}/decision",
        data=body.encode(),
        headers=headers,
        content_type="application/json",
    )
    assert_sane(response, before, snapshot())


@pytest.fixture
def open_incident() -> dict[str, Any]:
    """The incident the decision fuzz is working on."""
    return {}


def _decided(client, auth, incident_id: str) -> bool:
    shown = client.get(f"/api/v1/incidents/{incident_id}", headers=auth)
    return shown.status_code != 200 or shown.json["status"] != "detected"

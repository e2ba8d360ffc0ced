"""The OpenAPI document and the API agree on every request's fields (hypothesis).

For each request body the document describes, any set of the fields it allows, with
valid values, is accepted (no 422); any other field is refused with 422 naming it.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos_discrepancy.web.openapi import build_document

DOCUMENT = build_document()
SCHEMAS = DOCUMENT["components"]["schemas"]
INCIDENT = "/api/v1/incidents/{incident_id}"
#: A valid value of every field of each request (a new field must be added here).
VALID: dict[str, dict[str, Any]] = {
    "/api/v1/checks": {
        "store": "S001", "register": "R1", "cashier": "C07", "sku": "9788883701122",
        "shelf_price": "9.98", "scanned_price": "19.95", "quantity": 2, "location": "A7-B3",
        "promo_ends": "2026-12-31", "multi_buy": "3 for 10.00",
        "displayed_prices": [{"source": "sign", "price": "8.99"}],
        "tag_barcode": "2000000000015", "description": "Paperback",
    },
    f"{INCIDENT}/decision": {
        "action": "decline", "cashier": "C07", "customer_outcome": "purchased",
        "note": "ok", "goodwill": "1.00",
    },
    f"{INCIDENT}/approval": {
        "manager": "M01", "pin": "2468", "approve": True, "note": "ok",
        "customer_outcome": "purchased",
    },
    f"{INCIDENT}/fix": {"staff": "O02", "cause": "sale_ended_tag_left_up"},
    f"{INCIDENT}/outcome": {"customer_outcome": "purchased", "staff": "C07"},
    f"{INCIDENT}/bonus-claim": {"staff": "M01", "note": "bonus asked"},
}  # fmt: skip
FUZZ = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,20}", fullmatch=True)


def request_schema(path: str) -> dict[str, Any]:
    """The component schema of the body of ``POST path``."""
    body = DOCUMENT["paths"][path]["post"]["requestBody"]["content"]["application/json"]
    return dict(SCHEMAS[body["schema"]["$ref"].rsplit("/", 1)[1]])


def post(client: FlaskClient, auth: dict[str, str], path: str, body: dict[str, Any]) -> Any:
    """POST ``body`` to ``path``, on a fresh incident when the path is an incident's."""
    if "{incident_id}" in path:
        check = client.post("/api/v1/checks", json=VALID["/api/v1/checks"], headers=auth)
        incident_id = check.json["incident_id"]
        if path.endswith("/approval"):
            escalate = {"action": "escalate", "cashier": "C07"}
            client.post(f"{INCIDENT}/decision".replace("{incident_id}", incident_id),
                        json=escalate, headers=auth)  # fmt: skip
        path = path.replace("{incident_id}", incident_id)
    return client.post(path, json=body, headers=auth)


@pytest.mark.parametrize("path", list(VALID))
def test_every_documented_field_has_a_valid_value_here(path: str) -> None:
    assert set(request_schema(path)["properties"]) == set(VALID[path])


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("path", list(VALID))
@FUZZ
@given(data=st.data())
def test_the_fields_the_document_allows_are_accepted(
    client: FlaskClient, auth: dict[str, str], path: str, data: st.DataObject
) -> None:
    schema = request_schema(path)
    optional = sorted(set(schema["properties"]) - set(schema["required"]))
    chosen = data.draw(st.sets(st.sampled_from(optional)) if optional else st.just(set()))
    body = {name: VALID[path][name] for name in [*schema["required"], *sorted(chosen)]}
    response = post(client, auth, path, body)
    assert response.status_code < 400 or response.status_code in (403, 409), response.json
    if response.status_code >= 400:  # a state or jurisdiction refusal, never the body's
        assert response.json["error"]["code"] != "invalid_input", response.json


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("path", [*VALID, "/api/v1/sync"])
@FUZZ
@given(name=names, value=st.none() | st.integers() | st.text(max_size=5))
def test_a_field_the_document_does_not_allow_is_422_naming_it(
    client: FlaskClient, auth: dict[str, str], path: str, name: str, value: Any
) -> None:
    schema = request_schema(path)
    if name in schema["properties"]:
        return
    assert schema["additionalProperties"] is False
    body = {**VALID.get(path, {"store": "S001", "register": "R1", "incidents": []}), name: value}
    response = post(client, auth, path, body)
    assert response.status_code == 422, response.json
    assert response.json["error"]["field"] == name
    assert response.json["error"]["message"].startswith(f"{name}: unknown field")

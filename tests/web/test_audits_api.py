"""``/api/v1/audits``: start, read, record findings, score; bad input is 4xx, stores nothing."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from pos_discrepancy.web.extension import get_desk

from .. import audit_fixture as fixture

AUDIT_TABLES = ("audits", "audit_items", "events")


@pytest.fixture
def stocked(app: Flask) -> Flask:
    """S001 with the 50 items of tests/audit_fixture.py."""
    fixture.stock(get_desk(app))
    return app


def rows(app: Flask) -> dict[str, int]:
    from sqlalchemy import text

    with get_desk(app).context.engine.connect() as connection:
        return {
            t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in AUDIT_TABLES
        }


def start(client: FlaskClient, auth: dict[str, str], **body: Any) -> Any:
    return client.post("/api/v1/audits", json={"size": 10, "by": "M01", **body}, headers=auth)


def test_an_audit_from_start_to_score(stocked: Flask, client: FlaskClient, auth: Any) -> None:
    started = start(client, auth, seed=2026)
    assert started.status_code == 201, started.json
    audit = started.json
    assert (audit["seed"], audit["size"], audit["items_in_file"]) == (2026, 10, 50)
    assert [s["sampled"] for s in audit["strata"]] == [6, 2, 2]
    assert audit["unknown_aisle_items"] == 10
    assert audit["score"]["checked"] == 0 and audit["score"]["passed"] is None
    url = f"/api/v1/audits/{audit['id']}"
    for index, item in enumerate(audit["items"]):
        scanned = item["system_price"] if index else "99.99"  # the first: an overcharge
        body = {"sku": item["sku"], "shelf_price": item["system_price"],
                "scanned_price": scanned, "by": "O02"}  # fmt: skip
        answer = client.post(f"{url}/findings", json=body, headers=auth)
        assert answer.status_code == 200, answer.json
    assert answer.json["score"]["checked"] == 10
    scored = client.post(f"{url}/score", json={"by": "M01"}, headers=auth)
    assert scored.status_code == 200, scored.json
    score = scored.json["score"]
    assert (score["right"], score["overcharges"], score["undercharges"]) == (9, 1, 0)
    assert (score["accuracy_percent"], score["passed"]) == ("90.00", False)
    assert score["overcharge_accuracy_percent"] == "90.00"
    shown = client.get(url, headers=auth)
    assert shown.status_code == 200 and shown.json == scored.json
    listed = client.get("/api/v1/audits", headers=auth)
    assert [a["id"] for a in listed.json["audits"]] == [audit["id"]]
    assert "items" not in listed.json["audits"][0]
    assert get_desk(stocked).verify_journal("S001").ok


def test_a_repeat_with_the_same_key_starts_one_audit(
    stocked: Flask, client: FlaskClient, auth: dict[str, str]
) -> None:
    headers = {**auth, "Idempotency-Key": "audit-1"}
    first = client.post("/api/v1/audits", json={"size": 3, "by": "M01"}, headers=headers)
    again = client.post("/api/v1/audits", json={"size": 3, "by": "M01"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json == again.json
    assert len(get_desk(stocked).audits("S001")) == 1


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"size": 51}, 422, "size"),
        ({"size": 0}, 422, "size"),
        ({"size": -2}, 422, "size"),
        ({"size": 2.5}, 422, "size"),
        ({"size": "12.0"}, 422, "size"),
        ({"size": True}, 422, "size"),
        ({"size": None}, 422, "size"),
        ({"seed": "x"}, 422, "seed"),
        ({"by": "ZZ9"}, 404, "by"),
        ({"by": None}, 422, "by"),
        ({"store": "S002"}, 403, "store"),
        ({"colour": "red"}, 422, "colour"),
    ],
)
def test_bad_start_is_refused_naming_the_field(
    stocked: Flask, client: FlaskClient, auth: Any, body: dict[str, Any], status: int, field: str
) -> None:
    before = rows(stocked)
    answer = start(client, auth, **body)
    assert answer.status_code == status, answer.json
    assert answer.json["error"]["field"] == field
    assert answer.json["error"]["message"].startswith(f"{field}: ")
    assert rows(stocked) == before


def test_size_is_required(stocked: Flask, client: FlaskClient, auth: Any) -> None:
    answer = client.post("/api/v1/audits", json={"by": "M01"}, headers=auth)
    assert (answer.status_code, answer.json["error"]["field"]) == (422, "size")


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"sku": "0000000000000"}, 404, "sku"),
        ({"shelf_price": "abc"}, 422, "shelf_price"),
        ({"shelf_price": 1.5}, 200, None),  # a JSON number, read exactly from its text
        ({"scanned_price": "-1.00"}, 422, "scanned_price"),
        ({"scanned_price": "1.005"}, 422, "scanned_price"),
        ({"scanned_price": "1e3"}, 422, "scanned_price"),
        ({"scanned_price": None}, 422, "scanned_price"),
        ({"by": "ZZ9"}, 404, "by"),
    ],
)
def test_bad_findings_are_refused_naming_the_field(
    stocked: Flask, client: FlaskClient, auth: Any, change: dict[str, Any], status: int,
    field: str | None,
) -> None:  # fmt: skip
    audit = start(client, auth, size=2).json
    body = {"sku": audit["items"][0]["sku"], "shelf_price": "1.00", "scanned_price": "1.00",
            "by": "O02", **change}  # fmt: skip
    before = rows(stocked)
    answer = client.post(f"/api/v1/audits/{audit['id']}/findings", json=body, headers=auth)
    assert answer.status_code == status, answer.json
    if field is None:
        assert answer.json["items"][0]["shelf_price"] == "1.50"
        return
    assert answer.json["error"]["field"] == field
    assert rows(stocked) == before


def test_another_stores_register_sees_no_audit(
    stocked: Flask, client: FlaskClient, auth: Any, other_auth: Any
) -> None:
    audit = start(client, auth, size=2).json
    url = f"/api/v1/audits/{audit['id']}"
    assert client.get(url, headers=other_auth).status_code == 404
    body = {"sku": audit["items"][0]["sku"], "shelf_price": "1", "scanned_price": "1",
            "by": "M09"}  # fmt: skip
    assert client.post(f"{url}/findings", json=body, headers=other_auth).status_code == 404
    assert client.get("/api/v1/audits", headers=other_auth).json == {"audits": []}
    assert client.get("/api/v1/audits?store=S001", headers=other_auth).status_code == 403
    assert client.get("/api/v1/audits/not-a-uuid", headers=auth).status_code == 422
    assert client.get("/api/v1/audits").status_code == 401


def test_a_scored_audit_refuses_findings_with_409(
    stocked: Flask, client: FlaskClient, auth: Any
) -> None:
    audit = start(client, auth, size=1).json
    url = f"/api/v1/audits/{audit['id']}"
    sku = audit["items"][0]["sku"]
    body = {"sku": sku, "shelf_price": "1.00", "scanned_price": "1.00", "by": "O02"}
    none_checked = client.post(f"{url}/score", json={"by": "M01"}, headers=auth)
    assert none_checked.status_code == 409
    client.post(f"{url}/findings", json=body, headers=auth)
    assert client.post(f"{url}/score", json={"by": "M01"}, headers=auth).status_code == 200
    late = client.post(f"{url}/findings", json=body, headers=auth)
    assert (late.status_code, late.json["error"]["field"]) == (409, "audit_id")

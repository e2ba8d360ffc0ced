"""The chain signal: the same SKU mismatching in several stores of the period."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from pos_discrepancy.cli import build
from pos_discrepancy.web.extension import get_desk

from .test_reports_api import error

X, Y, Z = "012345678905", "4006381333931", "9788883701122"


def make_three_stores(app: Flask, clock: Any) -> None:
    """X wrong at S001 (twice), S002 and S003; Y at S001 and S002; Z at S003 only."""
    desk = get_desk(app)
    desk.add_store("S003", name="Quay", currency="USD")
    desk.add_staff("S002", code="O09", name="Ola", role="ops", pin="4329")
    seen = [("S001", X), ("S001", X), ("S002", X), ("S003", X), ("S001", Y), ("S002", Y),
            ("S003", Z)]  # fmt: skip
    for store, sku in seen:
        result = desk.check(store=store, register="R1", cashier="C07", sku=sku,
                            shelf_price="1.00", scanned_price="2.00")  # fmt: skip
        if store == "S002" and sku == X:
            desk.fix(str(result.incident_id), staff="O09", cause="price_file_error")
        clock.advance(minutes=5)


def test_skus_wrong_in_several_stores_are_listed_with_their_stores(
    app: Flask, clock: Any, client: FlaskClient, auth: dict[str, str], database_url: str
) -> None:
    make_three_stores(app, clock)
    desk = get_desk(app)
    rows = desk.chain_signal("2026-11-20", "2026-11-25")
    assert [(r.sku, [s.store for s in r.stores], r.incidents) for r in rows] == [
        (X, ["S001", "S002", "S003"], 4),
        (Y, ["S001", "S002"], 2),
    ]
    assert [s.incidents for s in rows[0].stores] == [2, 1, 1]
    assert rows[0].price_file_errors == 1
    assert [r.sku for r in desk.chain_signal("2026-11-20", "2026-11-25", 3)] == [X]
    assert desk.chain_signal("2026-11-26", "2026-11-26") == []

    answer = client.get("/api/v1/reports/chain-signal?since=2026-11-20&until=2026-11-25",
                        headers=auth)  # fmt: skip
    assert answer.status_code == 200
    assert answer.json == {"since": "2026-11-20", "until": "2026-11-25", "min_stores": 2,
                           "skus": [r.to_dict() for r in rows]}  # fmt: skip
    assert answer.json["skus"][0]["store_count"] == 3
    result = CliRunner().invoke(build(), ["--database-url", database_url, "chain-signal",
                                          "--since", "2026-11-20", "--until", "2026-11-25",
                                          "--json"])  # fmt: skip
    assert result.exit_code == 0 and json.loads(result.output) == answer.json["skus"]
    period = ["--since", "2026-11-20", "--until", "2026-11-25"]
    words = CliRunner().invoke(build(), ["--database-url", database_url, "chain-signal", *period])
    assert f"{X}  Coffee beans 1kg: 3 stores, 4 incidents (S001 ×2, S002, S003)" in words.output


def test_bad_chain_signal_parameters_name_the_field(
    client: FlaskClient, auth: dict[str, str]
) -> None:
    url = "/api/v1/reports/chain-signal"
    error(client.get(f"{url}?min_stores=1", headers=auth), 422, "min_stores")
    error(client.get(f"{url}?min_stores=two", headers=auth), 422, "min_stores")
    error(client.get(f"{url}?since=2026-11-20&until=2026-11-01", headers=auth), 422, "since")
    error(client.get(f"{url}?store=S001", headers=auth), 422, "store")
    error(client.get(url), 401, "Authorization")

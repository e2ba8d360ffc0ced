"""``GET /api/v1/whatif``: the Python API's answer over HTTP; bad input is a 4xx naming
the field; nothing is stored; the answer fits the OpenAPI document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openapi_schema_validator import OAS31Validator
from sqlalchemy import text

from pos_discrepancy.web.extension import get_desk
from pos_discrepancy.web.openapi import build_document

from ..service.conftest import PERIOD, make_case_app
from .conftest import bearer, seed

URL = "/api/v1/whatif"


@pytest.fixture
def case_app(make_app: Any, clock: Any, tmp_path: Path) -> Flask:
    """The API's stores (tests/web/conftest.py) under the case's policy, with its incidents."""
    app: Flask = make_case_app(make_app, clock, tmp_path, seed)
    return app


@pytest.fixture
def api(case_app: Flask) -> tuple[FlaskClient, dict[str, str]]:
    return case_app.test_client(), bearer(case_app.config["TOKENS"]["R1"])


def stored(app: Flask) -> list[Any]:
    with get_desk(app).context.engine.connect() as connection:
        return [
            sorted(map(tuple, connection.execute(text(f"SELECT * FROM {table}"))))
            for table in ("incidents", "decisions", "events", "idempotency_keys")
        ]


def test_the_answer_is_the_python_api_s(case_app: Flask, api: Any) -> None:
    client, auth = api
    query = {**PERIOD, "set": ["auto_honor_max=15.00", "decline_allowed=false"]}
    response = client.get(URL, query_string=query, headers=auth)
    assert response.status_code == 200, response.json
    expected = get_desk(case_app).whatif(
        "S001", **PERIOD, settings={"auto_honor_max": "15.00", "decline_allowed": "false"}
    )
    assert response.json == expected.to_dict()
    assert response.json["what_if"]["given_away"] == "33.50"
    assert response.json["walk_aways_avoided"] == "1.0000"
    document = build_document()
    schema = document["paths"][URL]["get"]["responses"]["200"]["content"]["application/json"]
    resolved = {**schema["schema"], "components": document["components"]}
    OAS31Validator(resolved).validate(response.json)


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ({"set": "auto_honour_max=15"}, 422, "auto_honour_max"),
        ({"set": "auto_honor_max=abc"}, 422, "auto_honor_max"),
        ({"set": "auto_honor_max"}, 422, "set"),
        ({"jurisdiction": "atlantis"}, 422, "jurisdiction"),
        ({"since": "2026-12-01", "until": "2026-12-31"}, 422, "since"),
        ({"until": "31/12/2026"}, 422, "until"),
        ({"colour": "red"}, 422, "colour"),
        ({"store": "S002"}, 403, "store"),
        ({"store": "S404"}, 404, "store"),
    ],
)
def test_bad_input_is_a_4xx_naming_the_field(
    case_app: Flask, api: Any, query: dict[str, str], status: int, field: str
) -> None:
    client, auth = api
    before = stored(case_app)
    response = client.get(URL, query_string={**PERIOD, **query}, headers=auth)
    assert response.status_code == status, response.json
    assert response.json["error"]["field"] == field
    assert stored(case_app) == before


def test_a_token_is_needed(api: Any) -> None:
    client, _ = api
    response = client.get(URL, query_string=PERIOD)
    assert response.status_code == 401
    assert response.json["error"]["field"] == "Authorization"

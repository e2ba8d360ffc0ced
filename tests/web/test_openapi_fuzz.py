"""Fuzz every ``/api/v1`` operation from the OpenAPI document's own schemas.

Bodies, query strings and headers are drawn (hypothesis) from the schemas the document
declares, sometimes with one field replaced by arbitrary JSON; every answer must be a
status the document lists for that operation, never a 500, and a JSON answer must fit
its declared schema. (hypothesis-jsonschema does not run with the hypothesis we use, so
the few schema keywords the document uses are turned into strategies here.)
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_schema_validator import OAS31Validator

from pos_discrepancy.web.openapi import EXAMPLES, build_document

DOCUMENT = build_document()
OPERATIONS = [
    (path, method)
    for path, item in DOCUMENT["paths"].items()
    for method in item
    if path != "/api/v1/openapi.json"
]
JUNK = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)


def resolve(schema: Any, document: dict[str, Any]) -> Any:
    """``schema`` with every local ``$ref`` replaced by what it points to."""
    if isinstance(schema, dict):
        if "$ref" in schema:
            target: Any = document
            for part in schema["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            return resolve(target, document)
        return {key: resolve(value, document) for key, value in schema.items()}
    if isinstance(schema, list):
        return [resolve(item, document) for item in schema]
    return schema


#: Values of the test store that random drawing would almost never hit.
KNOWN = {
    "store": ["S001"],
    "register": ["R1"],
    "cashier": ["C07"],
    "manager": ["M01", "M02"],
    "pin": ["2468"],
    "staff": ["C07", "M01"],
    "sku": ["9788883701122", "4006381333931"],
    "shelf_price": ["9.98", "2.49"],
    "scanned_price": ["19.95", None],
    "action": ["honor", "escalate", "decline"],
}


def strategy(schema: dict[str, Any], name: str | None = None) -> st.SearchStrategy[Any]:
    """Values that fit ``schema`` (the subset of JSON Schema the document uses); a field
    the test store knows values for draws them half of the time."""
    if name in KNOWN:
        return st.one_of(st.sampled_from(KNOWN[name]), strategy(schema))
    if "anyOf" in schema:
        return st.one_of([strategy(option) for option in schema["anyOf"]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(schema.get("minimum"), schema.get("maximum"))
    if kind == "number":
        return st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    if kind == "string":
        return _text(schema)
    if kind == "array":
        return st.lists(strategy(schema["items"]), max_size=schema.get("maxItems", 4))
    if kind == "object":
        properties = schema.get("properties", {})
        required = set(schema.get("required", ()))
        return st.fixed_dictionaries(
            {k: strategy(v, k) for k, v in properties.items() if k in required},
            optional={k: strategy(v, k) for k, v in properties.items() if k not in required},
        )
    return JUNK


def _text(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    formats = {
        "date": st.dates().map(str),
        "date-time": st.datetimes().map(lambda moment: moment.isoformat()),
        "uuid": st.uuids().map(str),
    }
    if schema.get("format") in formats:
        return formats[schema["format"]]
    limit = schema.get("maxLength", 40)
    if "pattern" in schema:
        return st.from_regex(schema["pattern"], fullmatch=True).filter(lambda t: len(t) <= limit)
    minimum = schema.get("minLength", 0)
    return st.text(min_size=minimum, max_size=min(limit, 40))


def body_strategy(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Bodies that fit ``schema``, or (one in three) with one field turned into junk."""
    valid = strategy(schema)

    @st.composite
    def spoiled(draw: st.DrawFn) -> dict[str, Any]:
        body = dict(draw(valid))
        name = draw(st.sampled_from(sorted(schema["properties"])))
        body[name] = draw(JUNK)
        return body

    return st.one_of(valid, valid, spoiled())


def request_strategy(path: str, method: str) -> st.SearchStrategy[dict[str, Any]]:
    """Keyword arguments for the test client's ``open`` for one operation."""
    operation = resolve(DOCUMENT["paths"][path][method], DOCUMENT)
    query = {}
    headers = {}
    for parameter in operation.get("parameters", ()):
        if parameter["in"] == "query":
            query[parameter["name"]] = strategy(parameter["schema"], parameter["name"]).map(str)
        elif parameter["in"] == "header":
            headers[parameter["name"]] = strategy(parameter["schema"])
    parts: dict[str, st.SearchStrategy[Any]] = {
        "query_string": st.fixed_dictionaries({}, optional=query),
        "headers": st.fixed_dictionaries({}, optional=headers),
    }
    if "requestBody" in operation:
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        parts["data"] = body_strategy(schema).map(json.dumps)
    return st.fixed_dictionaries(parts)


def url_strategy(path: str, incident_id: str) -> st.SearchStrategy[str]:
    """The path with its parameters filled in: a real incident, or drawn values."""
    if "{incident_id}" in path:
        other = st.uuids().map(str) | st.from_regex(r"[A-Za-z0-9-]{1,40}", fullmatch=True)
        return st.one_of(st.just(incident_id), st.just(incident_id), other).map(
            lambda value: path.replace("{incident_id}", value)
        )
    if "{kind}" in path:
        kinds = st.sampled_from(["summary", "signage", "tags", "other"])
        return st.tuples(kinds, st.sampled_from(["pdf", "csv", "txt"])).map(
            lambda pair: path.replace("{kind}", pair[0]).replace("{fmt}", pair[1])
        )
    return st.just(path)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("path", "method"), OPERATIONS)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_operation_answers_as_documented(
    client: FlaskClient, auth: dict[str, str], path: str, method: str, data: st.DataObject
) -> None:
    check = client.post("/api/v1/checks", json=EXAMPLES["/api/v1/checks"], headers=auth)
    url = data.draw(url_strategy(path, check.json["incident_id"]), label="url")
    options = data.draw(request_strategy(path, method), label="request")
    options["headers"] = {**options["headers"], **auth}
    if "data" in options:
        options["content_type"] = "application/json"
    with client.open(url, method=method.upper(), **options) as response:
        response.get_data()
    assert response.status_code < 500, response.data[:400]
    declared = resolve(DOCUMENT["paths"][path][method]["responses"], DOCUMENT)
    assert str(response.status_code) in declared, (response.status_code, response.data[:400])
    if response.mimetype == "application/json":
        content = declared[str(response.status_code)]["content"]["application/json"]
        OAS31Validator(content["schema"]).validate(response.json)
    else:
        assert response.status_code == 200
        assert re.fullmatch(
            r"attachment; filename=posdisc-\S+", response.headers["Content-Disposition"]
        )

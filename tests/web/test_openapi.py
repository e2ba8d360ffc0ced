"""``GET /api/v1/openapi.json``: a valid OpenAPI 3.1 document that matches the app.

The document and the routes must agree both ways (paths and methods); its request
examples, posted to the real API in order, are accepted; and the real answers conform
to the response schemas it declares.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from pos_discrepancy import hookimpl
from pos_discrepancy.web.openapi import EXAMPLES, PLUGIN_MARK

IGNORED_METHODS = {"HEAD", "OPTIONS"}
MONEY_FIELDS = {"shelf_price", "scanned_price", "goodwill"}


@pytest.fixture
def document(client: FlaskClient) -> dict[str, Any]:
    """The document as the API serves it."""
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return dict(response.json)


def routes(app: Flask) -> dict[str, set[str]]:
    """``{openapi_path: {methods}}`` of every ``/api/v1`` rule of ``app``."""
    found: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        found.setdefault(path, set()).update(
            m for m in rule.methods or () if m not in IGNORED_METHODS
        )
    return found


def documented(document: dict[str, Any]) -> dict[str, set[str]]:
    """``{path: {methods}}`` of the document."""
    return {path: {m.upper() for m in item} for path, item in document["paths"].items()}


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


def operation(document: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    """One operation, with its references resolved."""
    return dict(resolve(document["paths"][path][method], document))


def conforms(document: dict[str, Any], path: str, method: str, response: Any) -> None:
    """Assert ``response`` is declared for the operation and its JSON fits the schema."""
    declared = operation(document, path, method)["responses"]
    assert str(response.status_code) in declared, (path, response.status_code, response.json)
    content = declared[str(response.status_code)]["content"]
    if response.mimetype == "application/json":
        schema = content["application/json"]["schema"]
        OAS31Validator(schema).validate(response.json)
    else:
        assert response.mimetype in content


def variants(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The alternatives of ``schema`` (nested ``anyOf`` flattened)."""
    if "anyOf" not in schema:
        return [schema]
    return [leaf for option in schema["anyOf"] for leaf in variants(option)]


def test_the_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_every_route_is_documented_and_nothing_else(app: Flask, document: dict[str, Any]) -> None:
    in_app = routes(app)
    in_document = documented(document)
    assert set(in_app) == set(in_document)
    for path, methods in in_app.items():
        assert methods == in_document[path], path


def test_each_operation_names_the_endpoint_serving_it(app: Flask, document: dict[str, Any]) -> None:
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
            for method in (rule.methods or set()) - IGNORED_METHODS:
                assert document["paths"][path][method.lower()]["operationId"] == rule.endpoint


def test_every_built_in_route_is_described_in_full(document: dict[str, Any]) -> None:
    """No built-in route falls back to the minimal entry kept for plugins' routes."""
    for path, item in document["paths"].items():
        for method, op in item.items():
            assert PLUGIN_MARK not in op, f"describe {method.upper()} {path} in web/openapi.py"
            assert op["summary"] and op["responses"]


class HelloPlugin:
    """A plugin that adds an API route of its own."""

    @hookimpl
    def posdisc_register_blueprints(self, app: Flask) -> None:
        from flask import Blueprint

        bp = Blueprint("hello_plugin", __name__, url_prefix="/api/v1/hello")
        bp.add_url_rule("/<name>", "hello", lambda name: {"hello": name}, methods=["GET", "PUT"])
        app.register_blueprint(bp)


def test_a_plugins_routes_are_listed_too(make_app: Any) -> None:
    app = make_app(PLUGINS=[HelloPlugin()])
    document = app.test_client().get("/api/v1/openapi.json").json
    validate(document)
    assert routes(app) == documented(document)
    item = document["paths"]["/api/v1/hello/{name}"]
    assert set(item) == {"get", "put"}
    assert item["get"][PLUGIN_MARK] == "hello_plugin.hello"
    assert item["get"]["parameters"][0]["name"] == "name"


def test_every_post_takes_json_and_the_idempotency_key(document: dict[str, Any]) -> None:
    posts = [(path, item["post"]) for path, item in document["paths"].items() if "post" in item]
    assert len(posts) >= 6
    for path, post in posts:
        resolved = resolve(post, document)
        headers = [p for p in resolved["parameters"] if p["in"] == "header"]
        assert [p["name"] for p in headers] == ["Idempotency-Key"], path
        assert resolved["requestBody"]["required"] is True
        body = resolved["requestBody"]["content"]["application/json"]
        assert body["schema"]["type"] == "object"
        assert body["schema"]["additionalProperties"] is False
        assert body["schema"]["required"], path
        example = body["examples"]["example"]["value"]
        OAS31Validator(body["schema"]).validate(example)
        for status in ("401", "422"):
            error = resolved["responses"][status]["content"]["application/json"]["schema"]
            assert error["required"] == ["error"]
            assert error["properties"]["error"]["required"] == ["code", "message", "field"]


def test_security_is_the_register_bearer_token(document: dict[str, Any]) -> None:
    assert document["components"]["securitySchemes"]["registerToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": document["components"]["securitySchemes"]["registerToken"]["description"],
    }
    assert document["security"] == [{"registerToken": []}]
    open_paths = [
        path
        for path, item in document["paths"].items()
        for op in item.values()
        if op.get("security") == []
    ]
    assert open_paths == ["/api/v1/openapi.json"]


def test_money_is_a_decimal_string(document: dict[str, Any]) -> None:
    check = resolve(document["components"]["schemas"]["CheckRequest"], document)
    for name in ("shelf_price", "scanned_price"):
        text = next(v for v in variants(check["properties"][name]) if v.get("type") == "string")
        assert re.fullmatch(text["pattern"], "9.98")
        assert not re.fullmatch(text["pattern"], "9.98e0")
    incident = resolve(document["components"]["schemas"]["Incident"], document)
    for name in ("shelf_price", "scanned_price", "difference"):
        assert incident["properties"][name]["type"] == "string"
    for path, body in EXAMPLES.items():
        for name in MONEY_FIELDS & set(body):
            assert isinstance(body[name], str), (path, name)
            Decimal(body[name])


def test_required_fields_match_what_the_api_requires(
    client: FlaskClient, auth: dict[str, str], document: dict[str, Any]
) -> None:
    """Leaving out each required field of the check example is a 422 naming it."""
    schema = document["components"]["schemas"]["CheckRequest"]
    example = EXAMPLES["/api/v1/checks"]
    for name in schema["required"]:
        body = {k: v for k, v in example.items() if k != name}
        response = client.post("/api/v1/checks", json=body, headers=auth)
        assert response.status_code == 422, name
        assert response.json["error"]["field"] == name
    optional = set(schema["properties"]) - set(schema["required"])
    assert optional == {
        "scanned_price", "quantity", "location", "promo_ends", "multi_buy",
        "displayed_prices", "tag_barcode", "description",
    }  # fmt: skip


def test_examples_are_accepted_and_answers_conform(
    client: FlaskClient, auth: dict[str, str], document: dict[str, Any]
) -> None:
    """Post every example in the document's order; real answers fit the schemas."""
    incident_id = None
    statuses: dict[str, int] = {}
    assert list(EXAMPLES) == [p for p, item in document["paths"].items() if "post" in item]
    for path in EXAMPLES:
        example = operation(document, path, "post")["requestBody"]["content"]["application/json"][
            "examples"
        ]["example"]["value"]
        url = path if incident_id is None else path.replace("{incident_id}", incident_id)
        response = client.post(url, json=example, headers=auth)
        assert response.status_code < 500, (path, response.json)
        conforms(document, path, "post", response)
        statuses[path] = response.status_code
        if path == "/api/v1/checks":
            incident_id = response.json["incident_id"]
    incident = "/api/v1/incidents/{incident_id}"
    assert statuses["/api/v1/checks"] == 201
    assert statuses[f"{incident}/decision"] == 200  # escalate
    assert statuses[f"{incident}/approval"] == 200  # M01 approves
    assert statuses[f"{incident}/outcome"] == 200
    assert statuses[f"{incident}/bonus-claim"] in (403, 409, 422)  # not a Michigan store
    assert incident_id is not None
    response = client.get(f"/api/v1/incidents/{incident_id}", headers=auth)
    conforms(document, incident, "get", response)
    assert response.json["status"] in ("honored", "signage_fixed")


def test_get_answers_conform(
    client: FlaskClient, auth: dict[str, str], document: dict[str, Any]
) -> None:
    body = dict(EXAMPLES["/api/v1/checks"])
    incident_id = client.post("/api/v1/checks", json=body, headers=auth).json["incident_id"]
    client.post(
        f"/api/v1/incidents/{incident_id}/decision",
        json={"action": "escalate", "cashier": "C07"},
        headers=auth,
    )
    approvals = client.get("/api/v1/approvals", headers=auth)
    conforms(document, "/api/v1/approvals", "get", approvals)
    assert [i["id"] for i in approvals.json["approvals"]] == [incident_id]
    agree = client.post("/api/v1/checks", json={**body, "scanned_price": "9.98"}, headers=auth)
    assert agree.status_code == 200
    conforms(document, "/api/v1/checks", "post", agree)
    for url in ("/api/v1/incidents/not-a-uuid", "/api/v1/incidents/" + "0" * 36):
        conforms(document, "/api/v1/incidents/{incident_id}", "get", client.get(url, headers=auth))
    for url in ("/api/v1/reports/summary.pdf", "/api/v1/reports/tags.csv?since=x"):
        with client.get(url, headers=auth) as response:
            conforms(document, "/api/v1/reports/{kind}.{fmt}", "get", response)
    conforms(document, "/api/v1/openapi.json", "get", client.get("/api/v1/openapi.json"))

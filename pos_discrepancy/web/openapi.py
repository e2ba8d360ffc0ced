"""``GET /api/v1/openapi.json``: the OpenAPI 3.1 document of every ``/api/v1`` route.

Paths are described here, schemas in :mod:`.openapi_schemas`. Every POST carries the
``Idempotency-Key`` header and a JSON body; every route but this one needs the
register's bearer token. The request examples are real: posted in order to a store set
up like the demo (``posdisc serve --demo``) they succeed, and a test does exactly that.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from typing import Any

from flask import Blueprint, Flask, Response, current_app

from pos_discrepancy.reports import KINDS
from pos_discrepancy.reports.tags import DEFAULT_SHEET, SHEETS

from .openapi_schemas import PARAMETERS, SCHEMAS, SECURITY_SCHEMES, Schema, ref

bp = Blueprint("openapi", __name__, url_prefix="/api/v1")

VERSION = "1.0.0"
CACHE_KEY = "posdisc_openapi_json"
ERROR_TEXT = {
    400: "The body is not JSON, not an object, or a header is malformed.",
    401: "Missing or unknown bearer token, or a wrong PIN.",
    403: "The token's register may not do this (another store, role, limit).",
    404: "No such incident (or store, or report) for this register.",
    409: "The incident is not in a state that allows this step, or the key is in use.",
    413: "The body is larger than the API accepts.",
    415: "The body is not sent as application/json.",
    422: "A field is missing, unknown or invalid; `field` names it.",
    503: "A price source failed and the scanned price was not sent.",
}
POST_ERRORS = (400, 401, 403, 404, 409, 413, 415, 422)

_SYNC_FACTS = {
    "register": "R1",
    "cashier": "C07",
    "sku": "9788883701122",
    "currency": "USD",
    "quantity": 1,
    "direction": "overcharge",
    "shelf_price": "9.98",
    "scanned_price": "19.95",
    "difference": "9.97",
    "line_difference": "9.97",
}
#: An offline register's batch: one incident detected while the server was unreachable.
SYNC_EXAMPLE: dict[str, Any] = {
    "store": "S001",
    "register": "R1",
    "incidents": [
        {
            "incident": {
                "id": "01936d3e-4b2a-7c1d-9e8f-0a1b2c3d4e60",
                "store": "S001",
                **_SYNC_FACTS,
                "description": "Paperback novel",
                "location": "A7-B3",
                "claimed_total": "9.98",
                "scanned_total": "19.95",
                "claim": {},
                "options": [],
                "detected_at": "2026-11-25T15:00:00+00:00",
                "status": "detected",
            },
            "last_event": "01936d3e-4b2b-7c1d-9e8f-0a1b2c3d4e61",
            "events": [
                {
                    "id": "01936d3e-4b2b-7c1d-9e8f-0a1b2c3d4e61",
                    "seq": 1,
                    "after": None,
                    "kind": "detected",
                    "at": "2026-11-25T15:00:00+00:00",
                    "data": {"status": "detected", **_SYNC_FACTS},
                }
            ],
        }
    ],
}

#: The example bodies, in an order that works on a demo store (``posdisc serve --demo``).
EXAMPLES: dict[str, dict[str, Any]] = {
    "/api/v1/checks": {
        "store": "S001",
        "register": "R1",
        "cashier": "C07",
        "sku": "9788883701122",
        "scanned_price": "19.95",
        "shelf_price": "9.98",
        "quantity": 1,
        "location": "A7-B3",
    },
    "/api/v1/incidents/{incident_id}/decision": {"action": "escalate", "cashier": "C07"},
    "/api/v1/incidents/{incident_id}/approval": {"manager": "M01", "pin": "2468", "approve": True},
    "/api/v1/incidents/{incident_id}/outcome": {"customer_outcome": "purchased", "staff": "C07"},
    "/api/v1/incidents/{incident_id}/fix": {"staff": "O02", "cause": "sale_ended_tag_left_up"},
    "/api/v1/incidents/{incident_id}/bonus-claim": {"staff": "M01", "note": "bonus asked"},
    "/api/v1/sync": SYNC_EXAMPLE,
}


#: The Flask endpoint serving each operation, used as its ``operationId``.
ENDPOINTS = {
    ("/api/v1/checks", "post"): "checks.create_check",
    ("/api/v1/incidents/{incident_id}", "get"): "incidents.show",
    ("/api/v1/incidents/{incident_id}/decision", "post"): "incidents.decide",
    ("/api/v1/incidents/{incident_id}/approval", "post"): "incidents.approve",
    ("/api/v1/incidents/{incident_id}/outcome", "post"): "incidents.outcome",
    ("/api/v1/incidents/{incident_id}/fix", "post"): "incidents.fix",
    ("/api/v1/incidents/{incident_id}/bonus-claim", "post"): "incidents.bonus_claim",
    ("/api/v1/approvals", "get"): "approvals.pending",
    ("/api/v1/reports/{kind}.{fmt}", "get"): "reports_api.download",
    ("/api/v1/sync", "post"): "sync_api.deliver",
    ("/api/v1/openapi.json", "get"): "openapi.openapi_json",
}


def _json(schema: Schema, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int) -> dict[str, Any]:
    return {str(s): _json(ref("Error"), ERROR_TEXT[s]) for s in statuses}


def _post(
    summary: str,
    request: str,
    path: str,
    answers: dict[int, tuple[str, str]],
    errors: tuple[int, ...] = POST_ERRORS,
) -> Any:
    """A POST operation: JSON body ``request``, the Idempotency-Key header, JSON errors."""
    responses = {str(s): _json(ref(schema), text) for s, (schema, text) in answers.items()}
    parameters = [{"$ref": "#/components/parameters/IdempotencyKey"}]
    if "{incident_id}" in path:
        parameters.insert(0, {"$ref": "#/components/parameters/IncidentId"})
    body = {"schema": ref(request), "examples": {"example": {"value": EXAMPLES[path]}}}
    return {
        "summary": summary,
        "parameters": parameters,
        "requestBody": {"required": True, "content": {"application/json": body}},
        "responses": {**responses, **_errors(*errors)},
    }


def _incident_post(summary: str, request: str, path: str) -> Any:
    return _post(summary, request, path, {200: ("Incident", "The incident after this step.")})


def _query(name: str, schema: Schema, description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}  # fmt: skip


def _report() -> dict[str, Any]:
    period = "Default: 30 days up to `until`. At most ten years."
    return {
        "summary": "A report as a PDF or CSV attachment.",
        "description": "summary: incidents and money; signage: the worklist of tags to "
        "fix; tags: replacement shelf tags. Parameters a kind does not take are refused "
        "(422): `paper` is for summary and signage, `open_days` for summary, `sheet` for tags.",
        "parameters": [
            {
                "name": "kind",
                "in": "path",
                "required": True,
                "schema": {"type": "string", "enum": list(KINDS)},
            },
            {
                "name": "fmt",
                "in": "path",
                "required": True,
                "schema": {"type": "string", "enum": ["pdf", "csv"]},
            },
            _query("store", {"type": "string"}, "The store; default (and only) the token's."),
            _query("since", {"type": "string", "format": "date"}, f"First day. {period}"),
            _query("until", {"type": "string", "format": "date"}, "Last day; default today."),
            _query("paper", {"type": "string", "enum": ["letter", "a4"]}, "Paper size."),
            _query(
                "open_days",
                {"type": "integer", "minimum": 0, "maximum": 3650},
                "Summary: list tags still open after this many days (default 7).",
            ),
            _query(
                "sheet",
                {"type": "string", "enum": sorted(SHEETS)},
                f"Tags: label sheet (default {DEFAULT_SHEET}).",
            ),
        ],
        "responses": {
            "200": {
                "description": "The report (Content-Disposition: attachment).",
                "headers": {"Content-Disposition": {"schema": {"type": "string"}}},
                "content": {
                    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                    "text/csv": {"schema": {"type": "string"}},
                },
            },
            **_errors(401, 403, 404, 422),
        },
    }


def _paths() -> dict[str, Any]:
    incident = "/api/v1/incidents/{incident_id}"
    paths = {
        "/api/v1/checks": {
            "post": _post(
                "Report a scan against the shelf tag; get the cashier's options.",
                "CheckRequest",
                "/api/v1/checks",
                {201: ("CheckResult", "A discrepancy: the incident and the options."),
                 200: ("CheckResult", "The prices agree: nothing stored.")},
                (*POST_ERRORS, 503),
            )
        },
        incident: {
            "get": {
                "summary": "The incident with its decision and events.",
                "parameters": [{"$ref": "#/components/parameters/IncidentId"}],
                "responses": {
                    "200": _json(ref("Incident"), "The incident."),
                    **_errors(401, 404, 422),
                },
            }
        },
        f"{incident}/decision": {"post": _incident_post(
            "The cashier's choice among the offered options.", "DecisionRequest",
            f"{incident}/decision")},
        f"{incident}/approval": {"post": _incident_post(
            "A manager approves or denies an escalated incident (staff code and PIN).",
            "ApprovalRequest", f"{incident}/approval")},
        f"{incident}/outcome": {"post": _incident_post(
            "Record afterwards whether the customer bought the item.", "OutcomeRequest",
            f"{incident}/outcome")},
        f"{incident}/fix": {"post": _incident_post(
            "Ops staff mark the shelf tag fixed.", "FixRequest", f"{incident}/fix")},
        f"{incident}/bonus-claim": {"post": _incident_post(
            "Claim the bonus a jurisdiction grants (Michigan).", "BonusClaimRequest",
            f"{incident}/bonus-claim")},
        "/api/v1/approvals": {
            "get": {
                "summary": "Incidents of the token's store awaiting a manager, oldest first.",
                "parameters": [_query("store", {"type": "string"}, "Default: the token's.")],
                "responses": {
                    "200": _json(ref("Approvals"), "The waiting incidents."),
                    **_errors(401, 403, 422),
                },
            }
        },
        "/api/v1/reports/{kind}.{fmt}": {"get": _report()},
        "/api/v1/sync": {"post": {
            **_post(
                "An offline register delivers its local journal (posdisc sync).",
                "SyncRequest",
                "/api/v1/sync",
                {200: ("SyncResult", "Every event of the batch is now on the server.")},
            ),
            "description": "Applied in one transaction, in the register's order. Events the "
            "server already has are skipped, so a repeat changes nothing and answers the "
            "same. 409 `out_of_order`: an event's predecessor is not on the server yet. "
            "403: the batch or an incident is not the token's store and register. Bodies "
            "up to 1 MiB. See docs/offline.md.",
        }},
        "/api/v1/openapi.json": {
            "get": {
                "summary": "This document.",
                "security": [],
                "responses": {"200": _json({"type": "object"}, "The OpenAPI 3.1 document.")},
            }
        },
    }  # fmt: skip
    for (path, method), endpoint in ENDPOINTS.items():
        paths[path][method] = {"operationId": endpoint, **paths[path][method]}
    return paths


@functools.cache
def _document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "pos-discrepancy HTTP API",
            "version": VERSION,
            "description": "Shelf-tag vs scanned-price discrepancies at the register. Money "
            'travels as decimal strings ("12.99"). Errors are '
            '`{"error": {"code", "message", "field"}}`; bad input is never a 500.',
        },
        "servers": [{"url": "/"}],
        "security": [{"registerToken": []}],
        "paths": _paths(),
        "components": {
            "schemas": SCHEMAS,
            "parameters": PARAMETERS,
            "securitySchemes": SECURITY_SCHEMES,
        },
    }


def build_document() -> dict[str, Any]:
    """The OpenAPI document of the built-in routes (a fresh copy the caller may change)."""
    return copy.deepcopy(_document())


#: Marks an operation the document only knows from the app's routes (a plugin's).
PLUGIN_MARK = "x-posdisc-plugin-endpoint"


def openapi_path(rule: str) -> str:
    """A Flask rule as an OpenAPI path: ``/a/<int:id>`` → ``/a/{id}``."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def document_for(app: Flask) -> dict[str, Any]:
    """The document for ``app``: the built-in routes, plus a minimal entry (marked with
    :data:`PLUGIN_MARK`) for each ``/api/v1`` route that a plugin added, so every route
    the app answers is listed."""
    document = build_document()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = openapi_path(rule.rule)
        item = document["paths"].setdefault(path, {})
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            item.setdefault(method.lower(), _plugin_operation(path, rule.endpoint, method))
    return document


def _plugin_operation(path: str, endpoint: str, method: str) -> dict[str, Any]:
    names = re.findall(r"{([^}]+)}", path)
    return {
        "operationId": f"{endpoint}.{method.lower()}",  # one endpoint may serve two methods
        "summary": f"Added by a plugin (endpoint {endpoint}); see the plugin's documentation.",
        PLUGIN_MARK: endpoint,
        "parameters": [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in names
        ],
        "responses": {"default": {"description": "As the plugin documents."}},
    }


@bp.get("/openapi.json")
def openapi_json() -> Response:
    """The OpenAPI 3.1 document; no token needed."""
    text = current_app.extensions.get(CACHE_KEY)
    if text is None:  # built once per app, after every plugin has added its routes
        text = json.dumps(document_for(current_app), indent=1)  # in order: checks first
        current_app.extensions[CACHE_KEY] = text
    response = Response(text, mimetype="application/json")
    response.headers["Cache-Control"] = "no-cache"
    return response

"""``GET /api/v1/openapi.json``: the OpenAPI 3.1 document of every ``/api/v1`` route.

Generated: the schemas come from the pydantic models of :mod:`pos_discrepancy.schemas`
(``models_json_schema``), the paths from :data:`OPERATIONS`, one line per route. Every
POST carries the ``Idempotency-Key`` header and a JSON body; every route but this one
needs the register's bearer token. The request examples (:mod:`.openapi_examples`) are
real: a test posts them in order to a demo store.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Flask, Response, current_app
from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, models_json_schema

from pos_discrepancy import schemas as s

from .openapi_examples import EXAMPLES, SYNC_EXAMPLE
from .openapi_reports import report_operation

__all__ = ["EXAMPLES", "OPERATIONS", "PLUGIN_MARK", "SYNC_EXAMPLE", "build_document"]

bp = Blueprint("openapi", __name__, url_prefix="/api/v1")

VERSION = "1.0.0"
CACHE_KEY = "posdisc_openapi_json"
REF = "#/components/schemas/{model}"
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
INCIDENT = "/api/v1/incidents/{incident_id}"
STEP = "The incident after this step."


@dataclass(frozen=True)
class Operation:
    """One route of the document: ``answers`` maps a status to (model, description)."""

    method: str
    path: str
    endpoint: str
    summary: str
    request: type[s.Request] | None
    answers: dict[int, tuple[type[BaseModel], str]]
    errors: tuple[int, ...] = POST_ERRORS
    description: str | None = None
    query: tuple[dict[str, Any], ...] = field(default=())


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}  # fmt: skip


SYNC_TEXT = (
    "Applied in one transaction, in the register's order. Events the server already has "
    "are skipped, so a repeat changes nothing and answers the same. 409 `out_of_order`: an "
    "event's predecessor is not on the server yet. 403: the batch or an incident is not "
    "the token's store and register. Bodies up to 1 MiB. See docs/offline.md."
)
_PERIOD = (
    _query("since", {"type": "string", "format": "date"}, "First day; default 30 days ago."),
    _query("until", {"type": "string", "format": "date"}, "Last day; default today."),
)
#: The store outcome routes (docs/outcomes.md).
STATS_OPERATIONS = (
    Operation("get", "/api/v1/stats", "stats_api.stats",
              "The store's outcome measures over a period (docs/outcomes.md).", None,
              {200: (s.Stats, "The measures.")}, (401, 403, 404, 422),
              query=(_query("store", {"type": "string"}, "Default: the token's."), *_PERIOD)),
    Operation("post", "/api/v1/scan-counts", "stats_api.scan_counts",
              "The register's scan count of a day (a repeat replaces it).", s.ScanCountRequest,
              {201: (s.ScanCountRecorded, "Recorded."),
               200: (s.ScanCountRecorded, "Replaced the day's earlier count.")}),
    Operation("get", "/api/v1/reports/chain-signal", "stats_api.chain_signal",
              "SKUs mismatching in several stores: a likely price-file or promotion-feed "
              "error. Days in UTC; any register's token may read it.", None,
              {200: (s.ChainSignal, "The SKUs, most stores first.")}, (401, 422),
              query=(*_PERIOD, _query("min_stores", {"type": "integer", "minimum": 2},
                                      "Stores a SKU must be met at (default 2)."))),
)  # fmt: skip
WHATIF_TEXT = (
    "Nothing is stored. The resolved incidents of the period (default: the last 30 days) "
    "are replayed with their options rebuilt under the store's policy changed by `set` "
    "(repeat it: `set=auto_honor_max=15.00&set=decline_allowed=false`) and, if given, "
    "another `jurisdiction` plugin (`none`: none). 422 names an unknown key (listing the "
    "valid ones), a bad value, an unknown plugin, or a period without resolved incidents. "
    "The assumptions are in the answer; see docs/whatif.md."
)
_DAY = {"type": "string", "format": "date"}
WHATIF_QUERY = (
    _query("store", {"type": "string"}, "Default: the token's."),
    _query("since", _DAY, "First day (default: 30 days before `until`)."),
    _query("until", _DAY, "Last day, inclusive (default: today)."),
    {
        **_query(
            "set",
            {"type": "array", "items": {"type": "string"}},
            "A policy key to change, `KEY=VALUE` (repeatable).",
        ),
        "style": "form",
        "explode": True,
    },
    _query("jurisdiction", {"type": "string"}, "Another jurisdiction plugin, or `none`."),
)
AUDIT = "/api/v1/audits/{audit_id}"
_AUDITED = "The audit with its items, findings and score."
AUDIT_TEXT = (
    "A self-audit in the inspector's style (NIST Handbook 130): a sample of the store's "
    "price file stratified by aisle, deterministic given `seed` (recorded). 422 names "
    "`size` (not a whole number from 1, or larger than the store's item count), `seed`, "
    "`by`, a price; 404 an unknown `sku` of the sample or audit. See docs/outcomes.md."
)
#: The self-audit routes (docs/outcomes.md, "Self-audit").
AUDIT_OPERATIONS = (
    Operation("post", "/api/v1/audits", "audits_api.start",
              "Start a self-audit: draw a sample of the store's items by aisle.",
              s.AuditStartRequest, {201: (s.AuditRecord, "The audit and its sample.")},
              description=AUDIT_TEXT),
    Operation("get", "/api/v1/audits", "audits_api.index", "The store's audits, newest first.",
              None, {200: (s.AuditList, "The audits (without items).")}, (401, 403, 404, 422),
              query=(_query("store", {"type": "string"}, "Default: the token's."),)),
    Operation("get", AUDIT, "audits_api.show", "One audit with its items and score.", None,
              {200: (s.AuditRecord, _AUDITED)}, (401, 404, 422)),
    Operation("post", f"{AUDIT}/findings", "audits_api.finding",
              "Record a sampled item's shelf and scanned price (again: replaces it).",
              s.AuditFindingRequest, {200: (s.AuditRecord, _AUDITED)}),
    Operation("post", f"{AUDIT}/score", "audits_api.score",
              "Score the audit against the 98 % pass line and close it.", s.AuditScoreRequest,
              {200: (s.AuditRecord, _AUDITED)}),
)  # fmt: skip
#: The JSON routes, in the document's order (the POSTs in the examples' order).
OPERATIONS = (
    Operation("post", "/api/v1/checks", "checks.create_check",
              "Report a scan against the shelf tag; get the cashier's options.", s.CheckRequest,
              {201: (s.CheckResult, "A discrepancy: the incident and the options."),
               200: (s.CheckResult, "The prices agree: nothing stored.")},
              (*POST_ERRORS, 503)),
    Operation("get", INCIDENT, "incidents.show", "The incident with its decision and events.",
              None, {200: (s.Incident, "The incident.")}, (401, 404, 422)),
    Operation("post", f"{INCIDENT}/decision", "incidents.decide",
              "The cashier's choice among the offered options.", s.DecisionRequest,
              {200: (s.Incident, STEP)}),
    Operation("post", f"{INCIDENT}/approval", "incidents.approve",
              "A manager approves or denies an escalated incident (staff code and PIN).",
              s.ApprovalRequest, {200: (s.Incident, STEP)}),
    Operation("post", f"{INCIDENT}/outcome", "incidents.outcome",
              "Record afterwards whether the customer bought the item.", s.OutcomeRequest,
              {200: (s.Incident, STEP)}),
    Operation("post", f"{INCIDENT}/fix", "incidents.fix", "Ops staff mark the shelf tag fixed.",
              s.FixRequest, {200: (s.Incident, STEP)}),
    Operation("post", f"{INCIDENT}/bonus-claim", "incidents.bonus_claim",
              "Claim the bonus a jurisdiction grants (Michigan).", s.BonusClaimRequest,
              {200: (s.Incident, STEP)}),
    Operation("get", "/api/v1/approvals", "approvals.pending",
              "Incidents of the token's store awaiting a manager, oldest first.", None,
              {200: (s.Approvals, "The waiting incidents.")}, (401, 403, 422),
              query=(_query("store", {"type": "string"}, "Default: the token's."),)),
    Operation("get", "/api/v1/whatif", "whatif_api.compare",
              "Replay a period's incidents under another policy, beside what happened.", None,
              {200: (s.WhatIf, "Both sides, the changed incidents and every assumption.")},
              (401, 403, 404, 422), description=WHATIF_TEXT, query=WHATIF_QUERY),
    Operation("post", "/api/v1/sync", "sync_api.deliver",
              "An offline register delivers its local journal (posdisc sync).", s.SyncRequest,
              {200: (s.SyncResult, "Every event of the batch is now on the server.")},
              description=SYNC_TEXT),
    *STATS_OPERATIONS,
    *AUDIT_OPERATIONS,
)  # fmt: skip

PARAMETERS: dict[str, Any] = {
    "IdempotencyKey": {
        "name": "Idempotency-Key",
        "in": "header",
        "required": False,
        "description": "Repeat a POST safely: a repeat with the same key and body returns "
        "the first answer and changes nothing; another body with the key is refused (422).",
        "schema": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200,
            "pattern": "^[!-~]([ -~]*[!-~])?$",
        },
    },
    "AuditId": {
        "name": "audit_id",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "format": "uuid"},
        "example": "01936d3e-4b2a-7c1d-9e8f-0a1b2c3d4e70",
    },
    "IncidentId": {
        "name": "incident_id",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "format": "uuid"},
        "example": "01936d3e-4b2a-7c1d-9e8f-0a1b2c3d4e5f",
    },
}
SECURITY_SCHEMES = {
    "registerToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "The register's token from `posdisc registers add` (or `serve --demo`).",
    }
}


class _Untitled(GenerateJsonSchema):
    """JSON Schema without the ``title`` pydantic derives from each field's name."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def component_schemas() -> dict[str, Any]:
    """Every request and record model, and the models they use, by name."""
    models: list[type[BaseModel]] = [s.Error]
    for operation in OPERATIONS:
        if operation.request is not None:
            models.append(operation.request)
        models.extend(model for model, _ in operation.answers.values())
    unique = list(dict.fromkeys(models))
    _, top = models_json_schema(
        [(model, "validation") for model in unique], ref_template=REF, schema_generator=_Untitled
    )
    return dict(top["$defs"])


def ref(model: type[BaseModel] | str) -> dict[str, str]:
    """A reference to a component schema."""
    return {"$ref": REF.format(model=model if isinstance(model, str) else model.__name__)}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def errors(*statuses: int) -> dict[str, Any]:
    """The error answers of ``statuses``, each an ``Error`` envelope."""
    return {str(status): _json(ref(s.Error), ERROR_TEXT[status]) for status in statuses}


def _operation(op: Operation) -> dict[str, Any]:
    parameters: list[dict[str, Any]] = []
    if "{incident_id}" in op.path:
        parameters.append({"$ref": "#/components/parameters/IncidentId"})
    if "{audit_id}" in op.path:
        parameters.append({"$ref": "#/components/parameters/AuditId"})
    parameters.extend(op.query)
    described: dict[str, Any] = {"operationId": op.endpoint, "summary": op.summary}
    if op.description:
        described["description"] = op.description
    if op.request is not None:
        parameters.append({"$ref": "#/components/parameters/IdempotencyKey"})
        body = {"schema": ref(op.request), "examples": {"example": {"value": EXAMPLES[op.path]}}}
        described["requestBody"] = {"required": True, "content": {"application/json": body}}
    described["parameters"] = parameters
    answers = {str(status): _json(ref(model), text) for status, (model, text) in op.answers.items()}
    described["responses"] = {**answers, **errors(*op.errors)}
    return described


def _paths() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method] = _operation(op)
        if op.path == "/api/v1/approvals":  # the report downloads follow, as in the URL map
            paths["/api/v1/reports/{kind}.{fmt}"] = {"get": report_operation(errors)}
    paths["/api/v1/openapi.json"] = {"get": {
        "operationId": "openapi.openapi_json",
        "summary": "This document.",
        "security": [],
        "responses": {"200": _json({"type": "object"}, "The OpenAPI 3.1 document.")},
    }}  # fmt: skip
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
            "schemas": component_schemas(),
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

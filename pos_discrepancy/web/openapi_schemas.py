"""The ``components`` of the OpenAPI document: request and response schemas, the error
shape, the bearer scheme and the ``Idempotency-Key`` header. Paths are in ``openapi.py``.

Money travels as decimal strings (``"12.99"``); a request may also carry a JSON number,
which the API reads exactly from its text (never through a binary float).
"""

from __future__ import annotations

from typing import Any

from pos_discrepancy.domain import Cause, CustomerOutcome, Direction, Status

Schema = dict[str, Any]


def ref(name: str) -> Schema:
    """A reference to ``#/components/schemas/<name>``."""
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: Schema) -> Schema:
    """``schema`` or ``null`` (OpenAPI 3.1 / JSON Schema style)."""
    return {"anyOf": [schema, {"type": "null"}]}


def obj(properties: dict[str, Schema], required: tuple[str, ...] = ()) -> Schema:
    """A request object: closed, as the API refuses fields it does not know."""
    return {**out(properties, required), "additionalProperties": False}


def out(properties: dict[str, Schema], required: tuple[str, ...] = ()) -> Schema:
    """A response object: later versions may add fields, so clients must ignore extras."""
    schema: Schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


def text(description: str, max_length: int | None = None, **extra: Any) -> Schema:
    """A string field."""
    schema: Schema = {"type": "string", "description": description, **extra}
    if max_length is not None:
        schema["maxLength"] = max_length
    return schema


def enum(values: type[Any], description: str) -> Schema:
    """A string from a ``StrEnum``."""
    return {
        "type": "string",
        "enum": [member.value for member in values],
        "description": description,
    }


CODE = {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$"}
TIME = {"type": "string", "format": "date-time"}
DATE = {"type": "string", "format": "date", "examples": ["2026-11-30"]}
MONEY_TEXT: Schema = {
    "type": "string",
    "pattern": r"^-?[0-9]+(\.[0-9]+)?$",
    "description": "A decimal amount in the store's currency, as text.",
    "examples": ["9.98"],
}
MONEY_IN: Schema = {
    "description": "A decimal amount, as text (preferred) or a JSON number read exactly.",
    "anyOf": [{**MONEY_TEXT, "pattern": r"^[0-9]+(\.[0-9]+)?$"}, {"type": "number"}],
}
QUANTITY = {
    "description": "Units scanned, 1 to 9999 (an integer, or its digits as text).",
    "anyOf": [
        {"type": "integer", "minimum": 1, "maximum": 9999},
        {"type": "string", "pattern": "^[0-9]{1,4}$"},
    ],
    "default": 1,
}
OUTCOME = enum(CustomerOutcome, "Did the customer buy the item or walk away?")
CAUSE = enum(Cause, "Why the tag and the scan disagreed, when known.")

SCHEMAS: dict[str, Schema] = {
    "Error": out(
        {
            "error": out(
                {
                    "code": text("Machine-readable: invalid_input, not_found, …"),
                    "message": text("For people; starts with the field it concerns."),
                    "field": nullable(text("The field, parameter or header at fault.")),
                },
                ("code", "message", "field"),
            )
        },
        ("error",),
    ),
    "CheckRequest": obj(
        {
            "store": {**CODE, "description": "The store; must be the token's store."},
            "register": {**CODE, "description": "The register; must be the token's."},
            "cashier": {**CODE, "description": "Cashier code (need not be registered)."},
            "sku": text("The item's code (GTIN or the store's own)", 64),
            "shelf_price": {**MONEY_IN, "description": "The price on the shelf tag."},
            "scanned_price": nullable(
                {**MONEY_IN, "description": "What the POS charged; null: the price file."}
            ),
            "quantity": QUANTITY,
            "location": nullable(text("Where the tag hangs, e.g. A7-B3", 64)),
            "promo_ends": nullable({**DATE, "description": "Last day printed on a sale tag."}),
            "multi_buy": nullable(
                {
                    "description": 'A multi-buy tag: "3 for 10.00" or {count, total}.',
                    "anyOf": [
                        {"type": "string", "examples": ["3 for 10.00"]},
                        {
                            "type": "object",
                            "properties": {"count": {"type": "integer"}, "total": MONEY_IN},
                            "required": ["count", "total"],
                        },
                    ],
                }
            ),
            "displayed_prices": nullable(
                {
                    "type": "array",
                    "maxItems": 10,
                    "description": "Other prices shown (sign, screen, flyer).",
                    "items": {
                        "type": "object",
                        "properties": {"source": {"type": "string"}, "price": MONEY_IN},
                        "required": ["price"],
                    },
                }
            ),
            "tag_barcode": nullable(text("The barcode printed on the shelf tag", 40)),
            "description": nullable(text("Item description, if the POS knows it", 200)),
        },
        ("store", "register", "cashier", "sku", "shelf_price"),
    ),
    "Option": out(
        {
            "action": text("What to send back as the decision's action."),
            "label": text("Short label for the cashier's screen."),
            "charge": {**MONEY_TEXT, "description": "What the customer pays for the line."},
            "requires_approval": {"type": "boolean"},
            "available": {"type": "boolean"},
            "reason": nullable(text("Why the option is unavailable, for the cashier.")),
            "script": nullable(text("What the cashier can say to the customer.")),
            "resolves_as": enum(Status, "The status the incident ends in."),
            "bonus": nullable({**MONEY_TEXT, "description": "Bonus owed (jurisdictions)."}),
        },
        ("action", "charge", "requires_approval", "available", "reason", "script"),
    ),
    "CheckResult": out(
        {
            "discrepancy": {"type": "boolean"},
            "incident_id": nullable({"type": "string", "format": "uuid"}),
            "direction": nullable(enum(Direction, "overcharge: scanned above the tag.")),
            "difference": nullable(MONEY_TEXT),
            "line_difference": nullable(MONEY_TEXT),
            "options": {"type": "array", "items": ref("Option")},
            "status": nullable(enum(Status, "The new incident's status.")),
            "cause": nullable({"type": "string"}),
            "findings": {"type": "array", "items": {"type": "string"}},
            "warnings": {"type": "array", "items": {"type": "string"}},
        },
        ("discrepancy", "incident_id", "direction", "difference", "options"),
    ),
    "DecisionRequest": obj(
        {
            "action": text("One of the offered options' actions: honor, escalate, decline, …"),
            "cashier": CODE,
            "customer_outcome": nullable(OUTCOME),
            "note": nullable(text("Free text", 500)),
            "goodwill": nullable({**MONEY_IN, "description": "A gesture beyond the price."}),
        },
        ("action", "cashier"),
    ),
    "ApprovalRequest": obj(
        {
            "manager": CODE,
            "pin": {"type": "string", "pattern": "^[0-9]{4,8}$", "description": "As text."},
            "approve": {"type": "boolean", "description": "true approves, false denies."},
            "note": nullable(text("Free text", 500)),
            "customer_outcome": nullable(OUTCOME),
        },
        ("manager", "pin", "approve"),
    ),
    "FixRequest": obj({"staff": CODE, "cause": nullable(CAUSE)}, ("staff",)),
    "OutcomeRequest": obj(
        {"customer_outcome": OUTCOME, "staff": CODE}, ("customer_outcome", "staff")
    ),
    "BonusClaimRequest": obj({"staff": CODE, "note": nullable(text("Free text", 500))}, ("staff",)),
    "Event": out(
        {
            "id": {"type": "string"},
            "seq": {"type": "integer", "description": "Sequence number in the store's journal."},
            "kind": {"type": "string"},
            "at": TIME,
            "data": {"type": "object"},
        },
        ("id", "seq", "kind", "at", "data"),
    ),
    "Decision": out(
        {
            "action": {"type": "string"},
            "charge": nullable(MONEY_TEXT),
            "decided_by": {"type": "string"},
            "decided_at": TIME,
            "approval": nullable({"type": "string"}),
            "approved_by": nullable({"type": "string"}),
            "approved_at": nullable(TIME),
            "customer_outcome": nullable(OUTCOME),
            "goodwill": nullable(MONEY_TEXT),
            "bonus": nullable(MONEY_TEXT),
            "note": nullable({"type": "string"}),
        },
        ("action", "charge", "decided_by", "decided_at"),
    ),
}

_INCIDENT_MONEY = (
    "shelf_price", "scanned_price", "claimed_total", "scanned_total", "difference",
    "line_difference",
)  # fmt: skip
SCHEMAS["Incident"] = out(
    {
        "id": {"type": "string", "format": "uuid"},
        "store": {"type": "string"},
        "register": {"type": "string"},
        "cashier": {"type": "string"},
        "sku": {"type": "string"},
        "description": {"type": "string"},
        "location": nullable({"type": "string"}),
        "status": enum(Status, "Where the incident is in its life."),
        "direction": enum(Direction, "overcharge: scanned above the tag."),
        "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
        **{name: MONEY_TEXT for name in _INCIDENT_MONEY},
        "quantity": {"type": "integer"},
        "cause": nullable({"type": "string"}),
        "requested_action": nullable({"type": "string"}),
        "options": {"type": "array", "items": ref("Option")},
        "claim": {"type": "object"},
        "detected_at": TIME,
        "escalated_at": nullable(TIME),
        "resolved_at": nullable(TIME),
        "fixed_at": nullable(TIME),
        "fixed_by": nullable({"type": "string"}),
        "decision": nullable(ref("Decision")),
        "events": {"type": "array", "items": ref("Event")},
    },
    ("id", "store", "register", "status", "direction", "currency", *_INCIDENT_MONEY, "events"),
)
SCHEMAS["Approvals"] = out(
    {"approvals": {"type": "array", "items": ref("Incident")}}, ("approvals",)
)

PARAMETERS: dict[str, Schema] = {
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
    "IncidentId": {
        "name": "incident_id",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "format": "uuid"},
        "example": "01936d3e-4b2a-7c1d-9e8f-0a1b2c3d4e5f",
    },
}

SECURITY_SCHEMES: dict[str, Schema] = {
    "registerToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "The register's token from `posdisc registers add` (or `serve --demo`).",
    }
}

# --- POST /api/v1/sync: an offline register's batch (docs/offline.md) -------------------
UUID = {"type": "string", "format": "uuid"}
SCHEMAS["SyncEvent"] = obj(
    {
        "id": {**UUID, "description": "The register's event id; the server keeps it."},
        "seq": {"type": "integer", "minimum": 1, "description": "The register's local seq."},
        "after": nullable({**UUID, "description": "The incident's previous event (null: none)."}),
        "kind": {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,31}$"},
        "at": TIME,
        "data": {
            "type": "object",
            "properties": {"status": enum(Status, "The incident's status after the event.")},
            "required": ["status"],
            "description": "The event's data as the register journaled it.",
        },
    },
    ("id", "seq", "after", "kind", "at", "data"),
)
_WORD = {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,31}$"}
SCHEMAS["SyncDecision"] = obj(
    {
        "action": _WORD,
        "charge": nullable(MONEY_TEXT),
        "decided_by": CODE,
        "decided_at": TIME,
        "approval": nullable({**_WORD, "pattern": "^[a-z][a-z0-9_]{0,15}$"}),
        "approved_by": nullable(CODE),
        "approved_at": nullable(TIME),
        "customer_outcome": nullable(OUTCOME),
        "goodwill": nullable(MONEY_TEXT),
        "bonus": nullable(MONEY_TEXT),
        "note": nullable(text("Free text", 500)),
    },
    ("action", "decided_by", "decided_at"),
)
SCHEMAS["SyncIncident"] = obj(
    {
        "id": UUID,
        "store": {**CODE, "description": "Must be the token's store."},
        "register": {**CODE, "description": "Must be the token's register."},
        "cashier": CODE,
        "sku": text("The item's code", 40),
        "description": text("Item description", 200),
        "location": nullable(text("Where the tag hangs", 64)),
        "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
        **{name: MONEY_TEXT for name in _INCIDENT_MONEY},
        "quantity": {"type": "integer", "minimum": 1, "maximum": 9999},
        "direction": enum(Direction, "overcharge: scanned above the tag."),
        "promo_ends": nullable(DATE),
        "claim": {"type": "object"},
        "options": {"type": "array", "items": {"type": "object"}},
        "detected_at": TIME,
        "status": enum(Status, "The status at the register now."),
        "cause": nullable(_WORD),
        "requested_action": nullable(_WORD),
        "escalated_at": nullable(TIME),
        "resolved_at": nullable(TIME),
        "fixed_at": nullable(TIME),
        "fixed_by": nullable(CODE),
        "decision": nullable(ref("SyncDecision")),
    },
    (
        "id", "store", "register", "cashier", "sku", "description", "currency",
        *_INCIDENT_MONEY, "quantity", "direction", "claim", "options", "detected_at", "status",
    ),
)  # fmt: skip
SCHEMAS["SyncRequest"] = obj(
    {
        "store": {**CODE, "description": "Must be the token's store."},
        "register": {**CODE, "description": "Must be the token's register."},
        "incidents": {
            "type": "array",
            "minItems": 1,
            "maxItems": 1000,
            "items": obj(
                {
                    "incident": ref("SyncIncident"),
                    "last_event": {
                        **UUID,
                        "description": "The incident's newest event at the register; the "
                        "server takes the state over once it has this event.",
                    },
                    "events": {"type": "array", "minItems": 1, "items": ref("SyncEvent")},
                },
                ("incident", "last_event", "events"),
            ),
        },
    },
    ("store", "register", "incidents"),
)
SCHEMAS["SyncResult"] = out(
    {
        "store": {"type": "string"},
        "register": {"type": "string"},
        "incidents": {"type": "integer", "description": "Incidents in the batch."},
        "events": {"type": "integer", "description": "Events in the batch (all now held)."},
    },
    ("store", "register", "incidents", "events"),
)

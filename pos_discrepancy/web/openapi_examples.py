"""The request examples of the OpenAPI document.

They are real: posted in order to a store set up like the demo (``posdisc serve
--demo``) they succeed, and a test does exactly that.
"""

from __future__ import annotations

from typing import Any

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
    "/api/v1/scan-counts": {"store": "S001", "register": "R1", "day": "2026-11-24", "scans": 1250},
    "/api/v1/audits": {"size": 2, "seed": 2026, "by": "M01"},
    "/api/v1/audits/{audit_id}/findings": {
        "sku": "9788883701122",
        "shelf_price": "19.95",
        "scanned_price": "19.95",
        "by": "O02",
    },
    "/api/v1/audits/{audit_id}/score": {"by": "M01"},
}

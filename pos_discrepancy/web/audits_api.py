"""Self-audits over the JSON API (docs/outcomes.md "Self-audit", docs/http-api.md).

- ``POST /api/v1/audits`` ``{size, seed?, by}``: draw a sample of the token's store (201).
- ``GET  /api/v1/audits?store=``: the store's audits, newest first (without items).
- ``GET  /api/v1/audits/{audit_id}``: one audit with its items, findings and score.
- ``POST /api/v1/audits/{audit_id}/findings`` ``{sku, shelf_price, scanned_price, by}``.
- ``POST /api/v1/audits/{audit_id}/score`` ``{by}``: close the audit with its score.

Authenticated like the other calls: the register's token decides the store (a body or
query naming another store is 403). Money travels as decimal strings.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from pos_discrepancy.schemas import AuditFindingRequest, AuditScoreRequest, AuditStartRequest

from .auth import RegisterIdentity, authenticated, require_same
from .extension import current_desk
from .idempotency import Answer, api_post
from .json_body import read_request
from .reports_api import _query as query_parameters
from .reports_api import token_store

bp = Blueprint("audits_api", __name__, url_prefix="/api/v1/audits")


@bp.post("")
@api_post
def start(identity: RegisterIdentity) -> Answer:
    """Draw the sample (201 with the audit)."""
    body = read_request(AuditStartRequest)
    require_same(body.store, identity.store, field="store")
    audit = current_desk().start_audit(identity.store, size=body.size, seed=body.seed, by=body.by)
    return audit.to_dict(), 201


@bp.get("")
@authenticated
def index(identity: RegisterIdentity) -> dict[str, Any]:
    """The token's store's audits, newest first."""
    store = token_store(query_parameters(("store",)).get("store"), identity)
    return {"audits": [a.to_dict(with_items=False) for a in current_desk().audits(store)]}


@bp.get("/<audit_id>")
@authenticated
def show(identity: RegisterIdentity, audit_id: str) -> dict[str, Any]:
    """One audit of the token's store (404 for another store's)."""
    query_parameters(())
    return current_desk().audit(identity.store, audit_id).to_dict()


@bp.post("/<audit_id>/findings")
@api_post
def finding(identity: RegisterIdentity, audit_id: str) -> Answer:
    """Record one sampled item's shelf and scanned price (200 with the audit)."""
    body = read_request(AuditFindingRequest)
    require_same(body.store, identity.store, field="store")
    audit = current_desk().record_audit_finding(
        identity.store, audit_id, body.sku, body.shelf_price, body.scanned_price, by=body.by
    )
    return audit.to_dict(), 200


@bp.post("/<audit_id>/score")
@api_post
def score(identity: RegisterIdentity, audit_id: str) -> Answer:
    """Score the audit and close it (200; a scored audit answers as it is)."""
    body = read_request(AuditScoreRequest)
    require_same(body.store, identity.store, field="store")
    return current_desk().score_audit(identity.store, audit_id, by=body.by).to_dict(), 200

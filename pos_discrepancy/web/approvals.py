"""``GET /api/v1/approvals?store=``: incidents waiting for a manager, oldest first."""

from __future__ import annotations

from flask import Blueprint, Response, request

from pos_discrepancy.inputs import check_code

from .auth import RegisterIdentity, authenticated, require_same
from .extension import current_desk
from .idempotency import json_response

bp = Blueprint("approvals", __name__, url_prefix="/api/v1")


@bp.get("/approvals")
@authenticated
def pending(identity: RegisterIdentity) -> Response:
    """``{"approvals": [incident, …]}`` for the register's store (``store`` defaults to it)."""
    store = request.args.get("store")
    if store is not None:
        store = check_code(store, field="store")
        require_same(store, identity.store, field="store")
    incidents = current_desk().pending_approvals(identity.store)
    return json_response({"approvals": [i.to_dict() for i in incidents]}, 200)

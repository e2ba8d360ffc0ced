"""``POST /api/v1/checks``: a register reports a scan against the shelf claim."""

from __future__ import annotations

from flask import Blueprint

from pos_discrepancy.schemas import CheckRequest, plain

from .auth import RegisterIdentity, require_same
from .extension import current_desk
from .idempotency import Answer, api_post
from .json_body import read_request

bp = Blueprint("checks", __name__, url_prefix="/api/v1")


@bp.post("/checks")
@api_post
def create_check(identity: RegisterIdentity) -> Answer:
    """Compare shelf and scanned price; 201 with the options when an incident was made,
    200 when the prices agree."""
    desk = current_desk()
    body = read_request(CheckRequest, currency=desk.store_info(identity.store).currency)
    require_same(body.store, identity.store, field="store")
    require_same(body.register, identity.register, field="register")
    result = desk.check(**plain(body))
    return result.to_dict(), 201 if result.incident_id else 200

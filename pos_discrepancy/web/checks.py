"""``POST /api/v1/checks``: a register reports a scan against the shelf claim."""

from __future__ import annotations

from flask import Blueprint

from pos_discrepancy.inputs import check_code

from .auth import RegisterIdentity, require_same
from .extension import current_desk
from .idempotency import Answer, api_post
from .json_body import read_json_object

bp = Blueprint("checks", __name__, url_prefix="/api/v1")

REQUIRED = ("store", "register", "cashier", "sku", "shelf_price")
OPTIONAL = (
    "scanned_price",  # left out (or null): looked up in the price file
    "quantity",  # default 1
    "location",
    "promo_ends",
    "multi_buy",
    "displayed_prices",
    "tag_barcode",
    "description",
)


@bp.post("/checks")
@api_post
def create_check(identity: RegisterIdentity) -> Answer:
    """Compare shelf and scanned price; 201 with the options when an incident was made,
    200 when the prices agree."""
    body = read_json_object(required=REQUIRED, optional=OPTIONAL)
    store = check_code(body.pop("store"), field="store")
    register = check_code(body.pop("register"), field="register")
    require_same(store, identity.store, field="store")
    require_same(register, identity.register, field="register")
    body.setdefault("quantity", 1)
    result = current_desk().check(store=store, register=register, **body)
    return result.to_dict(), 201 if result.incident_id else 200

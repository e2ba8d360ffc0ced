"""Store outcomes over the JSON API (docs/outcomes.md, docs/http-api.md).

- ``GET /api/v1/stats?store=&since=&until=``: the measures of the token's store.
- ``POST /api/v1/scan-counts``: the register reports how many items it scanned on a day.
- ``GET /api/v1/reports/chain-signal?since=&until=&min_stores=``: SKUs mismatching in
  several stores. Chain-wide by nature: any register's token may read it; it names only
  SKUs, store codes and counts.
"""

from __future__ import annotations

from flask import Blueprint, Response

from pos_discrepancy.schemas import ScanCountRequest

from .auth import RegisterIdentity, authenticated, require_same
from .extension import current_desk
from .idempotency import Answer, api_post, json_response
from .json_body import read_request
from .reports_api import _query as query_parameters
from .reports_api import token_store as own_store

bp = Blueprint("stats_api", __name__, url_prefix="/api/v1")


@bp.get("/stats")
@authenticated
def stats(identity: RegisterIdentity) -> Response:
    """The outcome measures of the register's store over the period."""
    query = query_parameters(("store", "since", "until"))
    store = own_store(query.pop("store", None), identity)
    measures = current_desk().stats(store, query.get("since"), query.get("until"))
    return json_response(measures.to_dict(), 200)


@bp.post("/scan-counts")
@api_post
def scan_counts(identity: RegisterIdentity) -> Answer:
    """Record the day's scan count of the token's register (201; 200 when it replaced one)."""
    body = read_request(ScanCountRequest)
    require_same(body.store, identity.store, field="store")
    require_same(body.register, identity.register, field="register")
    desk = current_desk()
    replaced = desk.record_scans(identity.store, body.day, body.scans, register=identity.register)
    answer = {"store": identity.store, "register": identity.register, "day": str(body.day),
              "scans": int(body.scans), "replaced": replaced}  # fmt: skip
    return answer, 200 if replaced else 201


@bp.get("/reports/chain-signal")
@authenticated
def chain_signal(identity: RegisterIdentity) -> Response:
    """SKUs mismatching in ``min_stores`` stores or more (default 2) over the period."""
    query = query_parameters(("since", "until", "min_stores"))
    desk = current_desk()
    min_stores = query.get("min_stores", "2")
    rows = desk.chain_signal(query.get("since"), query.get("until"), min_stores)  # type: ignore[arg-type]
    period = desk.report_request("summary", store=None, since=query.get("since"),
                                 until=query.get("until"))  # fmt: skip
    body = {"since": period.since.isoformat(), "until": period.until.isoformat(),
            "min_stores": int(min_stores), "skus": [r.to_dict() for r in rows]}  # fmt: skip
    return json_response(body, 200)

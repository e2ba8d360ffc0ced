"""``GET /api/v1/reports/{summary|signage|tags|price-changes}.{pdf|csv}?store=&since=&until=``.

The report is sent by :func:`.report_file.send_report` (streamed from the database into a
temporary file, then sent as an attachment). Authenticated like every API call: the
register's token decides the store.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request

from pos_discrepancy.errors import InvalidInput, NotFound, NotPermitted
from pos_discrepancy.inputs import check_code, check_whole_number
from pos_discrepancy.reports import KINDS

from .auth import RegisterIdentity, authenticated
from .extension import current_desk
from .report_file import MEDIA_TYPES, send_report

bp = Blueprint("reports_api", __name__, url_prefix="/api/v1/reports")

#: Query parameters each kind accepts (``store``, ``since``, ``until`` for all).
PARAMETERS = {
    "summary": ("store", "since", "until", "paper", "open_days"),
    "signage": ("store", "since", "until", "paper"),
    "tags": ("store", "since", "until", "sheet"),
    "price-changes": ("store", "since", "until", "paper"),
}
#: What a kind takes when the query leaves a parameter out.
DEFAULTS: dict[str, Any] = {"paper": "letter", "open_days": 7}


@bp.get("/<kind>.<fmt>")
@authenticated
def download(identity: RegisterIdentity, kind: str, fmt: str) -> Response:
    """The ``kind`` report as a PDF or CSV attachment for the register's store."""
    if kind not in KINDS:
        raise NotFound(f"kind: no report {kind!r}; there are {', '.join(KINDS)}", field="kind")
    if fmt not in MEDIA_TYPES:
        raise NotFound(f"format: no format {fmt!r}; there are pdf, csv", field="format")
    query = _query(PARAMETERS[kind])
    store = token_store(query.pop("store", None), identity)
    options = {**{k: v for k, v in DEFAULTS.items() if k in PARAMETERS[kind]}, **query}
    if "open_days" in query:
        options["open_days"] = check_whole_number(query["open_days"], field="open_days", high=3650)
    return send_report(current_desk(), kind, fmt, store=store, **options)


def _query(allowed: tuple[str, ...]) -> dict[str, str]:
    """The query parameters, each given at most once; unknown ones are refused (422)."""
    values: dict[str, str] = {}
    for name in request.args:
        if name not in allowed:
            raise InvalidInput(
                f"{name}: unknown parameter; this report accepts {', '.join(allowed)}",
                field=name,
            )
        given = request.args.getlist(name)
        if len(given) > 1:
            raise InvalidInput(f"{name}: give it once, not {len(given)} times", field=name)
        values[name] = given[0]
    return values


def token_store(value: str | None, identity: RegisterIdentity) -> str:
    """The store asked for (default the token's): 404 when unknown, 403 when another."""
    if value is None or not value.strip():
        return identity.store
    store = check_code(value, field="store")
    if store != identity.store:
        current_desk().store_info(store)  # NotFound (404) names the field
        raise NotPermitted(
            f"store: this register's token is for store {identity.store!r}, not {store!r}",
            field="store",
        )
    return store

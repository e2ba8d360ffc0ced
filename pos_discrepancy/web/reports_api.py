"""``GET /api/v1/reports/{summary|signage|tags}.{pdf|csv}?store=&since=&until=``.

The report is written to an anonymous temporary file (the report code streams its rows
from the database, so memory stays flat however long the period) and sent back as an
attachment. Authenticated like every API call: the register's token decides the store.
"""

from __future__ import annotations

import tempfile
from typing import Any

from flask import Blueprint, Response, request, send_file

from pos_discrepancy.errors import InvalidInput, NotFound, NotPermitted
from pos_discrepancy.inputs import check_code
from pos_discrepancy.reports import KINDS, write_report

from .auth import RegisterIdentity, authenticated
from .extension import current_desk

bp = Blueprint("reports_api", __name__, url_prefix="/api/v1/reports")

#: Content type of each format.
MEDIA_TYPES = {"pdf": "application/pdf", "csv": "text/csv"}  # Flask adds charset=utf-8
#: Query parameters each kind accepts (``store``, ``since``, ``until`` for all).
PARAMETERS = {
    "summary": ("store", "since", "until", "paper", "open_days"),
    "signage": ("store", "since", "until", "paper"),
    "tags": ("store", "since", "until", "sheet"),
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
    store = _store(query.pop("store", None), identity)
    options = {**{k: v for k, v in DEFAULTS.items() if k in PARAMETERS[kind]}, **query}
    if "open_days" in query:
        options["open_days"] = _whole_number(query["open_days"], field="open_days")
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it when sent)
    try:
        report = write_report(current_desk(), kind, handle, store=store, fmt=fmt, **options)
        size = handle.tell()
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    name = f"posdisc-{kind}-{store}-{report.since.isoformat()}-{report.until.isoformat()}.{fmt}"
    response = send_file(
        handle,
        mimetype=MEDIA_TYPES[fmt],
        as_attachment=True,
        download_name=name,
        conditional=False,
        etag=False,
    )
    response.content_length = size
    response.headers["Cache-Control"] = "no-store"  # reports hold the store's figures
    return response


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


def _store(value: str | None, identity: RegisterIdentity) -> str:
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


def _whole_number(text: str, *, field: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 4:
        raise InvalidInput(f"{field}: {text[:20]!r} is not a whole number 0–3650", field=field)
    return int(text)

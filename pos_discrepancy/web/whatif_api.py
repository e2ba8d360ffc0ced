"""``GET /api/v1/whatif?store=&since=&until=&set=KEY=VALUE&jurisdiction=``: a policy what-if.

A read: nothing is stored, so it is a GET (no body, no ``Idempotency-Key``), authenticated
like the report downloads (the register's token decides the store). ``set`` may repeat,
one policy key each; the answer is :meth:`WhatIf.to_dict` (docs/whatif.md).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from pos_discrepancy.domain.whatif_policy import parse_assignments
from pos_discrepancy.errors import InvalidInput

from .auth import RegisterIdentity, authenticated
from .extension import current_desk
from .reports_api import token_store

bp = Blueprint("whatif_api", __name__, url_prefix="/api/v1")

#: The query parameters; only ``set`` may be given more than once.
PARAMETERS = ("store", "since", "until", "set", "jurisdiction")


@bp.get("/whatif")
@authenticated
def compare(identity: RegisterIdentity) -> dict[str, Any]:
    """The store's period replayed under the settings, beside what happened."""
    for name in request.args:
        if name not in PARAMETERS:
            raise InvalidInput(
                f"{name[:40]}: unknown parameter; the what-if accepts {', '.join(PARAMETERS)}",
                field=name[:40],
            )
        if name != "set" and len(request.args.getlist(name)) > 1:
            raise InvalidInput(f"{name}: give it once", field=name)
    store = token_store(request.args.get("store"), identity)
    result = current_desk().whatif(
        store,
        since=request.args.get("since"),
        until=request.args.get("until"),
        settings=parse_assignments(request.args.getlist("set")),
        jurisdiction=request.args.get("jurisdiction"),
    )
    return result.to_dict()

"""Self-audits in the inspector's style (NIST Handbook 130; docs/outcomes.md, "Self-audit").

Start: draw a sample of the store's price file, stratified by aisle, from a recorded
seed. Record: the shelf and scanned price of each sampled item (again: replaces it).
Score: close the audit with its score against the 98 % pass line. Each change and its
journal event (``audit_started``, ``audit_finding_recorded``, ``audit_scored``) are
written in one transaction; a refusal stores nothing.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any, BinaryIO

from sqlalchemy import Connection

from ..domain.audit import Audit, AuditItem
from ..domain.audit_sample import (
    MAX_SEED,
    UNKNOWN_AISLE,
    Candidate,
    check_seed,
    check_size,
    draw_sample,
)
from ..errors import N_, InvalidTransition, NotFound, NotPermitted
from ..ids import check_uuid, uuid7
from ..money import Money
from ..reports.audit_sheet import write_audit_sheet
from ..schemas import AuditFindingRequest, AuditScoreRequest, AuditStartRequest, validate
from ..store import audits as rows
from ..store import repository
from ..store.journal import append_event
from .context import Context

#: Who may start and score an audit (anyone of the store's staff may record findings).
AUDITOR_ROLES = ("manager", "ops", "admin")
#: Why an audit with no item checked cannot be scored.
NOTHING_CHECKED = N_(
    "no item of audit %(audit)s is checked yet; record the shelf and scanned price of the "
    "sampled items first"
)
#: Why a cashier may not start or score an audit (``%(code)s``), by what they tried.
NOT_AN_AUDITOR = {
    "start": N_("%(code)s is a cashier; managers, ops and admins start audits"),
    "score": N_("%(code)s is a cashier; managers, ops and admins score audits"),
}


def start_audit(ctx: Context, store: str, *, size: object, seed: object, by: object) -> Audit:
    """See :meth:`pos_discrepancy.desk.Desk.start_audit`."""
    info = ctx.store_info(store)
    request = validate(AuditStartRequest, {"size": size, "seed": seed, "by": by})
    drawn_seed = (
        secrets.randbelow(MAX_SEED + 1) if request.seed is None else check_seed(request.seed)
    )
    with ctx.reading() as connection:
        staff = _staff(connection, info.code, request.by, roles=AUDITOR_ROLES, doing="start")
        items = rows.price_file_size(connection=connection, store_id=info.code)
        count = check_size(request.size, items=items, store=info.code)
        aisles = rows.known_aisles(connection=connection, store_id=info.code)
        candidates: list[Candidate] = []
        prices: dict[str, tuple[str, int]] = {}
        for sku, description, minor in rows.iter_price_file(
            connection=connection, store_id=info.code
        ):
            candidates.append(Candidate(sku, aisles.get(sku, UNKNOWN_AISLE)))
            prices[sku] = (description, minor)
    sample = draw_sample(candidates, size=count, seed=drawn_seed)
    aisle_of = {c.sku: c.aisle for c in candidates}
    audit = Audit(
        store=info.code, id=uuid7(), seed=drawn_seed, size=count, items_in_file=items,
        currency=info.currency, started_at=ctx.clock(), started_by=staff, strata=sample.strata,
        items=tuple(
            AuditItem(sku, prices[sku][0], aisle_of[sku],
                      Money.from_minor(prices[sku][1], info.currency))
            for sku in sample.skus
        ),
    )  # fmt: skip
    with ctx.transaction() as connection:
        rows.insert_audit(connection=connection, audit=audit)
        data = {"seed": audit.seed, "size": audit.size, "items_in_file": audit.items_in_file,
                "strata": [s.to_dict() for s in audit.strata], "skus": list(sample.skus),
                "by": staff}  # fmt: skip
        _journal(connection, audit, "audit_started", data, at=audit.started_at)
    return audit


def record_finding(
    ctx: Context,
    store: str,
    audit_id: object,
    *,
    sku: object,
    shelf_price: object,
    scanned_price: object,
    by: object,
) -> Audit:
    """See :meth:`pos_discrepancy.desk.Desk.record_audit_finding`."""
    info = ctx.store_info(store)
    wanted = check_uuid(audit_id, field="audit_id")
    body = {"sku": sku, "shelf_price": shelf_price, "scanned_price": scanned_price, "by": by}
    request = validate(AuditFindingRequest, body, context={"currency": info.currency})
    shelf = Money.parse(request.shelf_price, info.currency, field="shelf_price")
    scanned = Money.parse(request.scanned_price, info.currency, field="scanned_price")
    with ctx.transaction() as connection:
        staff = _staff(connection, info.code, request.by, roles=None, doing="record")
        audit = _open(connection, info.code, wanted)
        if audit.item(request.sku) is None:
            raise NotFound.worded(
                "sku",
                N_(
                    "%(sku)s is not in the sample of audit %(audit)s; scan an item listed on its "
                    "audit sheet"
                ),
                sku=request.sku,
                audit=audit.id,
            )
        now = ctx.clock()  # the row's time is the event's
        rows.record_finding(
            connection=connection, store_id=info.code, audit_id=audit.id, sku=request.sku,
            shelf_price=shelf, scanned_price=scanned, checked_by=staff, checked_at=now,
        )  # fmt: skip
        data = {"sku": request.sku, "shelf_price": str(shelf.amount),
                "scanned_price": str(scanned.amount), "by": staff}  # fmt: skip
        _journal(connection, audit, "audit_finding_recorded", data, at=now)
    return audit_of(ctx, info.code, audit.id)


def score_audit(ctx: Context, store: str, audit_id: object, *, by: object) -> Audit:
    """See :meth:`pos_discrepancy.desk.Desk.score_audit`."""
    info = ctx.store_info(store)
    wanted = check_uuid(audit_id, field="audit_id")
    request = validate(AuditScoreRequest, {"by": by})
    with ctx.transaction() as connection:
        staff = _staff(connection, info.code, request.by, roles=AUDITOR_ROLES, doing="score")
        audit = _found(connection, info.code, wanted, for_update=True)
        if audit.scored_at is not None:  # scored once: the score stands
            return audit
        result = audit.score
        if result.checked == 0:
            raise InvalidTransition.worded("audit_id", NOTHING_CHECKED, audit=audit.id)
        now = ctx.clock()
        rows.mark_scored(connection=connection, store_id=info.code, audit_id=audit.id,
                         scored_by=staff, scored_at=now)  # fmt: skip
        score = {"by": staff, "score": result.to_dict()}
        _journal(connection, audit, "audit_scored", score, at=now)
    return audit_of(ctx, info.code, audit.id)


def audit_of(ctx: Context, store: str, audit_id: object) -> Audit:
    """The audit with its items and score; ``NotFound`` for another store's or none."""
    info = ctx.store_info(store)
    wanted = check_uuid(audit_id, field="audit_id")
    with ctx.reading() as connection:
        return _found(connection, info.code, wanted)


def audits(ctx: Context, store: str) -> list[Audit]:
    """The store's audits, newest first."""
    info = ctx.store_info(store)
    with ctx.reading() as connection:
        return rows.list_audits(connection=connection, store_id=info.code)


def write_sheet(ctx: Context, store: str, audit_id: object, out: BinaryIO) -> Audit:
    """Print the audit sheet (PDF) of an audit into ``out``, in the store's language."""
    audit = audit_of(ctx, store, audit_id)
    info = ctx.store_info(store)
    write_audit_sheet(audit, out, store_name=info.name, locale=info.locale)
    return audit


def _staff(
    connection: Connection, store: str, code: str, *, roles: tuple[str, ...] | None, doing: str
) -> str:
    row = repository.get_staff(connection=connection, store_id=store, code=code)
    if row is None:
        raise NotFound.worded(
            "by", N_("%(code)s is not on the staff of %(store)s"), code=code, store=store
        )
    if roles is not None and row.role not in roles:
        raise NotPermitted.worded("by", NOT_AN_AUDITOR[doing], code=code)  # only cashiers
    return str(row.code)


def _found(connection: Connection, store: str, audit_id: str, for_update: bool = False) -> Audit:
    audit = rows.get_audit(
        connection=connection, store_id=store, audit_id=audit_id, for_update=for_update
    )
    if audit is None:
        raise NotFound.worded(
            "audit_id", N_("there is no audit %(audit)s at %(store)s"), audit=audit_id, store=store
        )
    return audit


def _open(connection: Connection, store: str, audit_id: str) -> Audit:
    audit = _found(connection, store, audit_id, for_update=True)
    if audit.scored_at is not None:
        raise InvalidTransition.worded(
            "audit_id",
            N_("audit %(audit)s was scored on %(day)s; its findings are closed (start a new "
               "audit)"),
            audit=audit.id,
            day=f"{audit.scored_at:%Y-%m-%d}",
        )  # fmt: skip
    return audit


def _journal(
    connection: Connection, audit: Audit, kind: str, data: dict[str, Any], *, at: datetime
) -> None:
    """Append the audit's event at ``at``, the time its rows record (verify compares)."""
    append_event(
        connection, store_id=audit.store, incident_id=audit.id, kind=kind, at=at,
        data={"audit": audit.id, **data},
    )  # fmt: skip


__all__ = [
    "AUDITOR_ROLES",
    "audit_of",
    "audits",
    "record_finding",
    "score_audit",
    "start_audit",
    "write_sheet",
]

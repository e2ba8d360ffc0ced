"""Verifying self-audits: the ``audits`` and ``audit_items`` rows against their events.

An audit's rows are projections of its journal events (``audit_started``,
``audit_finding_recorded``, ``audit_scored``; the audit's id is the events' incident
id). Each audit is re-derived from them and compared: who started it and when, its seed,
size, price-file count and strata; the sampled SKUs in sheet order; each finding's shelf
and scanned price, who checked it and when; who scored it and when. Events of an audit
with no row, and an audit with no events, are named too.

What the events do not record (each item's description and system price, copied from
the price file when the audit starts) is not compared.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, func, select

from ..errors import InvalidInput
from ..money import Money
from .audits import AUDIT_ITEMS, AUDIT_KINDS, AUDITS
from .journal import EVENTS, load_record
from .verify_report import JournalProblem, VerifyReport


def check_audits(connection: Connection, report: VerifyReport, store_id: str | None) -> None:
    """Compare every audit's rows with what its events imply; name strays."""
    audits = select(AUDITS).order_by(AUDITS.c.store_id, AUDITS.c.started_at, AUDITS.c.id)
    if store_id is not None:
        audits = audits.where(AUDITS.c.store_id == store_id)
    for audit in list(connection.execute(audits)):
        expected = _derive(connection, audit.store_id, audit.id)
        if expected is None:
            _add(report, audit.store_id, audit.id, "audit_without_events",
                 f"audit {audit.id} has rows but no journal events")  # fmt: skip
            continue
        found = _differences(connection, audit, expected)
        if found:
            message = f"audit {audit.id}: {', '.join(found)} differ from its events"
            _add(report, audit.store_id, audit.id, "audit_mismatch", message, tuple(found))
    strays = (
        select(EVENTS.c.store_id, EVENTS.c.incident_id, func.count())
        .select_from(
            EVENTS.outerjoin(
                AUDITS,
                (AUDITS.c.store_id == EVENTS.c.store_id) & (AUDITS.c.id == EVENTS.c.incident_id),
            )
        )
        .where(EVENTS.c.kind.in_(AUDIT_KINDS), AUDITS.c.id.is_(None))
        .group_by(EVENTS.c.store_id, EVENTS.c.incident_id)
        .order_by(EVENTS.c.store_id, EVENTS.c.incident_id)
    )
    if store_id is not None:
        strays = strays.where(EVENTS.c.store_id == store_id)
    for store, audit_id, count in connection.execute(strays):
        message = f"{count} journal events of audit {audit_id}, which has no row (deleted?)"
        _add(report, store, audit_id, "events_without_audit", message)


def _add(
    report: VerifyReport, store: str, audit_id: str, kind: str, message: str,
    columns: tuple[str, ...] = (),
) -> None:  # fmt: skip
    report.add(JournalProblem(store, None, None, kind, message, audit_id, columns))


def _derive(connection: Connection, store: str, audit_id: str) -> dict[str, Any] | None:
    """The audit as its events tell it (``None``: it has no ``audit_started``)."""
    events = connection.execute(
        select(EVENTS.c.kind, EVENTS.c.at, EVENTS.c.body)
        .where(EVENTS.c.store_id == store, EVENTS.c.incident_id == audit_id)
        .order_by(EVENTS.c.seq)
    )
    audit: dict[str, Any] | None = None
    for kind, at, body in events:
        data = (load_record(body) or {}).get("data") or {}
        if kind == "audit_started":
            audit = {
                "started_at": at, "started_by": data.get("by"), "seed": data.get("seed"),
                "size": data.get("size"), "items_in_file": data.get("items_in_file"),
                "strata": data.get("strata"), "skus": list(data.get("skus") or []),
                "findings": {}, "scored_by": None, "scored_at": None,
            }  # fmt: skip
        elif audit is not None and kind == "audit_finding_recorded":
            audit["findings"][data.get("sku")] = (
                data.get("shelf_price"),
                data.get("scanned_price"),
                data.get("by"),
                at,
            )
        elif audit is not None and kind == "audit_scored":
            audit["scored_by"], audit["scored_at"] = data.get("by"), at
    return audit


def _differences(connection: Connection, audit: Any, expected: dict[str, Any]) -> list[str]:
    """The columns of the audit's rows that disagree with ``expected``."""
    found = [
        column
        for column in ("started_at", "started_by", "seed", "size", "items_in_file", "scored_by")
        if getattr(audit, column) != expected[column]
    ]
    if audit.scored_at != expected["scored_at"]:
        found.append("scored_at")
    if json.loads(audit.strata_json) != expected["strata"]:
        found.append("strata_json")
    items = list(
        connection.execute(
            select(AUDIT_ITEMS)
            .where(AUDIT_ITEMS.c.store_id == audit.store_id, AUDIT_ITEMS.c.audit_id == audit.id)
            .order_by(AUDIT_ITEMS.c.position)
        )
    )
    if [item.sku for item in items] != expected["skus"]:
        found.append("audit_items.sku")
    for item in items:
        shelf, scanned, by, at = expected["findings"].get(item.sku, (None, None, None, None))
        row = (item.shelf_price_minor, item.scanned_price_minor, item.checked_by, item.checked_at)
        if row != (_minor(shelf, audit.currency), _minor(scanned, audit.currency), by, at):
            for name, got, want in zip(
                ("shelf_price_minor", "scanned_price_minor", "checked_by", "checked_at"),
                row,
                (_minor(shelf, audit.currency), _minor(scanned, audit.currency), by, at),
                strict=True,
            ):
                if got != want and f"audit_items.{name}" not in found:
                    found.append(f"audit_items.{name}")
    return found


def _minor(amount: str | None, currency: str) -> int | str | None:
    """The amount an event records, in minor units (unreadable text stays as it is, so it
    differs from any row)."""
    if amount is None:
        return None
    try:
        return Money.parse(amount, currency, maximum=None).minor
    except InvalidInput:
        return str(amount)


__all__ = ["check_audits"]

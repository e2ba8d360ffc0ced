"""Repository functions over SQLAlchemy Core: keyword-only, one job each.

The register path calls these on a kept connection inside one transaction; nothing here
commits. Events are written only through :mod:`.journal`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, func, insert, select, update

from ..domain import CustomerOutcome, Direction, Option, Resolution, Signage, Status
from ..money import Money
from ..prices import PriceRecord
from ..views import DecisionView, EventView, IncidentView
from .tables import Decision, Event, Incident, Price, Register, Staff, Store

STORES = Store.__table__  # type: ignore[attr-defined]
STAFF = Staff.__table__  # type: ignore[attr-defined]
PRICES = Price.__table__  # type: ignore[attr-defined]
REGISTERS = Register.__table__  # type: ignore[attr-defined]
INCIDENTS = Incident.__table__  # type: ignore[attr-defined]
DECISIONS = Decision.__table__  # type: ignore[attr-defined]
EVENTS = Event.__table__  # type: ignore[attr-defined]

_INSERT_INCIDENT = insert(INCIDENTS)
_INSERT_DECISION = insert(DECISIONS)
_PRICE = select(
    PRICES.c.sku,
    PRICES.c.description,
    PRICES.c.price_minor,
    PRICES.c.unit_price_minor,
    PRICES.c.unit,
    PRICES.c.attributes,
).where(PRICES.c.store_id == bindparam("store_id"), PRICES.c.sku == bindparam("sku"))


# --- stores, staff, registers ------------------------------------------------------
def get_store(*, connection: Connection, store_id: str) -> Row[Any] | None:
    """The store row, or ``None``. Codes compare case-insensitively: a store added as
    ``s001`` before codes were upper-cased is still found as ``S001``."""
    found = connection.execute(select(STORES).where(STORES.c.id == store_id)).first()
    if found is None:
        found = connection.execute(
            select(STORES).where(func.upper(STORES.c.id) == store_id.upper())
        ).first()
    return found


def list_stores(*, connection: Connection) -> list[Row[Any]]:
    """Every store, by code."""
    return list(connection.execute(select(STORES).order_by(STORES.c.id)))


def insert_store(*, connection: Connection, **values: Any) -> None:
    """Add a store row."""
    connection.execute(insert(STORES), values)


def get_staff(
    *, connection: Connection, store_id: str, code: str, for_update: bool = False
) -> Row[Any] | None:
    """A staff row, or ``None``; ``for_update`` locks it until the transaction ends."""
    query = select(STAFF).where(STAFF.c.store_id == store_id, STAFF.c.code == code)
    return connection.execute(query.with_for_update() if for_update else query).first()


def list_staff(*, connection: Connection, store_id: str) -> list[Row[Any]]:
    """The store's staff, by code."""
    return list(
        connection.execute(select(STAFF).where(STAFF.c.store_id == store_id).order_by(STAFF.c.code))
    )


def insert_staff(*, connection: Connection, **values: Any) -> None:
    """Add a staff row."""
    connection.execute(insert(STAFF), values)


def update_staff(*, connection: Connection, store_id: str, code: str, **values: Any) -> None:
    """Change a staff row (PIN failures, lock)."""
    connection.execute(
        update(STAFF).where(STAFF.c.store_id == store_id, STAFF.c.code == code).values(**values)
    )


def insert_register(*, connection: Connection, **values: Any) -> None:
    """Add a register (till) row."""
    connection.execute(insert(REGISTERS), values)


def update_register_token(
    *, connection: Connection, store_id: str, code: str, token_hash: str
) -> bool:
    """Replace a register's token hash; False when there is no such register."""
    result = connection.execute(
        update(REGISTERS)
        .where(REGISTERS.c.store_id == store_id, REGISTERS.c.code == code)
        .values(token_hash=token_hash)
    )
    return bool(result.rowcount)


# --- prices -----------------------------------------------------------------------------
def upsert_prices(
    *, connection: Connection, store_id: str, records: Iterable[PriceRecord], now: datetime
) -> int:
    """Insert or replace price records; returns how many were written."""
    rows = [
        {
            "store_id": store_id,
            "sku": r.sku,
            "description": r.description,
            "price_minor": r.price.minor,
            "unit_price_minor": None if r.unit_price is None else r.unit_price.minor,
            "unit": r.unit,
            "attributes": ";".join(sorted(r.attributes)),
            "updated_at": now,
        }
        for r in records
    ]
    if not rows:
        return 0
    skus = [r["sku"] for r in rows]
    for start in range(0, len(skus), 500):
        connection.execute(
            PRICES.delete().where(
                PRICES.c.store_id == store_id, PRICES.c.sku.in_(skus[start : start + 500])
            )
        )
    connection.execute(insert(PRICES), rows)
    return len(rows)


def get_price(
    *, connection: Connection, store_id: str, sku: str, currency: str
) -> PriceRecord | None:
    """The price-file record of ``sku`` at the store, or ``None``."""
    row = connection.execute(_PRICE, {"store_id": store_id, "sku": sku}).first()
    return None if row is None else price_record(row, currency)


def price_record(row: Any, currency: str) -> PriceRecord:
    """A :class:`PriceRecord` from a ``prices`` row (or a tuple of its first six columns:
    sku, description, price_minor, unit_price_minor, unit, attributes)."""
    sku, description, price_minor, unit_price_minor, unit, attributes = tuple(row)[:6]
    unit_price = None if unit_price_minor is None else Money.from_minor(unit_price_minor, currency)
    return PriceRecord(
        sku=sku,
        description=description,
        price=Money.from_minor(price_minor, currency),
        attributes=frozenset(a for a in attributes.split(";") if a),
        unit_price=unit_price,
        unit=unit,
    )


# --- incidents --------------------------------------------------------------------------
def insert_incident(*, connection: Connection, **values: Any) -> None:
    """Add an incident row (the register path)."""
    connection.execute(_INSERT_INCIDENT, values)


def update_incident(*, connection: Connection, incident_id: str, **values: Any) -> None:
    """Change an incident's current state (its history is in the journal)."""
    connection.execute(update(INCIDENTS).where(INCIDENTS.c.id == incident_id).values(**values))


def insert_decision(*, connection: Connection, **values: Any) -> None:
    """Record the cashier's decision."""
    connection.execute(_INSERT_DECISION, values)


def update_decision(*, connection: Connection, incident_id: str, **values: Any) -> None:
    """Add the approval (or timeout, outcome, bonus) to a decision."""
    connection.execute(
        update(DECISIONS).where(DECISIONS.c.incident_id == incident_id).values(**values)
    )


def get_incident_row(
    *, connection: Connection, incident_id: str, for_update: bool = False
) -> Row[Any] | None:
    """The incident row, optionally locked for the rest of the transaction."""
    query = select(INCIDENTS).where(INCIDENTS.c.id == incident_id)
    if for_update:
        query = query.with_for_update()
    return connection.execute(query).first()


def get_decision_row(*, connection: Connection, incident_id: str) -> Row[Any] | None:
    """The decision row of an incident, or ``None``."""
    return connection.execute(
        select(DECISIONS).where(DECISIONS.c.incident_id == incident_id)
    ).first()


def store_has_incidents(*, connection: Connection, store_id: str) -> bool:
    """Whether ``store_id`` has any incident at all."""
    query = select(INCIDENTS.c.id).where(INCIDENTS.c.store_id == store_id).limit(1)
    return connection.execute(query).first() is not None


def awaiting_approval_ids(*, connection: Connection, store_id: str | None) -> list[str]:
    """Ids of incidents waiting for a manager here, oldest escalation first (not those
    delivered by sync: their offline register decides them)."""
    query = select(INCIDENTS.c.id).where(
        INCIDENTS.c.resolution == Resolution.AWAITING_APPROVAL.value,
        INCIDENTS.c.synced.is_(False),
    )
    if store_id is not None:
        query = query.where(INCIDENTS.c.store_id == store_id)
    query = query.order_by(INCIDENTS.c.escalated_at, INCIDENTS.c.id)
    return [row.id for row in connection.execute(query)]


def open_incident_ids_for_sku(*, connection: Connection, store_id: str, sku: str) -> list[str]:
    """Incidents of ``sku`` at the store whose tag is not yet fixed, oldest first (whatever
    their resolution: a tag may be fixed while a manager is still being asked)."""
    query = (
        select(INCIDENTS.c.id)
        .where(
            INCIDENTS.c.store_id == store_id,
            INCIDENTS.c.sku == sku,
            INCIDENTS.c.signage == Signage.OPEN.value,
        )
        .order_by(INCIDENTS.c.detected_at)
    )
    return [row.id for row in connection.execute(query)]


def incident_view(
    *, connection: Connection, row: Row[Any], with_events: bool = True
) -> IncidentView:
    """Assemble the API's view of an incident from its rows."""
    return incident_views(connection=connection, rows=[row], with_events=with_events)[0]


def incident_views(
    *, connection: Connection, rows: Sequence[Row[Any]], with_events: bool = True
) -> list[IncidentView]:
    """The views of several incidents (in ``rows``' order), their decisions and events
    read in one query each rather than per incident (the worker's batches, lists)."""
    ids = [row.id for row in rows]
    if not ids:
        return []
    decisions = {
        d.incident_id: d
        for d in connection.execute(select(DECISIONS).where(DECISIONS.c.incident_id.in_(ids)))
    }
    events: dict[str, list[EventView]] = {}
    if with_events:
        for e in connection.execute(
            select(
                EVENTS.c.id,
                EVENTS.c.seq,
                EVENTS.c.kind,
                EVENTS.c.at,
                EVENTS.c.body,
                EVENTS.c.incident_id,
            )
            .where(EVENTS.c.incident_id.in_(ids))
            .order_by(EVENTS.c.incident_id, EVENTS.c.seq)
        ):  # fmt: skip  (an incident's events are all on one chain: seq orders them)
            view = EventView(e.id, e.seq, e.kind, e.at, json.loads(e.body)["data"])
            events.setdefault(e.incident_id, []).append(view)
    return [_view(row, decisions.get(row.id), tuple(events.get(row.id, ()))) for row in rows]


def _view(
    row: Row[Any], decision_row: Row[Any] | None, events: tuple[EventView, ...]
) -> IncidentView:
    currency = row.currency
    return IncidentView(
        id=row.id,
        store=row.store_id,
        register=row.register_id,
        cashier=row.cashier,
        sku=row.sku,
        description=row.description,
        location=row.location,
        status=Status(row.status),
        resolution=Resolution(row.resolution),
        signage=Signage(row.signage),
        customer_outcome=CustomerOutcome(
            (decision_row.customer_outcome if decision_row is not None else None)
            or CustomerOutcome.UNKNOWN
        ),
        direction=Direction(row.direction),
        shelf_price=Money.from_minor(row.shelf_price_minor, currency),
        scanned_price=Money.from_minor(row.scanned_price_minor, currency),
        quantity=row.quantity,
        claimed_total=Money.from_minor(row.claimed_total_minor, currency),
        scanned_total=Money.from_minor(row.scanned_total_minor, currency),
        difference=Money.from_minor(row.difference_minor, currency),
        line_difference=Money.from_minor(row.line_difference_minor, currency),
        cause=row.cause,
        requested_action=row.requested_action,
        options=tuple(Option.from_dict(o, currency) for o in json.loads(row.options_json)),
        claim=json.loads(row.claim_json),
        detected_at=row.detected_at,
        escalated_at=row.escalated_at,
        resolved_at=row.resolved_at,
        fixed_at=row.fixed_at,
        fixed_by=row.fixed_by,
        decision=None if decision_row is None else _decision_view(decision_row, currency),
        events=events,
    )


def get_incident_rows(*, connection: Connection, incident_ids: Iterable[str]) -> list[Row[Any]]:
    """The rows of these incidents (any order; those that exist)."""
    ids = list(incident_ids)
    if not ids:
        return []
    return list(connection.execute(select(INCIDENTS).where(INCIDENTS.c.id.in_(ids))))


def _decision_view(row: Row[Any], currency: str) -> DecisionView:
    def money(minor: int | None) -> Money | None:
        return None if minor is None else Money.from_minor(minor, currency)

    return DecisionView(
        action=row.action,
        charge=money(row.charge_minor),
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        approval=row.approval,
        approved_by=row.approved_by,
        approved_at=row.approved_at,
        customer_outcome=row.customer_outcome,
        goodwill=money(row.goodwill_minor),
        bonus=money(row.bonus_minor),
        note=row.note,
    )

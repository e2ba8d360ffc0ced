"""The tables. Every table carries ``store_id`` so a chain can shard by store.

Money is stored as integer minor units (``*_minor``) in the store's currency.
Schema changes go through Alembic (``store/migrations``); tests run the migrations.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKeyConstraint,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlmodel import Field, SQLModel

from .types import UTCDateTime


def _ts(nullable: bool = False) -> Column:  # type: ignore[type-arg]
    return Column(UTCDateTime(), nullable=nullable)


class Store(SQLModel, table=True):
    """A shop. ``id`` is the store code the POS uses (``S001``)."""

    __tablename__ = "stores"
    id: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=200)
    currency: str = Field(max_length=3)
    timezone: str = Field(default="UTC", max_length=64)
    jurisdiction: str | None = Field(default=None, max_length=64)
    locale: str = Field(
        default="en_US", max_length=16, sa_column_kwargs={"server_default": "en_US"}
    )
    created_at: datetime = Field(sa_column=_ts())


class Staff(SQLModel, table=True):
    """A cashier, manager, ops or admin member of staff at one store."""

    __tablename__ = "staff"
    store_id: str = Field(primary_key=True, foreign_key="stores.id", max_length=32)
    code: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=200)
    role: str = Field(max_length=16)
    pin_hash: str | None = Field(default=None, max_length=200)
    failed_pin_attempts: int = Field(default=0)
    locked_until: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    signin_failures: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    signin_locked_until: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    session_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    created_at: datetime = Field(sa_column=_ts())


class Price(SQLModel, table=True):
    """One item of the imported price file."""

    __tablename__ = "prices"
    store_id: str = Field(primary_key=True, foreign_key="stores.id", max_length=32)
    sku: str = Field(primary_key=True, max_length=40)
    description: str = Field(default="", max_length=200)
    price_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    unit_price_minor: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    unit: str | None = Field(default=None, max_length=32)
    attributes: str = Field(default="", max_length=400)  # flags joined by ";"
    updated_at: datetime = Field(sa_column=_ts())


class Register(SQLModel, table=True):
    """A till allowed to call the HTTP API; only a hash of its token is kept."""

    __tablename__ = "registers"
    store_id: str = Field(primary_key=True, foreign_key="stores.id", max_length=32)
    code: str = Field(primary_key=True, max_length=32)
    token_hash: str = Field(max_length=128, index=True)
    created_at: datetime = Field(sa_column=_ts())


class Incident(SQLModel, table=True):
    """The current state of one discrepancy. Its history lives in ``events``."""

    __tablename__ = "incidents"
    __table_args__ = (
        Index("ix_incidents_store_status", "store_id", "status"),
        Index("ix_incidents_store_detected", "store_id", "detected_at"),
        Index("ix_incidents_store_sku", "store_id", "sku"),
        Index("ix_incidents_store_signage", "store_id", "signage"),
        # the reports at chain scale (migration 0016, docs/performance.md)
        Index("ix_incidents_detected_sku_store", "detected_at", "sku", "store_id"),
        Index("ix_incidents_store_fixed", "store_id", "fixed_at", "sku"),
    )
    id: str = Field(primary_key=True, max_length=36)
    store_id: str = Field(foreign_key="stores.id", max_length=32)
    register_id: str = Field(max_length=32)
    cashier: str = Field(max_length=32)
    sku: str = Field(max_length=40)
    description: str = Field(default="", max_length=200)
    location: str | None = Field(default=None, max_length=64)
    currency: str = Field(max_length=3)
    shelf_price_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    scanned_price_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    quantity: int
    claimed_total_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    scanned_total_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    direction: str = Field(max_length=16)
    difference_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    line_difference_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    promo_ends: date | None = None
    cause: str | None = Field(default=None, max_length=32)
    # the summary word for lists, and the facets it sums up (domain.incident)
    status: str = Field(max_length=20)
    resolution: str = Field(max_length=20)
    signage: str = Field(
        default="open", sa_column=Column(String(8), nullable=False, server_default="open")
    )
    requested_action: str | None = Field(default=None, max_length=32)
    # the full shelf claim and findings / the options the cashier was shown (canonical JSON)
    claim_json: str = Field(sa_column=Column(Text, nullable=False))
    options_json: str = Field(sa_column=Column(Text, nullable=False))
    detected_at: datetime = Field(sa_column=_ts())
    escalated_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    resolved_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    fixed_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    fixed_by: str | None = Field(default=None, max_length=32)
    # made at an offline register and delivered by sync: that register decides it
    synced: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )


class Decision(SQLModel, table=True):
    """What was done at the register about one incident (one row per incident)."""

    __tablename__ = "decisions"
    incident_id: str = Field(primary_key=True, foreign_key="incidents.id", max_length=36)
    store_id: str = Field(foreign_key="stores.id", max_length=32)
    action: str = Field(max_length=32)
    charge_minor: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    decided_by: str = Field(max_length=32)
    decided_at: datetime = Field(sa_column=_ts())
    approval: str | None = Field(default=None, max_length=16)  # approved|denied|timed_out
    approved_by: str | None = Field(default=None, max_length=32)
    approved_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    customer_outcome: str | None = Field(default=None, max_length=16)
    goodwill_minor: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    bonus_minor: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    note: str | None = Field(default=None, max_length=500)


class Event(SQLModel, table=True):
    """One journal entry. Append-only; ``hash`` chains it to the previous event of its
    ``chain`` (its incident's register's, or ``store`` for events journaled before 0015)."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("store_id", "chain", "seq", name="uq_events_chain_seq"),
        Index("ix_events_incident", "incident_id"),
    )
    id: str = Field(primary_key=True, max_length=36)
    store_id: str = Field(foreign_key="stores.id", max_length=32)
    seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    incident_id: str = Field(max_length=36)
    kind: str = Field(max_length=32)
    at: datetime = Field(sa_column=_ts())
    # canonical JSON of everything hashed except prev_hash
    body: str = Field(sa_column=Column(Text, nullable=False))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    # the offline register whose journal the event was born in (sync); None: made here
    origin: str | None = Field(default=None, max_length=32)
    #: the hash chain the event is on (``seq`` counts within it); see migration 0015
    chain: str = Field(
        default="store", sa_column=Column(String(64), nullable=False, server_default="store")
    )


class JournalDevice(SQLModel, table=True):
    """This database's own name (one row, made by migration 0014): the device its chains
    are born on. A file copied to another till keeps it, so two tills cloned from one
    image share a chain id, and the server sees their events as a fork."""

    __tablename__ = "journal_device"
    id: str = Field(primary_key=True, max_length=32)
    created_at: datetime = Field(sa_column=_ts())


class ChainLink(SQLModel, table=True):
    """One event of a register's chain as the register made it (design §6), kept by the
    server beside its own journal: ``hash`` is SHA-256 over ``prev_hash``, a newline and
    ``body``, exactly as at the till. Append-only, like events."""

    __tablename__ = "chain_links"
    __table_args__ = (UniqueConstraint("store_id", "event_id", name="uq_chain_links_event"),)
    store_id: str = Field(primary_key=True, foreign_key="stores.id", max_length=32)
    chain: str = Field(primary_key=True, max_length=64)
    seq: int = Field(sa_column=Column(BigInteger, primary_key=True, nullable=False))
    event_id: str = Field(max_length=36)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    body: str = Field(sa_column=Column(Text, nullable=False))
    received_at: datetime = Field(sa_column=_ts())


class IdempotencyKey(SQLModel, table=True):
    """The first answer to a POST sent with an ``Idempotency-Key``, per register.

    The key, the command's writes and ``status`` / ``response_body`` commit together
    (service/idempotency.py); rows are pruned by ``created_at`` after the retention.
    """

    __tablename__ = "idempotency_keys"
    __table_args__ = (Index("ix_idempotency_keys_created_at", "created_at"),)
    store_id: str = Field(primary_key=True, foreign_key="stores.id", max_length=32)
    # the column is named "register"; the attribute may not be (SQLModel has one)
    register_code: str = Field(
        sa_column=Column("register", String(32), primary_key=True, nullable=False)
    )
    key: str = Field(primary_key=True, max_length=200)
    request_sha256: str = Field(max_length=64)
    status: int | None = None
    response_body: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = Field(sa_column=_ts())


class SyncState(SQLModel, table=True):
    """What an offline register has delivered to one server: its last local ``seq`` per
    store and chain.

    Only the register's own (local) database uses it; ``posdisc sync`` sends the events
    after ``delivered_seq`` and moves it on once the server has answered 200.
    """

    __tablename__ = "sync_state"
    store_id: str = Field(primary_key=True, foreign_key="stores.id", max_length=32)
    server: str = Field(primary_key=True, max_length=200)
    chain: str = Field(
        default="store",
        sa_column=Column(String(64), primary_key=True, nullable=False, server_default="store"),
    )
    delivered_seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    delivered_event_id: str = Field(max_length=36)
    delivered_at: datetime = Field(sa_column=_ts())


class SubscriberCursor(SQLModel, table=True):
    """How far one subscriber has read one chain of a store's journal (design §10): its
    last ``seq`` there.

    Every event up to ``seq`` was delivered to the subscriber or handed to
    :class:`Delivery` (to retry, or parked); the worker reads on from ``seq + 1``.
    """

    __tablename__ = "subscriber_cursors"
    store_id: str = Field(primary_key=True, foreign_key="stores.id", max_length=32)
    subscriber: str = Field(primary_key=True, max_length=100)
    chain: str = Field(
        default="store",
        sa_column=Column(String(64), primary_key=True, nullable=False, server_default="store"),
    )
    seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    updated_at: datetime = Field(sa_column=_ts())


class Delivery(SQLModel, table=True):
    """An event a subscriber has not taken yet: ``due`` (to try at ``retry_at``) or
    ``parked`` (tried ``attempts`` times; waits for ``posdisc worker retry``).

    While an incident has a row here for a subscriber, its later events queue behind it,
    so each subscriber sees an incident's events in order.
    """

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_due", "subscriber", "state", "retry_at"),)
    store_id: str = Field(primary_key=True, foreign_key="stores.id", max_length=32)
    subscriber: str = Field(primary_key=True, max_length=100)
    event_id: str = Field(primary_key=True, max_length=36)
    seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    incident_id: str = Field(max_length=36)
    state: str = Field(max_length=8)
    attempts: int = Field(default=0)
    retry_at: datetime = Field(sa_column=_ts())
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    updated_at: datetime = Field(sa_column=_ts())


class WorkerLease(SQLModel, table=True):
    """Which worker process may run now: one active worker per database (design §10).

    A worker holds the lease by renewing ``expires_at``; one that dies loses it when that
    time passes, and another takes over. Chain-wide data (a reference table on Citus).
    """

    __tablename__ = "worker_leases"
    name: str = Field(primary_key=True, max_length=32)
    holder: str = Field(max_length=64)
    expires_at: datetime = Field(sa_column=_ts())


class SyncQuarantine(SQLModel, table=True):
    """A synced event the server refused to apply (design §6): not in the journal, kept
    with its reason until a retry applies it.

    ``item_json`` is the event and its incident's snapshot as the register sent them, so
    ``posdisc sync quarantine retry`` can run intake again once the cause is fixed.
    ``waits_for`` names the quarantined event of the same incident this one queues behind.
    """

    __tablename__ = "sync_quarantine"
    __table_args__ = (
        Index("ix_sync_quarantine_incident", "store_id", "incident_id"),
        Index("ix_sync_quarantine_store_time", "store_id", "quarantined_at"),
    )
    store_id: str = Field(primary_key=True, foreign_key="stores.id", max_length=32)
    event_id: str = Field(primary_key=True, max_length=36)
    register_id: str = Field(max_length=32)
    incident_id: str = Field(max_length=36)
    seq: int = Field(sa_column=Column(BigInteger, nullable=False))  # the register's local seq
    kind: str = Field(max_length=32)
    at: datetime = Field(sa_column=_ts())  # the event's time, as the register stamped it
    reason: str = Field(sa_column=Column(Text, nullable=False))
    field: str | None = Field(default=None, max_length=200)
    waits_for: str | None = Field(default=None, max_length=36)
    # the till chain the event was sent on (None: an older till that sends no links)
    chain: str | None = Field(default=None, max_length=64)
    item_json: str = Field(sa_column=Column(Text, nullable=False))
    attempts: int = Field(default=1)
    quarantined_at: datetime = Field(sa_column=_ts())
    retried_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class ScanCount(SQLModel, table=True):
    """How many items were scanned on one day, by one register or (``""``) the whole store."""

    __tablename__ = "scan_counts"
    store_id: str = Field(primary_key=True, foreign_key="stores.id", max_length=32)
    day: date = Field(primary_key=True)
    register_id: str = Field(primary_key=True, max_length=32)
    scans: int = Field(sa_column=Column(BigInteger, nullable=False))
    recorded_at: datetime = Field(sa_column=_ts())


class Audit(SQLModel, table=True):
    """A self-audit in the inspector's style (docs/outcomes.md): the sample's seed and
    strata. A projection of its ``audit_*`` journal events."""

    __tablename__ = "audits"
    store_id: str = Field(primary_key=True, foreign_key="stores.id", max_length=32)
    id: str = Field(primary_key=True, max_length=36)
    seed: int = Field(sa_column=Column(BigInteger, nullable=False))
    size: int
    items_in_file: int
    currency: str = Field(max_length=3)
    strata_json: str = Field(sa_column=Column(Text, nullable=False))
    started_at: datetime = Field(sa_column=_ts())
    started_by: str = Field(max_length=32)
    scored_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    scored_by: str | None = Field(default=None, max_length=32)


class AuditItem(SQLModel, table=True):
    """One sampled item of an audit and what was found at the shelf and the register."""

    __tablename__ = "audit_items"
    __table_args__ = (
        ForeignKeyConstraint(
            ["store_id", "audit_id"], ["audits.store_id", "audits.id"], name="fk_audit_items_audit"
        ),
    )
    store_id: str = Field(primary_key=True, foreign_key="stores.id", max_length=32)
    audit_id: str = Field(primary_key=True, max_length=36)
    sku: str = Field(primary_key=True, max_length=40)
    position: int
    description: str = Field(default="", max_length=200)
    aisle: str = Field(default="", max_length=64)
    system_price_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    shelf_price_minor: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    scanned_price_minor: int | None = Field(
        default=None, sa_column=Column(BigInteger, nullable=True)
    )
    checked_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    checked_by: str | None = Field(default=None, max_length=32)

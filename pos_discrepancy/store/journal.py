"""The tamper-evident journal: append events to a per-store SHA-256 chain, verify it.

Each event's ``body`` is the canonical JSON of everything about it (id, store, seq,
incident, kind, time, data). Its ``hash`` is SHA-256 over the previous event's hash, a
newline and the body. Editing a body, deleting or inserting an event, or reordering
events breaks the chain in a way :func:`verify_journal` names. Events are only ever
inserted: this module has no update or delete, and the database refuses both (trigger).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, insert, select

from ..ids import uuid7
from ..money import Money
from .tables import Event, Incident, Store

GENESIS_HASH = "0" * 64
EVENTS = Event.__table__  # type: ignore[attr-defined]
INCIDENTS = Incident.__table__  # type: ignore[attr-defined]
STORES = Store.__table__  # type: ignore[attr-defined]

# Built once: the register path runs these on every incident.
_HEAD = (
    select(EVENTS.c.seq, EVENTS.c.hash)
    .where(EVENTS.c.store_id == bindparam("store_id"))
    .order_by(EVENTS.c.seq.desc())
    .limit(1)
)
_LOCK_STORE = select(STORES.c.id).where(STORES.c.id == bindparam("store_id")).with_for_update()
_INSERT = insert(EVENTS)


def _plain(value: Any) -> Any:
    if isinstance(value, Money | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, frozenset | set):
        return sorted(value)
    raise TypeError(f"cannot journal a {type(value).__name__}")


def canonical_json(data: Any) -> str:
    """The one encoding that is hashed: sorted keys, no spaces, UTF-8, money as text."""
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain
    )


def chain_hash(prev_hash: str, body: str) -> str:
    """SHA-256 over the previous hash, a newline and the canonical body."""
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """An event as appended."""

    id: str
    store_id: str
    seq: int
    incident_id: str
    kind: str
    at: datetime
    data: dict[str, Any]
    hash: str


def append_event(
    connection: Connection,
    *,
    store_id: str,
    incident_id: str,
    kind: str,
    at: datetime,
    data: dict[str, Any],
) -> JournalEntry:
    """Append one event inside the caller's transaction and return it.

    On PostgreSQL the store row is locked first so concurrent writers of one store queue
    up; on SQLite the caller's ``BEGIN IMMEDIATE`` already holds the write lock.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(_LOCK_STORE, {"store_id": store_id})
    head = connection.execute(_HEAD, {"store_id": store_id}).first()
    seq, prev_hash = (head[0] + 1, head[1]) if head else (1, GENESIS_HASH)
    event_id = uuid7()
    body = canonical_json(
        {
            "id": event_id,
            "store": store_id,
            "seq": seq,
            "incident": incident_id,
            "kind": kind,
            "at": at,
            "data": data,
        }
    )
    digest = chain_hash(prev_hash, body)
    connection.execute(
        _INSERT,
        {
            "id": event_id,
            "store_id": store_id,
            "seq": seq,
            "incident_id": incident_id,
            "kind": kind,
            "at": at,
            "body": body,
            "prev_hash": prev_hash,
            "hash": digest,
        },
    )
    return JournalEntry(
        event_id, store_id, seq, incident_id, kind, at, json.loads(body)["data"], digest
    )


@dataclass(frozen=True, slots=True)
class JournalProblem:
    """The first broken place found in one store's journal."""

    store_id: str
    seq: int | None
    event_id: str | None
    problem: str  # edited | gap | chain_broken | incident_mismatch
    message: str


@dataclass
class VerifyReport:
    """What :func:`verify_journal` found: events checked per store, and problems."""

    events_checked: dict[str, int] = field(default_factory=dict)
    problems: list[JournalProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every chain and every incident agrees."""
        return not self.problems


def verify_journal(
    engine: Engine, store_id: str | None = None, *, batch_size: int = 5000
) -> VerifyReport:
    """Check every event's hash, sequence and link, and each incident against its events.

    Streams rows (never loads a journal into memory) and reports the first broken event
    per store.
    """
    report = VerifyReport()
    last_status: dict[str, tuple[str, str]] = {}  # incident -> (store, status)
    query = select(
        EVENTS.c.id,
        EVENTS.c.store_id,
        EVENTS.c.seq,
        EVENTS.c.incident_id,
        EVENTS.c.kind,
        EVENTS.c.body,
        EVENTS.c.prev_hash,
        EVENTS.c.hash,
    )
    if store_id is not None:
        query = query.where(EVENTS.c.store_id == store_id)
    query = query.order_by(EVENTS.c.store_id, EVENTS.c.seq)
    broken: set[str] = set()
    with engine.connect() as connection:
        rows = connection.execution_options(yield_per=batch_size).execute(query)
        current, expected_seq, prev_hash = None, 1, GENESIS_HASH
        for row in rows:
            if row.store_id != current:
                current, expected_seq, prev_hash = row.store_id, 1, GENESIS_HASH
                report.events_checked[current] = 0
            if current in broken:
                continue
            report.events_checked[current] += 1
            problem = _check_event(row, expected_seq, prev_hash)
            if problem is not None:
                report.problems.append(problem)
                broken.add(current)
                continue
            status = json.loads(row.body)["data"].get("status")
            if status is not None:
                last_status[row.incident_id] = (row.store_id, status)
            expected_seq, prev_hash = row.seq + 1, row.hash
        report.problems.extend(
            _check_incidents(connection, last_status, store_id, broken, batch_size)
        )
    return report


def _check_event(row: Any, expected_seq: int, prev_hash: str) -> JournalProblem | None:
    def problem(kind: str, message: str) -> JournalProblem:
        return JournalProblem(row.store_id, row.seq, row.id, kind, message)

    if row.seq > expected_seq:
        return problem(
            "gap",
            f"event {expected_seq} is missing (deleted?): the journal "
            f"jumps from {expected_seq - 1} to {row.seq}",
        )
    try:
        body = json.loads(row.body)
    except ValueError:
        return problem("edited", f"event {row.seq}: its record is not valid JSON")
    if not isinstance(body, dict):
        return problem("edited", f"event {row.seq}: its record is not an object")
    for column, key in (
        ("id", "id"),
        ("store_id", "store"),
        ("seq", "seq"),
        ("incident_id", "incident"),
        ("kind", "kind"),
    ):
        if body.get(key) != getattr(row, column):
            return problem(
                "edited",
                f"event {row.seq}: column {column} differs from the "
                f"hashed record (edited or reordered)",
            )
    if row.prev_hash != prev_hash:
        return problem(
            "chain_broken",
            f"event {row.seq}: does not link to event "
            f"{row.seq - 1} (inserted, reordered or replaced)",
        )
    if chain_hash(row.prev_hash, row.body) != row.hash:
        return problem("edited", f"event {row.seq}: its content does not match its hash (edited)")
    return None


def _check_incidents(
    connection: Connection,
    last_status: dict[str, tuple[str, str]],
    store_id: str | None,
    broken: Iterable[str],
    batch_size: int,
) -> list[JournalProblem]:
    """Every incident's status must be the status its last event recorded."""
    skip = set(broken)
    query = select(INCIDENTS.c.id, INCIDENTS.c.store_id, INCIDENTS.c.status)
    if store_id is not None:
        query = query.where(INCIDENTS.c.store_id == store_id)
    problems: dict[str, JournalProblem] = {}
    rows = connection.execution_options(yield_per=batch_size).execute(
        query.order_by(INCIDENTS.c.store_id, INCIDENTS.c.id)
    )
    for row in rows:
        if row.store_id in skip or row.store_id in problems:
            continue
        recorded = last_status.get(row.id)
        if recorded is None or recorded[1] != row.status:
            said = recorded[1] if recorded else "nothing"
            problems[row.store_id] = JournalProblem(
                row.store_id,
                None,
                None,
                "incident_mismatch",
                f"incident {row.id} is {row.status!r} but the journal says {said!r} "
                f"(events removed from the end, or the incident row edited)",
            )
    return list(problems.values())

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
from .engine import READ_ONLY
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
# FOR NO KEY UPDATE: it queues writers of one store behind each other, yet does not
# conflict with the KEY SHARE lock the incident's foreign key takes on the same row
# (plain FOR UPDATE would, and two registers would deadlock).
_LOCK_STORE = (
    select(STORES.c.id).where(STORES.c.id == bindparam("store_id")).with_for_update(key_share=True)
)
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
    """The first broken place found in one store's journal.

    ``problem`` is one of ``edited`` (an event's content or hash changed), ``gap`` (an
    event deleted), ``reordered`` (an event sits at another place than it was hashed
    for), ``inserted`` (an event slipped into the chain), ``chain_broken`` (an event
    does not link to the one before it) and ``incident_mismatch`` (an incident row
    disagrees with its events: events removed from the end, or the row edited).
    """

    store_id: str
    seq: int | None
    event_id: str | None
    problem: str
    message: str


@dataclass
class VerifyReport:
    """What :func:`verify_journal` found: events checked per store, and problems.

    ``heads`` holds each intact store's last ``(seq, hash)``: write it down somewhere
    else (a report, a ticket) and a later rewrite of the whole chain shows up too.
    """

    events_checked: dict[str, int] = field(default_factory=dict)
    problems: list[JournalProblem] = field(default_factory=list)
    heads: dict[str, tuple[int, str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when every chain and every incident agrees."""
        return not self.problems


#: Facts of the ``detected`` event that must still match the incident row.
INCIDENT_FACTS = ("register", "cashier", "sku", "currency", "quantity", "direction")
INCIDENT_MONEY = ("shelf_price", "scanned_price", "difference", "line_difference")


@dataclass(slots=True)
class _Seen:
    """What the journal says about one incident (kept small: one per incident)."""

    store_id: str
    status: str | None = None
    facts: int | None = None  # hash() of the detected event's facts


@dataclass(slots=True)
class _Link:
    """The previous event in a store's chain, as needed to judge the next one."""

    seq: int = 0
    event_id: str | None = None
    prev_hash: str | None = None
    hash: str = GENESIS_HASH


def verify_journal(
    engine: Engine, store_id: str | None = None, *, batch_size: int = 5000
) -> VerifyReport:
    """Check every event's hash, sequence and link, and each incident against its events.

    Streams rows (never loads a journal into memory) and reports the first broken event
    per store. On SQLite the read runs in a deferred transaction, so registers keep
    writing while a long journal is verified.
    """
    report = VerifyReport()
    seen: dict[str, _Seen] = {}
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
        connection.execution_options(**READ_ONLY)
        rows = connection.execution_options(yield_per=batch_size).execute(query)
        current, link = None, _Link()
        for row in rows:
            if row.store_id != current:
                if current is not None and current not in broken:
                    report.heads[current] = (link.seq, link.hash)
                current, link = row.store_id, _Link()
                report.events_checked[current] = 0
            if current in broken:
                continue
            report.events_checked[current] += 1
            problem, body = _check_event(row, link)
            if problem is not None:
                report.problems.append(problem)
                broken.add(current)
                continue
            _remember(seen, row, body)
            link = _Link(row.seq, row.id, row.prev_hash, row.hash)
        if current is not None and current not in broken:
            report.heads[current] = (link.seq, link.hash)
        report.problems.extend(_check_incidents(connection, seen, store_id, broken, batch_size))
    for problem in report.problems:  # a store with a problem has no trustworthy head
        report.heads.pop(problem.store_id, None)
    return report


def _remember(seen: dict[str, _Seen], row: Any, body: dict[str, Any]) -> None:
    data = body.get("data")
    if not isinstance(data, dict):
        data = {}
    incident = seen.get(row.incident_id)
    if incident is None:
        incident = seen[row.incident_id] = _Seen(row.store_id)
    if "status" in data:
        incident.status = data["status"]
    if row.kind == "detected":
        incident.facts = _facts_digest(
            [data.get(k) for k in INCIDENT_FACTS], [data.get(k) for k in INCIDENT_MONEY]
        )


def _facts_digest(facts: list[Any], money: list[Any]) -> int:
    return hash((*(str(f) for f in facts), *(str(m) for m in money)))


def _check_event(row: Any, link: _Link) -> tuple[JournalProblem | None, dict[str, Any]]:
    def problem(kind: str, message: str, seq: int = row.seq, event_id: str = row.id) -> Any:
        return JournalProblem(row.store_id, seq, event_id, kind, message), {}

    expected_seq = link.seq + 1
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
        ("incident_id", "incident"),
        ("kind", "kind"),
    ):
        if body.get(key) != getattr(row, column):
            return problem(
                "edited", f"event {row.seq}: column {column} differs from the hashed record"
            )
    if body.get("seq") != row.seq:
        if body.get("seq") == row.seq - 1 and link.prev_hash == row.prev_hash:
            # This event was hashed as the previous one and links to what the previous
            # event links to: the previous event was slipped in before it.
            return problem(
                "inserted",
                f"event {link.seq} was inserted: event {row.seq} was recorded as "
                f"{row.seq - 1} and links past it",
                seq=link.seq,
                event_id=link.event_id,  # type: ignore[arg-type]
            )
        return problem(
            "reordered",
            f"event {row.seq}: was recorded as event {body.get('seq')} (events reordered, "
            "or renumbered after a deletion)",
        )
    if row.prev_hash != link.hash:
        return problem(
            "chain_broken",
            f"event {row.seq}: does not link to event {link.seq} (one of them was "
            "replaced or re-hashed after an edit, or the chain was spliced)",
        )
    if chain_hash(row.prev_hash, row.body) != row.hash:
        return problem("edited", f"event {row.seq}: its content does not match its hash (edited)")
    return None, body


def _check_incidents(
    connection: Connection,
    seen: dict[str, _Seen],
    store_id: str | None,
    broken: Iterable[str],
    batch_size: int,
) -> list[JournalProblem]:
    """Every incident must match its events: status now, and the facts first recorded."""
    skip = set(broken)
    columns = [INCIDENTS.c[f"{m}_minor"] for m in INCIDENT_MONEY]
    query = select(
        INCIDENTS.c.id,
        INCIDENTS.c.store_id,
        INCIDENTS.c.status,
        INCIDENTS.c.register_id,
        *(INCIDENTS.c[f] for f in INCIDENT_FACTS if f != "register"),
        *columns,
    )
    if store_id is not None:
        query = query.where(INCIDENTS.c.store_id == store_id)
    problems: dict[str, JournalProblem] = {}

    def mismatch(store: str, message: str) -> None:
        problems.setdefault(store, JournalProblem(store, None, None, "incident_mismatch", message))

    rows = connection.execution_options(yield_per=batch_size).execute(
        query.order_by(INCIDENTS.c.store_id, INCIDENTS.c.id)
    )
    for row in rows:
        if row.store_id in skip or row.store_id in problems:
            continue
        recorded = seen.pop(row.id, None)
        said = recorded.status if recorded else None
        if said != row.status:
            mismatch(
                row.store_id,
                f"incident {row.id} is {row.status!r} but the journal says {said or 'nothing'!r} "
                "(events removed from the end, or the incident row edited)",
            )
            continue
        facts = [row.register_id, *(getattr(row, f) for f in INCIDENT_FACTS[1:])]
        money = [Money.from_minor(getattr(row, c.name), row.currency) for c in columns]
        if recorded is not None and recorded.facts != _facts_digest(facts, money):
            mismatch(
                row.store_id,
                f"incident {row.id}: its prices or details differ from its detected event "
                "(the incident row was edited)",
            )
    for incident_id, recorded in seen.items():
        if recorded.store_id not in skip and recorded.store_id not in problems:
            mismatch(
                recorded.store_id,
                f"the journal has events for incident {incident_id}, which does not exist "
                "(a forged event, or the incident row deleted)",
            )
    return list(problems.values())

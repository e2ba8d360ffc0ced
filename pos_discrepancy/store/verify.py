"""Verifying the journal: every chain link, every hash, and incidents against events.

:func:`verify_journal` streams a store's events in ``seq`` order and names the first
broken one; then it checks each incident row against what its events recorded.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, select

from ..money import Money
from .engine import READ_ONLY
from .journal import EVENTS, GENESIS_HASH, INCIDENTS, chain_hash


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

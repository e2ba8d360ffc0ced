"""Verifying the journal: every chain link, every hash, and incidents against events.

:func:`verify_journal` streams a store's events in ``seq`` order and names the first
broken one; then it checks each incident row against what its events recorded.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine, select

from ..money import CURRENCY_DIGITS
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


_RESOLUTIONS = frozenset({"detected", "awaiting_approval", "honored", "declined"})


@dataclass(slots=True)
class _Seen:
    """What the journal says about one incident (kept small: one per incident)."""

    store_id: str
    resolution: str | None = None
    fixed: bool = False
    said: str | None = None  # the status the last event recorded
    said_by_register: bool = False  # that event came from an offline register (sync)
    facts: int | None = None  # hash() of the detected event's facts

    @property
    def status(self) -> str | None:
        """The summary status the facets imply (domain.incident.summary_status)."""
        if self.fixed and self.resolution in ("honored", "declined"):
            return "signage_fixed"
        return self.resolution

    @property
    def expected_status(self) -> str | None:
        """The status the row must have: what the last event recorded, or — when that event
        came from an offline register, which states its own view (the server may have
        fixed the tag meanwhile) — the summary of the facets."""
        return self.status if self.said_by_register else self.said

    @property
    def signage(self) -> str:
        """``fixed`` once a fix event was journaled."""
        return "fixed" if self.fixed else "open"


@dataclass(frozen=True, slots=True)
class _Event:
    """One ``events`` row as read for verification."""

    id: str
    store_id: str
    seq: int
    incident_id: str
    kind: str
    body: str
    prev_hash: str
    hash: str


@dataclass(slots=True)
class _Link:
    """The previous event in a store's chain, as needed to judge the next one."""

    seq: int = 0
    event_id: str | None = None
    prev_hash: str | None = None
    hash: str = GENESIS_HASH


_EVENT_COLUMNS = [
    EVENTS.c.id,
    EVENTS.c.store_id,
    EVENTS.c.seq,
    EVENTS.c.incident_id,
    EVENTS.c.kind,
    EVENTS.c.body,
    EVENTS.c.prev_hash,
    EVENTS.c.hash,
]


def verify_journal(
    engine: Engine, store_id: str | None = None, *, batch_size: int = 5000
) -> VerifyReport:
    """Check every event's hash, sequence and link, and each incident against its events.

    Streams rows (never loads a journal into memory) and reports the first broken event
    per store. Both reads see one snapshot (REPEATABLE READ on PostgreSQL; one deferred
    transaction on SQLite, which also lets registers keep writing meanwhile).
    """
    report = VerifyReport()
    seen: dict[str, _Seen] = {}
    query = select(*_EVENT_COLUMNS)
    if store_id is not None:
        query = query.where(EVENTS.c.store_id == store_id)
    query = query.order_by(EVENTS.c.store_id, EVENTS.c.seq)
    broken: set[str] = set()
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execution_options(isolation_level="REPEATABLE READ")
        connection.execution_options(**READ_ONLY)
        rows = connection.execution_options(yield_per=batch_size).execute(query)
        current: str | None = None
        link_seq, link_id, link_prev, link_hash = 0, None, None, GENESIS_HASH
        checked = 0
        for event_id, row_store, seq, incident_id, kind, body_text, prev_hash, digest in rows:
            if row_store != current:
                if current is not None:
                    report.events_checked[current] = checked
                    if current not in broken:
                        report.heads[current] = (link_seq, link_hash)
                current, checked = row_store, 0
                link_seq, link_id, link_prev, link_hash = 0, None, None, GENESIS_HASH
            if current in broken:
                continue
            checked += 1
            body = _load(body_text)
            if (
                body is None
                or seq != link_seq + 1
                or prev_hash != link_hash
                or body.get("seq") != seq
                or body.get("id") != event_id
                or body.get("store") != row_store
                or body.get("incident") != incident_id
                or body.get("kind") != kind
                or chain_hash(prev_hash, body_text) != digest
            ):
                event = _Event(
                    event_id, row_store, seq, incident_id, kind, body_text, prev_hash, digest
                )
                report.problems.append(
                    _diagnose(event, body, _Link(link_seq, link_id, link_prev, link_hash))
                )
                broken.add(row_store)
                continue
            _remember(seen, row_store, incident_id, kind, body)
            link_seq, link_id, link_prev, link_hash = seq, event_id, prev_hash, digest
        if current is not None:
            report.events_checked[current] = checked
            if current not in broken:
                report.heads[current] = (link_seq, link_hash)
        report.problems.extend(_check_incidents(connection, seen, store_id, broken, batch_size))
    for problem in report.problems:  # a store with a problem has no trustworthy head
        report.heads.pop(problem.store_id, None)
    return report


def _load(body_text: str) -> dict[str, Any] | None:
    try:
        body = json.loads(body_text)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _remember(
    seen: dict[str, _Seen], store_id: str, incident_id: str, kind: str, body: dict[str, Any]
) -> None:
    data = body.get("data")
    if not isinstance(data, dict):
        data = {}
    incident = seen.get(incident_id)
    if incident is None:
        incident = seen[incident_id] = _Seen(store_id)
    if "status" in data:
        incident.said = data["status"]
        incident.said_by_register = "synced_from" in data
    said = data.get("resolution", data.get("status"))
    if kind == "signage_fixed" or data.get("status") == "signage_fixed":
        incident.fixed = True
    if kind != "signage_fixed" and said in _RESOLUTIONS:
        incident.resolution = said
    if kind == "detected":
        incident.facts = _facts_digest(
            [data.get(k) for k in INCIDENT_FACTS], [data.get(k) for k in INCIDENT_MONEY]
        )


def _facts_digest(facts: list[Any], money: list[Any]) -> int:
    return hash((*(str(f) for f in facts), *(str(m) for m in money)))


def _diagnose(row: _Event, body: dict[str, Any] | None, link: _Link) -> JournalProblem:
    """Name what is wrong with an event that failed the quick checks."""

    def problem(kind: str, message: str, seq: int = row.seq, event_id: str = row.id) -> Any:
        return JournalProblem(row.store_id, seq, event_id, kind, message)

    expected_seq = link.seq + 1
    if row.seq > expected_seq:
        return problem(
            "gap",
            f"event {expected_seq} is missing (deleted?): the journal "
            f"jumps from {expected_seq - 1} to {row.seq}",
        )
    if body is None:
        return problem("edited", f"event {row.seq}: its record is not a JSON object")
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
    return problem("edited", f"event {row.seq}: its content does not match its hash (edited)")


def _money_text(minor: int, currency: str) -> str:
    # What str(Money.from_minor(minor, currency)) gives, without the checks (hot loop).
    return str(Decimal(minor).scaleb(-CURRENCY_DIGITS.get(currency, 2)))


def _check_incidents(
    connection: Connection,
    seen: dict[str, _Seen],
    store_id: str | None,
    broken: Iterable[str],
    batch_size: int,
) -> list[JournalProblem]:
    """Every incident must match its events: status now, and the facts first recorded."""
    skip = set(broken)
    query = select(
        INCIDENTS.c.id,
        INCIDENTS.c.store_id,
        INCIDENTS.c.status,
        INCIDENTS.c.resolution,
        INCIDENTS.c.signage,
        INCIDENTS.c.register_id,
        *(INCIDENTS.c[f] for f in INCIDENT_FACTS[1:]),
        *(INCIDENTS.c[f"{m}_minor"] for m in INCIDENT_MONEY),
    )
    if store_id is not None:
        query = query.where(INCIDENTS.c.store_id == store_id)
    problems: dict[str, JournalProblem] = {}

    def mismatch(store: str, message: str) -> None:
        problems.setdefault(store, JournalProblem(store, None, None, "incident_mismatch", message))

    rows = connection.execution_options(yield_per=batch_size).execute(
        query.order_by(INCIDENTS.c.store_id, INCIDENTS.c.id)
    )
    facts_at = 5  # id, store, status, resolution, signage come first
    facts_end = facts_at + len(INCIDENT_FACTS)
    currency_at = facts_at + INCIDENT_FACTS.index("currency")
    for row in rows:
        incident_id, row_store, status, resolution, signage = row[:facts_at]
        if row_store in skip or row_store in problems:
            continue
        recorded = seen.pop(incident_id, None)
        said = None if recorded is None else recorded.expected_status
        if said != status:
            mismatch(
                row_store,
                f"incident {incident_id} is {status!r} but the journal says "
                f"{said or 'nothing'!r} (events removed from the end, or the incident row "
                "edited)",
            )
            continue
        if recorded is not None and (resolution, signage) != (
            recorded.resolution,
            recorded.signage,
        ):
            mismatch(
                row_store,
                f"incident {incident_id} is {resolution!r} with its tag {signage!r}, but the "
                f"journal says {recorded.resolution!r} with its tag {recorded.signage!r} "
                "(the incident row edited)",
            )
            continue
        currency = row[currency_at]
        money = [_money_text(minor, currency) for minor in row[facts_end:]]
        facts = list(row[facts_at:facts_end])
        if recorded is not None and recorded.facts != _facts_digest(facts, money):
            mismatch(
                row_store,
                f"incident {incident_id}: its prices or details differ from its detected "
                "event (the incident row was edited)",
            )
    for incident_id, recorded in seen.items():
        if recorded.store_id not in skip and recorded.store_id not in problems:
            mismatch(
                recorded.store_id,
                f"the journal has events for incident {incident_id}, which does not exist "
                "(a forged event, or the incident row deleted)",
            )
    return list(problems.values())

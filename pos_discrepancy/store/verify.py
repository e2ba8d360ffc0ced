"""Verifying the journal: every chain link and hash, the anchors, and every row.

:func:`verify_journal` reads one snapshot and reports every problem it finds, up to
:data:`MAX_PROBLEMS_PER_STORE` per store (the rest are counted):

1. **the chains** — events in ``seq`` order per chain of each store (the chain ``store``
   and one per register, :mod:`.journal`): each event's sequence, its link
   to the one before, the columns its hashed record names, and its SHA-256 hash. A
   broken stretch is one problem (diagnosed as ``edited``, ``gap``, ``reordered``,
   ``inserted`` or ``chain_broken``); checking goes on after it. Anchors (heads written
   down earlier, see :class:`pos_discrepancy.views.JournalHead`) are compared on the way.
2. **the rows** (:mod:`.verify_rows`) — incidents, with their decision, in batches:
   each incident's events are folded by :class:`.projection.Projection` into the rows
   they imply, and every column of ``incidents`` and ``decisions`` is compared with it.
3. **strays** (:mod:`.verify_rows`) — events whose incident has no row, decisions whose
   incident has none; then the till chains (:mod:`.verify_links`) and the self-audits
   (:mod:`.verify_audits`).

Each body is read once (issue 13): the row pass, which reads every event to fold it,
runs first and judges each event on its own as well (hash and record,
:mod:`.verify_events`); the chain pass then reads the events without their bodies and
judges their places and links. Problems are listed in the order above all the same.

What this cannot see, and what anchoring adds: docs/reliability.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from ..views import STORE_CHAIN, JournalHead
from .chain_links import TILL_PREFIX
from .engine import READ_ONLY
from .journal import EVENTS, GENESIS_HASH, load_record
from .verify_audits import check_audits
from .verify_events import EVENT_COLUMNS, Event, differing_column, event_verifies
from .verify_links import check_links
from .verify_raw import typed
from .verify_report import (
    MAX_PROBLEMS_PER_STORE,
    PROBLEM_KINDS,
    JournalProblem,
    VerifyReport,
    anchor_problem,
    unreached_anchor,
)
from .verify_rows import SelfChecked, check_rows, check_strays


@dataclass(slots=True)
class _Link:
    """The previous event in a chain, as needed to judge the next one."""

    seq: int = 0
    event_id: str | None = None
    prev_hash: str | None = None
    hash: str = GENESIS_HASH


def verify_journal(
    engine: Engine,
    store_id: str | None = None,
    *,
    anchor: Iterable[JournalHead] = (),
    batch_size: int = 5000,
) -> VerifyReport:
    """Check every chain, every anchor in ``anchor`` and every incident and decision row.

    Streams rows (never loads a journal into memory). All passes read one snapshot
    (REPEATABLE READ on PostgreSQL; one deferred transaction on SQLite, which lets
    registers keep writing meanwhile). Anchors of stores other than ``store_id`` (when
    given) are skipped.
    """
    report = VerifyReport()
    anchors = sorted(
        {a for a in anchor if store_id is None or a.store.upper() == store_id.upper()},
        key=lambda a: (a.store, a.chain, a.seq, a.hash),
    )
    report.anchors_checked = len(anchors)
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execution_options(isolation_level="REPEATABLE READ")
        connection.execution_options(**READ_ONLY)
        rows = _Deferred()  # the rows' problems are listed after the chains'
        checked: SelfChecked | None = check_rows(connection, rows, store_id, batch_size)
        if (
            checked is None
            or checked.failed is None
            or checked.events != _count(connection, store_id)
        ):
            checked = None  # too many failed, or not every event judged: judge them here
        _check_chains(connection, report, store_id, anchors, batch_size, checked)
        check_links(connection, report, store_id, anchors, batch_size)
        for problem in rows.problems:
            report.add(problem)
        check_strays(connection, report, store_id)
        check_audits(connection, report, store_id)
    untrusted = {problem.store_id for problem in report.problems} | set(report.omitted)
    for heads in (report.heads, report.link_heads):  # a store with a problem has no
        for key in [key for key in heads if key[0] in untrusted]:  # trustworthy head
            del heads[key]
    report.problems.sort(key=lambda p: p.store_id)  # stable: each pass's order kept
    return report


class _Deferred(VerifyReport):
    """Problems kept in order to be added to the report later (limits apply then)."""

    def add(self, problem: JournalProblem) -> int | None:
        self.problems.append(problem)
        return None


def _count(connection: Connection, store_id: str | None) -> int:
    """How many events the chain pass walks."""
    query = select(func.count()).select_from(EVENTS)
    if store_id is not None:
        query = query.where(EVENTS.c.store_id == store_id)
    return int(connection.execute(query).scalar_one())


# --- 1. the chains ---------------------------------------------------------------------


#: The events of the chains, without their bodies (see :func:`_check_chains`).
_LINK_COLUMNS = [
    EVENTS.c.id,
    EVENTS.c.store_id,
    EVENTS.c.chain,
    EVENTS.c.seq,
    EVENTS.c.incident_id,
    EVENTS.c.prev_hash,
    EVENTS.c.hash,
]


def _check_chains(
    connection: Connection,
    report: VerifyReport,
    store_id: str | None,
    anchors: Sequence[JournalHead],
    batch_size: int,
    checked: SelfChecked | None = None,
) -> None:
    """Walk every chain of every store, comparing the anchors on the way.

    ``checked`` holds the verdict of the row pass on each event on its own (its hash and
    record, :func:`.verify_events.event_verifies`); then only each event's place and link
    are judged here and its body is not read again. Without it, bodies are read and each
    event is judged whole here.
    """
    waiting: dict[tuple[str, str, int], list[JournalHead]] = defaultdict(list)
    for head in anchors:
        if not head.chain.startswith(TILL_PREFIX):
            waiting[(head.store.upper(), head.chain, head.seq)].append(head)
    query = select(*(EVENT_COLUMNS if checked is None else _LINK_COLUMNS))
    if store_id is not None:
        query = query.where(EVENTS.c.store_id == store_id)
    rows = connection.execution_options(yield_per=batch_size).execute(
        query.order_by(EVENTS.c.store_id, EVENTS.c.chain, EVENTS.c.seq)
    )
    typed_at = typed(connection, EVENTS.c.at)
    failed = None if checked is None else checked.failed
    ends: dict[tuple[str, str], int] = {}
    current: tuple[str, str] | None = None
    upper = ""
    link = _Link()
    run: list[Any] | None = None  # the open broken stretch: [problem index, events]

    def close(chain: tuple[str, str] | None) -> None:
        if chain is None:
            return
        _end_run(report, run)
        ends[chain] = link.seq
        report.heads[chain] = (link.seq, link.hash)

    for row in rows:
        if (row.store_id, row.chain) != current:
            close(current)
            current, upper, link, run = (
                (row.store_id, row.chain),
                row.store_id.upper(),
                _Link(),
                None,
            )
            report.events_checked.setdefault(row.store_id, 0)
        report.events_checked[row.store_id] += 1
        if (
            row.seq == link.seq + 1
            and row.prev_hash == link.hash
            and (
                row.id not in failed
                if failed is not None
                else event_verifies(Event(*row), typed_at)
            )
        ):
            if run is not None:
                _end_run(report, run)
                run = None
        elif run is None:
            event = _read_event(connection, row) if failed is not None else Event(*row)
            event = replace(event, at=typed_at(event.at))
            run = [report.add(_diagnose(event, load_record(event.body), link)), 1]
        else:
            run[1] += 1
        if waiting:
            for head in waiting.pop((upper, row.chain, row.seq), ()):
                if head.hash != row.hash:
                    report.add(anchor_problem(row.store_id, head, "anchor_differs", row))
        link = _Link(row.seq, row.id, row.prev_hash, row.hash)
    close(current)
    stores = {store.upper(): store for store, _ in ends}
    for heads in waiting.values():  # anchors no event reached
        for head in heads:
            store = stores.get(head.store.upper(), head.store)
            report.add(unreached_anchor(store, head, ends.get((store, head.chain))))


def _read_event(connection: Connection, row: Any) -> Event:
    """The whole event of a chain row (to diagnose it); ``first``: a forger who dropped
    the unique constraints may have made two alike."""
    query = select(*EVENT_COLUMNS).where(
        EVENTS.c.id == row.id,
        EVENTS.c.store_id == row.store_id,
        EVENTS.c.chain == row.chain,
        EVENTS.c.seq == row.seq,
        EVENTS.c.prev_hash == row.prev_hash,
        EVENTS.c.hash == row.hash,
    )
    return Event(*connection.execute(query).first())  # type: ignore[misc]


def _end_run(report: VerifyReport, run: list[Any] | None) -> None:
    """Close a broken stretch: say how many events after its first failed too."""
    if run is None or run[0] is None or run[1] < 2:
        return
    problem = report.problems[run[0]]
    more = run[1] - 1
    report.problems[run[0]] = replace(
        problem,
        message=f"{problem.message}; the {more} event{'s' if more > 1 else ''} after it "
        "do not verify either",
    )


def _diagnose(row: Event, body: dict[str, Any] | None, link: _Link) -> JournalProblem:
    """Name what is wrong with an event that failed the quick checks."""

    def problem(kind: str, message: str, seq: int = row.seq, event_id: str = row.id) -> Any:
        if row.chain != STORE_CHAIN:
            message = f"chain {row.chain}: {message}"
        return JournalProblem(
            row.store_id, seq, event_id, kind, message, row.incident_id, chain=row.chain
        )

    expected_seq = link.seq + 1
    if row.seq > expected_seq:
        return problem(
            "gap",
            f"event {expected_seq} is missing (deleted?): the journal "
            f"jumps from {expected_seq - 1} to {row.seq}",
        )
    if body is None:
        return problem("edited", f"event {row.seq}: its record is not a JSON object")
    column = differing_column(row, body)
    if column is not None and column != "seq":
        return problem("edited", f"event {row.seq}: column {column} differs from the hashed record")
    if column == "seq":
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


__all__ = [
    "MAX_PROBLEMS_PER_STORE",
    "PROBLEM_KINDS",
    "JournalProblem",
    "VerifyReport",
    "verify_journal",
]

"""Verifying the tills' chains the server keeps (``chain_links``, design §6).

A till's events travel with their link (chain id, seq, previous hash, hash, the exact
hashed body); intake keeps the link once it continues the chain. Here each kept chain is
walked in ``seq`` order as :mod:`.verify` walks the server's own: each link's place, its
link to the one before, its hash and what its body names. Then each link's event must be
in the server's journal saying what the till's body says (kind, incident, time, data;
the server adds only ``data.synced_from``), or be waiting in the sync quarantine. Anchor
lines of till chains are compared on the way.

A chain may begin past seq 1: a till that synced before it sent links joins with its
next event. What this cannot see: a till's events that never reached the server.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from ..views import JournalHead
from . import chain_links
from .journal import EVENTS, GENESIS_HASH, chain_hash, load_record
from .quarantine import QUARANTINE
from .verify_report import JournalProblem, VerifyReport, anchor_problem, unreached_anchor

#: Links whose events are looked up per round trip.
LINKS_PER_LOOKUP = 500


@dataclass(frozen=True, slots=True)
class _Named:
    """What an anchor problem quotes of the link at the anchor's seq."""

    id: str
    hash: str
    incident_id: str | None


def check_links(
    connection: Connection,
    report: VerifyReport,
    store_id: str | None,
    anchors: Sequence[JournalHead],
    batch_size: int,
) -> None:
    """Walk every till chain the server keeps; add what is wrong to ``report``."""
    waiting: dict[tuple[str, str, int], list[JournalHead]] = defaultdict(list)
    for head in anchors:
        if head.chain.startswith(chain_links.TILL_PREFIX):
            waiting[(head.store.upper(), head.chain, head.seq)].append(head)
    ends: dict[tuple[str, str], tuple[str, int]] = {}
    lookup: list[tuple[Any, dict[str, Any]]] = []
    previous: Any = None
    for row in chain_links.all_links(connection, store_id, batch_size):
        if previous is None or (previous.store_id, previous.chain) != (row.store_id, row.chain):
            previous = None

        def problem(kind: str, message: str, row: Any = row) -> None:
            report.add(
                JournalProblem(
                    row.store_id, row.seq, row.event_id, kind,
                    f"till chain {row.chain}, seq {row.seq}: {message}", chain=row.chain,
                )
            )  # fmt: skip

        body = load_record(row.body)
        if previous is None and row.seq == 1 and row.prev_hash != GENESIS_HASH:
            problem("chain_broken", "the chain's first event links to an earlier one")
        elif previous is not None and row.seq != previous.seq + 1:
            problem("gap", f"the links jump from seq {previous.seq} to {row.seq} (deleted?)")
        elif previous is not None and row.prev_hash != previous.hash:
            problem("chain_broken", f"does not link to seq {previous.seq} (replaced or spliced)")
        elif chain_hash(row.prev_hash, row.body) != row.hash:
            problem("edited", "its body does not match its hash (edited)")
        elif body is None or (body.get("id"), body.get("store"), body.get("seq")) != (
            row.event_id, row.store_id, row.seq,
        ):  # fmt: skip
            problem("edited", "its body names another event, store or seq")
        else:
            lookup.append((row, body))
        for head in waiting.pop((row.store_id.upper(), row.chain, row.seq), ()):
            if head.hash != row.hash:
                named = _Named(
                    row.event_id, row.hash, None if body is None else body.get("incident")
                )
                report.add(anchor_problem(row.store_id, head, "anchor_differs", named))
        if len(lookup) >= LINKS_PER_LOOKUP:
            _check_applied(connection, report, lookup)
            lookup = []
        report.links_checked[row.store_id] = report.links_checked.get(row.store_id, 0) + 1
        report.link_heads[(row.store_id, row.chain)] = (row.seq, row.hash)
        ends[(row.store_id.upper(), row.chain)] = (row.store_id, row.seq)
        previous = row
    _check_applied(connection, report, lookup)
    for heads in waiting.values():  # anchors no link reached
        for head in heads:
            store, last = ends.get((head.store.upper(), head.chain), (head.store, None))
            report.add(unreached_anchor(store, head, last))


def _check_applied(
    connection: Connection, report: VerifyReport, lookup: list[tuple[Any, dict[str, Any]]]
) -> None:
    """Each link's event is journaled as the till made it, or waits in quarantine."""
    if not lookup:
        return
    ids = [row.event_id for row, _ in lookup]
    journaled = {
        event_id: (kind, incident, at, text)
        for event_id, kind, incident, at, text in connection.execute(
            select(
                EVENTS.c.id, EVENTS.c.kind, EVENTS.c.incident_id, EVENTS.c.at, EVENTS.c.body
            ).where(EVENTS.c.id.in_(ids))
        )
    }
    held = {
        event_id
        for (event_id,) in connection.execute(
            select(QUARANTINE.c.event_id).where(QUARANTINE.c.event_id.in_(ids))
        )
    }
    for row, body in lookup:
        found = journaled.get(row.event_id)
        if found is None:
            if row.event_id not in held:
                message = "its event is neither in the journal nor waiting in quarantine (deleted?)"
                kind = "link_unapplied"
            else:
                continue
        else:
            differs = _differs(body, *found)
            if differs is None:
                continue
            message = (
                f"the journal's copy of its event differs in {differs} (edited on the server?)"
            )
            kind = "link_differs"
        report.add(
            JournalProblem(
                row.store_id, row.seq, row.event_id, kind,
                f"till chain {row.chain}, seq {row.seq}: {message}",
                body.get("incident"), chain=row.chain,
            )
        )  # fmt: skip


def _differs(body: dict[str, Any], kind: str, incident: str, at: datetime, text: str) -> str | None:
    """What the server's event says otherwise than the till's hashed body (the server
    adds only ``data.synced_from``)."""
    data = dict((load_record(text) or {}).get("data") or {})
    data.pop("synced_from", None)
    return chain_links.record_differs(body, at=at, data=data, kind=kind, incident=incident)


__all__ = ["LINKS_PER_LOOKUP", "check_links"]

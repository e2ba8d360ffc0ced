"""What :func:`pos_discrepancy.store.verify.verify_journal` reports: problems and heads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..views import STORE_CHAIN, JournalHead

#: At most this many problems are listed per store; the others are counted in
#: :attr:`VerifyReport.omitted` (one tampering can break thousands of rows).
MAX_PROBLEMS_PER_STORE = 100

#: Every kind of problem :func:`verify_journal` names (see :class:`JournalProblem`).
PROBLEM_KINDS = (
    "edited",
    "gap",
    "reordered",
    "inserted",
    "chain_broken",
    "anchor_missing",
    "anchor_shorter",
    "anchor_differs",
    "incident_mismatch",
    "decision_mismatch",
    "incident_without_events",
    "events_without_incident",
    "decision_without_event",
    "decision_missing",
    "link_differs",
    "link_unapplied",
    "audit_mismatch",
    "audit_without_events",
    "events_without_audit",
)


@dataclass(frozen=True, slots=True)
class JournalProblem:
    """One problem found in a store's journal or in the rows it must explain.

    ``problem`` is one of :data:`PROBLEM_KINDS`:

    - in a chain: ``edited`` (an event's content, hash or a column its record names
      changed), ``gap`` (an event deleted), ``reordered`` (an event sits at another place
      than it was hashed for), ``inserted`` (an event slipped into the chain),
      ``chain_broken`` (an event does not link to the one before it);
    - against an anchor: ``anchor_missing`` (the chain is gone), ``anchor_shorter`` (it
      ends before the anchor's seq: events deleted from the end), ``anchor_differs``
      (its event at the anchor's seq has another hash: history rewritten);
    - in the rows: ``incident_mismatch`` / ``decision_mismatch`` (columns, named in
      ``columns``, disagree with the events), ``incident_without_events``,
      ``events_without_incident``, ``decision_without_event`` (a decision row but no
      ``decided`` event), ``decision_missing`` (a ``decided`` event but no row);
    - in a till's chain (``chain`` names it; :mod:`.verify_links`): ``gap``,
      ``chain_broken`` and ``edited`` as above, ``link_differs`` (the journal's copy of
      the event says something else than the till's hashed body), ``link_unapplied`` (the
      event is neither journaled nor waiting in quarantine);
    - in the self-audits (:mod:`.verify_audits`; ``incident_id`` is the audit's id):
      ``audit_mismatch`` (columns named), ``audit_without_events``,
      ``events_without_audit``.
    """

    store_id: str
    seq: int | None
    event_id: str | None
    problem: str
    message: str
    incident_id: str | None = None
    columns: tuple[str, ...] = ()
    chain: str = STORE_CHAIN


@dataclass
class VerifyReport:
    """What :func:`verify_journal` found.

    ``events_checked`` counts events per store; ``problems`` lists them, per store at
    most :data:`MAX_PROBLEMS_PER_STORE` (``omitted`` counts the rest); ``heads`` holds
    the last ``(seq, hash)`` of each chain of an intact store, by ``(store, chain)``, and
    ``link_heads`` those of its till chains
    (``links_checked`` counts their links); ``anchors_checked`` counts anchor lines
    compared.
    """

    events_checked: dict[str, int] = field(default_factory=dict)
    problems: list[JournalProblem] = field(default_factory=list)
    heads: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)
    link_heads: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)
    links_checked: dict[str, int] = field(default_factory=dict)
    omitted: dict[str, int] = field(default_factory=dict)
    anchors_checked: int = 0
    _listed: dict[str, int] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        """True when every chain, every anchor and every row agrees."""
        return not self.problems and not self.omitted

    def add(self, problem: JournalProblem) -> int | None:
        """List ``problem`` (or count it, past the limit); returns its index if listed."""
        listed = self._listed.get(problem.store_id, 0)
        if listed >= MAX_PROBLEMS_PER_STORE:
            self.omitted[problem.store_id] = self.omitted.get(problem.store_id, 0) + 1
            return None
        self._listed[problem.store_id] = listed + 1
        self.problems.append(problem)
        return len(self.problems) - 1

    def journal_heads(self) -> list[JournalHead]:
        """The heads of the intact chains, as anchor lines are made of."""
        heads = {**self.heads, **self.link_heads}
        return [JournalHead(s, chain, *heads[(s, chain)]) for s, chain in sorted(heads)]


def anchor_problem(
    store: str, head: JournalHead, kind: str, event: Any, last: int | None = None
) -> JournalProblem:
    """The problem of an anchor line ``head`` that the chain does not reach as written;
    ``event`` (``id``, ``hash``, ``incident_id``) is the chain's entry at its seq."""
    where = f"chain {head.chain} of store {store}"
    if kind == "anchor_missing":
        message = (
            f"the anchor has {where} at event {head.seq}, but there is no such chain "
            "(its events deleted, or the store wiped)"
        )
    elif kind == "anchor_shorter":
        message = (
            f"{where} ends at event {last}, before the anchor's event {head.seq} "
            "(events deleted from the end)"
        )
    elif event is None:
        message = f"{where} has no event {head.seq}, which the anchor names"
    else:
        message = (
            f"{where}: event {head.seq} has hash {event.hash[:16]}…, the anchor says "
            f"{head.hash[:16]}… (history rewritten and re-hashed)"
        )
    return JournalProblem(
        store,
        head.seq,
        None if event is None else event.id,
        kind,
        message,
        None if event is None else event.incident_id,
        chain=head.chain,
    )


def unreached_anchor(store: str, head: JournalHead, last: int | None) -> JournalProblem:
    """The problem of an anchor line no entry of its chain reached: the chain is missing
    (``last`` is ``None``), ends before it, or has no entry at its seq."""
    if last is None:
        kind = "anchor_missing"
    elif last < head.seq:
        kind = "anchor_shorter"
    else:
        kind = "anchor_differs"
    return anchor_problem(store, head, kind, None, last=last)


__all__ = [
    "MAX_PROBLEMS_PER_STORE",
    "PROBLEM_KINDS",
    "JournalProblem",
    "VerifyReport",
    "anchor_problem",
    "unreached_anchor",
]

"""Read models returned by the Python API: incidents, decisions, events, check results."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from .domain import CustomerOutcome, Direction, Discrepancy, Option, Resolution, Signage, Status
from .errors import InvalidInput
from .money import Money

#: The one chain each store's journal is today (design §6: chains become per register).
#: Lower case, so it never collides with a register's code (kept upper-case).
STORE_CHAIN = "store"
_HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class EventView:
    """One journal event of an incident."""

    id: str
    seq: int
    kind: str
    at: datetime
    data: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "seq": self.seq,
            "kind": self.kind,
            "at": self.at.isoformat(),
            "data": self.data,
        }


@dataclass(frozen=True)
class DecisionView:
    """What was decided at the register, and the approval if one was needed."""

    action: str
    charge: Money | None
    decided_by: str
    decided_at: datetime
    approval: str | None
    approved_by: str | None
    approved_at: datetime | None
    customer_outcome: str | None
    goodwill: Money | None
    bonus: Money | None
    note: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "action": self.action,
            "charge": _text(self.charge),
            "decided_by": self.decided_by,
            "decided_at": self.decided_at.isoformat(),
            "approval": self.approval,
            "approved_by": self.approved_by,
            "approved_at": _iso(self.approved_at),
            "customer_outcome": self.customer_outcome,
            "goodwill": _text(self.goodwill),
            "bonus": _text(self.bonus),
            "note": self.note,
        }


@dataclass(frozen=True)
class IncidentView:
    """An incident as the API shows it: its facts, facets, decision and (optionally) events.

    ``status`` sums up the three facets for lists: ``resolution`` (the customer at the
    till), ``signage`` (the shelf tag) and ``customer_outcome``.
    """

    id: str
    store: str
    register: str
    cashier: str
    sku: str
    description: str
    location: str | None
    status: Status
    resolution: Resolution
    signage: Signage
    customer_outcome: CustomerOutcome
    direction: Direction
    shelf_price: Money
    scanned_price: Money
    quantity: int
    claimed_total: Money
    scanned_total: Money
    difference: Money
    line_difference: Money
    cause: str | None
    requested_action: str | None
    options: tuple[Option, ...]
    claim: dict[str, Any]
    detected_at: datetime
    escalated_at: datetime | None
    resolved_at: datetime | None
    fixed_at: datetime | None
    fixed_by: str | None
    decision: DecisionView | None
    events: tuple[EventView, ...] = ()

    @property
    def currency(self) -> str:
        """The currency of every amount."""
        return self.shelf_price.currency

    @property
    def time_to_fix(self) -> timedelta | None:
        """How long the wrong tag stayed up after the scan found it (``None`` until fixed)."""
        return None if self.fixed_at is None else self.fixed_at - self.detected_at

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (money as decimal strings, times in ISO 8601 UTC)."""
        return {
            "id": self.id,
            "store": self.store,
            "register": self.register,
            "cashier": self.cashier,
            "sku": self.sku,
            "description": self.description,
            "location": self.location,
            "status": self.status.value,
            "resolution": self.resolution.value,
            "signage": self.signage.value,
            "customer_outcome": self.customer_outcome.value,
            "direction": self.direction.value,
            "currency": self.currency,
            "shelf_price": str(self.shelf_price),
            "scanned_price": str(self.scanned_price),
            "quantity": self.quantity,
            "claimed_total": str(self.claimed_total),
            "scanned_total": str(self.scanned_total),
            "difference": str(self.difference),
            "line_difference": str(self.line_difference),
            "cause": self.cause,
            "requested_action": self.requested_action,
            "options": [o.to_dict() for o in self.options],
            "claim": self.claim,
            "detected_at": self.detected_at.isoformat(),
            "escalated_at": _iso(self.escalated_at),
            "resolved_at": _iso(self.resolved_at),
            "fixed_at": _iso(self.fixed_at),
            "fixed_by": self.fixed_by,
            "decision": None if self.decision is None else self.decision.to_dict(),
            "events": [e.to_dict() for e in self.events],
        }


@dataclass(frozen=True)
class CheckResult:
    """The answer to a scan: is there a discrepancy, and what can the cashier do."""

    discrepancy: bool
    incident_id: str | None = None
    direction: Direction | None = None
    difference: Money | None = None
    line_difference: Money | None = None
    options: tuple[Option, ...] = ()
    status: Status | None = None
    cause: str | None = None
    findings: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    detail: Discrepancy | None = field(default=None, repr=False)
    #: Machine-readable marks on the scanned code, each also explained in ``warnings``:
    #: ``not_in_price_file`` (looked up, not there) and ``check_digit_wrong`` (a
    #: numeric code of GTIN length whose GS1 check digit disagrees).
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The HTTP API's answer to ``POST /api/v1/checks``."""
        return {
            "discrepancy": self.discrepancy,
            "incident_id": self.incident_id,
            "direction": None if self.direction is None else self.direction.value,
            "difference": _text(self.difference),
            "line_difference": _text(self.line_difference),
            "options": [o.to_dict() for o in self.options],
            "status": None if self.status is None else self.status.value,
            "cause": self.cause,
            "findings": list(self.findings),
            "warnings": list(self.warnings),
            "flags": list(self.flags),
        }


def _text(money: Money | None) -> str | None:
    return None if money is None else str(money)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


@dataclass(frozen=True)
class JournalHead:
    """The newest event of one hash chain: ``posdisc journal head`` prints one per chain.

    Its :meth:`line` is ``<store> <chain> <seq> <hash>`` (single spaces): the store's
    code, the chain's id (``store``: the server's own chain of the store; ``till-<device>``:
    a till's chain, kept as the till made it), the newest event's ``seq`` and its SHA-256
    hash.
    Kept somewhere the database's owner cannot rewrite, such lines are an *anchor*:
    ``posdisc journal verify --anchor FILE`` names a chain that no longer reaches them.
    """

    store: str
    chain: str
    seq: int
    hash: str

    def line(self) -> str:
        """``S001 store 1234 9f86d0…``: the anchor line of this head."""
        return f"{self.store} {self.chain} {self.seq} {self.hash}"

    @classmethod
    def from_line(cls, text: str, *, line: int) -> JournalHead | None:
        """Read one anchor line (``line`` is its number, for the message); ``None`` for a
        blank line or a ``#`` comment.

        :raises InvalidInput: (field ``anchor``) the line is not
            ``<store> <chain> <seq> <hash>``.
        """
        words = text.split()
        if not words or words[0].startswith("#"):
            return None
        shown = text.strip()[:80]

        def refuse(why: str) -> InvalidInput:
            return InvalidInput(f"anchor: line {line}: {why} (got {shown!r})", field="anchor")

        if len(words) != 4:
            raise refuse("expected four words, <store> <chain> <seq> <hash>")
        store, chain, seq, digest = words
        if len(store) > 32 or len(chain) > 64:
            raise refuse("the store code or chain id is too long")
        if not seq.isdigit() or not seq.isascii() or int(seq) < 1:
            raise refuse(f"the seq {seq[:20]!r} is not a whole number of at least 1")
        if len(digest) != 64 or not set(digest) <= _HEX:
            raise refuse("the hash is not 64 lower-case hexadecimal digits")
        return cls(store, chain, int(seq), digest)


@dataclass(frozen=True)
class QuarantinedEvent:
    """A synced event the server took but did not apply (design §6), with its reason."""

    store: str
    event_id: str
    register: str
    incident_id: str
    seq: int
    kind: str
    at: datetime
    reason: str
    field: str | None
    waits_for: str | None
    attempts: int
    quarantined_at: datetime
    retried_at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "store": self.store,
            "event_id": self.event_id,
            "register": self.register,
            "incident_id": self.incident_id,
            "seq": self.seq,
            "kind": self.kind,
            "at": self.at.isoformat(),
            "reason": self.reason,
            "field": self.field,
            "waits_for": self.waits_for,
            "attempts": self.attempts,
            "quarantined_at": self.quarantined_at.isoformat(),
            "retried_at": None if self.retried_at is None else self.retried_at.isoformat(),
        }


@dataclass(frozen=True)
class RetryReport:
    """What ``posdisc sync quarantine retry`` did: events applied, and those still held."""

    tried: int
    applied: int
    still_quarantined: tuple[QuarantinedEvent, ...]

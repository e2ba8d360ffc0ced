"""The server's reading of a sync batch: every field checked, errors name their path.

The fields are read by :class:`pos_discrepancy.schemas.SyncRequest`; this module turns
the model into the rows intake writes and checks what spans fields (order, repeats).

A batch is ``{"store", "register", "incidents": [{"incident", "last_event", "events"}]}``
(see docs/offline.md). Reading it stores nothing; :mod:`.intake` applies the result.
Money is read exactly in the store's currency and kept in minor units, as the tables do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..domain import Status
from ..errors import InvalidInput
from ..schemas import SyncEvent, SyncItem, SyncRequest, validate
from ..store.journal import canonical_json

_MONEY_FACTS = (
    "shelf_price", "scanned_price", "claimed_total", "scanned_total", "difference",
    "line_difference",
)  # fmt: skip
#: Incident columns that never change after detection, and those later steps change.
_FACTS = {"cashier", "sku", "location", "quantity", "direction", "promo_ends", "detected_at"}
_STATE = {
    "status", "cause", "requested_action", "escalated_at", "resolved_at", "fixed_at",
    "fixed_by",
}  # fmt: skip
#: Decision fields whose column names say they are minor units.
_DECISION_COLUMNS = {"charge": "charge_minor", "goodwill": "goodwill_minor", "bonus": "bonus_minor"}


@dataclass(frozen=True)
class LinkPush:
    """An event's link in the till's own hash chain, as sent (checked on intake)."""

    chain: str
    prev_hash: str
    hash: str
    body: str


@dataclass(frozen=True)
class EventPush:
    """One of the register's events: its id, local seq, predecessor and content."""

    path: str
    id: str
    seq: int
    after: str | None
    kind: str
    at: datetime
    data: dict[str, Any]
    status: Status
    sent: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    link: LinkPush | None = None


@dataclass(frozen=True)
class IncidentPush:
    """One incident of the batch: its rows as the register has them now, and events."""

    path: str
    id: str
    store: str
    register: str
    facts: dict[str, Any]  # the incident columns that never change after detection
    state: dict[str, Any]  # the incident columns later steps change
    decision: dict[str, Any] | None  # the decision row (without ids), if decided
    last_event: str
    events: tuple[EventPush, ...]
    #: the incident's snapshot as sent (JSON), kept with a quarantined event for a retry
    sent: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class SyncBatch:
    """A whole batch, read and checked."""

    store: str
    register: str
    incidents: tuple[IncidentPush, ...]

    def events_in_order(self) -> list[tuple[IncidentPush, EventPush]]:
        """Every event with its incident, in the register's order (local seq)."""
        pairs = [(incident, event) for incident in self.incidents for event in incident.events]
        return sorted(pairs, key=lambda pair: pair[1].seq)


def read_batch(body: object, *, currency: str) -> SyncBatch:
    """Check a batch body (already parsed JSON); ``InvalidInput`` names the bad field."""
    request = validate(SyncRequest, body, context={"currency": currency})
    sent = body["incidents"] if isinstance(body, dict) else []  # valid: the model read it
    incidents = tuple(
        _incident(item, f"incidents[{i}]", currency, sent[i])
        for i, item in enumerate(request.incidents)
    )
    _check_unique(incidents)
    return SyncBatch(store=request.store, register=request.register, incidents=incidents)


def _incident(item: SyncItem, path: str, currency: str, sent: dict[str, Any]) -> IncidentPush:
    incident = item.incident
    events = tuple(
        _event(event, f"{path}.events[{k}]", sent["events"][k])
        for k, event in enumerate(item.events)
    )
    for k, event in enumerate(events):
        wanted = events[k - 1].id if k else event.after
        if event.after != wanted or (k and event.seq <= events[k - 1].seq):
            raise InvalidInput(
                f"{event.path}.after: events of an incident must follow each other in order",
                field=f"{event.path}.after",
            )
    facts = {
        "id": incident.id,
        "store_id": incident.store,
        "register_id": incident.register,
        **incident.model_dump(include=_FACTS),
        "description": incident.description or "",
        "currency": currency,
        "claim_json": canonical_json(incident.claim),
        "options_json": canonical_json(incident.options),  # each option is kept as sent
        **{f"{name}_minor": getattr(incident, name) for name in _MONEY_FACTS},
    }
    decision = None
    if incident.decision is not None:
        row = incident.decision.model_dump()
        decision = {_DECISION_COLUMNS.get(key, key): value for key, value in row.items()}
    return IncidentPush(
        path=path,
        id=incident.id,
        store=incident.store,
        register=incident.register,
        facts=facts,
        state=incident.model_dump(include=_STATE),
        decision=decision,
        last_event=item.last_event,
        events=events,
        sent=sent["incident"],
    )


def _event(event: SyncEvent, path: str, sent: dict[str, Any]) -> EventPush:
    data = event.data.model_dump()
    status = Status(event.data.status)
    try:  # the journal stores the data as canonical UTF-8 JSON: it must encode
        canonical_json(data).encode("utf-8")
    except (TypeError, ValueError, UnicodeError, RecursionError):
        raise InvalidInput(f"{path}.data: cannot be journaled", field=f"{path}.data") from None
    link = None if event.link is None else LinkPush(**event.link.model_dump())
    return EventPush(
        path, event.id, event.seq, event.after, event.kind, event.at, data, status, sent, link
    )


def _check_unique(incidents: tuple[IncidentPush, ...]) -> None:
    seen_incidents: set[str] = set()
    seen_events: set[str] = set()
    seen_seqs: set[int] = set()
    for incident in incidents:
        if incident.id in seen_incidents:
            field = f"{incident.path}.incident.id"
            raise InvalidInput(f"{field}: this incident is in the batch twice", field=field)
        seen_incidents.add(incident.id)
        for event in incident.events:
            if event.id in seen_events or event.seq in seen_seqs:
                field = f"{event.path}.id" if event.id in seen_events else f"{event.path}.seq"
                raise InvalidInput(f"{field}: this event is in the batch twice", field=field)
            seen_events.add(event.id)
            seen_seqs.add(event.seq)

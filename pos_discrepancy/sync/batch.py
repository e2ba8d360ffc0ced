"""The server's reading of a sync batch: every field checked, errors name their path.

A batch is ``{"store", "register", "incidents": [{"incident", "last_event", "events"}]}``
(see docs/offline.md). Reading it stores nothing; :mod:`.intake` applies the result.
Money is read exactly in the store's currency and kept in minor units, as the tables do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..domain import CustomerOutcome, Direction, Status
from ..errors import InvalidInput
from ..ids import check_uuid
from ..inputs import check_choice, check_code, check_date, check_quantity, check_text
from ..prices import check_sku
from ..store.journal import canonical_json
from .fields import Fields, integer, items, minor_units, moment, obj, word

#: Most incidents and events one batch may carry.
MAX_INCIDENTS = 1000
MAX_EVENTS = 1000
_MONEY_FACTS = (
    "shelf_price", "scanned_price", "claimed_total", "scanned_total", "difference",
    "line_difference",
)  # fmt: skip


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


def read_batch(body: dict[str, Any], *, currency: str) -> SyncBatch:
    """Check a batch body (already parsed JSON); ``InvalidInput`` names the bad field."""
    top = Fields(body, "")
    store = top.take("store", check_code)
    register = top.take("register", check_code)
    raw = top.take("incidents", items, least=1, most=MAX_INCIDENTS)
    top.done()
    incidents = tuple(_incident(value, f"incidents[{i}]", currency) for i, value in enumerate(raw))
    _check_unique(incidents)
    return SyncBatch(store=store, register=register, incidents=incidents)


def _incident(value: object, path: str, currency: str) -> IncidentPush:
    item = Fields(value, path)
    snapshot = item.take("incident", obj)
    last_event = item.take("last_event", check_uuid)
    raw_events = item.take("events", items, least=1, most=MAX_EVENTS)
    item.done()
    incident = Fields(snapshot, f"{path}.incident")
    incident_id = incident.take("id", check_uuid)
    store = incident.take("store", check_code)
    register = incident.take("register", check_code)
    sent_currency = incident.take("currency", _text, max_length=3)
    if sent_currency != currency:
        field = incident.field("currency")
        raise InvalidInput(
            f"{field}: the server keeps this store in {currency}, not {sent_currency}",
            field=field,
        )
    facts = _facts(incident, currency)
    state = _state(incident)
    decision = incident.take("decision", _decision, optional=True, currency=currency)
    incident.done()
    events = tuple(_event(event, f"{path}.events[{k}]") for k, event in enumerate(raw_events))
    for k, event in enumerate(events):
        wanted = events[k - 1].id if k else event.after
        if event.after != wanted or (k and event.seq <= events[k - 1].seq):
            raise InvalidInput(
                f"{event.path}.after: events of an incident must follow each other in order",
                field=f"{event.path}.after",
            )
    return IncidentPush(
        path=path,
        id=incident_id,
        store=store,
        register=register,
        facts={"id": incident_id, "store_id": store, "register_id": register, **facts},
        state=state,
        decision=decision,
        last_event=last_event,
        events=events,
    )


def _text(value: object, *, field: str, max_length: int) -> str:
    if not isinstance(value, str) or len(value) > max_length:
        raise InvalidInput(f"{field}: must be text of at most {max_length} characters", field=field)
    return value


def _facts(incident: Fields, currency: str) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "cashier": incident.take("cashier", check_code),
        "sku": incident.take("sku", check_sku),
        "description": incident.take("description", check_text, max_length=200) or "",
        "location": incident.take("location", check_text, optional=True, max_length=64),
        "currency": currency,
        "quantity": incident.take("quantity", check_quantity),
        "direction": incident.take("direction", check_choice, enum=Direction).value,
        "promo_ends": incident.take("promo_ends", check_date, optional=True),
        "claim_json": canonical_json(incident.take("claim", obj)),
        "options_json": canonical_json(
            incident.take("options", items, most=50)  # each option is kept as sent
        ),
        "detected_at": incident.take("detected_at", moment),
    }
    for name in _MONEY_FACTS:
        facts[f"{name}_minor"] = incident.take(name, minor_units, currency=currency)
    return facts


def _state(incident: Fields) -> dict[str, Any]:
    return {
        "status": incident.take("status", check_choice, enum=Status).value,
        "cause": incident.take("cause", word, optional=True),
        "requested_action": incident.take("requested_action", word, optional=True),
        "escalated_at": incident.take("escalated_at", moment, optional=True),
        "resolved_at": incident.take("resolved_at", moment, optional=True),
        "fixed_at": incident.take("fixed_at", moment, optional=True),
        "fixed_by": incident.take("fixed_by", check_code, optional=True),
    }


def _decision(value: object, *, field: str, currency: str) -> dict[str, Any]:
    decision = Fields(value, field)
    outcome = decision.take("customer_outcome", check_choice, optional=True, enum=CustomerOutcome)
    row = {
        "action": decision.take("action", word),
        "charge_minor": decision.take("charge", minor_units, optional=True, currency=currency),
        "decided_by": decision.take("decided_by", check_code),
        "decided_at": decision.take("decided_at", moment),
        "approval": decision.take("approval", word, optional=True),
        "approved_by": decision.take("approved_by", check_code, optional=True),
        "approved_at": decision.take("approved_at", moment, optional=True),
        "customer_outcome": None if outcome is None else outcome.value,
        "goodwill_minor": decision.take("goodwill", minor_units, optional=True, currency=currency),
        "bonus_minor": decision.take("bonus", minor_units, optional=True, currency=currency),
        "note": decision.take("note", check_text, optional=True, max_length=500),
    }
    decision.done()
    if row["approval"] is not None and len(row["approval"]) > 16:
        raise InvalidInput(f"{field}.approval: too long", field=f"{field}.approval")
    return row


def _event(value: object, path: str) -> EventPush:
    event = Fields(value, path)
    event_id = event.take("id", check_uuid)
    seq = event.take("seq", integer)
    after = event.take("after", check_uuid, optional=True)
    kind = event.take("kind", word)
    at = event.take("at", moment)
    data = event.take("data", obj)
    event.done()
    status = check_choice(data.get("status"), Status, field=f"{path}.data.status")
    try:  # the journal stores the data as canonical UTF-8 JSON: it must encode
        canonical_json(data).encode("utf-8")
    except (TypeError, ValueError, UnicodeError, RecursionError):
        raise InvalidInput(f"{path}.data: cannot be journaled", field=f"{path}.data") from None
    return EventPush(path, event_id, seq, after, kind, at, data, status)


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

"""The server's side: apply a register's batch in one transaction, in the register's order.

For each event, oldest local ``seq`` first:

- an event id the server already has is skipped (a repeated or overlapping batch changes
  nothing), provided it is the same event (same store, incident and kind; else 409);
- an event sent with its link in the till's own chain must continue the chain the server
  keeps (:mod:`.sync_links`: forks, gaps and events changed after hashing are
  quarantined by name, and the incident's later events wait behind them);
- an event of an incident that has an event in quarantine is quarantined behind it
  (its reason names the event it waits for), so an incident's order is kept;
- otherwise its predecessor of the same incident (``after``) must be the newest event
  the server has of that incident, else the batch is refused (409 ``out_of_order``)
  rather than applied out of order;
- the event is replayed through the domain's rules (:mod:`.sync_rules`: kinds, plausible
  time, money, transitions, options and charges, approvers, limits, PIN records); one
  that fails is **quarantined** (``sync_quarantine``, with its reason) and not applied;
- else a new incident is created, with the register's id, from its ``detected`` event
  and the facts sent with it; the event is appended to the server's own journal (its own
  ``seq`` and hash chain) with the register's event id and time, ``data.synced_from``
  naming the register and the event's local ``seq``; the incident's state columns and
  decision are then re-derived from its journaled events, so they agree with ``journal
  verify`` whatever the register's snapshot says.

A quarantined event never blocks the batch: the answer is 200 and lists it. Refusals of
the batch itself (401/403/409/422) raise before the commit, so nothing is stored.

The incident's facets are independent (design §3): events the server made itself (a tag
fixed there while the register was offline) are not the register's to follow, so the
register's events are placed after the newest event *that register* sent, and a tag fixed
on the server stays fixed (the first fix is the one the journal keeps).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, select

from ..domain import Resolution, Signage, Status
from ..errors import DiscrepancyError, InvalidInput, NotPermitted
from ..money import Money
from ..store import chain_links, repository
from ..store import quarantine as held
from ..store.journal import EVENTS, STORES, append_event, register_chain
from ..store.projection import Projection, load_data
from ..sync.batch import EventPush, IncidentPush, SyncBatch, read_batch
from .context import Context
from .sync_links import check_link
from .sync_rules import Intake, check_event


class OutOfOrder(DiscrepancyError):
    """An event's predecessor is not the newest event the server has of its incident."""

    code = "out_of_order"
    http_status = 409


class EventConflict(DiscrepancyError):
    """An event id the server already has for another event."""

    code = "conflict"
    http_status = 409


def read(ctx: Context, body: dict[str, Any], *, store: str) -> SyncBatch:
    """Check a batch body (parsed JSON) in ``store``'s currency; stores nothing."""
    return read_batch(body, currency=ctx.store_info(store).currency)


def check_identity(batch: SyncBatch, *, store: str, register: str) -> None:
    """403 when the batch or any incident is not the token's store and register."""
    checks = [("store", batch.store, store), ("register", batch.register, register)]
    for incident in batch.incidents:
        checks.append((f"{incident.path}.incident.store", incident.store, store))
        checks.append((f"{incident.path}.incident.register", incident.register, register))
    for field, sent, expected in checks:
        if sent != expected:
            name = field.rsplit(".", 1)[-1]
            raise NotPermitted(
                f"{field}: this register's token is for {name} {expected!r}, not {sent!r}",
                field=field,
            )


def apply_batch(ctx: Context, batch: SyncBatch, *, store: str, register: str) -> dict[str, Any]:
    """Apply ``batch`` for the token's ``store`` and ``register``; returns the answer.

    The answer counts what the batch holds and lists, in the register's order, each event
    quarantined (``event_id``, ``incident_id``, ``kind``, ``reason``, ``field``,
    ``waits_for``), so a repeat answers the same.
    """
    check_identity(batch, store=store, register=register)
    info = ctx.store_info(store)
    quarantined: list[dict[str, Any]] = []
    with ctx.transaction() as connection:
        _lock_store(connection, store)
        intake = Intake(
            info=info,
            register=register,
            registered_at=held.register_created_at(
                connection=connection, store_id=store, register=register
            ),
            received_at=ctx.clock(),
        )
        pairs = batch.events_in_order()
        blocked = _blocked(connection, store, pairs)
        own_chain = chain_links.till_chain(chain_links.device_id(connection))
        settled: list[str] = []  # events in the journal now: out of quarantine
        for incident, event in pairs:
            if _known(connection, incident, event, store):
                settled.append(event.id)
                continue
            if event.link is not None:
                try:
                    check_link(
                        connection,
                        store=store,
                        incident=incident,
                        event=event,
                        link=event.link,
                        own_chain=own_chain,
                        now=intake.received_at,
                    )
                except InvalidInput as error:  # not in the chain: held, and its incident
                    blocked.setdefault(incident.id, event.id)  # waits behind it
                    quarantined.append(
                        _quarantine(
                            connection, intake, incident, event, error.message, error.field, None
                        )
                    )
                    continue
            waits_for = blocked.get(incident.id)
            if waits_for is None:
                row = _check_place(connection, incident, event, store=store, register=register)
                try:
                    check_event(connection, intake, incident, event, row)
                except DiscrepancyError as error:
                    blocked[incident.id] = event.id
                    reason, field = error.message, error.field
                else:
                    _apply(connection, incident, event, row, register, info.currency)
                    settled.append(event.id)
                    continue
            else:
                field = f"{event.path}.after"
                reason = (
                    f"{field}: waits for quarantined event {waits_for} of the same incident, "
                    "which comes first"
                )
            quarantined.append(
                _quarantine(connection, intake, incident, event, reason, field, waits_for)
            )
        held.release(connection=connection, store_id=store, event_ids=settled)
    return {
        "store": store,
        "register": register,
        "incidents": len(batch.incidents),
        "events": sum(len(incident.events) for incident in batch.incidents),
        "quarantined": quarantined,
    }


def _blocked(
    connection: Connection, store: str, pairs: list[tuple[IncidentPush, EventPush]]
) -> dict[str, str]:
    """``{incident id: its first quarantined event}`` for events held from earlier batches
    (those sent again in this batch are checked again instead)."""
    sent = {event.id for _, event in pairs}
    blocked: dict[str, str] = {}
    rows = held.held_for_incidents(
        connection=connection, store_id=store, incident_ids=(i.id for i, _ in pairs)
    )
    for row in rows:
        if row.event_id not in sent:
            blocked.setdefault(row.incident_id, row.event_id)
    return blocked


def _quarantine(
    connection: Connection,
    intake: Intake,
    incident: IncidentPush,
    event: EventPush,
    reason: str,
    field: str | None,
    waits_for: str | None,
) -> dict[str, Any]:
    """Keep ``event`` out of the journal with its reason; returns its entry in the answer."""
    item = {"incident": incident.sent, "last_event": incident.last_event, "event": event.sent}
    held.put(
        connection=connection,
        store_id=intake.info.code,
        event_id=event.id,
        now=intake.received_at,
        register_id=intake.register,
        incident_id=incident.id,
        seq=event.seq,
        kind=event.kind[:32],
        at=event.at,
        reason=reason,
        field=None if field is None else field[:200],
        waits_for=waits_for,
        chain=None if event.link is None else event.link.chain,
        item_json=json.dumps(item, default=str, sort_keys=True),
    )
    return {
        "event_id": event.id,
        "incident_id": incident.id,
        "kind": event.kind,
        "reason": reason,
        "field": field,
        "waits_for": waits_for,
    }


def _apply(
    connection: Connection,
    incident: IncidentPush,
    event: EventPush,
    row: Any,
    register: str,
    currency: str,
) -> None:
    """Append the (checked) event to the server's journal; the rows follow the journal."""
    if row is None:
        _create(connection, incident, event)
    append_event(
        connection,
        store_id=incident.store,
        incident_id=incident.id,
        kind=event.kind,
        at=event.at,
        data={**event.data, "synced_from": _synced_from(event, register)},
        event_id=event.id,
        origin=register,
        chain=register_chain(register),
    )
    _project(connection, incident, currency)


def _synced_from(event: EventPush, register: str) -> dict[str, Any]:
    """Where the server's copy of the event came from: the register, and the till's
    chain and seq it is kept at (``chain_links``) when the till sent its link."""
    origin: dict[str, Any] = {"register": register, "seq": event.seq}
    if event.link is not None:
        origin["chain"] = event.link.chain
    return origin


def _lock_store(connection: Connection, store: str) -> None:
    # Two syncs of one store queue up here, so both cannot find an event missing and
    # insert it twice (SQLite's BEGIN IMMEDIATE already holds the write lock).
    if connection.dialect.name == "postgresql":
        connection.execute(
            select(STORES.c.id).where(STORES.c.id == store).with_for_update(key_share=True)
        )


def _known(connection: Connection, incident: IncidentPush, event: EventPush, store: str) -> bool:
    """True when the server already has this very event; 409 for another with its id."""
    row = connection.execute(
        select(EVENTS.c.store_id, EVENTS.c.incident_id, EVENTS.c.kind).where(
            EVENTS.c.id == event.id
        )
    ).first()
    if row is None:
        return False
    if tuple(row) != (store, incident.id, event.kind):
        raise EventConflict(
            f"{event.path}.id: the server has another event with id {event.id}",
            field=f"{event.path}.id",
        )
    return True


def _head(connection: Connection, incident_id: str, register: str) -> str | None:
    """The id of the newest event the server has of the incident from ``register``
    (events the server made itself, such as a tag fixed there, are not in its chain)."""
    row = connection.execute(
        select(EVENTS.c.id)
        .where(EVENTS.c.incident_id == incident_id, EVENTS.c.origin == register)
        .order_by(EVENTS.c.seq.desc())
        .limit(1)
    ).first()
    return None if row is None else str(row[0])


def _check_place(
    connection: Connection, incident: IncidentPush, event: EventPush, *, store: str, register: str
) -> Any:
    """The event follows what the server has of its incident (403 for another register's
    incident, 409 for a missing predecessor); returns the incident row (``None``: new)."""
    row = repository.get_incident_row(connection=connection, incident_id=incident.id)
    if row is not None and (row.store_id, row.register_id) != (store, register):
        field = f"{incident.path}.incident.id"
        raise NotPermitted(f"{field}: incident of another register", field=field)
    head = None if row is None else _head(connection, incident.id, register)
    if head != event.after:
        have = f"its newest event there is {head}" if head else "it has no event of it"
        raise OutOfOrder(
            f"{event.path}.after: follows event {event.after}, but the server does not "
            f"have that yet ({have}); send the earlier events first",
            field=f"{event.path}.after",
        )
    return row


def _create(connection: Connection, incident: IncidentPush, event: EventPush) -> None:
    """The incident's row from its (checked) detected event and the facts sent."""
    state: dict[str, Any] = {key: None for key in incident.state}
    state.update(  # the state follows the journal once the event is appended (_project)
        status=Status.DETECTED.value,
        resolution=Resolution.DETECTED.value,
        signage=Signage.OPEN.value,
        cause=event.data.get("cause", incident.state["cause"]),
        synced=True,
    )
    repository.insert_incident(connection=connection, **incident.facts, **state)


#: The incident columns later events change; they follow the journal after each event.
STATE_COLUMNS = (
    "status", "resolution", "signage", "cause", "requested_action", "escalated_at",
    "resolved_at", "fixed_at", "fixed_by",
)  # fmt: skip


def _project(connection: Connection, incident: IncidentPush, currency: str) -> None:
    """Bring the incident's state columns and decision to what its journaled events imply
    (design §3: every column is a projection of events), so the rows agree with
    ``journal verify`` after every event, whatever the register's snapshot says."""
    projection = Projection()
    events = connection.execute(
        select(EVENTS.c.store_id, EVENTS.c.kind, EVENTS.c.at, EVENTS.c.body)
        .where(EVENTS.c.incident_id == incident.id)
        .order_by(EVENTS.c.seq)
    )
    for store_id, kind, at, body in events:
        projection.apply(store_id=store_id, kind=kind, at=at, data=load_data(body) or {})
    expected = projection.expected_incident()
    state = {column: expected[column] for column in STATE_COLUMNS if column in expected}
    repository.update_incident(connection=connection, incident_id=incident.id, **state)
    if projection.decision is None:
        return
    values = {key: value for key, value in projection.decision.items() if key != "store_id"}
    for column in ("charge_minor", "goodwill_minor", "bonus_minor"):
        if values[column] is not None:  # checked on intake: exact text in the currency
            values[column] = Money.parse(str(values[column]), currency, maximum=None).minor
    if repository.get_decision_row(connection=connection, incident_id=incident.id) is None:
        repository.insert_decision(
            connection=connection, incident_id=incident.id, store_id=incident.store, **values
        )
    else:
        repository.update_decision(connection=connection, incident_id=incident.id, **values)


__all__ = ["EventConflict", "OutOfOrder", "apply_batch", "check_identity", "read"]

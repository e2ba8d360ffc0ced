"""The server's side: apply a register's batch in one transaction, in the register's order.

For each event, oldest local ``seq`` first:

- an event id the server already has is skipped (a repeated or overlapping batch changes
  nothing), provided it is the same event (same store, incident and kind; else 409);
- otherwise its predecessor of the same incident (``after``) must be the newest event
  the server has of that incident, else the batch is refused (409 ``out_of_order``)
  rather than applied out of order;
- a new incident is created, with the register's id, from its ``detected`` event and the
  facts sent with it (which must agree with that event);
- the event is appended to the server's own journal (its own ``seq`` and hash chain)
  with the register's event id and time; ``data.synced_from`` names the register and
  the event's local ``seq``; the incident's status follows the event.

Once the server holds an incident's ``last_event``, its state columns and decision are
taken over from the batch. Errors raise before the commit, so nothing is stored.

The incident's facets are independent (design §3): events the server made itself (a tag
fixed there while the register was offline) are not the register's to follow, so the
register's events are placed after the newest event *that register* sent, and a tag fixed
on the server stays fixed whatever the register's own row says.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, case, func, select

from ..domain import Resolution, Signage, Status
from ..domain.incident import RESOLVED, summary_status
from ..errors import DiscrepancyError, InvalidInput, NotPermitted
from ..money import Money
from ..store import repository
from ..store.journal import EVENTS, INCIDENTS, STORES, append_event
from ..store.projection import (
    DETECTED_FACTS,
    JSON_FACTS,
    MONEY_COLUMNS,
    Projection,
    agrees,
    load_data,
    money_text,
)
from ..sync.batch import EventPush, IncidentPush, SyncBatch, read_batch
from .context import Context


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

    The answer counts what the batch holds, so a repeat answers the same.
    """
    check_identity(batch, store=store, register=register)
    applied: set[str] = set()
    with ctx.transaction() as connection:
        _lock_store(connection, store)
        for incident, event in batch.events_in_order():
            if _known(connection, incident, event, store):
                continue
            facets = _check_place(connection, incident, event, store=store, register=register)
            append_event(
                connection,
                store_id=store,
                incident_id=incident.id,
                kind=event.kind,
                at=event.at,
                data={**event.data, "synced_from": {"register": register, "seq": event.seq}},
                event_id=event.id,
                origin=register,
            )
            repository.update_incident(
                connection=connection, incident_id=incident.id, **_following(*facets, event)
            )
            applied.add(incident.id)
        currency = ctx.store_info(store).currency
        for incident in batch.incidents:
            if incident.id not in applied:
                continue
            if _head(connection, incident.id, register) == incident.last_event:
                _take_state(connection, incident)
            _project_decision(connection, incident, store, currency)
    return {
        "store": store,
        "register": register,
        "incidents": len(batch.incidents),
        "events": sum(len(incident.events) for incident in batch.incidents),
    }


def _following(resolution: Resolution, signage: Signage, event: EventPush) -> dict[str, Any]:
    """The incident columns an event implies: its facets, the summary status, and the
    times that go with them.

    Until the batch holding the incident's ``last_event`` brings the register's own
    columns, these keep a partly delivered incident coherent (an incident awaiting
    approval has its escalation time, a fixed one its fix time).
    """
    said = event.data.get("resolution", event.status.value)
    values: dict[str, Any] = {}
    if event.kind == "signage_fixed" or event.status is Status.SIGNAGE_FIXED:
        signage = Signage.FIXED
    if event.kind != "signage_fixed" and said in {r.value for r in Resolution}:
        resolution = Resolution(said)
    values["resolution"] = resolution.value
    values["signage"] = signage.value
    values["status"] = summary_status(resolution, signage).value
    action, staff = event.data.get("action"), event.data.get("staff")
    if event.kind == "decided" and isinstance(action, str) and len(action) <= 32:
        values["requested_action"] = action
    if resolution is Resolution.AWAITING_APPROVAL:
        values["escalated_at"] = func.coalesce(INCIDENTS.c.escalated_at, event.at)
    elif resolution in RESOLVED and event.kind not in ("detected", "signage_fixed"):
        values["resolved_at"] = func.coalesce(INCIDENTS.c.resolved_at, event.at)
    if event.kind == "signage_fixed":
        values["fixed_at"] = func.coalesce(INCIDENTS.c.fixed_at, event.at)
        if isinstance(staff, str) and len(staff) <= 32:
            values["fixed_by"] = func.coalesce(INCIDENTS.c.fixed_by, staff)
        cause = event.data.get("cause")
        if "cause" in event.data and (
            cause is None or (isinstance(cause, str) and len(cause) <= 32)
        ):
            # the first fix records the cause (as the server's own fix does); later ones not
            values["cause"] = case((INCIDENTS.c.fixed_at.is_(None), cause), else_=INCIDENTS.c.cause)
    return values


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
) -> tuple[Resolution, Signage]:
    """The event follows what the server has; a new incident is created here. Returns the
    incident's facets before the event."""
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
    if row is None:
        _create(connection, incident, event)
        return Resolution.DETECTED, Signage.OPEN
    return Resolution(row.resolution), Signage(row.signage)


def _create(connection: Connection, incident: IncidentPush, event: EventPush) -> None:
    if event.kind != "detected":
        field = f"{event.path}.kind"
        raise InvalidInput(f"{field}: a new incident starts with its detected event", field=field)
    _check_facts(incident, event)
    state: dict[str, Any] = {key: None for key in incident.state}
    state.update(  # the event's facets follow once it is appended (_following)
        status=Status.DETECTED.value,
        resolution=Resolution.DETECTED.value,
        signage=Signage.OPEN.value,
        cause=event.data.get("cause", incident.state["cause"]),  # as detected; a fix follows
        synced=True,
    )
    repository.insert_incident(connection=connection, **incident.facts, **state)


def _check_facts(incident: IncidentPush, event: EventPush) -> None:
    """The facts sent must be every one the detected event recorded (the journal checks
    each incident column against its events)."""
    facts, currency = incident.facts, incident.facts["currency"]
    projection = Projection()
    projection.apply(store_id=incident.store, kind="detected", at=event.at, data=event.data)
    expected = projection.incident
    keys = {**{c: k for k, c in DETECTED_FACTS.items()}, **{c: k for k, c in JSON_FACTS.items()}}
    for key in keys.values():
        if key not in event.data:
            field = f"{event.path}.data.{key}"
            raise InvalidInput(f"{field}: the detected event must record it", field=field)
    for column, wanted in expected.items():
        if column in facts and not agrees(column, facts[column], wanted, currency):
            key = keys.get(column, "at" if column == "detected_at" else "claim")
            field = f"{event.path}.data.{key}" if key != "at" else f"{event.path}.at"
            shown = facts[column]
            if column in MONEY_COLUMNS:
                shown = money_text(shown, currency)
            raise InvalidInput(f"{field}: differs from the incident's {key} ({shown})", field=field)


def _take_state(connection: Connection, incident: IncidentPush) -> None:
    """Bring the incident's state columns to what the register has."""
    state = dict(incident.state)
    state.pop("status")  # the status follows the events, as the journal checks
    row = repository.get_incident_row(connection=connection, incident_id=incident.id)
    if row is not None and row.signage == Signage.FIXED.value:
        # fixed here (or by the register): the fix's time, staff and cause stay as recorded
        state["fixed_at"] = func.coalesce(INCIDENTS.c.fixed_at, state.get("fixed_at"))
        state["fixed_by"] = func.coalesce(INCIDENTS.c.fixed_by, state.get("fixed_by"))
        state["cause"] = func.coalesce(INCIDENTS.c.cause, state.get("cause"))
    repository.update_incident(connection=connection, incident_id=incident.id, **state)


def _project_decision(
    connection: Connection, incident: IncidentPush, store: str, currency: str
) -> None:
    """Write the decision row the incident's journaled events imply (design §3: every
    column is a projection of events), so it agrees with ``journal verify`` after every
    batch, even one that delivers only part of an incident."""
    projection = Projection()
    events = connection.execute(
        select(EVENTS.c.store_id, EVENTS.c.kind, EVENTS.c.at, EVENTS.c.body)
        .where(EVENTS.c.incident_id == incident.id)
        .order_by(EVENTS.c.seq)
    )
    for store_id, kind, at, body in events:
        projection.apply(store_id=store_id, kind=kind, at=at, data=load_data(body) or {})
    if projection.decision is None:
        return
    values = {key: value for key, value in projection.decision.items() if key != "store_id"}
    try:
        for column in ("charge_minor", "goodwill_minor", "bonus_minor"):
            if values[column] is not None:
                values[column] = Money.parse(str(values[column]), currency).minor
    except DiscrepancyError:  # money the events cannot say: keep what the register sent
        if incident.decision is None:
            return
        values = dict(incident.decision)
    if repository.get_decision_row(connection=connection, incident_id=incident.id) is None:
        repository.insert_decision(
            connection=connection, incident_id=incident.id, store_id=store, **values
        )
    else:
        repository.update_decision(connection=connection, incident_id=incident.id, **values)


__all__ = ["EventConflict", "OutOfOrder", "apply_batch", "check_identity", "read"]

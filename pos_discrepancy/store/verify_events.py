"""One event on its own: its hash and the columns its hashed record names.

:func:`event_verifies` is the part of the chain check (:mod:`.verify`) that needs the
event's body and nothing of the events around it, so the row pass (:mod:`.verify_rows`),
which reads every body to fold it, makes it there and the chain pass need not read the
bodies again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ..views import STORE_CHAIN
from .journal import EVENTS, chain_hash, load_record
from .verify_raw import encode_text, raw, utc_isoformat


@dataclass(frozen=True, slots=True)
class Event:
    """One ``events`` row as read for verification."""

    id: str
    store_id: str
    chain: str
    seq: int
    incident_id: str
    kind: str
    at: Any  # raw (verify_raw); datetime once typed for a diagnosis
    body: str
    prev_hash: str
    hash: str


EVENT_COLUMNS = [
    EVENTS.c.id,
    EVENTS.c.store_id,
    EVENTS.c.chain,
    EVENTS.c.seq,
    EVENTS.c.incident_id,
    EVENTS.c.kind,
    raw(EVENTS.c.at),
    EVENTS.c.body,
    EVENTS.c.prev_hash,
    EVENTS.c.hash,
]


def records_match(event: Event, typed_at: Callable[[Any], Any]) -> bool:
    """Whether the hashed record names the row's id, store, seq, incident, kind and time.

    Fast path: canonical JSON sorts keys, so a body made by ``journal.event_row`` starts
    with its time and ends with ``,"id":…,"incident":…,"kind":…,"seq":…,"store":…}``.
    Anything else (a time written with another UTC offset, say) is decoded and compared
    with the row read typed (``typed_at`` makes the raw time a datetime).
    """
    body = event.body
    at = utc_isoformat(event.at)
    tail = _tail(event)
    if at is not None and tail is not None and body.endswith(tail):
        chain = "" if event.chain == STORE_CHAIN else '"chain":' + encode_text(event.chain) + ","
        if body.startswith('{"at":"' + at + '",' + chain + '"data":'):
            return True
    record = load_record(body)
    return record is not None and not differing_column(
        replace(event, at=typed_at(event.at)), record
    )


def _tail(event: Event) -> str | None:
    """``,"id":…,"incident":…,"kind":…,"seq":…,"store":…}`` as canonical JSON writes the
    row's columns at the end of a record, or ``None`` (a column of another type)."""
    if type(event.seq) is not int:
        return None
    try:
        return (
            ',"id":' + encode_text(event.id) + ',"incident":' + encode_text(event.incident_id)
            + ',"kind":' + encode_text(event.kind) + ',"seq":' + str(event.seq)
            + ',"store":' + encode_text(event.store_id) + "}"
        )  # fmt: skip
    except TypeError:
        return None


def differing_column(event: Event, record: dict[str, Any]) -> str | None:
    """The first row column the hashed ``record`` disagrees with, or ``None``."""
    for column, key in (
        ("id", "id"),
        ("store_id", "store"),
        ("seq", "seq"),
        ("incident_id", "incident"),
        ("kind", "kind"),
    ):
        if record.get(key) != getattr(event, column):
            return column
    if record.get("chain", STORE_CHAIN) != event.chain:
        return "chain"
    try:
        if datetime.fromisoformat(record.get("at")) != event.at:  # type: ignore[arg-type]
            return "at"
    except (TypeError, ValueError):
        return "at"
    return None


def event_verifies(event: Event, typed_at: Callable[[Any], Any]) -> bool:
    """Whether the event's record names its columns and its hash is the SHA-256 of its
    previous hash and body (its link to the event before is :mod:`.verify`'s)."""
    return records_match(event, typed_at) and chain_hash(event.prev_hash, event.body) == event.hash


__all__ = ["EVENT_COLUMNS", "Event", "differing_column", "event_verifies", "records_match"]

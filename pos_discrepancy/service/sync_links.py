"""Intake's check of a till's own hash chain (design §6: chains travel).

A till sends each event with its link: chain id, the event's ``seq`` in that chain, the
previous hash, the hash and the exact hashed body. The server keeps the link only when
it continues the chain the server has: the next ``seq``, linked to the newest hash, its
hash the SHA-256 of its body, and the body saying what the event says. Anything else is
refused with a reason that names it, and the event is quarantined (never blocking the
others):

- **fork**: the server already has another event at that ``seq``, or the event links to
  a hash the chain does not end with: two tills share one database (cloned from one
  image), or a till was restored from a backup and made its history again;
- **gap**: events before this one have not arrived;
- **edited**: the hash is not the body's, or the body says something else than the event.

The first till keeps syncing: its next events continue the chain the server holds.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from ..errors import InvalidInput
from ..store import chain_links
from ..store import quarantine as held
from ..store.journal import GENESIS_HASH, chain_hash
from ..sync.batch import EventPush, IncidentPush, LinkPush


def check_link(
    connection: Connection,
    *,
    store: str,
    incident: IncidentPush,
    event: EventPush,
    link: LinkPush,
    own_chain: str,
    now: datetime,
) -> None:
    """Keep ``event``'s link if it continues its chain; else raise ``InvalidInput``
    naming why (the caller quarantines the event)."""
    field = f"{event.path}.link"
    if chain_links.same_device(link.chain, own_chain):
        raise InvalidInput(
            f"{field}.chain: {link.chain} is this server's own chain: this till runs on a "
            "copy of the server's database; give it its own (posdisc init) and register it",
            field=f"{field}.chain",
        )
    if chain_hash(link.prev_hash, link.body) != link.hash:
        raise InvalidInput(
            f"{field}.hash: is not the SHA-256 of prev_hash and body: the event was changed "
            "after the till hashed it",
            field=f"{field}.hash",
        )
    differs = _body_differs(link.body, store=store, incident=incident, event=event)
    if differs:
        raise InvalidInput(
            f"{field}.body: its {differs} is not the event's: the event was changed after "
            "the till hashed it",
            field=f"{field}.body",
        )
    kept = chain_links.link_at(
        connection=connection, store_id=store, chain=link.chain, seq=event.seq
    )
    if kept is not None:
        if kept.hash == link.hash:
            return  # kept earlier (the event waited in quarantine): a retry
        raise _fork(
            field, link.chain, event.seq, f"another event ({kept.event_id}) is at seq {event.seq}"
        )
    newest = chain_links.head(connection=connection, store_id=store, chain=link.chain)
    if newest is None:
        if event.seq == 1 and link.prev_hash != GENESIS_HASH:
            raise _fork(field, link.chain, 1, "its first event links to an earlier one")
        # Past seq 1, a chain may begin here (a till that synced before it sent links),
        # unless an earlier event of it is held: then this one waits behind that.
        waits_for = held.held_before(
            connection=connection, store_id=store, chain=link.chain, seq=event.seq
        )
        if waits_for is not None:
            raise InvalidInput(
                f"{field}: gap in chain {link.chain}: its earlier event {waits_for} is held in "
                "quarantine, so the server keeps none of the chain yet; this one waits behind it",
                field=field,
            )
    elif event.seq > newest.seq + 1:
        raise InvalidInput(
            f"{field}: gap in chain {link.chain}: the server's copy ends at seq {newest.seq}, "
            f"this event is seq {event.seq}; the events between have not arrived "
            "(posdisc sync sends them in order: run it again at the till)",
            field=field,
        )
    elif event.seq <= newest.seq or link.prev_hash != newest.hash:
        raise _fork(field, link.chain, event.seq, f"it does not link to seq {newest.seq}")
    chain_links.add(
        connection=connection,
        now=now,
        store_id=store,
        chain=link.chain,
        seq=event.seq,
        event_id=event.id,
        prev_hash=link.prev_hash,
        hash=link.hash,
        body=link.body,
    )


def _fork(field: str, chain: str, seq: int, why: str) -> InvalidInput:
    return InvalidInput(
        f"{field}.chain: fork of chain {chain} at seq {seq}: {why} that the server already "
        "has. Two tills share one database (cloned from one image), or this till was "
        "restored from a backup. Give this till its own database (posdisc init) and "
        "register it again; its events wait here, named, until a manager deals with them",
        field=f"{field}.chain",
    )


def _body_differs(
    body_text: str, *, store: str, incident: IncidentPush, event: EventPush
) -> str | None:
    """The first field of the hashed body that is not the event's (``None``: all agree)."""
    try:
        body: Any = json.loads(body_text)
    except ValueError:
        return "text (not JSON)"
    if not isinstance(body, dict):
        return "text (not a JSON object)"
    return chain_links.record_differs(
        body, at=event.at, data=event.data, id=event.id, store=store, seq=event.seq,
        incident=incident.id, kind=event.kind,
    )  # fmt: skip


__all__ = ["check_link"]

"""Registers' hash chains as the registers made them (design §6), and this database's name.

A till chains its events on its own database (:mod:`.journal`); sync delivers each with
its link. The server keeps the links here, beside its own journal, so ``journal verify``
checks the till's chain as made. Keyword-only functions over SQLAlchemy Core; nothing
here commits. Links are only inserted (the database refuses UPDATE and DELETE).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select

from ..views import STORE_CHAIN
from .journal import canonical_json
from .tables import ChainLink, JournalDevice

LINKS = ChainLink.__table__  # type: ignore[attr-defined]
DEVICE = JournalDevice.__table__  # type: ignore[attr-defined]
#: A till's chain id is this prefix and its database's device id.
TILL_PREFIX = "till-"


def record_differs(
    record: dict[str, Any], *, at: datetime, data: object, **fields: object
) -> str | None:
    """The first thing a hashed event record says otherwise than expected: one of
    ``fields`` (by their names in the record), then ``at``, then ``data`` (compared as
    canonical JSON); ``None`` when all agree."""
    for name, value in fields.items():
        if record.get(name) != value:
            return name
    try:
        if datetime.fromisoformat(str(record.get("at"))) != at:
            return "at"
    except ValueError:
        return "at"
    if canonical_json(record.get("data")) != canonical_json(data):
        return "data"
    return None


def device_id(connection: Connection) -> str:
    """This database's own name (made once, by migration 0014)."""
    return str(connection.execute(select(DEVICE.c.id).limit(1)).scalar_one())


def till_chain(device: str, chain: str = STORE_CHAIN) -> str:
    """The id a till's ``chain`` travels under: its database's device id, then the local
    chain's name unless ``store`` (``till-<device>/register-R1``)."""
    local = "" if chain == STORE_CHAIN else f"/{chain}"
    return f"{TILL_PREFIX}{device}{local}"


def same_device(chain: str, device_chain: str) -> bool:
    """Whether the till chain ``chain`` was born on the device whose chain (for ``store``)
    is ``device_chain``."""
    return chain.split("/", 1)[0] == device_chain


def link_at(*, connection: Connection, store_id: str, chain: str, seq: int) -> Row[Any] | None:
    """The link at ``seq`` of a chain (``event_id``, ``hash``), if the server has it."""
    return connection.execute(
        select(LINKS.c.event_id, LINKS.c.hash).where(
            LINKS.c.store_id == store_id, LINKS.c.chain == chain, LINKS.c.seq == seq
        )
    ).first()


def head(*, connection: Connection, store_id: str, chain: str) -> Row[Any] | None:
    """The newest link of a chain (``seq``, ``hash``), or ``None`` for a chain not seen."""
    return connection.execute(
        select(LINKS.c.seq, LINKS.c.hash)
        .where(LINKS.c.store_id == store_id, LINKS.c.chain == chain)
        .order_by(LINKS.c.seq.desc())
        .limit(1)
    ).first()


def add(*, connection: Connection, now: datetime, **link: Any) -> None:
    """Keep one link (``store_id``, ``chain``, ``seq``, ``event_id``, ``prev_hash``,
    ``hash``, ``body``)."""
    connection.execute(insert(LINKS).values(received_at=now, **link))


def heads(connection: Connection, store_id: str | None = None) -> list[tuple[str, str, int, str]]:
    """``(store, chain, seq, hash)`` of every chain's newest link, by store and chain."""
    newest = select(LINKS.c.store_id, LINKS.c.chain, func.max(LINKS.c.seq).label("seq")).group_by(
        LINKS.c.store_id, LINKS.c.chain
    )
    if store_id is not None:
        newest = newest.where(LINKS.c.store_id == store_id)
    last = newest.subquery()
    query = (
        select(LINKS.c.store_id, LINKS.c.chain, LINKS.c.seq, LINKS.c.hash)
        .join(
            last,
            (last.c.store_id == LINKS.c.store_id)
            & (last.c.chain == LINKS.c.chain)
            & (last.c.seq == LINKS.c.seq),
        )
        .order_by(LINKS.c.store_id, LINKS.c.chain)
    )
    return [(store, chain, seq, digest) for store, chain, seq, digest in connection.execute(query)]


def all_links(connection: Connection, store_id: str | None, batch_size: int) -> Iterable[Row[Any]]:
    """Every link, by store, chain and seq, streamed."""
    query = select(
        LINKS.c.store_id,
        LINKS.c.chain,
        LINKS.c.seq,
        LINKS.c.event_id,
        LINKS.c.prev_hash,
        LINKS.c.hash,
        LINKS.c.body,
    )
    if store_id is not None:
        query = query.where(LINKS.c.store_id == store_id)
    return connection.execution_options(yield_per=batch_size).execute(
        query.order_by(LINKS.c.store_id, LINKS.c.chain, LINKS.c.seq)
    )


__all__ = [
    "TILL_PREFIX",
    "add",
    "all_links",
    "device_id",
    "head",
    "heads",
    "link_at",
    "record_differs",
    "same_device",
    "till_chain",
]

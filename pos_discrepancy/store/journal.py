"""The tamper-evident journal: append events to SHA-256 chains, read their heads.

A store's journal is several chains (design §6): an incident's events are on its
register's chain (``register-<code>``), so registers of one store never wait for each
other to append; events journaled before migration 0015 are on the chain ``store``, and
so are the later events of their incidents — an incident's events are always on one
chain, in ``seq`` order. Each event's ``body`` is the canonical JSON of everything about
it (id, store, chain unless ``store``, seq, incident, kind, time, data). Its ``hash`` is
SHA-256 over the previous event's hash in its chain, a newline and the body. Editing a
body, deleting or inserting an event, or reordering events breaks the chain in a way
:func:`.verify.verify_journal` names. Events are only ever inserted: this module has no
update or delete, and the database refuses both (trigger). Audits' events, made by no
register, are on ``store``.
"""

from __future__ import annotations

import hashlib
import json
import json.encoder
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, text

from ..ids import uuid7
from ..money import Money
from ..views import STORE_CHAIN
from .tables import Event, Incident, Store

GENESIS_HASH = "0" * 64
EVENTS = Event.__table__  # type: ignore[attr-defined]
INCIDENTS = Incident.__table__  # type: ignore[attr-defined]
STORES = Store.__table__  # type: ignore[attr-defined]

# Built once: the register path runs these on every incident.
_HEAD = (
    select(EVENTS.c.seq, EVENTS.c.hash)
    .where(EVENTS.c.store_id == bindparam("store_id"), EVENTS.c.chain == bindparam("chain"))
    .order_by(EVENTS.c.seq.desc())
    .limit(1)
)
_CHAIN_OF = select(EVENTS.c.chain).where(EVENTS.c.incident_id == bindparam("incident_id")).limit(1)
#: PostgreSQL: writers of one chain queue on a transaction-scoped advisory lock named
#: after the chain (a hash collision only makes two chains wait for each other).
LOCK_CHAIN_SQL = "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))"
_INSERT = insert(EVENTS)


def register_chain(register_id: str) -> str:
    """The chain a new incident's events are on: its register's."""
    return f"register-{register_id}"


def lock_key(store_id: str, chain: str) -> str:
    """The name the chain's append lock is taken by (PostgreSQL)."""
    return f"{store_id}/{chain}"


def lock_chain(connection: Connection, store_id: str, chain: str) -> None:
    """Queue behind other writers of the chain until the transaction ends (PostgreSQL; on
    SQLite the caller's ``BEGIN IMMEDIATE`` already holds the one write lock)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(LOCK_CHAIN_SQL, (lock_key(store_id, chain),))


def _plain(value: Any) -> Any:
    if isinstance(value, Money | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, frozenset | set):
        return sorted(value)
    raise TypeError(f"cannot journal a {type(value).__name__}")


def _make_encoder() -> Any:
    # The C encoder json.dumps builds on every call, built once (the register path
    # encodes three times per check). Same arguments as canonical_json's dumps, so the
    # same text; a Python without the C accelerator falls back to json.dumps.
    make = getattr(json.encoder, "c_make_encoder", None)
    encode_text = getattr(json.encoder, "c_encode_basestring", None)
    if make is None or encode_text is None:  # pragma: no cover - CPython has both
        return None
    try:
        encoder = make(None, _plain, encode_text, None, ":", ",", True, False, True)
        sample = {"b": [1, None, True, "é\x00"], "a": {"d": "x", "c": 2}}
        expected = json.dumps(sample, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        if "".join(encoder(sample, 0)) == expected:
            return encoder
    except TypeError:  # pragma: no cover - another Python's signature
        pass
    return None  # pragma: no cover


_ENCODER = _make_encoder()


def canonical_json(data: Any) -> str:
    """The one encoding that is hashed: sorted keys, no spaces, UTF-8, money as text."""
    if _ENCODER is not None and isinstance(data, dict | list):
        return "".join(_ENCODER(data, 0))
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain
    )


def load_record(body: str) -> dict[str, Any] | None:
    """An event body decoded, or ``None`` when it is not a JSON object (edited)."""
    try:
        record = json.loads(body)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


def chain_hash(prev_hash: str, body: str) -> str:
    """SHA-256 over the previous hash, a newline and the canonical body."""
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """An event as appended: its row, with ``data`` decoded from the body on demand."""

    id: str
    store_id: str
    seq: int
    incident_id: str
    kind: str
    at: datetime
    body: str
    hash: str
    chain: str = STORE_CHAIN

    @property
    def data(self) -> dict[str, Any]:
        """The event's data as stored (money and times as text)."""
        data: dict[str, Any] = json.loads(self.body)["data"]
        return data


class RawJSON:
    """Data already encoded by :func:`canonical_json`, embedded in an event body as is.

    The register stores the claim and the options on the incident and in its detected
    event; wrapping the encoded text lets the event body reuse it instead of encoding it
    twice. The body is byte for byte what encoding the original value would give, because
    canonical JSON of a nested value is its canonical JSON on its own. Only top-level
    values of an event's ``data`` may be ``RawJSON``.
    """

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


# A placeholder no caller can produce: a NUL (always escaped by JSON) and a random key.
_SLOT = "\x00" + secrets.token_hex(16) + ":"


def event_row(
    *,
    store_id: str,
    seq: int,
    prev_hash: str,
    incident_id: str,
    kind: str,
    at: datetime,
    data: dict[str, Any],
    event_id: str | None = None,
    chain: str = STORE_CHAIN,
) -> dict[str, Any]:
    """The ``events`` row for the event after ``prev_hash`` in ``chain``: the one place
    bodies are made.

    ``event_id`` keeps an id made elsewhere (an offline register's, delivered by sync).
    The body names the chain unless it is ``store`` (bodies made before 0015 name none).
    """
    event_id = event_id or uuid7()
    raw = {key: value.text for key, value in data.items() if isinstance(value, RawJSON)}
    if raw:
        data = {key: _SLOT + key if key in raw else value for key, value in data.items()}
    record: dict[str, Any] = {
        "id": event_id,
        "store": store_id,
        "seq": seq,
        "incident": incident_id,
        "kind": kind,
        "at": at,
        "data": data,
    }
    if chain != STORE_CHAIN:
        record["chain"] = chain
    body = canonical_json(record)
    for key, encoded in raw.items():
        body = body.replace(canonical_json(_SLOT + key), encoded, 1)
    return {
        "id": event_id,
        "store_id": store_id,
        "chain": chain,
        "seq": seq,
        "incident_id": incident_id,
        "kind": kind,
        "at": at,
        "body": body,
        "prev_hash": prev_hash,
        "hash": chain_hash(prev_hash, body),
    }


def entry_of(row: dict[str, Any]) -> JournalEntry:
    """The :class:`JournalEntry` of an ``events`` row made by :func:`event_row`."""
    return JournalEntry(
        row["id"],
        row["store_id"],
        row["seq"],
        row["incident_id"],
        row["kind"],
        row["at"],
        row["body"],
        row["hash"],
        row["chain"],
    )


def append_event(
    connection: Connection,
    *,
    store_id: str,
    incident_id: str,
    kind: str,
    at: datetime,
    data: dict[str, Any],
    event_id: str | None = None,
    origin: str | None = None,
    chain: str = STORE_CHAIN,
) -> JournalEntry:
    """Append one event inside the caller's transaction and return it.

    ``chain`` is the chain of an incident's first event (:func:`register_chain` for a
    register's incident); later events of an incident join the chain its first is on.
    ``event_id`` keeps an id made elsewhere (an offline register's); default a new one.
    ``origin`` names the offline register the event was born at (sync); not hashed.
    Writers of one chain queue up (:func:`lock_chain`); other chains do not wait.
    """
    chain = connection.execute(_CHAIN_OF, {"incident_id": incident_id}).scalar() or chain
    lock_chain(connection, store_id, chain)
    head = connection.execute(_HEAD, {"store_id": store_id, "chain": chain}).first()
    seq, prev_hash = (head[0] + 1, head[1]) if head else (1, GENESIS_HASH)
    row = event_row(
        store_id=store_id,
        seq=seq,
        prev_hash=prev_hash,
        incident_id=incident_id,
        kind=kind,
        at=at,
        data=data,
        event_id=event_id,
        chain=chain,
    )
    connection.execute(_INSERT, {**row, "origin": origin} if origin else row)
    return entry_of(row)


# The chains of one store by a skip scan of the (store, chain, seq) key: one index probe
# per chain, however long the chains are (PostgreSQL has no loose index scan of its own).
_CHAINS = text(
    "WITH RECURSIVE found(chain) AS ("
    " SELECT min(chain) FROM events WHERE store_id = :store_id"
    " UNION ALL SELECT (SELECT min(chain) FROM events"
    " WHERE store_id = :store_id AND chain > found.chain)"
    " FROM found WHERE found.chain IS NOT NULL"
    ") SELECT chain FROM found WHERE chain IS NOT NULL"
)


def store_chains(connection: Connection, store_id: str) -> list[tuple[str, int]]:
    """``(chain, newest seq)`` of each chain of the store, by chain name."""
    heads = []
    for (chain,) in connection.execute(_CHAINS, {"store_id": store_id}).all():
        head = connection.execute(_HEAD, {"store_id": store_id, "chain": chain}).first()
        heads.append((str(chain), int(head[0]) if head else 0))
    return heads


def chain_heads(
    connection: Connection, store_id: str | None = None
) -> list[tuple[str, str, int, str]]:
    """``(store, chain, seq, hash)`` of each chain's newest event, by store and chain."""
    newest = select(
        EVENTS.c.store_id, EVENTS.c.chain, func.max(EVENTS.c.seq).label("seq")
    ).group_by(EVENTS.c.store_id, EVENTS.c.chain)
    if store_id is not None:
        newest = newest.where(EVENTS.c.store_id == store_id)
    last = newest.subquery()
    query = (
        select(EVENTS.c.store_id, EVENTS.c.chain, EVENTS.c.seq, EVENTS.c.hash)
        .join(
            last,
            (last.c.store_id == EVENTS.c.store_id)
            & (last.c.chain == EVENTS.c.chain)
            & (last.c.seq == EVENTS.c.seq),
        )
        .order_by(EVENTS.c.store_id, EVENTS.c.chain)
    )
    return [(store, chain, seq, digest) for store, chain, seq, digest in connection.execute(query)]


__all__ = [
    "GENESIS_HASH",
    "JournalEntry",
    "RawJSON",
    "append_event",
    "canonical_json",
    "chain_hash",
    "chain_heads",
    "event_row",
    "load_record",
    "lock_chain",
    "register_chain",
    "store_chains",
]

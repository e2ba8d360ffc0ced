"""The ``idempotency_keys`` table: the first answer to a POST, per register and key."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Row,
    bindparam,
    delete,
    insert,
    select,
    tuple_,
    update,
)

from .tables import IdempotencyKey

KEYS = IdempotencyKey.__table__  # type: ignore[attr-defined]


def _where(store_id: str, register: str, key: str) -> ColumnElement[bool]:
    return (KEYS.c.store_id == store_id) & (KEYS.c.register == register) & (KEYS.c.key == key)


# Built once: every keyed request reads, claims and answers its key, and building a
# statement costs more than running it (the compiled form is cached by its shape).
_THIS_KEY = (
    (KEYS.c.store_id == bindparam("b_store_id"))
    & (KEYS.c.register == bindparam("b_register"))
    & (KEYS.c.key == bindparam("b_key"))
)
_GET = select(KEYS).where(_THIS_KEY)
_CLAIM = insert(KEYS)
_ANSWER = update(KEYS).where(_THIS_KEY)


def _ids(store_id: str, register: str, key: str) -> dict[str, str]:
    return {"b_store_id": store_id, "b_register": register, "b_key": key}


def claim_key(
    *,
    connection: Connection,
    store_id: str,
    register: str,
    key: str,
    request_sha256: str,
    now: datetime,
) -> None:
    """Insert the key "in progress"; ``IntegrityError`` when the register already has it."""
    connection.execute(
        _CLAIM,
        {
            "store_id": store_id,
            "register": register,
            "key": key,
            "request_sha256": request_sha256,
            "created_at": now,
        },
    )


def get_key(*, connection: Connection, store_id: str, register: str, key: str) -> Row[Any] | None:
    """The key's row, or ``None``."""
    return connection.execute(_GET, _ids(store_id, register, key)).first()


def save_answer(
    *, connection: Connection, store_id: str, register: str, key: str, status: int, body: str
) -> None:
    """Keep the first answer with the key."""
    connection.execute(
        _ANSWER, {**_ids(store_id, register, key), "status": status, "response_body": body}
    )


def release_key(
    *,
    connection: Connection,
    store_id: str,
    register: str,
    key: str,
    only_in_progress_since: datetime | None = None,
) -> None:
    """Let the key go (the first request failed, or its process died)."""
    where = _where(store_id, register, key)
    if only_in_progress_since is not None:
        where = where & KEYS.c.status.is_(None) & (KEYS.c.created_at == only_in_progress_since)
    connection.execute(delete(KEYS).where(where))


def prune_keys(*, connection: Connection, created_before: datetime, limit: int) -> int:
    """Delete up to ``limit`` keys made before ``created_before`` (by the index on
    ``created_at``); how many were deleted."""
    old = (
        select(KEYS.c.store_id, KEYS.c.register, KEYS.c.key)
        .where(KEYS.c.created_at < created_before)
        .order_by(KEYS.c.created_at)
        .limit(limit)
    )
    result = connection.execute(
        delete(KEYS).where(tuple_(KEYS.c.store_id, KEYS.c.register, KEYS.c.key).in_(old))
    )
    return int(result.rowcount)


def any_key_before(*, connection: Connection, created_before: datetime) -> bool:
    """Whether any key was made before ``created_before`` (one index probe)."""
    probe = select(KEYS.c.key).where(KEYS.c.created_at < created_before).limit(1)
    return connection.execute(probe).first() is not None

"""The ``idempotency_keys`` table: the first answer to a POST, per register and key."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Row,
    bindparam,
    delete,
    select,
    tuple_,
)

from .hot_path import hot_path
from .tables import IdempotencyKey

KEYS = IdempotencyKey.__table__  # type: ignore[attr-defined]


def _where(store_id: str, register: str, key: str) -> ColumnElement[bool]:
    return (KEYS.c.store_id == store_id) & (KEYS.c.register == register) & (KEYS.c.key == key)


# Every keyed request reads, claims and answers its key: on the bare driver, as the
# check's own writes are (store/hot_path.py), since SQLAlchemy's per-statement work cost
# more than the statements (docs/performance.md).
_WHERE = "store_id = {m} AND register = {m} AND key = {m}"
_FIRST_ANSWER = "SELECT request_sha256, status, response_body FROM {t} WHERE " + _WHERE
_ANSWER = "UPDATE {t} SET status = {m}, response_body = {m} WHERE " + _WHERE
_GET = select(KEYS).where(
    (KEYS.c.store_id == bindparam("b_store_id"))
    & (KEYS.c.register == bindparam("b_register"))
    & (KEYS.c.key == bindparam("b_key"))
)


def claim_key(
    *,
    connection: Connection,
    store_id: str,
    register: str,
    key: str,
    request_sha256: str,
    now: datetime,
) -> bool:
    """Insert the key "in progress" in ``connection``'s transaction; False when the
    register already has it (the transaction must then roll back)."""
    values = {"store_id": store_id, "register": register, "key": key,
              "request_sha256": request_sha256, "created_at": now}  # fmt: skip
    return hot_path(connection.engine).insert_row(connection, KEYS, values)


def first_answer(
    *, engine: Engine, store_id: str, register: str, key: str
) -> tuple[str, int | None, str | None] | None:
    """The key's ``(request_sha256, status, response_body)``, or ``None`` (read outside
    any transaction; ``status`` is ``None`` while a request is in progress)."""
    path = hot_path(engine)
    sql = _FIRST_ANSWER.format(t=KEYS.name, m=path.marker)
    row = path.read_one(sql, (store_id, register, key))
    return None if row is None else (row[0], row[1], row[2])


def get_key(*, connection: Connection, store_id: str, register: str, key: str) -> Row[Any] | None:
    """The key's whole row, or ``None``."""
    ids = {"b_store_id": store_id, "b_register": register, "b_key": key}
    return connection.execute(_GET, ids).first()


def save_answer(
    *, connection: Connection, store_id: str, register: str, key: str, status: int, body: str
) -> None:
    """Keep the first answer with the key, in ``connection``'s transaction."""
    path = hot_path(connection.engine)
    sql = _ANSWER.format(t=KEYS.name, m=path.marker)
    path.execute_on(connection, sql, (status, body, store_id, register, key))


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

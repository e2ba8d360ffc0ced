"""The register's write path on the bare database driver, with statements built once.

A check with a discrepancy must be committed before the cashier sees the options, and
the register waits for it: SQLAlchemy's per-statement work (compile cache lookup,
result objects, events) cost more than the database itself did (see
docs/performance.md). This module does the same writes as :mod:`.repository` and
:func:`.journal.append_event` — same rows, same bodies, same hashes, made by the same
:func:`.journal.event_row` — as plain DBAPI calls on a connection from the engine's pool.

Safety is unchanged: SQLite takes the write lock with ``BEGIN IMMEDIATE`` (so the head
read and the insert cannot interleave with another writer); PostgreSQL locks the store
row ``FOR NO KEY UPDATE`` as :func:`.journal.append_event` does. The commit happens
before :meth:`HotPath.write_incident` returns; any error rolls everything back.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, Table

from .journal import EVENTS, GENESIS_HASH, STORES, JournalEntry, entry_of, event_row
from .repository import DECISIONS, INCIDENTS, PRICES

Processor = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class EventDraft:
    """An event to append after the incident: what happened, when, and its data."""

    kind: str
    at: datetime
    data: dict[str, Any]


class _Insert:
    """``INSERT INTO table (columns) VALUES (...)`` with each column's bind processor."""

    def __init__(self, engine: Engine, table: Table, columns: Sequence[str]) -> None:
        dialect = engine.dialect
        marker = "?" if dialect.paramstyle == "qmark" else "%s"
        self.columns = tuple(columns)
        self.sql = (
            f"INSERT INTO {table.name} ({', '.join(self.columns)}) "
            f"VALUES ({', '.join([marker] * len(self.columns))})"
        )
        self.processors: list[Processor | None] = [
            table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
            for name in self.columns
        ]

    def params(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(
            values[name] if processor is None else processor(values[name])
            for name, processor in zip(self.columns, self.processors, strict=True)
        )


class HotPath:
    """Prebuilt statements for one engine; get it with :func:`hot_path`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        dialect = engine.dialect
        self.sqlite = dialect.name == "sqlite"
        marker = "?" if dialect.paramstyle == "qmark" else "%s"
        self._lock = threading.Lock()
        self._inserts: dict[tuple[str, tuple[str, ...]], _Insert] = {}
        self.head_sql = (
            f"SELECT seq, hash FROM {EVENTS.name} WHERE store_id = {marker} "
            "ORDER BY seq DESC LIMIT 1"
        )
        self.lock_sql = f"SELECT id FROM {STORES.name} WHERE id = {marker} FOR NO KEY UPDATE"
        self.price_sql = (
            f"SELECT sku, description, price_minor, unit_price_minor, unit, attributes "
            f"FROM {PRICES.name} WHERE store_id = {marker} AND sku = {marker}"
        )

    def _insert(self, table: Table, columns: Sequence[str]) -> _Insert:
        key = (table.name, tuple(columns))
        statement = self._inserts.get(key)
        if statement is None:
            with self._lock:
                statement = self._inserts.setdefault(key, _Insert(self.engine, table, columns))
        return statement

    def write_incident(
        self,
        *,
        incident: dict[str, Any],
        events: Sequence[EventDraft],
        decision: dict[str, Any] | None = None,
    ) -> list[JournalEntry]:
        """Insert the incident (and its decision), append its events, commit.

        Returns the appended entries once they are committed.
        """
        store_id, incident_id = incident["store_id"], incident["id"]
        connection = self.engine.raw_connection()
        try:
            cursor = connection.cursor()
            if self.sqlite:
                cursor.execute("BEGIN IMMEDIATE")
            try:
                statement = self._insert(INCIDENTS, list(incident))
                cursor.execute(statement.sql, statement.params(incident))
                if decision is not None:
                    statement = self._insert(DECISIONS, list(decision))
                    cursor.execute(statement.sql, statement.params(decision))
                if not self.sqlite:
                    cursor.execute(self.lock_sql, (store_id,))
                cursor.execute(self.head_sql, (store_id,))
                head = cursor.fetchone()
                seq, prev_hash = (head[0], head[1]) if head else (0, GENESIS_HASH)
                rows = []
                for draft in events:
                    seq += 1
                    row = event_row(
                        store_id=store_id,
                        seq=seq,
                        prev_hash=prev_hash,
                        incident_id=incident_id,
                        kind=draft.kind,
                        at=draft.at,
                        data=draft.data,
                    )
                    statement = self._insert(EVENTS, list(row))
                    cursor.execute(statement.sql, statement.params(row))
                    rows.append(row)
                    prev_hash = row["hash"]
                connection.commit()
            except BaseException:
                connection.rollback()
                raise
            finally:
                cursor.close()
        finally:
            connection.close()  # back to the pool
        return [entry_of(row) for row in rows]

    def price_row(self, *, store_id: str, sku: str) -> tuple[Any, ...] | None:
        """The price-file row ``(sku, description, price_minor, unit_price_minor, unit,
        attributes)`` of ``sku``, read without taking any write lock."""
        connection = self.engine.raw_connection()
        try:
            cursor = connection.cursor()
            try:
                # SQLite (autocommit mode): the SELECT reads one snapshot on its own.
                cursor.execute(self.price_sql, (store_id, sku))
                row: tuple[Any, ...] | None = cursor.fetchone()
            finally:
                cursor.close()
            if not self.sqlite:
                connection.rollback()  # end the implicit read transaction
            return row
        finally:
            connection.close()


_paths: weakref.WeakKeyDictionary[Engine, HotPath] = weakref.WeakKeyDictionary()
_paths_lock = threading.Lock()


def hot_path(engine: Engine) -> HotPath:
    """The :class:`HotPath` of ``engine`` (built on first use, kept with the engine)."""
    path = _paths.get(engine)
    if path is None:
        with _paths_lock:
            path = _paths.get(engine)
            if path is None:
                path = _paths[engine] = HotPath(engine)
    return path

"""The register's write path on the bare database driver, with statements built once.

A check with a discrepancy must be committed before the cashier sees the options, and
the register waits for it: SQLAlchemy's per-statement work (compile cache lookup,
result objects, events) cost more than the database itself did (see
docs/performance.md). This module does the same writes as :mod:`.repository` and
:func:`.journal.append_event` — same rows, same bodies, same hashes, made by the same
:func:`.journal.event_row` — as plain DBAPI calls. On an SQLite file the connections
are kept (configured like the engine's, closed when the engine is disposed); on
PostgreSQL they come from the engine's pool.

Safety is unchanged: SQLite takes the write lock with ``BEGIN IMMEDIATE`` (so the head
read and the insert cannot interleave with another writer); PostgreSQL takes the chain's
advisory lock as :func:`.journal.append_event` does: a new incident's events go on its
register's chain, so registers of one store do not wait for each other. The commit happens
before :meth:`HotPath.write_incident` returns; any error rolls everything back. Inside a
unit of work (a request with an ``Idempotency-Key``) the same statements run on the
unit's own DBAPI connection instead, and commit with the key's answer.

The other statements of every register request go the same way: the token's register
(:meth:`HotPath.register_row`), the price-file row, and the ``Idempotency-Key``'s read,
claim and answer (:mod:`.idempotency`, through :meth:`HotPath.read_one`,
:meth:`HotPath.insert_row` and :meth:`HotPath.execute_on`).
"""

from __future__ import annotations

import operator
import os
import sqlite3
import threading
import weakref
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table, event
from sqlalchemy.exc import DBAPIError

from .engine import configure_sqlite_connection
from .journal import (
    EVENTS,
    GENESIS_HASH,
    LOCK_CHAIN_SQL,
    JournalEntry,
    entry_of,
    event_row,
    lock_key,
    register_chain,
)
from .repository import DECISIONS, INCIDENTS, PRICES, REGISTERS

Processor = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class EventDraft:
    """An event to append after the incident: what happened, when, and its data."""

    kind: str
    at: datetime
    data: dict[str, Any]


class _Insert:
    """``INSERT INTO table (columns) VALUES (...)`` with each column's bind processor."""

    def __init__(self, dialect: Any, table: Table, columns: Sequence[str]) -> None:
        marker = "?" if dialect.paramstyle == "qmark" else "%s"
        self.columns = tuple(columns)
        self.sql = (
            f"INSERT INTO {table.name} ({', '.join(self.columns)}) "
            f"VALUES ({', '.join([marker] * len(self.columns))})"
        )
        processors = [
            table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
            for name in self.columns
        ]
        # Most columns need no conversion; only those that do pay for a Python call.
        self.converted = [(i, p) for i, p in enumerate(processors) if p is not None]
        self.pick = operator.itemgetter(*self.columns)

    def params(self, values: dict[str, Any]) -> tuple[Any, ...] | list[Any]:
        picked = self.pick(values)
        if len(self.columns) == 1:
            picked = (picked,)
        if not self.converted:
            return picked  # type: ignore[no-any-return]
        params = list(picked)
        for index, processor in self.converted:
            params[index] = processor(params[index])
        return params


#: WAL pages after which a kept SQLite connection checkpoints itself (see _KeptSqlite.get).
KEPT_AUTOCHECKPOINT_PAGES = 10_000


class _KeptSqlite:
    """SQLite connections kept between checks (a pool checkout and its reset-on-return
    rollback cost more than an INSERT). Same file, same settings as the engine's."""

    IDLE_MAX = 8

    def __init__(self, engine: Engine) -> None:
        self.cargs, self.cparams = engine.dialect.create_connect_args(engine.url)
        self.idle: deque[sqlite3.Connection] = deque()
        self.generation = 0
        self.pid = os.getpid()

    def get(self) -> tuple[sqlite3.Connection, int]:
        if os.getpid() != self.pid:  # a forked child never uses its parent's connections
            self.pid, self.idle = os.getpid(), deque()
            self.generation += 1
        generation = self.generation
        try:
            return self.idle.pop(), generation
        except IndexError:
            connection = sqlite3.connect(*self.cargs, **self.cparams)  # type: ignore[call-overload]
            configure_sqlite_connection(connection)
            # Leave the WAL checkpoint (two fsyncs, milliseconds) to the worker, which
            # runs one every pass (store.engine.checkpoint_wal), and to the engine's
            # connections (at the usual 1,000 pages): off the register's path. A kept
            # connection checkpoints only past this larger size (no worker running).
            connection.execute(f"PRAGMA wal_autocheckpoint={KEPT_AUTOCHECKPOINT_PAGES}")
            return connection, generation

    def put(self, connection: sqlite3.Connection, generation: int) -> None:
        if generation != self.generation or len(self.idle) >= self.IDLE_MAX:
            connection.close()
        else:
            self.idle.append(connection)

    def close_all(self) -> None:
        self.generation += 1  # connections in use now are closed when they come back
        while self.idle:
            self.idle.pop().close()


def _is_file(engine: Engine) -> bool:
    database = engine.url.database or ""
    return database not in ("", ":memory:") and "mode=memory" not in str(engine.url)


class HotPath:
    """Prebuilt statements for one engine; get it with :func:`hot_path`."""

    def __init__(self, engine: Engine) -> None:
        self._engine = weakref.ref(engine)  # the engine owns us, not the other way round
        dialect = engine.dialect
        self.dialect = dialect
        self.sqlite = dialect.name == "sqlite"
        self._kept = _KeptSqlite(engine) if self.sqlite and _is_file(engine) else None
        if self._kept is not None:
            event.listen(engine, "engine_disposed", self._disposed)
        marker = "?" if dialect.paramstyle == "qmark" else "%s"
        assert dialect.dbapi is not None  # an engine always has its driver
        self._integrity_error: type[Exception] = dialect.dbapi.IntegrityError
        self._driver_error: type[Exception] = dialect.dbapi.Error
        #: The driver's placeholder (``?`` or ``%s``), for statements written elsewhere.
        self.marker = marker
        self._lock = threading.Lock()
        self._inserts: dict[tuple[str, tuple[str, ...]], _Insert] = {}
        self.head_sql = (
            f"SELECT seq, hash FROM {EVENTS.name} WHERE store_id = {marker} "
            f"AND chain = {marker} ORDER BY seq DESC LIMIT 1"
        )
        self.price_sql = (
            f"SELECT sku, description, price_minor, unit_price_minor, unit, attributes "
            f"FROM {PRICES.name} WHERE store_id = {marker} AND sku = {marker}"
        )
        self.register_sql = (
            f"SELECT store_id, code, token_hash FROM {REGISTERS.name} WHERE token_hash = {marker}"
        )

    def _disposed(self, _engine: Engine) -> None:
        if self._kept is not None:
            self._kept.close_all()

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        """A DBAPI connection with no transaction open; given back afterwards. Driver
        errors come out as SQLAlchemy's (``OperationalError`` …), as from the engine, so
        the faces answer a lost database the same way (503)."""
        with self.driver_errors(), self._checked_out() as connection:
            yield connection

    @contextmanager
    def driver_errors(self) -> Iterator[None]:
        """Raise the driver's errors inside as SQLAlchemy's ``DBAPIError`` subclasses."""
        try:
            yield
        except DBAPIError:
            raise
        except self._driver_error as error:
            raise DBAPIError.instance(None, None, error, self._driver_error) from error

    @contextmanager
    def _checked_out(self) -> Iterator[Any]:
        if self._kept is not None:
            connection, generation = self._kept.get()
            try:
                yield connection
            except BaseException:
                connection.close()  # never reuse a connection after a surprise
                raise
            self._kept.put(connection, generation)
            return
        engine = self._engine()
        if engine is None:  # pragma: no cover - the desk was garbage-collected
            raise RuntimeError("the database engine is gone")
        pooled = engine.raw_connection()
        try:
            yield pooled
        finally:
            pooled.close()  # back to the pool

    def _insert(self, table: Table, columns: Sequence[str]) -> _Insert:
        key = (table.name, tuple(columns))
        statement = self._inserts.get(key)
        if statement is None:
            with self._lock:
                statement = self._inserts.setdefault(key, _Insert(self.dialect, table, columns))
        return statement

    def write_incident(
        self,
        *,
        incident: dict[str, Any],
        events: Sequence[EventDraft],
        decision: dict[str, Any] | None = None,
        connection: Connection | None = None,
    ) -> list[JournalEntry]:
        """Insert the incident (and its decision), append its events, commit.

        With ``connection`` (a SQLAlchemy connection whose transaction is open: a unit of
        work's) the same statements run on its DBAPI connection, in its transaction, and
        nothing is committed or rolled back here: the transaction's owner does that.
        Otherwise a kept connection is used and committed; returns the appended entries.
        """
        if connection is not None:
            with self.driver_errors():
                cursor = connection.connection.cursor()
                try:
                    rows = self._append(cursor, incident, events, decision)
                finally:
                    cursor.close()
            return [entry_of(row) for row in rows]
        with self._connection() as dbapi:
            cursor = dbapi.cursor()
            if self.sqlite:
                cursor.execute("BEGIN IMMEDIATE")
            try:
                rows = self._append(cursor, incident, events, decision)
                dbapi.commit()
            except BaseException:
                dbapi.rollback()
                raise
            finally:
                cursor.close()
        return [entry_of(row) for row in rows]

    def _append(
        self,
        cursor: Any,
        incident: dict[str, Any],
        events: Sequence[EventDraft],
        decision: dict[str, Any] | None,
    ) -> list[dict[str, Any]]:
        """The writes of :meth:`write_incident`, in the cursor's open transaction."""
        store_id, incident_id = incident["store_id"], incident["id"]
        chain = register_chain(incident["register_id"])
        statement = self._insert(INCIDENTS, list(incident))
        cursor.execute(statement.sql, statement.params(incident))
        if decision is not None:
            statement = self._insert(DECISIONS, list(decision))
            cursor.execute(statement.sql, statement.params(decision))
        if not self.sqlite:
            cursor.execute(LOCK_CHAIN_SQL, (lock_key(store_id, chain),))
        cursor.execute(self.head_sql, (store_id, chain))
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
                chain=chain,
            )
            statement = self._insert(EVENTS, list(row))
            cursor.execute(statement.sql, statement.params(row))
            rows.append(row)
            prev_hash = row["hash"]
        return rows

    def price_row(self, *, store_id: str, sku: str) -> tuple[Any, ...] | None:
        """The price-file row ``(sku, description, price_minor, unit_price_minor, unit,
        attributes)`` of ``sku``, read without taking any write lock."""
        return self.read_one(self.price_sql, (store_id, sku))

    def register_row(self, *, token_hash: str) -> tuple[str, str, str] | None:
        """The register ``(store_id, code, token_hash)`` whose token hashes to
        ``token_hash``: every HTTP request of a till reads it first."""
        return self.read_one(self.register_sql, (token_hash,))

    def insert_row(self, connection: Connection, table: Table, values: dict[str, Any]) -> bool:
        """INSERT ``values`` into ``table`` on ``connection``'s DBAPI connection, in its
        open transaction; False when a unique key refused the row (the transaction is
        then to be rolled back)."""
        statement = self._insert(table, list(values))
        with self.driver_errors():
            cursor = connection.connection.cursor()
            try:
                cursor.execute(statement.sql, statement.params(values))
            except self._integrity_error:
                return False
            finally:
                cursor.close()
        return True

    def execute_on(self, connection: Connection, sql: str, params: Sequence[Any]) -> None:
        """Run one statement (placeholders :attr:`marker`, values needing no conversion)
        on ``connection``'s DBAPI connection, in its open transaction."""
        with self.driver_errors():
            cursor = connection.connection.cursor()
            try:
                cursor.execute(sql, params)
            finally:
                cursor.close()

    def read_one(self, sql: str, params: Sequence[Any]) -> Any:
        """The first row of one SELECT (placeholders :attr:`marker`), on a connection of
        the write path (on SQLite, the one that wrote last, whose page cache is still
        valid); values come as the driver gives them."""
        with self._connection() as connection:
            # Autocommit (SQLite's kept connections always are): the SELECT reads one
            # snapshot on its own, with no BEGIN and ROLLBACK round trips on PostgreSQL.
            driver = None if self.sqlite else connection.dbapi_connection
            if driver is not None:
                driver.autocommit = True
            try:
                cursor = connection.cursor()
                try:
                    cursor.execute(sql, params)
                    return cursor.fetchone()
                finally:
                    cursor.close()
            finally:
                if driver is not None:
                    driver.autocommit = False


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

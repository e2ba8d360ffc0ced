"""The explicit context every command runs in: engine, clock, plugins, settings, stores.

Built once by the desk (:meth:`pos_discrepancy.desk.Desk.open`) and passed to each
command; never a global, never the facade. Commands open their units of work through it.

A request sent with an ``Idempotency-Key`` runs inside one :class:`UnitOfWork`
(:meth:`Context.unit_of_work`): while it is open in this thread (a context variable),
every ``ctx.transaction()`` of the command is a savepoint of the unit's one transaction,
and ``ctx.reading()`` reads through it, so the key's claim, the command's writes and its
answer commit together or not at all (docs/reliability.md, "Exactly-once retries").
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pluggy
from argon2 import PasswordHasher
from sqlalchemy import Connection, Engine

from ..config import Settings
from ..domain import StoreInfo
from ..errors import N_, ConfigurationError, NotFound
from ..inputs import check_code
from ..store import repository
from ..store.engine import READ_ONLY

Clock = Callable[[], datetime]
log = logging.getLogger(__name__)

#: argon2id with the library's recommended parameters (tests pass a cheap hasher).
PIN_HASHER = PasswordHasher()


def utc_now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


@dataclass
class StoreCache:
    """Store facts and policies already read, by store code (a store's row rarely changes)."""

    stores: dict[str, StoreInfo] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, code: str) -> StoreInfo | None:
        """The cached store, or ``None``."""
        return self.stores.get(code)

    def put(self, info: StoreInfo) -> None:
        """Remember ``info``."""
        with self.lock:
            self.stores[info.code] = info

    def forget(self, code: str) -> None:
        """Drop a store whose row changed."""
        with self.lock:
            self.stores.pop(code, None)


class UnitOfWork:
    """One transaction shared by a whole command, begun at its first write.

    Nothing is begun until a command first writes (``ctx.transaction()``) or the unit's
    owner calls :meth:`join`; then ``on_begin`` runs first in the new transaction (the
    ``Idempotency-Key`` claim). Beginning late keeps the slow parts of a command (a PIN's
    hash, plugins) outside the SQLite write lock and the PostgreSQL row locks.
    """

    def __init__(self, engine: Engine, on_begin: Callable[[Connection], None]) -> None:
        self.engine = engine
        self._on_begin = on_begin
        self.connection: Connection | None = None
        self._after_rollback: list[Callable[[], None]] = []

    def join(self) -> Connection:
        """The unit's connection, its transaction begun (and ``on_begin`` run) on first use."""
        if self.connection is None:
            self.connection = self.engine.connect()
            self.connection.begin()
            self._on_begin(self.connection)
        return self.connection

    def after_rollback(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` (outside any unit) if this unit rolls back."""
        self._after_rollback.append(callback)

    def _commit(self) -> None:
        if self.connection is not None:
            self.connection.commit()
            self.connection.close()
            self.connection = None

    def _roll_back(self) -> None:
        if self.connection is not None:
            try:
                self.connection.rollback()
            finally:
                self.connection.close()
                self.connection = None
        callbacks, self._after_rollback = self._after_rollback, []
        for callback in callbacks:  # what must be kept whatever the command's fate
            try:
                callback()
            except Exception:
                log.exception("a callback after a rolled-back unit of work failed")


_UNIT: ContextVar[UnitOfWork | None] = ContextVar("posdisc_unit_of_work", default=None)


@dataclass(frozen=True)
class Context:
    """What a command needs, and nothing of the faces: see docs/architecture.md."""

    engine: Engine
    settings: Settings
    pm: pluggy.PluginManager
    clock: Clock = utc_now
    pin_hasher: PasswordHasher = PIN_HASHER
    stores: StoreCache = field(default_factory=StoreCache)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One unit of work: commits on success, rolls back (storing nothing) on error.

        Inside an open :meth:`unit_of_work` it is a savepoint of the unit's transaction
        instead: an error rolls back this block only, and nothing is committed before
        the unit is.
        """
        unit = self._unit()
        if unit is None:
            with self.engine.begin() as connection:
                yield connection
            return
        connection = unit.join()
        with connection.begin_nested():
            yield connection

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reads only.

        On SQLite it begins deferred, so it neither waits for nor blocks a writer (WAL
        gives it a snapshot); a read inside a write transaction (say, a store's policy
        that is not cached yet) would otherwise wait for that very transaction. Inside a
        :meth:`unit_of_work` that has begun, it reads through the unit's connection, so
        a command sees what it has written.
        """
        unit = self._unit()
        if unit is not None and unit.connection is not None:
            yield unit.connection
            return
        with self.engine.connect().execution_options(**READ_ONLY) as connection:
            yield connection

    @contextmanager
    def unit_of_work(self, *, on_begin: Callable[[Connection], None]) -> Iterator[UnitOfWork]:
        """Run a whole command in one transaction: every ``transaction()`` inside joins it.

        ``on_begin(connection)`` runs first when the unit's transaction begins (at the
        command's first write, or :meth:`UnitOfWork.join`). The unit commits when the
        block ends and rolls back when it raises; then the callbacks given to
        :meth:`after_rollback` run, outside the unit (SQLite's write lock released).
        """
        if _UNIT.get() is not None:
            raise RuntimeError("a unit of work is already open in this thread")
        unit = UnitOfWork(self.engine, on_begin)
        token = _UNIT.set(unit)
        try:
            try:
                yield unit
            finally:
                _UNIT.reset(token)
            unit._commit()
        except BaseException:
            unit._roll_back()
            raise

    def unit_connection(self) -> Connection | None:
        """The open unit of work's connection (its transaction begun), or ``None``.

        For a write that needs no savepoint of its own (the register's hot path: any
        error in it ends the whole unit): cheaper than ``transaction()``.
        """
        unit = self._unit()
        return None if unit is None else unit.join()

    def after_rollback(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` after the open unit of work rolls back (never when it commits).

        For what a failing command must still keep (wrong-PIN counts): record it in the
        command's transaction as usual, and give the same recording here. Outside a unit
        of work there is nothing to do: the transaction has committed already.
        """
        unit = self._unit()
        if unit is not None:
            unit.after_rollback(callback)

    def _unit(self) -> UnitOfWork | None:
        unit = _UNIT.get()
        return unit if unit is not None and unit.engine is self.engine else None

    def store_info(self, code: object, *, field: str = "store") -> StoreInfo:
        """The store's facts and policy; ``NotFound`` for an unknown code."""
        store_code = check_code(code, field=field)
        info = self.stores.get(store_code)
        if info is None:
            with self.reading() as connection:
                row = repository.get_store(connection=connection, store_id=store_code)
            if row is None:
                raise NotFound.worded(
                    field,
                    N_("there is no store %(store)s; add it first (posdisc init, or add_store)"),
                    store=repr(store_code),
                )
            info = StoreInfo(
                code=row.id,
                name=row.name,
                currency=row.currency,
                timezone=row.timezone,
                jurisdiction=row.jurisdiction,
                policy=self.settings.policy_for(row.id, row.jurisdiction),
                locale=row.locale,
            )
            self.stores.put(info)
        return info

    def check_jurisdictions(self, names: Iterable[str | None]) -> None:
        """Refuse jurisdiction names that no installed plugin implements."""
        wanted = {n for n in names if n}
        if not wanted:
            return
        installed: set[str] = set()
        for answer in self.pm.hook.posdisc_jurisdictions():
            installed.update(answer or ())
        missing = wanted - installed
        if missing:
            raise ConfigurationError(
                f"jurisdiction: no installed plugin provides {', '.join(sorted(missing))}; "
                f"installed: {', '.join(sorted(installed)) or 'none'}",
                field="jurisdiction",
            )

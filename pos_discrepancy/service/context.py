"""The explicit context every command runs in: engine, clock, plugins, settings, stores.

Built once by the desk (:meth:`pos_discrepancy.desk.Desk.open`) and passed to each
command; never a global, never the facade. Commands open their units of work through it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pluggy
from argon2 import PasswordHasher
from sqlalchemy import Connection, Engine

from ..config import Settings
from ..domain import StoreInfo
from ..errors import ConfigurationError, NotFound
from ..inputs import check_code
from ..store import repository
from ..store.engine import READ_ONLY

Clock = Callable[[], datetime]

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
        """One unit of work: commits on success, rolls back (storing nothing) on error."""
        with self.engine.begin() as connection:
            yield connection

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reads only.

        On SQLite it begins deferred, so it neither waits for nor blocks a writer (WAL
        gives it a snapshot); a read inside a write transaction (say, a store's policy
        that is not cached yet) would otherwise wait for that very transaction.
        """
        with self.engine.connect().execution_options(**READ_ONLY) as connection:
            yield connection

    def store_info(self, code: object, *, field: str = "store") -> StoreInfo:
        """The store's facts and policy; ``NotFound`` for an unknown code."""
        store_code = check_code(code, field=field)
        info = self.stores.get(store_code)
        if info is None:
            with self.reading() as connection:
                row = repository.get_store(connection=connection, store_id=store_code)
            if row is None:
                raise NotFound(
                    f"{field}: there is no store {store_code!r}; add it first "
                    "(posdisc init, or add_store)",
                    field=field,
                )
            info = StoreInfo(
                code=row.id,
                name=row.name,
                currency=row.currency,
                timezone=row.timezone,
                jurisdiction=row.jurisdiction,
                policy=self.settings.policy_for(row.id, row.jurisdiction),
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

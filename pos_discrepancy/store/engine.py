"""Engine set-up: the default SQLite file (WAL), PostgreSQL by URL, and migrations."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import platformdirs
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from ..errors import ConfigurationError

DATABASE_URL_VARIABLE = "POSDISC_DATABASE_URL"
MIGRATIONS = "pos_discrepancy:store/migrations"
#: Execution option for connections that only read: ``connection.execution_options(
#: **READ_ONLY)`` before the first statement. On SQLite it avoids taking the write lock.
READ_ONLY_OPTION = "posdisc_read_only"
READ_ONLY = {READ_ONLY_OPTION: True}


def default_database_url() -> str:
    """``POSDISC_DATABASE_URL``, else an SQLite file in the user data directory."""
    url = os.environ.get(DATABASE_URL_VARIABLE)
    if url:
        return url
    folder = Path(platformdirs.user_data_dir("pos-discrepancy", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'posdisc.sqlite3'}"


def make_engine(database_url: str | None = None) -> Engine:
    """Create the engine; SQLite gets WAL, ``synchronous=NORMAL`` and writer locking."""
    url_text = database_url or default_database_url()
    try:
        url = make_url(url_text)
    except ArgumentError:
        raise ConfigurationError(
            f"database_url: {url_text!r} is not a database URL (e.g. sqlite:///posdisc.db "
            "or postgresql+psycopg://user@host/db)",
            field="database_url",
        ) from None
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url)
        _tune_sqlite(engine)
        return engine
    if url.get_backend_name() == "postgresql":
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        return create_engine(url, pool_pre_ping=True)
    raise ConfigurationError(
        f"database_url: {url.get_backend_name()} is not supported; use SQLite or PostgreSQL",
        field="database_url",
    )


def configure_sqlite_connection(dbapi_connection: Any) -> None:
    """The settings every SQLite connection gets: WAL, ``synchronous=NORMAL`` (the agreed
    durability: a power cut may lose the last commits, never corrupt), foreign keys."""
    # Let SQLAlchemy, not pysqlite, decide when transactions begin (see "begin").
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def checkpoint_wal(engine: Engine) -> None:
    """Copy an SQLite file's WAL into the database now, without waiting for anyone
    (``PASSIVE``); nothing on other databases. The worker does it every pass, so the
    register's commits rarely have to (see ``store/hot_path.py``)."""
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(PASSIVE)").close()
    finally:
        raw.close()


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        configure_sqlite_connection(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock up front, so two writers never both read the
        # same journal head and then collide (a deferred BEGIN would deadlock-upgrade).
        # Pure reads (READ_ONLY) begin deferred and so never wait for, or hold up, a
        # register: WAL lets them read a snapshot while others write.
        if connection.get_execution_options().get(READ_ONLY_OPTION):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def alembic_config(engine: Engine) -> Config:
    """An Alembic config pointing at the packaged migrations."""
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    config.set_main_option(
        "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
    )
    return config


def is_current(engine: Engine) -> bool:
    """True when the database is at the newest migration."""
    heads = set(ScriptDirectory.from_config(alembic_config(engine)).get_heads())
    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    return current == heads


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (no-op when already there)."""
    if is_current(engine):
        return
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

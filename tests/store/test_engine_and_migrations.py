"""The schema comes from the migrations on both databases; the engine is configured from
the URL or ``POSDISC_DATABASE_URL``, with the SQLite default in the user data folder."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import platformdirs
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlmodel import SQLModel

import pos_discrepancy
from pos_discrepancy.errors import ConfigurationError
from pos_discrepancy.store import tables
from pos_discrepancy.store.engine import (
    DATABASE_URL_VARIABLE,
    alembic_config,
    default_database_url,
    is_current,
    make_engine,
    migrate,
)

TABLES = {"stores", "staff", "prices", "registers", "incidents", "decisions", "events"}


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    server_url = request.getfixturevalue("postgresql_url")  # skips when no server answers
    admin = create_engine(server_url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    name = f"posdisc_migrate_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_migrations_build_the_schema_from_empty(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    try:
        assert not is_current(engine)
        migrate(engine)
        assert is_current(engine)
        assert set(inspect(engine).get_table_names()) >= TABLES
        migrate(engine)  # a second run is a no-op
        assert is_current(engine)
    finally:
        engine.dispose()


def test_the_models_match_the_migrations(empty_database_url: str) -> None:
    """A table or column added to the models without a migration fails here."""
    assert tables.Event.__tablename__ == "events"  # the models are imported
    engine = make_engine(empty_database_url)
    try:
        migrate(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, SQLModel.metadata)
        assert diff == []
    finally:
        engine.dispose()


def test_migrations_go_down_and_up_again(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    try:
        migrate(engine)
        config = alembic_config(engine)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        assert not TABLES & set(inspect(engine).get_table_names())
        migrate(engine)
        assert is_current(engine)
    finally:
        engine.dispose()


def _pragmas(engine) -> tuple[str, int, int]:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return (
            connection.exec_driver_sql("PRAGMA journal_mode").scalar_one(),
            connection.exec_driver_sql("PRAGMA synchronous").scalar_one(),
            connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one(),
        )


def test_default_database_is_sqlite_in_the_user_data_folder_with_wal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(DATABASE_URL_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    folder = Path(platformdirs.user_data_dir("pos-discrepancy", appauthor=False))
    assert folder.is_relative_to(tmp_path)
    url = default_database_url()
    assert url == f"sqlite:///{folder / 'posdisc.sqlite3'}"
    with pos_discrepancy.connect() as desk:
        assert desk.engine.url.database == str(folder / "posdisc.sqlite3")
        assert _pragmas(desk.engine) == ("wal", 1, 1)  # WAL, synchronous=NORMAL, FKs on
        desk.add_store("S001", name="Main St", currency="USD")
    assert (folder / "posdisc.sqlite3").exists()


def test_database_url_variable_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "from-env.sqlite3"
    monkeypatch.setenv(DATABASE_URL_VARIABLE, f"sqlite:///{path}")
    assert default_database_url() == f"sqlite:///{path}"
    with pos_discrepancy.connect() as desk:
        desk.add_store("S001", name="Main St", currency="USD")
        assert desk.engine.url.database == str(path)
    assert path.exists()
    # An explicit URL wins over the variable.
    other = tmp_path / "explicit.sqlite3"
    with pos_discrepancy.connect(f"sqlite:///{other}") as desk:
        assert desk.engine.url.database == str(other)


def test_postgresql_url_without_driver_uses_psycopg() -> None:
    engine = make_engine("postgresql://postgres@127.0.0.1:5432/postgres")
    try:
        assert engine.url.drivername == "postgresql+psycopg"
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "url",
    ["not a url", "mysql+pymysql://user@host/db", "oracle://scott@host/db", "://nothing"],
)
def test_bad_database_url_is_a_configuration_error(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ConfigurationError, match="database_url") as raised:
        make_engine(url)
    assert raised.value.field == "database_url"
    monkeypatch.setenv(DATABASE_URL_VARIABLE, url)
    with pytest.raises(ConfigurationError, match="database_url"):
        pos_discrepancy.connect()


def test_environment_is_clean_for_other_tests() -> None:
    assert DATABASE_URL_VARIABLE not in os.environ

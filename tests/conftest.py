"""Shared fixtures: a real database per test, on SQLite and on PostgreSQL.

Every test that uses ``desk`` (or ``database_url``) runs twice: against an SQLite file
and against the PostgreSQL server on 127.0.0.1:5432 (user postgres, trust auth), in a
database this session creates and drops. Without a server the PostgreSQL runs skip with
the reason; under ``CI=true`` they fail instead.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import SQLModel

os.environ["POSDISC_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # tests never pick up stray plugins
os.environ.pop("POSDISC_CONFIG", None)
os.environ.pop("POSDISC_DATABASE_URL", None)

import pos_discrepancy
from pos_discrepancy.desk import Desk
from pos_discrepancy.store.engine import make_engine, migrate

PG_ADMIN_URL = os.environ.get(
    "POSDISC_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


class FakeClock:
    """A settable clock so tests can move time (lockouts, timeouts, promotions)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 25, 15, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def _pg_admin_engine():  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine

    return create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this test session."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    admin = _pg_admin_engine()
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as error:
        reason = f"no PostgreSQL server answers at {PG_ADMIN_URL}: {error.orig}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    name = f"posdisc_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that each test copies (migrating once is faster)."""
    path = tmp_path_factory.mktemp("template") / "posdisc.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    engine.dispose()  # the last connection to close checkpoints the WAL into the file
    return path


def copy_database(template: Path, path: Path) -> Path:
    """A copy of the migrated ``template`` at ``path``, named as a database of its own
    (``journal_device``), as ``posdisc init`` makes one: a plain copy would be a clone."""
    shutil.copy(template, path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE journal_device SET id = ?", (uuid.uuid4().hex[:12],))
    connection.close()
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty, migrated database: an SQLite file, or the session's PostgreSQL database."""
    if request.param == "sqlite":
        path = tmp_path / "posdisc.sqlite3"
        copy_database(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgresql_url")
    engine = make_engine(url)
    with engine.begin() as connection:
        # Replica mode, in this transaction only: no trigger fires (the journal's
        # append-only ones, foreign keys), so plain DELETEs empty every table; ten times
        # faster than TRUNCATE on tables this small.
        connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        for table in SQLModel.metadata.sorted_tables:
            if table.name != "journal_device":  # the database's own name stays
                connection.exec_driver_sql(f'DELETE FROM "{table.name}"')
    engine.dispose()
    return url


@pytest.fixture
def clock() -> FakeClock:
    """The desk's clock; ``clock.advance(minutes=5)`` moves time."""
    return FakeClock()


def add_quebec(desk: Desk) -> None:
    """Store Q001 in Montreal: CAD, ``fr_CA`` (the French-language stores of the tests)."""
    desk.add_store(
        "Q001",
        name="Rue Sainte-Catherine",
        currency="CAD",
        timezone="America/Toronto",
        locale="fr_CA",
    )


@pytest.fixture
def make_desk(database_url: str, clock: FakeClock) -> Iterator:  # type: ignore[type-arg]
    """Open desks on the test database (with extra plugins or a config file)."""
    opened: list[Desk] = []

    def make(**options: object) -> Desk:
        options.setdefault("clock", clock)
        desk = pos_discrepancy.connect(database_url, **options)  # type: ignore[arg-type]
        opened.append(desk)
        return desk

    yield make
    for desk in opened:
        desk.close()


@pytest.fixture
def desk(make_desk) -> Desk:  # type: ignore[no-untyped-def]
    """A desk on an empty database with the built-in plugins only."""
    return make_desk()


@pytest.fixture
def store(desk: Desk) -> Desk:
    """The desk with store S001 (USD), manager M01 (PIN 2468), admin A01 (PIN 1357),
    and a small price file."""
    desk.add_store("S001", name="Main St", currency="USD")
    desk.add_staff("S001", code="M01", name="Dana", role="manager", pin="2468")
    desk.add_staff("S001", code="M02", name="Lee", role="manager", pin="1122")
    desk.add_staff("S001", code="A01", name="Sam", role="admin", pin="1357")
    # Fixing a tag takes a member of the store's staff (issue 12): the ops who fix them.
    desk.add_staff("S001", code="O02", name="Robin", role="ops", pin="4321")
    desk.add_staff("S001", code="O03", name="Noor", role="ops", pin="4322")
    desk.import_prices(
        "S001",
        [
            ("9788883701122", "Paperback novel", "19.95"),
            ("012345678905", "Coffee beans 1kg", "12.99"),
            ("4006381333931", "Highlighter pen", "2.49"),
        ],
    )
    return desk


@pytest.fixture
def installed_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator:  # type: ignore[type-arg]
    """``installed_plugin(name, source)``: a distribution with a ``posdisc`` entry point.

    Writes module ``name`` and its ``name-1.0.dist-info`` (as pip would leave them) on a
    folder put first on ``sys.path`` for this test only, so entry-point loading finds it.
    The tests' default (``POSDISC_DISABLE_PLUGIN_AUTOLOAD``) still keeps it out unless the
    test passes ``load_entrypoints=True`` or removes the variable.
    """
    import sys
    import textwrap

    folder = tmp_path / "site-packages"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    names: list[str] = []

    def install(name: str, source: str) -> str:
        (folder / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
        info = folder / f"{name}-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
        (info / "entry_points.txt").write_text(f"[posdisc]\n{name} = {name}\n")
        names.append(name)
        return name

    yield install
    for name in names:
        sys.modules.pop(name, None)

"""The schema comes from the migrations on both databases; the engine is configured from
the URL or ``POSDISC_DATABASE_URL``, with the SQLite default in the user data folder."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import platformdirs
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, insert, inspect, text
from sqlmodel import SQLModel

import pos_discrepancy
from pos_discrepancy.errors import ConfigurationError
from pos_discrepancy.ids import uuid7
from pos_discrepancy.store import tables
from pos_discrepancy.store.engine import (
    DATABASE_URL_VARIABLE,
    alembic_config,
    default_database_url,
    is_current,
    make_engine,
    migrate,
)
from pos_discrepancy.store.journal import GENESIS_HASH, event_row

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
        assert desk.context.engine.url.database == str(folder / "posdisc.sqlite3")
        assert _pragmas(desk.context.engine) == ("wal", 1, 1)  # WAL, synchronous=NORMAL, FKs on
        desk.add_store("S001", name="Main St", currency="USD")
    assert (folder / "posdisc.sqlite3").exists()


def test_database_url_variable_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "from-env.sqlite3"
    monkeypatch.setenv(DATABASE_URL_VARIABLE, f"sqlite:///{path}")
    assert default_database_url() == f"sqlite:///{path}"
    with pos_discrepancy.connect() as desk:
        desk.add_store("S001", name="Main St", currency="USD")
        assert desk.context.engine.url.database == str(path)
    assert path.exists()
    # An explicit URL wins over the variable.
    other = tmp_path / "explicit.sqlite3"
    with pos_discrepancy.connect(f"sqlite:///{other}") as desk:
        assert desk.context.engine.url.database == str(other)


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


# --- 0005: the incident's facets, carried over from the one-line status --------------------

_OLD_INCIDENT = {
    "register_id": "R1", "cashier": "C07", "sku": "9788883701122", "description": "Novel",
    "location": "A7", "currency": "USD", "shelf_price_minor": 998, "scanned_price_minor": 1995,
    "quantity": 1, "claimed_total_minor": 998, "scanned_total_minor": 1995,
    "direction": "overcharge", "difference_minor": 997, "line_difference_minor": 997,
    "claim_json": "{}", "synced": False,
    "options_json": '[{"action":"decline","available":true,"charge":"19.95","label":"Decline",'
                    '"requires_approval":false,"resolves_as":"declined","script":"Sorry."}]',
}  # fmt: skip
_FACTS = {
    "register": "R1", "cashier": "C07", "sku": "9788883701122", "currency": "USD",
    "quantity": 1, "direction": "overcharge", "shelf_price": "9.98", "scanned_price": "19.95",
    "difference": "9.97", "line_difference": "9.97",
}  # fmt: skip
#: Incidents as the previous schema kept them: their status line and the statuses their
#: events recorded, and the facets the migration must find.
_OLD_HISTORIES = {
    "honored then fixed": (
        "signage_fixed", ["detected", "honored", "signage_fixed"], ("honored", "fixed")
    ),
    "fixed undecided": ("signage_fixed", ["detected", "signage_fixed"], ("detected", "fixed")),
    "waiting": (
        "awaiting_approval", ["detected", "awaiting_approval"], ("awaiting_approval", "open")
    ),
    "declined": ("declined", ["detected", "declined"], ("declined", "open")),
}  # fmt: skip


def _old_database(engine: Any) -> dict[str, str]:
    """Schema 0004 with a store whose incidents went through ``_OLD_HISTORIES``."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
    now = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
    ids, seq, prev = {}, 0, GENESIS_HASH
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO stores (id, name, currency, timezone, created_at) "
                "VALUES ('S001', 'Main St', 'USD', 'UTC', :now)"
            ),
            {"now": now},
        )
        for name, (status, said, _) in _OLD_HISTORIES.items():
            incident_id = ids[name] = uuid7()
            connection.execute(
                insert(tables.Incident.__table__),  # type: ignore[attr-defined]
                {**_OLD_INCIDENT, "id": incident_id, "store_id": "S001", "status": status,
                 "detected_at": now, "fixed_at": now if status == "signage_fixed" else None},
            )  # fmt: skip
            for k, word in enumerate(said):
                kind = ("detected", "decided", "signage_fixed")[min(k, 2)]
                if word == "signage_fixed":
                    kind = "signage_fixed"
                data = {"status": word, **(_FACTS if kind == "detected" else {})}
                seq += 1
                row = event_row(store_id="S001", seq=seq, prev_hash=prev, incident_id=incident_id,
                                kind=kind, at=now, data=data)  # fmt: skip
                del row["chain"]  # the column comes with 0015
                connection.execute(insert(tables.Event.__table__), row)  # type: ignore[attr-defined]
                prev = row["hash"]
    return ids


def test_facets_are_carried_over_from_a_database_of_the_previous_schema(
    empty_database_url: str,
) -> None:
    engine = make_engine(empty_database_url)
    try:
        ids = _old_database(engine)
        migrate(engine)
        with engine.connect() as connection:
            rows = {
                row.id: (row.resolution, row.signage, row.status)
                for row in connection.execute(
                    text("SELECT id, resolution, signage, status FROM incidents")
                )
            }
    finally:
        engine.dispose()
    for name, (status, _, (resolution, signage)) in _OLD_HISTORIES.items():
        # the status is what the last event recorded, and stays until the next event
        assert rows[ids[name]] == (resolution, signage, status), name
    with pos_discrepancy.connect(empty_database_url) as desk:
        report = desk.verify_journal()
        assert report.ok, report.problems
        # the tag fixed before anyone decided no longer blocks the customer's decision
        decided = desk.decide(ids["fixed undecided"], action="decline", cashier="C07")
        assert (decided.resolution.value, decided.signage.value) == ("declined", "fixed")
        assert decided.status.value == "signage_fixed"
        assert desk.verify_journal().ok


def test_a_downgrade_puts_fixed_incidents_back_on_the_one_line(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    try:
        ids = _old_database(engine)
        migrate(engine)
        config = alembic_config(engine)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0004")
        with engine.connect() as connection:
            statuses = dict(connection.execute(text("SELECT id, status FROM incidents")).all())
        assert statuses[ids["fixed undecided"]] == "signage_fixed"
        assert statuses[ids["waiting"]] == "awaiting_approval"
        migrate(engine)
        assert is_current(engine)
    finally:
        engine.dispose()


# --- 0006: a sign-in lock of its own, and session versions ---------------------------------


def test_staff_of_the_previous_schema_keep_their_pins_and_locks(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    locked_until = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)
    try:
        config = alembic_config(engine)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0005")
            connection.execute(
                text(
                    "INSERT INTO stores (id, name, currency, timezone, created_at) "
                    "VALUES ('S001', 'Main St', 'USD', 'UTC', :now)"
                ),
                {"now": locked_until},
            )
            connection.execute(
                text(
                    "INSERT INTO staff (store_id, code, name, role, pin_hash, "
                    "failed_pin_attempts, locked_until, created_at) VALUES ('S001', 'M01', "
                    "'Dana', 'manager', 'argon2-hash', 3, :until, :until)"
                ),
                {"until": locked_until},
            )
        migrate(engine)
        with engine.connect() as connection:
            row = connection.execute(text("SELECT * FROM staff")).one()
        assert (row.pin_hash, row.failed_pin_attempts) == ("argon2-hash", 3)
        assert (row.signin_failures, row.signin_locked_until, row.session_version) == (0, None, 0)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0005")
        with engine.connect() as connection:
            columns = connection.execute(text("SELECT * FROM staff")).keys()
        assert "session_version" not in columns and "failed_pin_attempts" in columns
    finally:
        engine.dispose()


# --- 0008: PostgreSQL refuses TRUNCATE on events ---------------------------------------------


def _truncate_refused(engine: Any) -> bool:
    from sqlalchemy.exc import DBAPIError

    try:
        with engine.begin() as connection:
            connection.execute(text("TRUNCATE events"))
    except DBAPIError as error:
        assert "append-only (TRUNCATE refused)" in str(error)
        return True
    return False


def test_0008_refuses_truncate_and_goes_down_and_up(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    postgresql = engine.dialect.name == "postgresql"
    try:
        config = alembic_config(engine)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0007")
        if postgresql:
            assert not _truncate_refused(engine)  # the gap 0008 closes
        migrate(engine)
        assert is_current(engine)
        if postgresql:
            assert _truncate_refused(engine)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0007")
        if postgresql:
            assert not _truncate_refused(engine)
        migrate(engine)
        assert is_current(engine)
        assert _truncate_refused(engine) if postgresql else True
    finally:
        engine.dispose()


# --- 0009: the sync quarantine -----------------------------------------------------------------


def test_0009_adds_the_sync_quarantine_and_goes_down_and_up(empty_database_url: str) -> None:
    engine = make_engine(empty_database_url)
    try:
        config = alembic_config(engine)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0008")
        assert "sync_quarantine" not in inspect(engine).get_table_names()
        migrate(engine)
        assert is_current(engine)
        assert "sync_quarantine" in inspect(engine).get_table_names()
        indexes = {i["name"] for i in inspect(engine).get_indexes("sync_quarantine")}
        assert indexes == {"ix_sync_quarantine_incident", "ix_sync_quarantine_store_time"}
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0008")
        assert "sync_quarantine" not in inspect(engine).get_table_names()
        migrate(engine)
        assert is_current(engine)
    finally:
        engine.dispose()


# --- 0015: a chain per register ---------------------------------------------------------------


def test_0015_keeps_old_events_on_the_store_chain_and_new_incidents_on_their_register_s(
    empty_database_url: str,
) -> None:
    engine = make_engine(empty_database_url)
    try:
        ids = _old_database(engine)
        migrate(engine)
        with engine.connect() as connection:
            chains = connection.execute(text("SELECT DISTINCT chain FROM events")).scalars()
            assert set(chains) == {"store"}
        indexes = {i["name"] for i in inspect(engine).get_indexes("events")}
        assert "ix_events_incident" in indexes
        if engine.dialect.name == "sqlite":  # the rebuilt table refuses changes as before
            for statement in ("UPDATE events SET body = '{}'", "DELETE FROM events"):
                with pytest.raises(Exception, match="append-only"), engine.begin() as c:
                    c.execute(text(statement))
        with pos_discrepancy.connect(empty_database_url) as desk:
            desk.decide(ids["fixed undecided"], action="decline", cashier="C07")
            desk.check(store="S001", register="R4", cashier="C07", sku="9788883701122",
                       scanned_price="19.95", shelf_price="9.98")  # fmt: skip
            assert [(h.chain, h.seq) for h in desk.journal_heads()] == [
                ("register-R4", 1),
                ("store", _heads(engine, "store")[-1][1]),
            ]
            assert desk.verify_journal().ok
        # an old incident's new event joined its incident's chain, not the register's
        decided = _heads(engine, "store")[-1]
        assert decided[0] == ids["fixed undecided"]
        config = alembic_config(engine)
        with engine.begin() as connection, pytest.raises(RuntimeError, match="register chains"):
            config.attributes["connection"] = connection
            command.downgrade(config, "0014")
    finally:
        engine.dispose()


def _heads(engine: Any, chain: str) -> list[tuple[str, int]]:
    """``(incident, seq)`` of the events on ``chain``, in seq order."""
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT incident_id, seq FROM events WHERE chain = :c ORDER BY seq"), {"c": chain}
        )
        return [(incident, seq) for incident, seq in rows]

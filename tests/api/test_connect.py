"""``pos_discrepancy.connect``: defaults, explicit URLs, and refusals naming the field."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

import pos_discrepancy
from pos_discrepancy import ConfigurationError, DiscrepancyError


def test_connect_without_arguments_uses_sqlite_file_in_user_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("POSDISC_DATABASE_URL", raising=False)
    monkeypatch.delenv("POSDISC_CONFIG", raising=False)
    desk = pos_discrepancy.connect()
    try:
        expected = tmp_path / "data" / "pos-discrepancy" / "posdisc.sqlite3"
        assert desk.context.engine.url.database == str(expected)
        assert expected.is_file()
        with desk.context.engine.connect() as connection:
            mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        assert mode == "wal"
        desk.add_store("S001", name="Main St", currency="USD")
        result = desk.check(
            store="S001",
            register="R1",
            cashier="C07",
            sku="123",
            scanned_price="2.00",
            shelf_price="1.50",
        )
        assert result.discrepancy and desk.get_incident(result.incident_id).store == "S001"
    finally:
        desk.close()
    again = pos_discrepancy.connect()  # the same file, already migrated, keeps its data
    try:
        assert again.store_info("S001").currency == "USD"
    finally:
        again.close()


def test_connect_reads_the_database_url_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "from-env.sqlite3"
    monkeypatch.setenv("POSDISC_DATABASE_URL", f"sqlite:///{path}")
    with pos_discrepancy.connect() as desk, desk.context.engine.connect() as connection:
        tables = connection.execute(
            text("SELECT name FROM sqlite_master WHERE type='table'")
        ).scalars()
        assert "incidents" in set(tables)
    assert path.is_file()


def test_connect_takes_database_url_and_config_positionally(database_url: str) -> None:
    desk = pos_discrepancy.connect(database_url, None)
    try:
        desk.add_store("S009", name="Corner", currency="EUR")
        assert desk.store_info("S009").policy.auto_honor_max > 0
    finally:
        desk.close()


def test_connect_applies_the_policy_file(database_url: str, tmp_path: Path) -> None:
    config = tmp_path / "policy.toml"
    config.write_text('[policy]\nauto_honor_max = "0.25"\ndecline_allowed = false\n')
    with pos_discrepancy.connect(database_url=database_url, config=str(config)) as desk:
        desk.add_store("S001", name="Main St", currency="USD")
        policy = desk.store_info("S001").policy
        assert str(policy.auto_honor_max) == "0.25" and policy.decline_allowed is False


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"database_url": "not a url"}, "database_url"),
        ({"database_url": "mysql://u@h/db"}, "database_url"),
        ({"config": "/nonexistent/policy.toml"}, "config"),
    ],
)
def test_connect_refuses_bad_arguments_naming_the_field(
    kwargs: dict[str, str], field: str, tmp_path: Path
) -> None:
    kwargs.setdefault("database_url", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with pytest.raises(DiscrepancyError) as caught:
        pos_discrepancy.connect(**kwargs)
    assert caught.value.field == field and field in caught.value.message


def test_connect_refuses_a_bad_policy_file(tmp_path: Path) -> None:
    config = tmp_path / "policy.toml"
    config.write_text("[policy]\nauto_honor_max = 1.5\n")  # a float: refused
    with pytest.raises(ConfigurationError) as caught:
        pos_discrepancy.connect(f"sqlite:///{tmp_path / 'x.sqlite3'}", str(config))
    assert caught.value.field == "auto_honor_max"
    assert "auto_honor_max" in caught.value.message


def test_connect_reads_the_config_variable(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "policy.toml"
    config.write_text('[policy]\nmanager_override_limit = "20.00"\n')
    monkeypatch.setenv("POSDISC_CONFIG", str(config))
    with pos_discrepancy.connect(database_url) as desk:
        desk.add_store("S001", name="Main St", currency="USD")
        assert str(desk.store_info("S001").policy.manager_override_limit) == "20.00"


def test_pins_are_stored_as_argon2id_hashes_by_default(store) -> None:
    from argon2 import PasswordHasher, extract_parameters

    from pos_discrepancy.store import repository

    with store.context.reading() as connection:
        row = repository.get_staff(connection=connection, store_id="S001", code="M01")
    assert row.pin_hash.startswith("$argon2id$") and "2468" not in row.pin_hash
    default = PasswordHasher()
    parameters = extract_parameters(row.pin_hash)
    assert parameters.memory_cost == default.memory_cost
    assert parameters.time_cost == default.time_cost
    assert all("2468" not in str(person.values()) for person in store.list_staff("S001"))

"""Fixtures for the Python API tests: policy-configured stores and database snapshots.

Every fixture here builds on ``make_desk`` from ``tests/conftest.py``, so each test runs
on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, MetaData, select

from pos_discrepancy.desk import Desk

PRICES = [
    ("9788883701122", "Paperback novel", "19.95"),
    ("012345678905", "Coffee beans 1kg", "12.99"),
    ("4006381333931", "Highlighter pen", "2.49"),
]
#: Cheap argon2id parameters so the many PIN hashes and checks here stay fast; the
#: behaviour under test (counting, locking, roles) does not depend on the cost.
FAST_PINS = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return f'"{value}"'


def set_up_store(desk: Desk) -> Desk:
    """Store S001 (USD) with managers M01/M02, admin A01, cashier C01, ops O01, prices."""
    desk.add_store("S001", name="Main St", currency="USD")
    desk.add_staff("S001", code="M01", name="Dana", role="manager", pin="2468")
    desk.add_staff("S001", code="M02", name="Lee", role="manager", pin="1122")
    desk.add_staff("S001", code="A01", name="Sam", role="admin", pin="1357")
    desk.add_staff("S001", code="C01", name="Kim", role="cashier", pin="5555")
    desk.add_staff("S001", code="O01", name="Ola", role="ops", pin="7777")
    desk.add_staff("S001", code="O02", name="Robin", role="ops", pin="4321")
    desk.add_staff("S001", code="O03", name="Noor", role="ops", pin="4322")
    desk.import_prices("S001", PRICES)
    return desk


@pytest.fixture
def make_store(make_desk: Callable[..., Desk], tmp_path: Path) -> Callable[..., Desk]:
    """``make_store(decline_allowed=False, …)``: a desk whose ``[policy]`` sets these keys,
    with store S001 set up as :func:`set_up_store` describes."""

    def make(**policy: Any) -> Desk:
        path = tmp_path / "policy.toml"
        lines = ["[policy]", *(f"{key} = {_toml_value(v)}" for key, v in policy.items())]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return set_up_store(make_desk(config=path, pin_hasher=FAST_PINS))

    return make


@pytest.fixture
def shop(make_store: Callable[..., Desk]) -> Desk:
    """S001 with the built-in policy (auto-honor up to 1.00, override limit 50.00)."""
    return make_store()


_REFLECTED: dict[str, MetaData] = {}


def dump_tables(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (reflected, so new tables are included), in a stable order.

    The schema is reflected once per database URL: all tests see the same migrations.
    """
    key = engine.url.render_as_string(hide_password=False)
    metadata = _REFLECTED.get(key)
    if metadata is None:
        metadata = _REFLECTED[key] = MetaData()
        metadata.reflect(engine)
    dump: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as connection:
        for name, table in sorted(metadata.tables.items()):
            rows = connection.execute(select(table)).all()
            dump[name] = sorted((tuple(row) for row in rows), key=repr)
    return dump


@pytest.fixture
def snapshot() -> Callable[[Desk], dict[str, list[tuple[Any, ...]]]]:
    """``snapshot(desk)``: all rows of all tables, to compare before and after a call."""
    return lambda desk: dump_tables(desk.context.engine)


def ring(desk: Desk, *, shelf: str = "9.98", scanned: str = "19.95", **more: Any) -> str:
    """Scan the novel with a mismatch at register R1 by cashier C07; the incident id."""
    fields: dict[str, Any] = {
        "store": "S001",
        "register": "R1",
        "cashier": "C07",
        "sku": "9788883701122",
        "shelf_price": shelf,
        "scanned_price": scanned,
        "quantity": 1,
    }
    fields.update(more)
    result = desk.check(**fields)
    assert result.incident_id is not None
    return result.incident_id


@pytest.fixture
def overcharge() -> Callable[..., str]:
    """``overcharge(desk, shelf=…, scanned=…, **fields)`` -> incident id."""
    return ring

"""Fixtures for the HTTP API: an app over the test database (SQLite and PostgreSQL).

``app`` has store S001 (USD; managers M01 PIN 2468 and M02 PIN 1122, admin A01, three
prices) with register R1, and store S002 with register R9; ``auth`` / ``other_auth`` are
their ``Authorization`` headers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pypdfium2
import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from pos_discrepancy.desk import Desk
from pos_discrepancy.web import create_app
from pos_discrepancy.web.extension import close_desk, get_desk

#: Cheap argon2 parameters: the tests hash and check PINs often.
CHEAP_PINS = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)

SNAPSHOT_TABLES = (
    "stores",
    "staff",
    "prices",
    "registers",
    "incidents",
    "decisions",
    "events",
    "idempotency_keys",
)

CHECK = {
    "store": "S001",
    "register": "R1",
    "cashier": "C07",
    "sku": "9788883701122",
    "scanned_price": "19.95",
    "shelf_price": "9.98",
    "quantity": 1,
    "location": "A7-B3",
}


@pytest.fixture
def make_app(database_url: str, clock: Any) -> Iterator[Callable[..., Flask]]:
    """Build apps on the test database; ``make_app(PLUGINS=[...])`` adds config."""
    apps: list[Flask] = []

    def make(**config: Any) -> Flask:
        settings = {"DATABASE_URL": database_url, "CLOCK": clock, "PIN_HASHER": CHEAP_PINS}
        app = create_app({"TESTING": True, **settings, **config})
        apps.append(app)
        return app

    yield make
    for app in apps:
        close_desk(app)


def seed(desk: Desk) -> dict[str, str]:
    """Stores S001 and S002 with staff, prices and registers; returns the tokens."""
    desk.add_store("S001", name="Main St", currency="USD")
    desk.add_staff("S001", code="M01", name="Dana", role="manager", pin="2468")
    desk.add_staff("S001", code="M02", name="Lee", role="manager", pin="1122")
    desk.add_staff("S001", code="A01", name="Sam", role="admin", pin="1357")
    desk.add_staff("S001", code="O02", name="Robin", role="ops", pin="4321")
    desk.import_prices(
        "S001",
        [
            ("9788883701122", "Paperback novel", "19.95"),
            ("012345678905", "Coffee beans 1kg", "12.99"),
            ("4006381333931", "Highlighter pen", "2.49"),
        ],
    )
    desk.add_store("S002", name="Harbour", currency="USD")
    desk.add_staff("S002", code="M09", name="Kim", role="manager", pin="9999")
    return {
        "R1": desk.add_register("S001", register="R1"),
        "R2": desk.add_register("S001", register="R2"),
        "R9": desk.add_register("S002", register="R9"),
    }


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    """The app with the seeded stores; tokens in ``app.config["TOKENS"]``."""
    app = make_app()
    app.config["TOKENS"] = seed(get_desk(app))
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of ``app``."""
    return app.test_client()


def bearer(token: str) -> dict[str, str]:
    """The ``Authorization`` header for ``token``."""
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def auth(app: Flask) -> dict[str, str]:
    """Headers of register R1 at S001."""
    return bearer(app.config["TOKENS"]["R1"])


@pytest.fixture
def other_auth(app: Flask) -> dict[str, str]:
    """Headers of register R9 at S002."""
    return bearer(app.config["TOKENS"]["R9"])


@pytest.fixture
def snapshot(app: Flask) -> Callable[[], dict[str, list[tuple[str, ...]]]]:
    """``snapshot()``: every row of every table, sorted; equal snapshots mean nothing
    was stored in between."""

    def take() -> dict[str, list[tuple[str, ...]]]:
        with get_desk(app).context.engine.connect() as connection:
            return {
                table: sorted(
                    tuple(map(repr, row))
                    for row in connection.execute(text(f"SELECT * FROM {table}"))
                )
                for table in SNAPSHOT_TABLES
            }

    return take


@pytest.fixture
def check_body() -> dict[str, Any]:
    """A check body for R1 at S001 that makes an incident (tag 9.98, scanned 19.95)."""
    return dict(CHECK)


@pytest.fixture
def incident_id(client: FlaskClient, auth: dict[str, str]) -> str:
    """An incident at S001 just detected (overcharge 19.95 vs tag 9.98)."""
    response = client.post("/api/v1/checks", json=CHECK, headers=auth)
    assert response.status_code == 201, response.json
    return str(response.json["incident_id"])


def fetch(client: FlaskClient, url: str, **options: Any) -> Any:
    """GET ``url`` and read the whole answer, closing it (a report is sent from a file)."""
    with client.get(url, **options) as response:
        response.get_data()
    return response


def pdf_text(data: bytes) -> str:
    """All text of a PDF, page after page."""
    document = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()

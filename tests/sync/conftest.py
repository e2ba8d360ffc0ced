"""Fixtures for offline registers: a real store server in a thread, and a register's
own desk on a local SQLite file.

``server`` serves ``create_app`` over the test database (SQLite and PostgreSQL, through
``database_url``) with werkzeug on 127.0.0.1; it can be stopped and started again on
the same port. Both have store S001 (USD) with manager M01 (PIN 2468) and the same three
prices; the server also has S002, and tokens for registers R1 and R2 (S001) and R9
(S002). ``register`` is the till's local desk; ``sync_cli(*args)`` runs ``posdisc
--database-url <register> sync …`` through click's CliRunner.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner, Result
from flask import Flask
from sqlalchemy import text
from werkzeug.serving import BaseWSGIServer, make_server

import pos_discrepancy
from pos_discrepancy.cli import build
from pos_discrepancy.desk import Desk
from pos_discrepancy.store.journal import canonical_json, chain_hash
from pos_discrepancy.web import create_app
from pos_discrepancy.web.extension import close_desk, get_desk

from ..conftest import copy_database

CHEAP_PINS = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
PRICES = [
    ("9788883701122", "Paperback novel", "19.95"),
    ("012345678905", "Coffee beans 1kg", "12.99"),
    ("4006381333931", "Highlighter pen", "2.49"),
]
#: Tables whose rows a sync may change on the server.
SERVER_TABLES = ("incidents", "decisions", "events")


def reseal(body: dict[str, Any]) -> dict[str, Any]:
    """Make each event's till-chain link agree with the event again, as a forger in
    control of the till's journal would after changing events: the rules, not the
    chain, must then catch the forgery. Returns ``body`` (changed in place)."""
    pairs = [
        (item["incident"]["id"], event)
        for item in body.get("incidents", [])
        for event in item.get("events", [])
        if isinstance(event.get("link"), dict)
    ]
    pairs.sort(key=lambda pair: pair[1]["seq"])
    prev = pairs[0][1]["link"]["prev_hash"] if pairs else ""
    for incident_id, event in pairs:
        record = {
            "id": event["id"], "store": body["store"], "seq": event["seq"],
            "incident": incident_id, "kind": event["kind"], "at": event["at"],
            "data": event["data"],
        }  # fmt: skip
        text = canonical_json(record)
        event["link"].update(prev_hash=prev, body=text, hash=chain_hash(prev, text))
        prev = event["link"]["hash"]
    return body


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def set_up_store(desk: Desk) -> None:
    """S001 (USD) with manager M01 (PIN 2468) and three prices."""
    desk.add_store("S001", name="Main St", currency="USD")
    desk.add_staff("S001", code="M01", name="Dana", role="manager", pin="2468")
    desk.add_staff("S001", code="O02", name="Robin", role="ops", pin="4321")
    desk.import_prices("S001", PRICES)


class StoreServer:
    """The store server: ``create_app`` served over HTTP in a thread."""

    def __init__(self, app: Flask, port: int) -> None:
        self.app = app
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def desk(self) -> Desk:
        return get_desk(self.app)

    @property
    def tokens(self) -> dict[str, str]:
        return dict(self.app.config["TOKENS"])

    def start(self) -> None:
        self._server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            assert self._thread is not None
            self._thread.join(timeout=10)
            self._server = None

    def rows(self) -> dict[str, list[tuple[str, ...]]]:
        """Every row of the tables a sync writes, sorted (equal: nothing changed)."""
        with self.desk.context.engine.connect() as connection:
            return {
                table: sorted(
                    tuple(map(repr, row))
                    for row in connection.execute(text(f"SELECT * FROM {table}"))
                )
                for table in SERVER_TABLES
            }


@pytest.fixture
def server_app(database_url: str, clock: Any) -> Iterator[Flask]:
    """The server's app over the test database, seeded; tokens in ``config["TOKENS"]``."""
    app = create_app(
        {"TESTING": True, "DATABASE_URL": database_url, "CLOCK": clock, "PIN_HASHER": CHEAP_PINS}
    )
    desk = get_desk(app)
    set_up_store(desk)
    desk.add_store("S002", name="Harbour", currency="USD")
    app.config["TOKENS"] = {
        "R1": desk.add_register("S001", register="R1"),
        "R2": desk.add_register("S001", register="R2"),
        "R9": desk.add_register("S002", register="R9"),
    }
    yield app
    close_desk(app)


@pytest.fixture
def server(server_app: Flask) -> Iterator[StoreServer]:
    """The store server, listening (``server.stop()`` / ``server.start()``)."""
    running = StoreServer(server_app, free_port())
    running.start()
    yield running
    running.stop()


@pytest.fixture
def register_url(tmp_path: Path, sqlite_template: Path) -> str:
    """The register's local SQLite database (migrated, empty)."""
    path = tmp_path / "register.sqlite3"
    copy_database(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def register(register_url: str, clock: Any) -> Iterator[Desk]:
    """The register's own desk on its local file, set up like the server's S001."""
    desk = pos_discrepancy.connect(register_url, clock=clock, pin_hasher=CHEAP_PINS)
    set_up_store(desk)
    yield desk
    desk.close()


@pytest.fixture
def sync_cli(register_url: str) -> Callable[..., Result]:
    """``sync_cli(*args, env=None)``: ``posdisc --database-url <register> sync *args``."""
    runner = CliRunner()
    cli = build()

    def run(*args: str, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(
            cli, ["--database-url", register_url, "sync", *args], env=env, catch_exceptions=False
        )

    return run


def offline_day(register: Desk) -> dict[str, str]:
    """A morning at the till while the server is unreachable; returns incident ids.

    novel: overcharge escalated, approved by M01, tag fixed; coffee: honored (2 units);
    pen: undercharge (honored at the scan); open: an overcharge not decided yet.
    """
    novel = register.check(
        store="S001", register="R1", cashier="C07", sku="9788883701122",
        scanned_price="19.95", shelf_price="9.98", quantity=1, location="A7-B3",
    ).incident_id  # fmt: skip
    register.decide(novel, action="escalate", cashier="C07")
    register.approve(novel, manager="M01", pin="2468", approve=True)
    coffee = register.check(
        store="S001", register="R1", cashier="C08", sku="012345678905",
        scanned_price="12.99", shelf_price="12.49", quantity=2,
    ).incident_id  # fmt: skip
    register.decide(coffee, action="honor", cashier="C08", note="regular customer")
    pen = register.check(
        store="S001", register="R1", cashier="C08", sku="4006381333931",
        scanned_price="2.49", shelf_price="2.99", quantity=1,
    ).incident_id  # fmt: skip
    open_one = register.check(
        store="S001", register="R1", cashier="C07", sku="9788883701122",
        scanned_price="19.95", shelf_price="17.50", quantity=1,
    ).incident_id  # fmt: skip
    register.fix(novel, staff="O02", cause="sale_ended_tag_left_up")
    assert novel and coffee and pen and open_one
    return {"novel": novel, "coffee": coffee, "pen": pen, "open": open_one}

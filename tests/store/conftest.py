"""Helpers for the storage tests: a journal with a few incidents, and an attacker.

The attacker has the database file (SQLite) or a superuser login (PostgreSQL): it drops
or disables the append-only triggers and rewrites rows directly.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from pos_discrepancy.desk import Desk
from pos_discrepancy.store.journal import canonical_json, chain_hash


@pytest.fixture
def journal_desk(store: Desk) -> Desk:
    """Store S001 with three incidents and nine journal events, all at register R1 and
    so on one chain, ``register-R1``:

    seq 1-3: novel overcharge detected, escalated, approved by M01;
    seq 4-5: coffee overcharge detected, honored;
    seq 6-7: highlighter undercharge detected, honored at the scan;
    seq 8: the novel's tag fixed; seq 9: the coffee's tag fixed.
    """
    novel = store.check(
        store="S001", register="R1", cashier="C07", sku="9788883701122",
        scanned_price="19.95", shelf_price="9.98", quantity=1, location="A7-B3",
    )  # fmt: skip
    store.decide(novel.incident_id, action="escalate", cashier="C07")
    store.approve(novel.incident_id, manager="M01", pin="2468", approve=True)
    coffee = store.check(
        store="S001", register="R1", cashier="C08", sku="012345678905",
        scanned_price="12.99", shelf_price="12.49", quantity=2,
    )  # fmt: skip
    store.decide(coffee.incident_id, action="honor", cashier="C08")
    store.check(
        store="S001", register="R1", cashier="C08", sku="4006381333931",
        scanned_price="2.49", shelf_price="2.99", quantity=1,
    )  # fmt: skip
    store.fix(novel.incident_id, staff="O02", cause="sale_ended_tag_left_up")
    store.fix(coffee.incident_id, staff="O02")
    return store


class Attacker:
    """Someone with the database file or a superuser login, rewriting the journal."""

    def __init__(self, desk: Desk) -> None:
        self.url = desk.context.engine.url
        self.engine = create_engine(self.url)  # no desk hooks: the attacker's own tools

    @property
    def postgresql(self) -> bool:
        return self.url.get_backend_name() == "postgresql"

    def events(self) -> list[Any]:
        """Every event row, in journal order."""
        with self.engine.connect() as connection:
            return list(connection.execute(text("SELECT * FROM events ORDER BY store_id, seq")))

    def at(self, seq: int) -> Any:
        """The event row at ``seq``."""
        return next(e for e in self.events() if e.seq == seq)

    def run(self, *statements: str, **params: Any) -> None:
        """Run SQL with the append-only triggers out of the way."""
        with self.engine.begin() as connection:
            if self.postgresql:
                # Inside the transaction: no other test ever sees the trigger off.
                connection.execute(text("ALTER TABLE events DISABLE TRIGGER events_append_only"))
            else:
                connection.execute(text("DROP TRIGGER IF EXISTS events_no_update"))
                connection.execute(text("DROP TRIGGER IF EXISTS events_no_delete"))
            for statement in statements:
                connection.execute(text(statement), params)
            if self.postgresql:
                connection.execute(text("ALTER TABLE events ENABLE TRIGGER events_append_only"))

    @staticmethod
    def forge_body(row: Any, **changes: Any) -> str:
        """The canonical body of ``row`` with top-level or ``data`` fields changed."""
        body = json.loads(row.body)
        for key, value in changes.items():
            if key in body:
                body[key] = value
            else:
                body["data"][key] = value
        return canonical_json(body)

    @staticmethod
    def chain_hash(prev_hash: str, body: str) -> str:
        """The hash a forger computes for a body."""
        return chain_hash(prev_hash, body)


@pytest.fixture
def attacker(journal_desk: Desk) -> Iterator[Attacker]:
    """An attacker on the journal desk's database."""
    intruder = Attacker(journal_desk)
    yield intruder
    intruder.engine.dispose()

"""Fixtures for the command line: a runner bound to the test database, and a store
set up with the desk's real clock (the CLI's desk uses the real clock too)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pos_discrepancy.cli import build
from pos_discrepancy.desk import Desk
from pos_discrepancy.store import repository
from pos_discrepancy.views import IncidentView

Invoke = Callable[..., Result]


def real_now() -> datetime:
    """The wall clock, as the CLI's own desk sees it."""
    return datetime.now(UTC)


@pytest.fixture
def invoke(database_url: str) -> Invoke:
    """Run ``posdisc ARGS`` on the test database; ``input=`` is what the person types."""
    runner = CliRunner()
    cli = build()

    def run(args: Sequence[str], *, input: str | None = None, config: Path | None = None) -> Result:
        options = ["--database-url", database_url]
        if config is not None:
            options += ["--config", str(config)]
        return runner.invoke(cli, [*options, *args], input=input, catch_exceptions=False)

    return run


@pytest.fixture
def shop(make_desk) -> Desk:  # type: ignore[no-untyped-def]
    """Store S001 (USD): managers M01 (PIN 2468) and M02 (1122), three prices; on the
    wall clock so approvals do not time out between two desks. (No admin: every PIN
    costs an argon2 hash, and these tests need none.)"""
    desk: Desk = make_desk(clock=real_now)
    desk.add_store("S001", name="Main St", currency="USD")
    desk.add_staff("S001", code="M01", name="Dana", role="manager", pin="2468")
    desk.add_staff("S001", code="M02", name="Lee", role="manager", pin="1122")
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
def incidents(shop: Desk) -> Callable[[], list[IncidentView]]:
    """Every incident of S001, oldest first, as ``desk.get_incident`` returns it."""
    return lambda: stored_incidents(shop)


def stored_incidents(desk: Desk, store: str = "S001") -> list[IncidentView]:
    """Every incident of ``store``, oldest first, as ``desk.get_incident`` returns it."""
    with desk.context.reading() as connection:
        ids = [
            row.id
            for row in connection.execute(
                repository.INCIDENTS.select()
                .where(repository.INCIDENTS.c.store_id == store)
                .order_by(repository.INCIDENTS.c.detected_at, repository.INCIDENTS.c.id)
            )
        ]
    return [desk.get_incident(i) for i in ids]

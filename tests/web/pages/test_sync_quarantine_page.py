"""``/sync/quarantine``: managers see the synced events the server did not apply, and
retry them after fixing the cause (design §6)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

import pos_discrepancy
from pos_discrepancy.sync.outbox import next_batch
from pos_discrepancy.web.extension import get_desk

from ...conftest import copy_database
from ..conftest import CHEAP_PINS
from .conftest import csrf_token


@pytest.fixture
def held(pages_app: Flask, tmp_path: Path, sqlite_template: Path, clock: Any) -> str:
    """An approval by M77 (not on the server's staff) synced from R1: quarantined."""
    path = tmp_path / "register.sqlite3"
    copy_database(sqlite_template, path)
    register = pos_discrepancy.connect(f"sqlite:///{path}", clock=clock, pin_hasher=CHEAP_PINS)
    try:
        register.add_store("S001", name="Main St", currency="USD")
        register.add_staff("S001", code="M77", name="Robin", role="manager", pin="1357")
        incident = register.check(
            store="S001", register="R1", cashier="C07", sku="9788883701122",
            scanned_price="19.95", shelf_price="9.98",
        ).incident_id  # fmt: skip
        assert incident is not None
        register.decide(incident, action="escalate", cashier="C07")
        register.approve(incident, manager="M77", pin="1357", approve=True)
        batch = next_batch(register.context, server="http://server", size=100)
        assert batch is not None
    finally:
        register.close()
    desk = get_desk(pages_app)
    answer = desk.apply_sync_batch(
        desk.read_sync_batch(batch.body, store="S001"), store="S001", register="R1"
    )
    assert len(answer["quarantined"]) == 1
    return str(answer["quarantined"][0]["event_id"])


def test_managers_see_the_quarantine_and_its_reason(
    held: str, signed_in: Callable[[str], FlaskClient]
) -> None:
    page = signed_in("M01").get("/sync/quarantine")
    assert page.status_code == 200
    assert held in page.text
    assert "M77, who is not on the staff of S001" in page.text
    assert "R1" in page.text
    assert 'href="/sync/quarantine"' in page.text  # in the navigation bar


@pytest.mark.parametrize("code", ["O02", "C07"])
def test_other_roles_may_not_open_it(
    held: str, signed_in: Callable[[str], FlaskClient], code: str
) -> None:
    client = signed_in(code)
    assert client.get("/sync/quarantine").status_code == 403
    assert 'href="/sync/quarantine"' not in client.get("/").text


def test_retry_after_the_fix_applies_the_event(
    held: str, pages_app: Flask, signed_in: Callable[[str], FlaskClient]
) -> None:
    client = signed_in("M01")
    token = csrf_token(client.get("/sync/quarantine").text)
    answer = client.post("/sync/quarantine/retry", data={"csrf_token": token, "event": held})
    assert answer.status_code == 303
    assert "0 applied, 1 still quarantined" in client.get("/sync/quarantine").text
    desk = get_desk(pages_app)
    desk.add_staff("S001", code="M77", name="Robin", role="manager", pin="1357")
    page = client.post("/sync/quarantine/retry", data={"csrf_token": token}, follow_redirects=True)
    assert "1 applied, 0 still quarantined" in page.text
    assert "Every synced event was applied." in page.text
    assert desk.quarantine("S001") == [] and desk.verify_journal().ok


def test_retry_without_a_csrf_token_is_refused(
    held: str, signed_in: Callable[[str], FlaskClient]
) -> None:
    assert signed_in("M01").post("/sync/quarantine/retry", data={}).status_code == 400

"""``posdisc sync quarantine list|retry`` on the server's database (design §6)."""

from __future__ import annotations

from click.testing import CliRunner, Result
from flask import Flask

from pos_discrepancy.cli import build
from pos_discrepancy.desk import Desk
from pos_discrepancy.web.extension import get_desk

from .test_quarantine import batch_of, escalated, event_of, honored, send


def posdisc(database_url: str, *args: str) -> Result:
    return CliRunner().invoke(build(), ["--database-url", database_url, *args])


def test_list_and_retry_after_the_manager_is_added(
    register: Desk, server_app: Flask, database_url: str
) -> None:
    novel = escalated(register)
    honored(register)
    body = batch_of(register)
    approval = event_of(body, novel, "approved")
    approval["data"]["manager"] = "M77"
    send(server_app, body)
    listed = posdisc(database_url, "sync", "quarantine", "list", "--store", "S001")
    assert listed.exit_code == 0, listed.output
    assert f"S001 R1 seq 3 event {approval['id']} incident {novel} approved" in listed.output
    assert "M77, who is not on the staff of S001" in listed.output
    assert listed.output.splitlines()[-1] == "1 event quarantined."
    retried = posdisc(database_url, "sync", "quarantine", "retry", "--store", "S001")
    assert retried.exit_code == 0, retried.output
    assert "Retried 1 event: 0 applied, 1 still quarantined." in retried.output
    get_desk(server_app).add_staff("S001", code="M77", name="Robin", role="manager", pin="1357")
    retried = posdisc(database_url, "sync", "quarantine", "retry", "--event", approval["id"])
    assert retried.output.strip() == "Retried 1 event: 1 applied, 0 still quarantined."
    assert posdisc(database_url, "sync", "quarantine", "list").output.strip() == (
        "No quarantined sync events."
    )
    assert get_desk(server_app).get_incident(novel).resolution == "honored"


def test_retry_of_an_unknown_event_is_one_line(server_app: Flask, database_url: str) -> None:
    result = posdisc(
        database_url,
        "sync",
        "quarantine",
        "retry",
        "--event",
        "01900000-0000-7000-8000-000000000000",
    )
    assert result.exit_code == 1
    assert "no quarantined event" in result.output and "Traceback" not in result.output


def test_sync_without_a_server_is_a_usage_error(register_url: str) -> None:
    result = posdisc(register_url, "sync", "--token", "x")
    assert result.exit_code == 2
    assert "Missing option '--server'" in result.output

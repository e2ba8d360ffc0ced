"""``posdisc sync`` through click's CliRunner: options and environment, refusals."""

from __future__ import annotations

from collections.abc import Callable

from click.testing import Result

from pos_discrepancy.desk import Desk
from pos_discrepancy.sync.outbox import pending_count

from .conftest import StoreServer, offline_day
from .test_sync_flow import event_ids


def test_server_and_token_come_from_the_environment_too(
    register: Desk, server: StoreServer, sync_cli: Callable[..., Result]
) -> None:
    offline_day(register)
    env = {"POSDISC_SYNC_SERVER": server.url, "POSDISC_SYNC_TOKEN": server.tokens["R1"]}
    result = sync_cli("--batch", "3", env=env)
    assert result.exit_code == 0, result.output
    total = len(event_ids(register))
    lines = result.output.splitlines()
    assert len(lines) == -(-total // 3) + 1  # one line per batch, then the summary
    assert lines[0].startswith("S001: delivered 3 events of ")
    assert lines[-1].endswith("; nothing left to send")
    assert event_ids(server.desk) == event_ids(register)


def test_a_refused_token_marks_nothing(
    register: Desk, server: StoreServer, sync_cli: Callable[..., Result]
) -> None:
    offline_day(register)
    before = server.rows()
    for token, status in ((server.tokens["R9"], 403), ("no-such-token", 401)):
        result = sync_cli("--server", server.url, "--token", token)
        assert result.exit_code == 1
        assert f"the server refused the batch ({status})" in result.output
        assert "Traceback" not in result.output
    assert server.rows() == before
    assert pending_count(register.context, server=server.url) == len(event_ids(register))


def test_nothing_to_send_says_so(
    register: Desk, server: StoreServer, sync_cli: Callable[..., Result]
) -> None:
    result = sync_cli("--server", server.url, "--token", server.tokens["R1"])
    assert result.exit_code == 0
    assert result.output == f"Nothing to send to {server.url}: every event is delivered.\n"


def test_a_server_that_is_not_a_url_is_refused(
    register: Desk, sync_cli: Callable[..., Result]
) -> None:
    result = sync_cli("--server", "store-server:8000", "--token", "x")
    assert result.exit_code == 1
    assert "is not the store server's URL" in result.output
    missing = sync_cli("--token", "x")
    assert missing.exit_code == 2
    assert "--server" in missing.output

"""``posdisc worker [--once]``, ``worker status`` and ``worker retry``, with a subscriber
loaded from the policy file's plugins folder, as a store would install one."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from pos_discrepancy.service.worker import MAX_ATTEMPTS

SUBSCRIBER = """
import json, os
from pos_discrepancy import hookimpl

@hookimpl
def posdisc_incident_event(incident, event):
    if os.path.exists(os.environ["OUTBOX_DOWN"]):
        raise ConnectionError("outbox down")
    with open(os.environ["OUTBOX_FILE"], "a", encoding="utf-8") as out:
        out.write(json.dumps([incident.id, event.kind, event.id]) + "\\n")
"""


@pytest.fixture
def outbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A policy file whose plugins folder holds a subscriber appending to a file."""
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "outbox.py").write_text(textwrap.dedent(SUBSCRIBER), encoding="utf-8")
    config = tmp_path / "posdisc.toml"
    config.write_text('plugins_dir = "plugins"\n', encoding="utf-8")
    paths = {"config": config, "file": tmp_path / "outbox.jsonl", "down": tmp_path / "down"}
    monkeypatch.setenv("OUTBOX_FILE", str(paths["file"]))
    monkeypatch.setenv("OUTBOX_DOWN", str(paths["down"]))
    return paths


def delivered(outbox: dict[str, Path]) -> list[list[str]]:
    if not outbox["file"].exists():
        return []
    return [json.loads(line) for line in outbox["file"].read_text().splitlines()]


def test_worker_once_delivers_and_reports(invoke, shop, outbox):
    check = shop.check(store="S001", register="R1", cashier="C07", sku="9788883701122",
                       shelf_price="9.98", scanned_price="19.95")  # fmt: skip
    shop.decide(check.incident_id, action="decline", cashier="C07")
    result = invoke(["worker", "--once"], config=outbox["config"])
    assert result.exit_code == 0, result.output
    assert "delivered: 2; failed: 0; parked: 0" in result.output
    assert [kind for _, kind, _ in delivered(outbox)] == ["detected", "decided"]
    again = invoke(["worker", "--once"], config=outbox["config"])
    assert "delivered: 0" in again.output
    status = invoke(["worker", "status"], config=outbox["config"])
    assert "plugins_dir:outbox.py S001: read 2 of 2 events (0 behind), 0 to retry, 0 parked" in (
        status.output
    )


def test_worker_status_shows_parked_events_and_retry_delivers_them(invoke, shop, outbox):
    check = shop.check(store="S001", register="R1", cashier="C07", sku="9788883701122",
                       shelf_price="9.98", scanned_price="19.95")  # fmt: skip
    outbox["down"].touch()
    invoke(["worker", "--once"], config=outbox["config"])
    with shop.context.transaction() as connection:  # as after every try has failed
        from pos_discrepancy.store import log

        log.update_delivery(connection=connection, store_id="S001",
                            subscriber="plugins_dir:outbox.py",
                            event_id=shop.get_incident(check.incident_id).events[0].id,
                            state="parked", attempts=MAX_ATTEMPTS)  # fmt: skip
    status = invoke(["worker", "status"], config=outbox["config"])
    assert "1 parked" in status.output
    assert "PARKED plugins_dir:outbox.py S001 seq 1" in status.output
    assert f"{MAX_ATTEMPTS}/{MAX_ATTEMPTS} tries, parked: ConnectionError: outbox down" in (
        status.output
    )
    outbox["down"].unlink()  # the cause is fixed
    retried = invoke(["worker", "retry"], config=outbox["config"])
    assert "1 parked delivery due again now." in retried.output
    invoke(["worker", "--once"], config=outbox["config"])
    assert [kind for _, kind, _ in delivered(outbox)] == ["detected"]
    assert "0 parked" in invoke(["worker", "status"], config=outbox["config"]).output


def test_worker_status_without_subscribers(invoke, shop):
    result = invoke(["worker", "status"])
    assert "No subscribers" in result.output


def test_worker_poll_is_checked(invoke, shop):
    result = invoke(["worker", "--poll", "0"])
    assert result.exit_code == 2 and "--poll" in result.output

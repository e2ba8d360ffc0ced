"""Batches: a sync cut off mid-way resumes with no loss and no duplicates; repeats and
overlapping batches change nothing on the server."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable

import pytest
from click.testing import Result
from sqlalchemy import delete

from pos_discrepancy.desk import Desk
from pos_discrepancy.sync.delivery import ServerUnreachable, sync
from pos_discrepancy.sync.outbox import SYNC_STATE, Batch, next_batch, pending_count

from .conftest import StoreServer, offline_day
from .test_sync_flow import comparable, event_ids


def test_a_server_gone_after_the_first_batch_loses_nothing(
    register: Desk, server: StoreServer
) -> None:
    ids = offline_day(register)
    total = len(event_ids(register))
    token = server.tokens["R1"]
    delivered: list[Batch] = []

    def stop_after_first(batch: Batch) -> None:
        delivered.append(batch)
        # the server's journal verifies after every batch, even mid-incident
        assert server.desk.verify_journal().ok
        server.stop()

    with pytest.raises(ServerUnreachable, match="nothing was marked"):
        sync(
            register.context,
            server=server.url,
            token=token,
            batch_size=2,
            on_batch=stop_after_first,
        )
    assert [b.events for b in delivered] == [2]
    assert len(event_ids(server.desk)) == 2
    assert pending_count(register.context, server=server.url) == total - 2
    novel = server.desk.get_incident(ids["novel"])
    assert novel.status.value == "awaiting_approval"  # as its last delivered event says
    server.start()
    summary = sync(register.context, server=server.url, token=token, batch_size=2)
    assert summary.events == total - 2
    assert summary.batches == -(-(total - 2) // 2)
    assert event_ids(server.desk) == event_ids(register)
    for incident_id in ids.values():
        assert comparable(server.desk, incident_id) == comparable(register, incident_id)
    assert server.desk.verify_journal().ok


def test_ctrl_c_between_batches_loses_nothing(register: Desk, server: StoreServer) -> None:
    offline_day(register)
    token = server.tokens["R1"]

    def interrupt(_batch: Batch) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        sync(register.context, server=server.url, token=token, batch_size=3, on_batch=interrupt)
    assert len(event_ids(server.desk)) == 3
    sync(register.context, server=server.url, token=token, batch_size=3)
    assert event_ids(server.desk) == event_ids(register)


def post(server: StoreServer, batch: Batch) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(
        server.url + "/api/v1/sync",
        data=batch.encoded(),
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {server.tokens['R1']}",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, json.loads(response.read())


def test_the_same_batch_twice_answers_the_same_and_stores_once(
    register: Desk, server: StoreServer
) -> None:
    offline_day(register)
    batch = next_batch(register.context, server=server.url, size=100)
    assert batch is not None
    first = post(server, batch)
    rows = server.rows()
    assert post(server, batch) == first
    total = len(event_ids(register))
    assert first == (200, {"store": "S001", "register": "R1", "incidents": 4, "events": total,
                            "quarantined": []})  # fmt: skip
    assert server.rows() == rows
    assert server.desk.verify_journal().ok


def test_overlapping_batches_after_a_lost_sync_state_change_nothing(
    register: Desk, server: StoreServer, sync_cli: Callable[..., Result]
) -> None:
    ids = offline_day(register)
    token = server.tokens["R1"]
    assert sync_cli("--server", server.url, "--token", token, "--batch", "5").exit_code == 0
    rows = server.rows()
    register.fix(ids["coffee"], staff="O02")
    with register.context.transaction() as connection:  # the register forgets what it delivered
        connection.execute(delete(SYNC_STATE))
    result = sync_cli("--server", server.url, "--token", token, "--batch", "4")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "S001: delivered 4 events of 2 incidents (local seq 1–4)"
    total = len(event_ids(register))
    assert lines[-1] == (
        f"Delivered {total} events of 4 incidents to {server.url}; nothing left to send"
    )
    after = server.rows()
    assert len(after["events"]) == len(rows["events"]) + 1  # only the new fix
    assert comparable(server.desk, ids["coffee"]) == comparable(register, ids["coffee"])
    assert server.desk.verify_journal().ok

"""Offline checks and decisions at the register, then ``posdisc sync`` to a real server.

The server runs in a thread over the test database (SQLite and PostgreSQL); the
register works on its own SQLite file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from click.testing import Result
from sqlalchemy import select

from pos_discrepancy.desk import Desk
from pos_discrepancy.errors import InvalidTransition
from pos_discrepancy.store.repository import EVENTS
from pos_discrepancy.sync.delivery import sync
from pos_discrepancy.sync.outbox import pending_count

from .conftest import StoreServer, free_port, offline_day


def comparable(desk: Desk, incident_id: str) -> dict[str, object]:
    """The incident as the API shows it, without what differs by design (event seqs)."""
    view = desk.get_incident(incident_id).to_dict()
    events = view.pop("events")
    view["events"] = [(e["id"], e["kind"], e["at"]) for e in events]
    return view


def event_ids(desk: Desk) -> list[str]:
    with desk.context.reading() as connection:
        return [row.id for row in connection.execute(select(EVENTS.c.id).order_by(EVENTS.c.seq))]


def test_offline_incidents_arrive_with_their_ids_state_and_journal(
    register: Desk, server: StoreServer, sync_cli: Callable[..., Result]
) -> None:
    ids = offline_day(register)
    local_events = event_ids(register)
    result = sync_cli("--server", server.url, "--token", server.tokens["R1"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        f"Delivered {len(local_events)} events of 4 incidents to {server.url}; nothing left to send"
    )
    for incident_id in ids.values():
        assert comparable(server.desk, incident_id) == comparable(register, incident_id)
    assert event_ids(server.desk) == local_events  # same ids, in the register's order
    novel = server.desk.get_incident(ids["novel"])
    assert novel.status.value == "signage_fixed"
    assert novel.decision is not None and novel.decision.approved_by == "M01"
    assert str(novel.decision.charge) == "9.98"
    assert [e.data["synced_from"]["seq"] for e in novel.events] == [
        e.seq for e in register.get_incident(ids["novel"]).events
    ]
    assert server.desk.verify_journal().ok
    assert register.verify_journal().ok
    assert pending_count(register.context, server=server.url) == 0


def test_a_down_server_is_one_clear_line_and_nothing_is_marked(
    register: Desk, server_app, sync_cli: Callable[..., Result]
) -> None:  # type: ignore[no-untyped-def]
    offline_day(register)
    down = StoreServer(server_app, free_port())  # nothing listens there yet
    token = server_app.config["TOKENS"]["R1"]
    result = sync_cli("--server", down.url, "--token", token)
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert f"cannot reach {down.url}" in result.output
    assert "Traceback" not in result.output
    assert pending_count(register.context, server=down.url) == len(event_ids(register))
    down.start()
    try:
        result = sync_cli("--server", down.url + "/", "--token", token)
        assert result.exit_code == 0, result.output
        assert event_ids(down.desk) == event_ids(register)
        again = sync_cli("--server", down.url, "--token", token)
        assert again.output == f"Nothing to send to {down.url}: every event is delivered.\n"
        assert event_ids(down.desk) == event_ids(register)
    finally:
        down.stop()
    assert down.desk.verify_journal().ok


def test_later_steps_at_the_register_follow_in_the_next_sync(
    register: Desk, server: StoreServer
) -> None:
    ids = offline_day(register)
    first = sync(register.context, server=server.url, token=server.tokens["R1"])
    register.decide(ids["open"], action="escalate", cashier="C07")
    register.approve(ids["open"], manager="M01", pin="2468", approve=False)
    register.fix(ids["coffee"], staff="O02", cause="price_file_error")
    second = sync(register.context, server=server.url, token=server.tokens["R1"])
    assert (first.incidents, second.incidents) == (4, 2)
    assert second.events == 3
    for incident_id in ids.values():
        assert comparable(server.desk, incident_id) == comparable(register, incident_id)
    assert server.desk.get_incident(ids["open"]).status.value == "declined"
    assert server.desk.verify_journal().ok


def test_an_escalation_delivered_while_it_waits_is_left_to_its_register(
    register: Desk, server: StoreServer, clock: Any
) -> None:
    waiting = register.check(
        store="S001", register="R1", cashier="C07", sku="9788883701122",
        scanned_price="19.95", shelf_price="9.98", quantity=1,
    ).incident_id  # fmt: skip
    assert waiting is not None
    register.decide(waiting, action="escalate", cashier="C07")
    sync(register.context, server=server.url, token=server.tokens["R1"])
    clock.advance(hours=1)  # far past the approval timeout: the server must not settle it
    assert server.desk.run_worker_pass().timeouts == 0

    assert server.desk.pending_approvals("S001") == []  # not in the server's queue
    assert server.desk.get_incident(waiting).status.value == "awaiting_approval"
    for step in (
        lambda: server.desk.approve(waiting, manager="M01", pin="2468", approve=True),
        lambda: server.desk.decide(waiting, action="honor", cashier="C09"),
    ):
        with pytest.raises(InvalidTransition, match="made at offline register R1"):
            step()

    # The register's worker times its own escalation out (policy: honor) and delivers that.
    assert register.run_worker_pass().timeouts == 1
    assert register.get_incident(waiting).decision.approval == "timed_out"
    later = sync(register.context, server=server.url, token=server.tokens["R1"])
    assert later.events == 1
    assert comparable(server.desk, waiting) == comparable(register, waiting)
    assert server.desk.get_incident(waiting).status.value == "honored"
    assert server.desk.verify_journal().ok


def test_an_approval_at_the_till_reaches_the_server_after_it_held_the_wait(
    register: Desk, server: StoreServer
) -> None:
    waiting = register.check(
        store="S001", register="R1", cashier="C07", sku="9788883701122",
        scanned_price="19.95", shelf_price="9.98", quantity=1,
    ).incident_id  # fmt: skip
    assert waiting is not None
    register.decide(waiting, action="escalate", cashier="C07")
    sync(register.context, server=server.url, token=server.tokens["R1"])
    register.approve(waiting, manager="M01", pin="2468", approve=False)
    later = sync(register.context, server=server.url, token=server.tokens["R1"])
    assert later.events == 1
    assert comparable(server.desk, waiting) == comparable(register, waiting)
    assert server.desk.get_incident(waiting).decision.approved_by == "M01"


def test_incidents_made_at_the_server_still_time_out_there(server: StoreServer, clock: Any) -> None:
    here = server.desk.check(
        store="S001", register="R2", cashier="C07", sku="9788883701122",
        scanned_price="19.95", shelf_price="9.98", quantity=1,
    ).incident_id  # fmt: skip
    assert here is not None
    server.desk.decide(here, action="escalate", cashier="C07")
    assert [i.id for i in server.desk.pending_approvals("S001")] == [here]
    clock.advance(hours=1)
    assert server.desk.run_worker_pass().timeouts == 1
    assert server.desk.pending_approvals("S001") == []
    assert server.desk.get_incident(here).decision.approval == "timed_out"


def test_a_tag_fixed_on_the_server_never_blocks_the_registers_later_events(
    register: Desk, server: StoreServer
) -> None:
    """The facets are independent: ops fix the tag at the server while the customer's
    decision is still on its way from the offline register (design §3, §6)."""
    ids = offline_day(register)
    token = server.tokens["R1"]
    sync(register.context, server=server.url, token=token)
    server.desk.fix(ids["open"], staff="O02", cause="wrong_location")  # made on the server
    register.decide(ids["open"], action="escalate", cashier="C07")
    register.approve(ids["open"], manager="M01", pin="2468", approve=True)
    later = sync(register.context, server=server.url, token=token)
    assert later.events == 2
    assert pending_count(register.context, server=server.url) == 0
    on_server = server.desk.get_incident(ids["open"])
    assert (on_server.resolution.value, on_server.signage.value) == ("honored", "fixed")
    assert on_server.status.value == "signage_fixed"
    assert (on_server.fixed_by, on_server.cause) == ("O02", "wrong_location")
    assert on_server.decision.approved_by == "M01"
    assert [e.kind for e in on_server.events] == [
        "detected", "signage_fixed", "decided", "approved",
    ]  # fmt: skip
    # the register knows nothing of the server's fix; its own journal is intact too
    assert register.get_incident(ids["open"]).signage.value == "open"
    assert server.desk.verify_journal().ok and register.verify_journal().ok
    # and what the register does next still arrives
    register.record_outcome(ids["open"], customer_outcome="purchased", staff="C07")
    assert sync(register.context, server=server.url, token=token).events == 1
    assert server.desk.get_incident(ids["open"]).customer_outcome.value == "purchased"

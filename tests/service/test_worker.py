"""The worker (design §10): subscribers read the journal through durable cursors, off the
checkout path; failures are retried with backoff and parked; timeouts fall due by
themselves; one worker per database holds the lease."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from pos_discrepancy import hookimpl
from pos_discrepancy.domain import Status
from pos_discrepancy.service.context import utc_now
from pos_discrepancy.service.worker import LEASE_FOR, MAX_ATTEMPTS, Worker, backoff

NOVEL = "9788883701122"  # 19.95 in the store fixture's price file


class Recorder:
    """A subscriber that keeps what it is given; ``failing`` makes it refuse."""

    posdisc_name = "recorder"

    def __init__(self, failing: bool = False) -> None:
        self.failing = failing
        self.seen: list[tuple[str, str, int]] = []  # (incident, kind, seq) of each call
        self.taken: list[str] = []  # event ids taken

    @hookimpl
    def posdisc_incident_event(self, incident, event):  # type: ignore[no-untyped-def]
        self.seen.append((incident.id, event.kind, event.seq))
        if self.failing:
            raise ConnectionError("receiver down")
        self.taken.append(event.id)


class Other(Recorder):
    posdisc_name = "other"


def escalate(desk: Any, action: str = "escalate") -> str:
    """An overcharge escalated to a manager (or decided ``action``): detected + decided."""
    check = desk.check(store="S001", register="R1", cashier="C07", sku=NOVEL,
                       shelf_price="9.98", scanned_price="19.95")  # fmt: skip
    desk.decide(check.incident_id, action=action, cashier="C07")
    return str(check.incident_id)


def event_ids(desk: Any, incident_id: str) -> list[str]:
    return [event.id for event in desk.get_incident(incident_id).events]


def test_the_checkout_calls_no_subscriber_and_the_worker_delivers_in_order(store, make_desk):
    recorder = Recorder()
    desk = make_desk(plugins=[recorder])
    first, second = escalate(desk), escalate(desk)
    assert recorder.seen == []
    report = desk.run_worker_pass()
    assert report.delivered == 4
    assert recorder.taken == event_ids(desk, first) + event_ids(desk, second)
    assert desk.run_worker_pass().delivered == 0


def test_the_cursor_is_durable_a_new_process_goes_on_where_the_last_stopped(store, make_desk):
    desk = make_desk(plugins=[Recorder()])
    first = escalate(desk)
    desk.run_worker_pass()
    later = make_desk(plugins=[(recorder := Recorder())])  # as after a restart
    second = escalate(later)
    later.run_worker_pass()
    assert recorder.taken == event_ids(later, second)
    assert first not in {incident for incident, _, _ in recorder.seen}


def test_a_refused_event_is_retried_with_backoff_and_its_incident_waits_behind_it(
    store, make_desk, clock
):
    recorder = Recorder(failing=True)
    desk = make_desk(plugins=[recorder])
    incident = escalate(desk)
    assert desk.run_worker_pass().failed == 1  # detected refused; decided queued behind it
    recorder.failing = False
    desk.run_worker_pass()
    assert recorder.taken == []  # not due yet: 1 s backoff
    clock.advance(seconds=backoff(1).total_seconds())
    assert desk.run_worker_pass().delivered == 2
    assert recorder.taken == event_ids(desk, incident)  # in order, once each
    places, waiting = desk.worker_status()
    assert waiting == [] and places[0].behind == 0


def test_the_backoff_doubles_up_to_a_limit():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert backoff(50) == timedelta(minutes=5)


def parked_after_every_try(desk: Any, clock: Any) -> None:
    for attempt in range(1, MAX_ATTEMPTS + 1):
        desk.run_worker_pass()
        clock.advance(seconds=backoff(attempt).total_seconds())


def test_an_event_that_keeps_failing_is_parked_and_holds_back_nothing_else(store, make_desk, clock):
    broken, healthy = Recorder(failing=True), Other()
    desk = make_desk(plugins=[broken, healthy])
    stuck = escalate(desk, "decline")  # no timeout will fall due while we wait
    parked_after_every_try(desk, clock)
    _, waiting = desk.worker_status()
    assert [(w.subscriber, w.state, w.attempts) for w in waiting] == [
        ("recorder", "parked", MAX_ATTEMPTS),  # detected, tried every time
        ("recorder", "due", 0),  # decided, waiting behind it
    ]
    assert waiting[0].last_error == "ConnectionError: receiver down"
    assert healthy.taken == event_ids(desk, stuck)  # the other subscriber went on
    # the broken subscriber's other incidents are not held back once it recovers
    broken.failing = False
    fresh = escalate(desk, "decline")
    desk.run_worker_pass()
    assert broken.taken == event_ids(desk, fresh)
    # retry after the cause is fixed: delivered, in order
    assert desk.retry_deliveries(subscriber="recorder") == 1
    desk.run_worker_pass()
    assert broken.taken == event_ids(desk, fresh) + event_ids(desk, stuck)
    assert desk.worker_status()[1] == []


def test_a_worker_killed_before_moving_its_cursor_delivers_again_with_the_same_id(store, make_desk):
    class Killed(Recorder):
        @hookimpl
        def posdisc_incident_event(self, incident, event):  # type: ignore[no-untyped-def]
            super().posdisc_incident_event(incident, event)
            if len(self.seen) == 1:
                raise KeyboardInterrupt  # as SIGKILL would: nothing after this runs

    killed = Killed()
    desk = make_desk(plugins=[killed])
    incident = escalate(desk)
    with pytest.raises(KeyboardInterrupt):
        desk.run_worker_pass()
    desk.run_worker_pass()
    ids = event_ids(desk, incident)
    assert killed.taken == [ids[0], ids[0], ids[1]]  # at least once: the first twice


def test_a_worker_stopped_mid_batch_keeps_what_it_delivered(store, make_desk):
    """The cursor moves once per batch, and also when a pass is cut short: the events
    delivered before the stop are not delivered again."""

    class Stopped(Recorder):
        @hookimpl
        def posdisc_incident_event(self, incident, event):  # type: ignore[no-untyped-def]
            if len(self.seen) == 3:
                self.seen.append((incident.id, event.kind, event.seq))
                raise KeyboardInterrupt  # Ctrl-C in the middle of a batch
            super().posdisc_incident_event(incident, event)

    stopped = Stopped()
    desk = make_desk(plugins=[stopped])
    first, second = escalate(desk), escalate(desk)
    with pytest.raises(KeyboardInterrupt):
        desk.run_worker_pass()
    assert desk.run_worker_pass().delivered == 1
    assert stopped.taken == event_ids(desk, first) + event_ids(desk, second)


def test_the_worker_checkpoints_the_wal_so_checks_need_not(store, make_desk, database_url):
    """The register's writes leave their pages in SQLite's WAL; the worker's pass copies
    them into the database file (store.engine.checkpoint_wal)."""
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL has no WAL file to checkpoint")
    desk = make_desk()
    database = Path(desk.context.engine.url.database or "")
    desk.run_worker_pass()
    before = database.stat().st_size
    for _ in range(40):
        desk.check(store="S001", register="R1", cashier="C07", sku=NOVEL,
                   shelf_price="9.98", scanned_price="19.95")  # fmt: skip
    assert database.stat().st_size == before  # all in the WAL still
    desk.run_worker_pass()
    assert database.stat().st_size > before


def test_reads_and_reports_never_apply_timeouts_the_worker_does(store, make_desk, clock):
    desk = make_desk()
    incident = escalate(desk)
    clock.advance(hours=1)
    desk.get_incident(incident)
    desk.pending_approvals("S001")
    desk.report_overview(desk.report_request("summary", store="S001"))
    assert desk.get_incident(incident).status is Status.AWAITING_APPROVAL
    assert desk.run_worker_pass().timeouts == 1
    assert desk.get_incident(incident).status is Status.HONORED


def test_one_worker_per_database_holds_the_lease(store, make_desk, clock):
    desk, other = make_desk(), make_desk()
    first, second = desk.worker(), other.worker()
    assert first.run_once() is not None
    assert second.run_once() is None  # another worker holds the lease
    assert first.run_once() is not None  # renewing it
    clock.advance(seconds=LEASE_FOR.total_seconds() + 1)  # the first one died
    assert second.run_once() is not None
    assert first.run_once() is None
    second._release()  # a clean stop gives it up at once
    assert first.run_once() is not None


def test_an_escalation_times_out_by_itself_with_nobody_reading(store, make_desk, tmp_path):
    config = Path(tmp_path) / "policy.toml"
    config.write_text("[policy]\napproval_timeout_seconds = 1\n", encoding="utf-8")
    desk = make_desk(config=config, clock=utc_now)
    loop = Worker(desk.context, poll_seconds=0.05)
    thread = threading.Thread(target=loop.run, daemon=True)
    thread.start()
    try:
        incident = escalate(desk)
        started = time.monotonic()
        while desk.get_incident(incident).status is Status.AWAITING_APPROVAL:
            assert time.monotonic() - started < 10, "the worker never applied the timeout"
            time.sleep(0.05)
    finally:
        loop.stop()
        thread.join(timeout=10)
    assert desk.get_incident(incident).decision.approval == "timed_out"
    assert not thread.is_alive()

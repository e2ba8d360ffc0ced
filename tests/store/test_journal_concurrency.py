"""Registers checking at the same moment never break the chain or share a seq.

SQLite serialises writers with ``BEGIN IMMEDIATE``; PostgreSQL with a row lock on the
store. Both are exercised with threads sharing one desk and with separate processes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from sqlalchemy import text

import pos_discrepancy
from pos_discrepancy.desk import Desk

THREADS = 4
CHECKS_EACH = 15

WORKER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import pos_discrepancy

    url, name, count, folder = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    desk = pos_discrepancy.connect(url)
    (folder / f"{name}.ready").touch()
    while not (folder / "go").exists():
        time.sleep(0.005)
    for i in range(count):
        desk.check(store="S001", register=name, cashier="C01", sku="9788883701122",
                   scanned_price="19.95", shelf_price=f"{9 + i % 7}.98")
    desk.close()
    """
)


def _assert_one_clean_chain(desk: Desk, expected: int, incidents: int | None = None) -> None:
    with desk.context.engine.connect() as connection:
        seqs = [r.seq for r in connection.execute(text("SELECT seq FROM events ORDER BY seq"))]
        stored = connection.execute(text("SELECT count(*) FROM incidents")).scalar_one()
    assert seqs == list(range(1, expected + 1))  # no duplicate, no gap
    assert stored == (expected if incidents is None else incidents)
    report = desk.verify_journal()
    assert report.ok, report.problems
    assert report.events_checked == {"S001": expected}


def test_threads_checking_at_once_keep_one_chain(store: Desk) -> None:
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def register(number: int) -> None:
        try:
            start.wait()
            for i in range(CHECKS_EACH):
                store.check(
                    store="S001", register=f"R{number}", cashier="C01", sku="9788883701122",
                    scanned_price="19.95", shelf_price=f"{9 + i % 7}.98",
                )  # fmt: skip
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=register, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    _assert_one_clean_chain(store, THREADS * CHECKS_EACH)


def test_processes_checking_at_once_keep_one_chain(
    store: Desk, database_url: str, tmp_path: Path
) -> None:
    env = {**os.environ, "POSDISC_DISABLE_PLUGIN_AUTOLOAD": "1"}
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, database_url, f"P{n}", str(CHECKS_EACH), tmp_path],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(2)
    ]
    try:
        deadline = time.monotonic() + 60
        while len(list(tmp_path.glob("*.ready"))) < len(workers):
            assert time.monotonic() < deadline, "the workers did not start"
            assert all(w.poll() is None for w in workers), [w.stderr.read() for w in workers]
            time.sleep(0.01)
        (tmp_path / "go").touch()
        for worker in workers:
            _, stderr = worker.communicate(timeout=120)
            assert worker.returncode == 0, stderr
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
            worker.communicate()
    _assert_one_clean_chain(store, 2 * CHECKS_EACH)


def test_a_new_desk_continues_the_chain(store: Desk, database_url: str) -> None:
    first = store.check(
        store="S001", register="R1", cashier="C01", sku="9788883701122",
        scanned_price="19.95", shelf_price="9.98",
    )  # fmt: skip
    with pos_discrepancy.connect(database_url) as other:
        other.check(
            store="S001", register="R2", cashier="C02", sku="9788883701122",
            scanned_price="19.95", shelf_price="8.98",
        )  # fmt: skip
    assert [e.seq for e in store.get_incident(first.incident_id).events] == [1]
    _assert_one_clean_chain(store, 2)


def test_checks_and_decisions_at_once_keep_one_chain(store: Desk) -> None:
    """The hot path (check) and the Core path (decide, fix) append to one chain."""
    waiting = [
        store.check(
            store="S001", register="R9", cashier="C09", sku="9788883701122",
            scanned_price="19.95", shelf_price=f"{9 + i % 7}.98",
        ).incident_id
        for i in range(CHECKS_EACH)
    ]  # fmt: skip
    start = threading.Barrier(3)
    errors: list[BaseException] = []

    def checking(number: int) -> None:
        try:
            start.wait()
            for i in range(CHECKS_EACH):
                store.check(
                    store="S001", register=f"R{number}", cashier="C01", sku="012345678905",
                    scanned_price="12.99", shelf_price=f"{5 + i % 7}.49",
                )  # fmt: skip
        except BaseException as error:
            errors.append(error)

    def deciding() -> None:
        try:
            start.wait()
            for incident_id in waiting:
                store.decide(incident_id, action="escalate", cashier="C09")
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=checking, args=(n,)) for n in range(2)]
    threads.append(threading.Thread(target=deciding))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    _assert_one_clean_chain(store, 4 * CHECKS_EACH, incidents=3 * CHECKS_EACH)

"""Registers checking at the same moment never break a chain or share a seq.

Each register's incidents are on its own chain. SQLite serialises writers with ``BEGIN
IMMEDIATE``; PostgreSQL writers of one chain queue on the chain's advisory lock, and
other registers of the store do not wait for it. Exercised with threads sharing one
desk and with separate processes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
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


def _assert_clean_chains(desk: Desk, chains: dict[str, int], incidents: int | None = None) -> None:
    """Each chain holds seq 1..n with no duplicate and no gap, and the journal verifies."""
    with desk.context.engine.connect() as connection:
        rows = connection.execute(text("SELECT chain, seq FROM events ORDER BY chain, seq"))
        found: dict[str, list[int]] = {}
        for chain, seq in rows:
            found.setdefault(chain, []).append(seq)
        stored = connection.execute(text("SELECT count(*) FROM incidents")).scalar_one()
    assert found == {chain: list(range(1, n + 1)) for chain, n in chains.items()}
    assert stored == (sum(chains.values()) if incidents is None else incidents)
    report = desk.verify_journal()
    assert report.ok, report.problems
    assert report.events_checked == {"S001": sum(chains.values())}
    assert sorted(chain for _, chain in report.heads) == sorted(chains)


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
    _assert_clean_chains(store, {f"register-R{n}": CHECKS_EACH for n in range(THREADS)})


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
    _assert_clean_chains(store, {f"register-P{n}": CHECKS_EACH for n in range(2)})


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
        other.check(
            store="S001", register="R1", cashier="C02", sku="9788883701122",
            scanned_price="19.95", shelf_price="7.98",
        )  # fmt: skip
    assert [e.seq for e in store.get_incident(first.incident_id).events] == [1]
    _assert_clean_chains(store, {"register-R1": 2, "register-R2": 1})


def test_checks_and_decisions_at_once_keep_one_chain(store: Desk) -> None:
    """The hot path (check) and the Core path (decide, fix) append to one chain: the
    register's, where a decision follows its incident's detection."""
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
    _assert_clean_chains(
        store,
        {"register-R0": CHECKS_EACH, "register-R1": CHECKS_EACH, "register-R9": 2 * CHECKS_EACH},
        incidents=3 * CHECKS_EACH,
    )


def _check(desk: Desk, register: str) -> None:
    desk.check(
        store="S001", register=register, cashier="C01", sku="9788883701122",
        scanned_price="19.95", shelf_price="9.98",
    )  # fmt: skip


def test_registers_of_one_store_do_not_wait_for_each_other(store: Desk) -> None:
    """While R1's chain is locked (a slow append), R2 checks at once and R1 waits."""
    if store.context.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one write lock per database by design")
    _check(store, "R1")
    done: dict[str, threading.Event] = {r: threading.Event() for r in ("R1", "R2")}
    errors: list[BaseException] = []

    def checking(register: str) -> None:
        try:
            _check(store, register)
            done[register].set()
        except BaseException as error:
            errors.append(error)

    with store.context.engine.connect() as holder:
        holder.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
            {"key": "S001/register-R1"},
        )
        threads = {r: threading.Thread(target=checking, args=(r,)) for r in done}
        for thread in threads.values():
            thread.start()
        assert done["R2"].wait(timeout=30), errors  # another register: no wait
        assert not done["R1"].wait(timeout=0.5)  # the same chain: queued behind the lock
        holder.rollback()  # the slow append ends; its lock goes
    for thread in threads.values():
        thread.join(timeout=30)
    assert not errors, errors
    assert done["R1"].is_set()
    _assert_clean_chains(store, {"register-R1": 2, "register-R2": 1})

"""Do the registers of one store queue behind each other? (issues 9 and 13)

Every journal append of a store takes the store's chain lock (PostgreSQL: the store row,
held through COMMIT; SQLite: the database's one writer). This measures what that costs
on PostgreSQL: N processes, each a register checking overcharges as fast as it can
(``desk.check``, an incident and its journal event committed per call), first as N
registers of **one** store, then as one register in each of **N** stores (no shared
lock: the same-run baseline). The two runs alternate, ``--rounds`` times each; the
figure is checks per second over all processes, and the ratio one store / N stores.

    python bench/store_lock.py [--processes 8] [--seconds 5] [--rounds 2]
                               [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

The given server gets a database of its own (``posdisc_bench_store_lock``), dropped at
the end. Client processes share the machine's cores with PostgreSQL: a floor.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

import pos_discrepancy
from pos_discrepancy.desk import Desk
from pos_discrepancy.store.engine import make_engine

BENCH_DB = "posdisc_bench_store_lock"
PRICES = [("9788883701122", "Paperback novel", "19.95")]


def database(admin_url: str) -> str:
    """A fresh database beside ``admin_url``'s, set up with N stores by the caller."""
    admin = make_engine(admin_url)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{BENCH_DB}"'))
    admin.dispose()
    return admin_url.rsplit("/", 1)[0] + f"/{BENCH_DB}"


def drop(admin_url: str) -> None:
    admin = make_engine(admin_url)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)'))
    admin.dispose()


def set_up(url: str, stores: int) -> None:
    desk = pos_discrepancy.connect(url)
    try:
        for n in range(1, stores + 1):
            code = f"S{n:03}"
            desk.add_store(code, name=f"Store {n}", currency="USD")
            desk.import_prices(code, PRICES)
    finally:
        desk.close()


def check(desk: Desk, store: str, register_code: str) -> None:
    """One overcharge: an incident and its journal event, committed."""
    desk.check(
        store=store, register=register_code, cashier="C07", sku=PRICES[0][0],
        scanned_price="19.95", shelf_price="9.98",
    )  # fmt: skip


def register(
    url: str,
    store: str,
    register_code: str,
    seconds: float,
    start: float,
    out: multiprocessing.Queue[int],
) -> None:
    """One till: check overcharges until ``seconds`` after ``start``; put the count."""
    desk = pos_discrepancy.connect(url)
    try:
        check(desk, store, register_code)  # warm: the connection, the plugins
        while time.time() < start:
            time.sleep(0.001)
        done = 0
        while time.time() < start + seconds:
            check(desk, store, register_code)
            done += 1
        out.put(done)
    finally:
        desk.close()


def run(url: str, processes: int, seconds: float, one_store: bool) -> float:
    """Checks per second of ``processes`` tills, in one store or one each."""
    queue: multiprocessing.Queue[int] = multiprocessing.Queue()
    start = time.time() + 2.0  # every process connected and warm first
    tills = [
        multiprocessing.Process(
            target=register,
            args=(
                url,
                "S001" if one_store else f"S{n:03}",
                f"R{n}" if one_store else "R1",
                seconds,
                start,
                queue,
            ),
        )
        for n in range(1, processes + 1)
    ]
    for till in tills:
        till.start()
    total = sum(queue.get(timeout=seconds + 60) for _ in tills)
    for till in tills:
        till.join()
    return total / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    options = parser.parse_args()
    url = database(options.database_url)
    try:
        set_up(url, options.processes)
        one: list[float] = []
        each: list[float] = []
        for _ in range(options.rounds):
            each.append(run(url, options.processes, options.seconds, one_store=False))
            one.append(run(url, options.processes, options.seconds, one_store=True))
        n = options.processes
        baseline, measured = statistics.median(each), statistics.median(one)
        print(f"baseline: {n} registers in {n} stores: {baseline:,.0f} checks/s "
              f"(rounds: {', '.join(f'{x:,.0f}' for x in each)})")  # fmt: skip
        print(f"{n} registers in one store: {measured:,.0f} checks/s "
              f"(rounds: {', '.join(f'{x:,.0f}' for x in one)})")  # fmt: skip
        print(f"one store / {n} stores: {measured / baseline:.0%} (goal >= 80 %)")
    finally:
        drop(options.database_url)


if __name__ == "__main__":
    main()

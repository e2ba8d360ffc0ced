"""Benchmark ``verify_journal`` (and ``posdisc journal verify``) on a 100,000-event journal.

The journal is made of real incidents: a few are created through the desk (an
undercharge honored at the scan; an overcharge honored by the cashier and its tag
fixed), then cloned with new ids, each event re-chained by ``journal.event_row`` (the
function ``append_event`` uses), so bodies and hashes are exactly what the register
writes. Printed: build time, verify time and events/s for the Python API and the CLI,
on SQLite and, when a server answers, on PostgreSQL.

The baseline, measured in the same run on the same database: the bare driver (stdlib
``sqlite3``, ``psycopg``) reads every event's body, SHA-256s it and ``json.loads`` it.
Verify's ratio to it is printed (issue 13: goal at most 1.3 times the baseline, and at
least 100,000 events/s on SQLite). Baseline and verify run ``--runs`` times each,
alternately; the best of each is reported (the machine is shared), with the CPU time of
this process beside it (less moved by other load; the PostgreSQL server's CPU is not in
it).

    python bench/journal_verify.py [--events 100000] [--runs 3] [--no-postgresql]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import create_engine, insert, make_url, select, text

import pos_discrepancy
from pos_discrepancy.ids import uuid7
from pos_discrepancy.store.journal import EVENTS, GENESIS_HASH, event_row
from pos_discrepancy.store.repository import DECISIONS, INCIDENTS
from pos_discrepancy.store.verify import verify_journal

PG_SERVER = os.environ.get("POSDISC_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432")
BATCH = 5000
#: issue 13's goals for verify
GOAL_RATIO = 1.3
GOAL_SQLITE_RATE = 100_000
CLI = 'import sys; from pos_discrepancy.cli import main; sys.argv[0] = "posdisc"; main()'


def templates(desk: pos_discrepancy.Desk) -> list[tuple[dict[str, Any], Any, list[Any]]]:
    """Real incidents to clone: (incident row, decision row, events)."""
    desk.add_store("S001", name="Main St", currency="USD")
    under = desk.check(
        store="S001", register="R1", cashier="C07", sku="4006381333931",
        scanned_price="2.49", shelf_price="2.99", quantity=1, location="B2-04",
    )  # fmt: skip
    over = desk.check(
        store="S001", register="R1", cashier="C08", sku="9788883701122",
        scanned_price="19.95", shelf_price="19.45", quantity=2, location="A7-B3",
    )  # fmt: skip
    desk.decide(over.incident_id, action="honor", cashier="C08")
    desk.fix(over.incident_id, staff="O02", cause="sale_ended_tag_left_up")
    found = []
    with desk.context.engine.connect() as connection:
        for incident_id in (under.incident_id, over.incident_id):
            incident = connection.execute(
                select(INCIDENTS).where(INCIDENTS.c.id == incident_id)
            ).one()
            decision = connection.execute(
                select(DECISIONS).where(DECISIONS.c.incident_id == incident_id)
            ).one()
            events = list(
                connection.execute(
                    select(EVENTS).where(EVENTS.c.incident_id == incident_id).order_by(EVENTS.c.seq)
                )
            )
            found.append((dict(incident._mapping), dict(decision._mapping), events))
    return found


#: every template incident is at register R1, so the whole journal is one chain
CHAIN = "register-R1"


def build(url: str, count: int) -> tuple[float, int]:
    """Fill the database at ``url`` with about ``count`` events; returns (seconds, events)."""
    started = time.perf_counter()
    with pos_discrepancy.connect(url) as desk:
        patterns = templates(desk)
        with desk.context.engine.connect() as connection:
            seq, prev_hash = connection.execute(
                text("SELECT seq, hash FROM events WHERE chain = :chain ORDER BY seq DESC LIMIT 1"),
                {"chain": CHAIN},
            ).one()
        written = seq
        incidents, decisions, events = [], [], []
        with desk.context.engine.begin() as connection:
            while written < count:
                for incident, decision, template_events in patterns:
                    incident_id = uuid7()
                    incidents.append({**incident, "id": incident_id})
                    decisions.append({**decision, "incident_id": incident_id})
                    for event in template_events:
                        seq += 1
                        row = event_row(
                            store_id="S001",
                            seq=seq,
                            prev_hash=prev_hash,
                            incident_id=incident_id,
                            kind=event.kind,
                            at=event.at,
                            data=json.loads(event.body)["data"],
                            chain=CHAIN,
                        )
                        events.append(row)
                        prev_hash = row["hash"]
                    written += len(template_events)
                if len(events) >= BATCH or written >= count:
                    connection.execute(insert(INCIDENTS), incidents)
                    connection.execute(insert(DECISIONS), decisions)
                    connection.execute(insert(EVENTS), events)
                    incidents, decisions, events = [], [], []
    return time.perf_counter() - started, written


def baseline(url: str) -> tuple[float, float, int]:
    """The bare driver reads every event's body, SHA-256s it and decodes it: (seconds,
    CPU seconds of this process, events)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        connection: Any = sqlite3.connect(parsed.database or "")
    else:
        plain = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
        connection = psycopg.connect(plain)
    try:
        started, cpu = time.perf_counter(), time.process_time()
        cursor = connection.cursor()
        cursor.execute("SELECT body FROM events")
        count = 0
        sha256, loads = hashlib.sha256, json.loads
        while rows := cursor.fetchmany(BATCH):
            for (body,) in rows:
                sha256(body.encode()).hexdigest()
                loads(body)
            count += len(rows)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        connection.close()
    return seconds, cpu, count


def measure(label: str, url: str, count: int, runs: int) -> None:
    """Build, then time the baseline and verify (best of ``runs``) and the CLI."""
    seconds, written = build(url, count)
    print(f"[{label}] built {written} events in {seconds:.1f} s")
    bare, api = float("inf"), float("inf")
    bare_cpu, api_cpu = float("inf"), float("inf")
    engine = pos_discrepancy.connect(url).context.engine
    try:
        for _ in range(runs):
            took, cpu, read = baseline(url)
            assert read == written, (read, written)
            bare, bare_cpu = min(bare, took), min(bare_cpu, cpu)
            started, cpu = time.perf_counter(), time.process_time()
            report = verify_journal(engine)
            api = min(api, time.perf_counter() - started)
            api_cpu = min(api_cpu, time.process_time() - cpu)
    finally:
        engine.dispose()
    assert report.ok, report.problems
    head = report.heads[("S001", CHAIN)]
    assert head[0] == written and head[1] != GENESIS_HASH
    print(
        f"[{label}] baseline: bare driver read + SHA-256 + json.loads of the bodies: "
        f"{written} events in {bare:.2f} s = {written / bare:,.0f} events/s "
        f"(CPU of this process {bare_cpu:.2f} s)"
    )
    print(
        f"[{label}] verify_journal: {written} events in {api:.2f} s = "
        f"{written / api:,.0f} events/s (CPU of this process {api_cpu:.2f} s); ok={report.ok}"
    )
    ratio = api / bare
    goals = f"goal <= {GOAL_RATIO}x: {'met' if ratio <= GOAL_RATIO else 'not met'}"
    if label == "sqlite":
        rate = written / api
        goals += f"; >= {GOAL_SQLITE_RATE:,} events/s: "
        goals += "met" if rate >= GOAL_SQLITE_RATE else "not met"
    print(
        f"[{label}] ratio to baseline: {ratio:.2f}x ({goals}; best of {runs}; "
        f"CPU of this process {api_cpu / bare_cpu:.2f}x)"
    )
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", CLI, "--database-url", url, "journal", "verify"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "POSDISC_DISABLE_PLUGIN_AUTOLOAD": "1"},
    )
    command = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    print(
        f"[{label}] posdisc journal verify: exit {result.returncode} in {command:.2f} s "
        f"(process start included) = {written / command:,.0f} events/s; it said: "
        f"{result.stdout.strip().splitlines()[-1]}"
    )


def main() -> None:
    """SQLite always; PostgreSQL when a server answers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="best of this many (default 3)")
    parser.add_argument("--no-postgresql", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("POSDISC_DISABLE_PLUGIN_AUTOLOAD", "1")
    with tempfile.TemporaryDirectory(prefix="posdisc-bench-") as folder:
        measure("sqlite", f"sqlite:///{Path(folder) / 'journal.sqlite3'}", args.events, args.runs)
    if args.no_postgresql:
        return
    admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # no server: SQLite figures only
        print(f"[postgresql] skipped: {error.__class__.__name__}")
        return
    name = f"posdisc_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        measure("postgresql", f"{PG_SERVER}/{name}", args.events, args.runs)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()

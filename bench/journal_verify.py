"""Benchmark ``verify_journal`` (and ``posdisc journal verify``) on a 100,000-event journal.

The journal is made of real incidents: a few are created through the desk (an
undercharge honored at the scan; an overcharge honored by the cashier and its tag
fixed), then cloned with new ids, each event re-chained by ``journal.event_row`` (the
function ``append_event`` uses), so bodies and hashes are exactly what the register
writes. Printed: build time, verify time and events/s for the Python API and the CLI,
on SQLite and, when a server answers, on PostgreSQL.

    python bench/journal_verify.py [--events 100000] [--no-postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, select, text

import pos_discrepancy
from pos_discrepancy.ids import uuid7
from pos_discrepancy.store.journal import EVENTS, GENESIS_HASH, event_row
from pos_discrepancy.store.repository import DECISIONS, INCIDENTS
from pos_discrepancy.store.verify import verify_journal

PG_SERVER = os.environ.get("POSDISC_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432")
BATCH = 5000
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


def measure(label: str, url: str, count: int) -> None:
    """Build, then verify through the API and the CLI, printing the figures."""
    seconds, written = build(url, count)
    print(f"[{label}] built {written} events in {seconds:.1f} s")
    engine = pos_discrepancy.connect(url).context.engine
    try:
        started = time.perf_counter()
        report = verify_journal(engine)
        api = time.perf_counter() - started
    finally:
        engine.dispose()
    assert report.ok, report.problems
    head = report.heads[("S001", CHAIN)]
    assert head[0] == written and head[1] != GENESIS_HASH
    print(
        f"[{label}] verify_journal: {written} events in {api:.2f} s = {written / api:,.0f} events/s"
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
    parser.add_argument("--no-postgresql", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("POSDISC_DISABLE_PLUGIN_AUTOLOAD", "1")
    with tempfile.TemporaryDirectory(prefix="posdisc-bench-") as folder:
        measure("sqlite", f"sqlite:///{Path(folder) / 'journal.sqlite3'}", args.events)
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
        measure("postgresql", f"{PG_SERVER}/{name}", args.events)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()

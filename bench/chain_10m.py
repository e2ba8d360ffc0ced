"""Benchmark a chain's reports on PostgreSQL at 10 million incidents (issue 13).

Creates the database given by --database-url if it does not exist, migrates it with the
project's own migrations (as ``posdisc init`` does), and fills it with a chain: N
incidents with their decisions over 12 months (December 2025 to November 2026) in 1,000
stores of uneven size, loaded with PostgreSQL COPY. Rows are made in time order, as a
real chain writes them, with uuid7-style ids and the claim and options JSON a real
check stores (about 0.9 kB a row). Journal events are not written: no report reads them.
A database that already holds the same chain is reused (reruns take seconds); --refill
drops it and makes it again.

Then it times, on the largest store and on the whole chain, through the project's own
functions: the November summary PDF (``write_report``), the summary's old-open-tags
query (``queries.old_open_tags``) and the incident list's first and last pages
(``list_incidents``, what ``/incidents`` shows), and prints the EXPLAIN (ANALYZE,
BUFFERS) plan of every statement each one ran, so the plans can be pasted into
docs/performance.md. The same-run baseline is a plain ``SELECT count(*)`` of the
incidents (the whole table, and November's) beside the figures.

    python bench/chain_10m.py [--incidents 10000000] [--stores 1000] [--refill]
                              [--database-url postgresql+psycopg://…/posdisc_bench10m]
    python bench/chain_10m.py --incidents 2000 --stores 3 --throwaway   # the suite's run
"""

from __future__ import annotations

import argparse
import bisect
import cProfile
import io
import os
import pstats
import random
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

import pos_discrepancy
from pos_discrepancy.desk import Desk
from pos_discrepancy.reports.queries import old_open_tags

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/posdisc_bench10m"
#: The chain's year: 12 months of incidents, the report is November's, printed Dec 1st.
START = datetime(2025, 12, 1, tzinfo=UTC)
NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
SINCE, UNTIL = date(2026, 11, 1), date(2026, 11, 30)
SKUS = 50_000
ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles")
CAUSES = ["sale_ended_tag_left_up"] * 8 + ["wrong_location"] * 5 + ["missing_tag"] * 3 + [
    "other", "price_file_error", "price_file_error", None, None, None]  # fmt: skip
#: What a real check stores: the shelf claim and the options shown (``%s`` the prices).
CLAIM_JSON = (
    '{"attributes":[],"displayed_prices":[],"findings":[],"location":"%s","lowest_price":'
    '"%s","multi_buy":null,"promo_ends":null,"shelf_price":"%s","tag_barcode":null}'
)
OPTIONS_JSON = (
    '[{"action":"honor","available":true,"bonus":null,"charge":"%s","label":"Honor tag '
    'price","reason":null,"requires_approval":false,"resolves_as":"honored","script":"You'
    '\'re right, the shelf shows a lower price. I\'ll charge you $%s."},{"action":"escal'
    'ate","available":true,"bonus":null,"charge":"%s","label":"Call a manager","reason":nu'
    'll,"requires_approval":true,"resolves_as":"honored","script":"Let me ask a manager to '
    'confirm the shelf price of $%s; it will only take a moment."},{"action":"decline","av'
    'ailable":true,"bonus":null,"charge":"%s","label":"Charge scanned price","reason":null'
    ',"requires_approval":false,"resolves_as":"declined","script":"The system price is $%s'
    '; I can ring it up at that price or set it aside."}]'
)
INCIDENT_COLUMNS = (
    "id, store_id, register_id, cashier, sku, description, location, currency, "
    "shelf_price_minor, scanned_price_minor, quantity, claimed_total_minor, "
    "scanned_total_minor, direction, difference_minor, line_difference_minor, cause, "
    "status, resolution, signage, requested_action, claim_json, options_json, "
    "detected_at, escalated_at, resolved_at, fixed_at, fixed_by, synced"
)
DECISION_COLUMNS = (
    "incident_id, store_id, action, charge_minor, decided_by, decided_at, approval, "
    "approved_by, approved_at, customer_outcome, goodwill_minor, bonus_minor"
)


def store_code(index: int) -> str:
    return f"S{index + 1:04d}"


def store_weights(stores: int, rng: random.Random) -> list[float]:
    """Uneven stores: a few big ones, most around the middle (0.3x to 3x the mean)."""
    return [0.3 + 2.7 * rng.random() ** 3 for _ in range(stores)]


def _money(minor: int) -> str:
    return f"{minor // 100}.{minor % 100:02d}"


def _ts(moment: datetime) -> str:
    return moment.isoformat()


def rows(n: int, stores: int, seed: int = 13) -> Iterator[tuple[str, str | None]]:
    """``n`` (incident line, decision line or None) pairs in COPY text format, in time
    order over the year."""
    rng = random.Random(seed)
    cumulative: list[float] = []
    total = 0.0
    for weight in store_weights(stores, random.Random(seed + 1)):
        total += weight
        cumulative.append(total)
    span = (NOW - START).total_seconds()
    step = span / max(n, 1)
    recent = NOW - timedelta(days=14)
    for i in range(n):
        detected = START + timedelta(seconds=(i + rng.random()) * step)
        store = store_code(min(bisect.bisect(cumulative, rng.random() * total), stores - 1))
        index = int(SKUS * rng.random() ** 2)  # a few SKUs everywhere, most rare
        sku = f"400{index:09d}"
        base = 199 + index % 800
        over = rng.random() < 0.8
        shelf, scanned = (base, base + 100) if over else (base + 100, base)
        quantity = 2 if rng.random() < 0.05 else 1
        location = f"{'ABCDEFGHJK'[index % 10]}{index % 24 + 1}-B{index % 9 + 1}"
        escalated = over and rng.random() < 0.3
        undecided = rng.random() < 0.01
        if undecided:
            action, approval, resolution = None, None, "detected"
        elif escalated:
            action = "escalate"
            approval = rng.choice(("approved", "approved", "denied", "timed_out"))
            resolution = "declined" if approval == "denied" else "honored"
        elif over:
            action = rng.choice(("honor", "honor", "decline"))
            approval, resolution = None, "honored" if action == "honor" else "declined"
        else:  # an undercharge is honored at the scan
            action, approval, resolution = "honor", None, "honored"
        fixed_at = detected + timedelta(minutes=rng.randrange(20, 4 * 24 * 60))
        young = detected > recent
        if fixed_at > NOW or rng.random() < (0.4 if young else 0.015):
            fixed_at = None  # still open (a few forgotten for months)
        cause = rng.choice(CAUSES) if fixed_at else (
            "price_file_error" if rng.random() < 0.03 else None)  # fmt: skip
        status = "signage_fixed" if fixed_at and not undecided else resolution
        escalated_at = detected + timedelta(seconds=4) if escalated else None
        resolved_at = None if undecided else detected
        if escalated:
            resolved_at = detected + timedelta(seconds=rng.randrange(30, 400))
        cashier = f"C{rng.randrange(40):02d}"
        incident_id = _uuid7(detected, rng)
        charge = scanned if resolution == "declined" else shelf
        claim = CLAIM_JSON % (location, _money(shelf), _money(shelf))
        s, c = _money(shelf), _money(scanned)
        options = OPTIONS_JSON % (s, s, s, s, c, c)
        incident = "\t".join((
            incident_id, store, f"R{rng.randrange(8) + 1}", cashier, sku, f"Item {index}",
            location, "USD", str(shelf), str(scanned), str(quantity), str(shelf * quantity),
            str(scanned * quantity), "overcharge" if over else "undercharge", "100",
            str(100 * quantity), cause or "\\N", status, resolution,
            "fixed" if fixed_at else "open", action or "\\N", claim, options,
            _ts(detected), _ts(escalated_at) if escalated_at else "\\N",
            _ts(resolved_at) if resolved_at else "\\N", _ts(fixed_at) if fixed_at else "\\N",
            "O02" if fixed_at else "\\N", "f",
        )) + "\n"  # fmt: skip
        decision = None
        if action is not None:
            outcome = "walked_away" if resolution == "declined" and rng.random() < 0.3 else (
                "purchased")  # fmt: skip
            decision = "\t".join((
                incident_id, store, action, str(charge * quantity), cashier, _ts(detected),
                approval or "\\N", "M01" if approval and approval != "timed_out" else "\\N",
                _ts(resolved_at) if approval and resolved_at else "\\N", outcome,
                "500" if rng.random() < 0.01 else "\\N", "\\N",
            )) + "\n"  # fmt: skip
        yield incident, decision


def _uuid7(moment: datetime, rng: random.Random) -> str:
    """A uuid7 for ``moment``: ids sort by time, as the register's do."""
    millis = f"{int(moment.timestamp() * 1000):012x}"
    r = rng.getrandbits(74)
    return (
        f"{millis[:8]}-{millis[8:]}-7{r >> 62:03x}-{(r >> 48) & 0x3FFF | 0x8000:04x}-"
        f"{r & 0xFFFFFFFFFFFF:012x}"
    )


# --- the database ---------------------------------------------------------------------


def admin_engine(url: str) -> Engine:
    """An AUTOCOMMIT engine on the server's ``postgres`` database."""
    server = make_url(url).set(database="postgres")
    return create_engine(server, isolation_level="AUTOCOMMIT")


def ensure_database(url: str, *, drop_first: bool) -> None:
    name = make_url(url).database
    admin = admin_engine(url)
    try:
        with admin.connect() as connection:
            if drop_first:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).first()
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()


def drop_database(url: str) -> None:
    admin = admin_engine(url)
    try:
        with admin.connect() as connection:
            name = make_url(url).database
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def holds_chain(desk: Desk, incidents: int, stores: int) -> bool:
    """Whether the database already holds this chain (same counts)."""
    with desk.context.engine.connect() as connection:
        have_stores = connection.execute(text("SELECT count(*) FROM stores")).scalar_one()
        have = connection.execute(text("SELECT count(*) FROM incidents")).scalar_one()
    if (have_stores, have) == (stores, incidents):
        return True
    if have_stores or have:
        raise SystemExit(
            f"the database holds {have:,} incidents in {have_stores:,} stores, not "
            f"{incidents:,} in {stores:,}: give --refill to drop it and make it again"
        )
    return False


def fill(desk: Desk, incidents: int, stores: int) -> None:
    """Load the chain with COPY; the secondary indexes are dropped first and made again
    afterwards (from their own definitions), then VACUUM ANALYZE, as a restore does.
    Incidents and decisions stream in parallel, on two connections."""
    raw, raw_decisions = desk.context.engine.raw_connection(), desk.context.engine.raw_connection()
    try:
        connection, second = raw.driver_connection, raw_decisions.driver_connection
        assert connection is not None and second is not None
        with connection.cursor() as cursor, second.cursor() as decision_cursor:
            started = time.perf_counter()
            zones = random.Random(5)
            with cursor.copy(
                "COPY stores (id, name, currency, timezone, locale, created_at) FROM STDIN"
            ) as copy:
                for i in range(stores):
                    copy.write_row((store_code(i), f"Store {i + 1}", "USD",
                                    zones.choice(ZONES), "en_US", START))  # fmt: skip
            cursor.execute(
                "SELECT indexdef, indexname FROM pg_indexes WHERE tablename IN "
                "('incidents', 'decisions') AND indexname NOT IN (SELECT conname FROM "
                "pg_constraint)"
            )
            secondary = cursor.fetchall()
            for _, name in secondary:
                cursor.execute(f'DROP INDEX "{name}"')
            connection.commit()
            # The rows are consistent by construction: skip the foreign-key triggers.
            for each in (cursor, decision_cursor):
                each.execute("SET session_replication_role = replica")
            with (
                cursor.copy(f"COPY incidents ({INCIDENT_COLUMNS}) FROM STDIN") as incident_copy,
                decision_cursor.copy(f"COPY decisions ({DECISION_COLUMNS}) FROM STDIN") as copy,
            ):
                for done, (incident, decision) in enumerate(rows(incidents, stores), 1):
                    incident_copy.write(incident)
                    if decision is not None:
                        copy.write(decision)
                    if done % 1_000_000 == 0:
                        print(f"  {done:,} incidents made ({time.perf_counter() - started:.0f} s)",
                              flush=True)  # fmt: skip
            connection.commit()
            second.commit()
            print(f"{'fill: incidents and decisions (COPY)':<52} "
                  f"{time.perf_counter() - started:8.1f} s", flush=True)  # fmt: skip
            started = time.perf_counter()
            cursor.execute("SET maintenance_work_mem = '1GB'")
            for definition, _ in secondary:
                cursor.execute(definition)
            connection.commit()
            print(f"{'fill: secondary indexes made again':<52} "
                  f"{time.perf_counter() - started:8.1f} s", flush=True)  # fmt: skip
        started = time.perf_counter()
        connection.autocommit = True
        for table in ("stores", "incidents", "decisions"):
            connection.execute(f"VACUUM ANALYZE {table}")
        connection.autocommit = False  # the connection goes back to the engine's pool
        print(f"{'fill: VACUUM ANALYZE':<52} {time.perf_counter() - started:8.1f} s", flush=True)
    finally:
        raw.close()
        raw_decisions.close()


# --- measuring ------------------------------------------------------------------------


class Statements:
    """The SQL statements (with their parameters) a measured call sends to the server."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.seen: list[tuple[str, Any]] | None = None
        event.listen(engine, "before_cursor_execute", self._record)

    def _record(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if self.seen is None or statement.strip() == "SELECT 1":
            return
        if statement.lstrip().upper().startswith("SELECT"):
            self.seen.append((statement, parameters))

    @contextmanager
    def recording(self) -> Iterator[list[tuple[str, Any]]]:
        self.seen = []
        try:
            yield self.seen
        finally:
            self.seen = None


def timed(call: Callable[[], object], runs: int) -> tuple[list[float], object]:
    """Wall times of ``runs`` calls (the first one warms the caches)."""
    seconds, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        seconds.append(time.perf_counter() - started)
    return seconds, result


def explain(engine: Engine, statement: str, parameters: Any) -> str:
    """The statement's EXPLAIN (ANALYZE, BUFFERS), run on the same parameters."""
    raw = engine.raw_connection()
    try:
        with raw.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        raw.rollback()
    finally:
        raw.close()
    return plan


def report(
    label: str, call: Callable[[], object], goal: float | None, statements: Statements,
    runs: int, plans: bool,
) -> float:  # fmt: skip
    """Time ``call`` and print its figure against ``goal`` (seconds; ``None`` for a
    baseline), then the plans of the statements it ran (the last run's)."""
    with statements.recording() as seen:
        seconds, result = timed(call, runs)
    best = min(seconds)
    each = ", ".join(f"{s * 1000:.0f}" for s in seconds)
    verdict = ""
    if goal is not None:
        goal_text = f"{goal * 1000:.0f} ms" if goal < 1 else f"{goal:.0f} s"
        verdict = f"; goal <= {goal_text}: {'met' if best <= goal else 'MISSED'}"
    print(f"{label:<52} {best * 1000:8.1f} ms  (runs: {each} ms{verdict})  {result}",
          flush=True)  # fmt: skip
    if plans:
        last = seen[-len(seen) // runs :] if runs else seen
        for number, (statement, parameters) in enumerate(last, 1):
            print(f"\n--- {label}: statement {number} of {len(last)}")
            print(" ".join(statement.split()))
            print(f"parameters: {parameters}")
            print(explain(statements.engine, statement, parameters))
        print()
    return best


def measure(desk: Desk, runs: int, plans: bool) -> None:
    engine = desk.context.engine
    statements = Statements(engine)
    with engine.connect() as connection:
        biggest = connection.execute(
            text("SELECT store_id, count(*) FROM incidents GROUP BY store_id "
                 "ORDER BY count(*) DESC, store_id LIMIT 1")
        ).first()  # fmt: skip
    assert biggest is not None, "no incidents"
    store = biggest.store_id
    print(f"largest store: {store}, {biggest[1]:,} incidents over the year")

    def count_all() -> str:
        with engine.connect() as connection:
            return f"{connection.execute(text('SELECT count(*) FROM incidents')).scalar_one():,}"

    def count_month() -> str:
        with engine.connect() as connection:
            found = connection.execute(
                text("SELECT count(*) FROM incidents WHERE detected_at >= :a AND "
                     "detected_at < :b"),
                {"a": datetime(2026, 11, 1, tzinfo=UTC), "b": datetime(2026, 12, 1, tzinfo=UTC)},
            ).scalar_one()  # fmt: skip
        return f"{found:,} incidents in November"

    print()
    report("baseline: SELECT count(*) FROM incidents", count_all, None, statements, runs, plans)
    report("baseline: count(*) of November (chain)", count_month, None, statements, runs, plans)

    def summary(store_code: str | None) -> Callable[[], str]:
        def build() -> str:
            out = io.BytesIO()
            desk.write_report("summary", out, store=store_code, since=SINCE, until=UNTIL)
            return f"{len(out.getvalue()) / 1024:,.0f} KiB PDF"

        return build

    def open_tags(store_code: str | None) -> Callable[[], str]:
        request = desk.report_request("summary", store=store_code, since=SINCE, until=UNTIL)

        def query() -> str:
            with desk.context.reading() as connection:
                total, oldest = old_open_tags(connection, request)
            return f"{total:,} SKUs, {len(oldest)} listed"

        return query

    def list_page(status: str, last: bool) -> Callable[[], str]:
        pages = desk.list_incidents(store, status=status).pages if last else 1

        def query() -> str:
            found = desk.list_incidents(store, status=status, page=pages)
            return (
                f"page {pages} of {found.pages} ({found.total:,} incidents, {len(found.rows)} rows)"
            )

        return query

    report(f"store month summary PDF ({store}, November)", summary(store), 1.0,
           statements, runs, plans)  # fmt: skip
    report("chain-wide month summary PDF (November)", summary(None), 5.0, statements,
           runs, plans)  # fmt: skip
    report(f"old open tags ({store})", open_tags(store), 0.1, statements, runs, plans)
    report("old open tags (chain)", open_tags(None), 0.1, statements, runs, plans)
    for status in ("all", "open"):
        report(f"incident list, status={status}, page 1 ({store})", list_page(status, False),
               0.1, statements, runs, plans)  # fmt: skip
        report(f"incident list, status={status}, last page ({store})", list_page(status, True),
               0.1, statements, runs, plans)  # fmt: skip


def profile(desk: Desk) -> None:
    """cProfile the store's and the chain's summary: where the Python time goes."""
    with desk.context.engine.connect() as connection:
        store = connection.execute(
            text("SELECT store_id FROM incidents GROUP BY store_id "
                 "ORDER BY count(*) DESC, store_id LIMIT 1")
        ).scalar_one()  # fmt: skip
    for code in (store, None):
        profiler = cProfile.Profile()
        profiler.enable()
        desk.write_report("summary", io.BytesIO(), store=code, since=SINCE, until=UNTIL)
        profiler.disable()
        print(f"\n--- cProfile: summary PDF of {code or 'the chain'}, top 25 by cumulative time")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--incidents", type=int, default=10_000_000)
    parser.add_argument("--stores", type=int, default=1000)
    parser.add_argument("--refill", action="store_true", help="drop the database and refill")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each query")
    parser.add_argument("--no-plans", action="store_true", help="skip the EXPLAIN plans")
    parser.add_argument(
        "--profile", action="store_true",
        help="also cProfile one store and one chain-wide summary (top functions)",
    )  # fmt: skip
    parser.add_argument(
        "--throwaway", action="store_true",
        help="use a new database with a random name beside --database-url's, dropped at the end",
    )  # fmt: skip
    args = parser.parse_args()
    os.environ.setdefault("POSDISC_DISABLE_PLUGIN_AUTOLOAD", "1")
    url = args.database_url
    if args.throwaway:
        url = make_url(url).set(database=f"posdisc_bench10m_{uuid.uuid4().hex[:10]}")
        url = url.render_as_string(hide_password=False)
    try:
        ensure_database(url, drop_first=args.refill)
        started = time.perf_counter()
        desk = pos_discrepancy.connect(url, clock=lambda: NOW)
        print(f"database: {make_url(url).database} (migrated in "
              f"{time.perf_counter() - started:.1f} s)")  # fmt: skip
        try:
            if holds_chain(desk, args.incidents, args.stores):
                print(f"reusing {args.incidents:,} incidents in {args.stores:,} stores")
            else:
                print(f"filling {args.incidents:,} incidents in {args.stores:,} stores")
                fill(desk, args.incidents, args.stores)
            measure(desk, args.runs, not args.no_plans)
            if args.profile:
                profile(desk)
        finally:
            desk.close()
    finally:
        if args.throwaway:
            drop_database(url)


if __name__ == "__main__":
    main()

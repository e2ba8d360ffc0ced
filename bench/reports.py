"""Benchmark the reports on 100,000 incidents: the summary and a 1,000-row worklist.

Fills a temporary SQLite file (or the PostgreSQL database given with --database-url,
which must be empty and will be migrated) with bulk Core inserts: incidents with their
decisions over 90 days, 5,000 SKUs of which 1,000 still have an open tag. Journal
events are not written: the reports never read them.

Prints, for each report and for the staff pages that read the same data (reports, fix
list, incident list), the wall time and the peak Python memory (tracemalloc, in a second
run so tracing does not slow the timed one), and the process's peak RSS. Two same-run
baselines (issue 13): the summary PDF against the very SQL it ran (captured from the
engine) replayed on the bare driver, every row fetched; the 1,000 tags against bare
reportlab drawing the same sheet (frame, description, price, two notes and the barcode,
with reportlab's own barcode widgets) without the project's layout code.

    python bench/reports.py [--n 100000] [--database-url postgresql+psycopg://…/db]
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from reportlab.graphics.barcode import code128, eanbc
from reportlab.graphics.shapes import Drawing
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import Engine, event

import pos_discrepancy
from pos_discrepancy.reports.barcodes import gtin_check_digit
from pos_discrepancy.reports.tags import SHEETS
from pos_discrepancy.store.repository import DECISIONS, INCIDENTS

SKUS = 5000
OPEN_SKUS = 1000
DAYS = 90
NOW = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)


def sku_for(index: int) -> str:
    """Four in five SKUs are valid EAN-13s, the rest internal codes (Code 128)."""
    if index % 5 == 4:
        return f"INT-{index:05d}"
    body = f"400{index:09d}"
    return body + str(gtin_check_digit(body))


def fill(desk: pos_discrepancy.desk.Desk, n: int, seed: int = 7) -> float:  # type: ignore[name-defined]
    """Insert ``n`` incidents with decisions; returns the seconds it took."""
    started = time.perf_counter()
    rng = random.Random(seed)
    desk.add_store("S001", name="Bench St", currency="USD")
    desk.import_prices(
        "S001", [(sku_for(i), f"Item {i} of the bench price file", "4.99") for i in range(SKUS)]
    )
    start = NOW - timedelta(days=DAYS)
    batch_incidents: list[dict[str, object]] = []
    batch_decisions: list[dict[str, object]] = []

    def flush() -> None:
        with desk.context.transaction() as connection:
            connection.execute(INCIDENTS.insert(), batch_incidents)
            connection.execute(DECISIONS.insert(), batch_decisions)
        batch_incidents.clear()
        batch_decisions.clear()

    for i in range(n):
        index = rng.randrange(SKUS)
        sku = sku_for(index)
        detected = start + timedelta(seconds=rng.randrange(DAYS * 86400))
        over = rng.random() < 0.8
        shelf, scanned = (399, 499) if over else (599, 499)
        escalated = over and rng.random() < 0.3
        resolved = detected + timedelta(seconds=rng.randrange(30, 400) if escalated else 0)
        still_open = index < OPEN_SKUS
        fixed = None if still_open else detected + timedelta(hours=rng.randrange(1, 72))
        action = "escalate" if escalated else rng.choice(["honor", "honor", "decline"])
        charge = shelf if action != "decline" else scanned
        incident_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        batch_incidents.append(
            {
                "id": incident_id, "store_id": "S001", "register_id": f"R{i % 8}",
                "cashier": f"C{i % 40:02d}", "sku": sku, "description": f"Item {index}",
                "location": f"{'ABCDEFGH'[index % 8]}{index % 24 + 1}-B{index % 9 + 1}",
                "currency": "USD", "shelf_price_minor": shelf, "scanned_price_minor": scanned,
                "quantity": 1, "claimed_total_minor": shelf, "scanned_total_minor": scanned,
                "direction": "overcharge" if over else "undercharge",
                "difference_minor": abs(scanned - shelf),
                "line_difference_minor": abs(scanned - shelf), "promo_ends": None,
                "cause": rng.choice([None, "sale_ended_tag_left_up", "wrong_location"]),
                "status": "signage_fixed" if fixed else ("declined" if action == "decline"
                                                         else "honored"),
                "resolution": "declined" if action == "decline" else "honored",
                "signage": "fixed" if fixed else "open",
                "requested_action": action, "claim_json": "{}", "options_json": "[]",
                "detected_at": detected, "escalated_at": detected if escalated else None,
                "resolved_at": resolved, "fixed_at": fixed, "fixed_by": "O02" if fixed else None,
            }
        )  # fmt: skip
        batch_decisions.append(
            {
                "incident_id": incident_id, "store_id": "S001", "action": action,
                "charge_minor": charge, "decided_by": f"C{i % 40:02d}", "decided_at": detected,
                "approval": rng.choice(["approved", "denied"]) if escalated else None,
                "approved_by": "M01" if escalated else None, "approved_at": None,
                "customer_outcome": "walked_away" if rng.random() < 0.05 else "purchased",
                "goodwill_minor": None, "bonus_minor": None, "note": None,
            }
        )  # fmt: skip
        if len(batch_incidents) == 5000:
            flush()
    if batch_incidents:
        flush()
    # Fresh tables have no planner statistics until autovacuum gets to them; without
    # them PostgreSQL's estimate of one open incident turned the worklist's join into
    # nested loops (20 s instead of 0.5 s). A store's real tables have statistics.
    with desk.context.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.exec_driver_sql("ANALYZE")
    return time.perf_counter() - started


def measure(label: str, build: Callable[[], object]) -> float:
    """Time ``build`` once, then run it again under tracemalloc for the peak; the time."""
    gc.collect()
    started = time.perf_counter()
    result = build()
    seconds = time.perf_counter() - started
    gc.collect()
    tracemalloc.start()
    build()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<40} {seconds:7.2f} s   peak Python memory {peak / 2**20:6.1f} MiB   {result}")
    return seconds


def captured_sql(engine: Engine, build: Callable[[], object]) -> list[tuple[str, Any]]:
    """The statements (SQL text and driver parameters) ``build`` ran on ``engine``."""
    statements: list[tuple[str, Any]] = []

    def keep(_c: Any, _cursor: Any, sql: str, params: Any, _ctx: Any, _many: bool) -> None:
        statements.append((sql, params))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        build()
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    return statements


def bare_sql(engine: Engine, statements: list[tuple[str, Any]]) -> Callable[[], str]:
    """Replay ``statements`` on the bare driver, fetching every row (the baseline)."""

    def run() -> str:
        raw = engine.raw_connection()
        rows = 0
        try:
            cursor = raw.cursor()
            for sql, params in statements:
                cursor.execute(sql, params)
                while cursor.description is not None and (chunk := cursor.fetchmany(5000)):
                    rows += len(chunk)
            raw.rollback()
        finally:
            raw.close()
        return f"{len(statements)} statements, {rows:,} rows"

    return run


def bare_tags(folder: Path, count: int, barcodes: bool = True) -> Callable[[], str]:
    """Bare reportlab drawing ``count`` tags on the default sheet (the baseline); without
    ``barcodes``, only their frames and text."""
    sheet = SHEETS["letter-3x8"]

    def run() -> str:
        out = folder / "bare-tags.pdf"
        canvas = Canvas(str(out), pagesize=sheet.page, pageCompression=1)
        w, h = sheet.label_width, sheet.label_height
        for index in range(count):
            if index and index % sheet.per_sheet == 0:
                canvas.showPage()
            x, y = sheet.origin(index)
            sku = sku_for(index % SKUS)
            canvas.roundRect(x + 1.5, y + 1.5, w - 3, h - 3, 4, stroke=1, fill=0)
            canvas.setFont("Helvetica-Bold", 10)
            canvas.drawString(x + 6, y + h - 16, f"Item {index} of the bench price file")
            canvas.setFont("Helvetica-Bold", 26)
            canvas.drawString(x + 6, y + h - 44, "$4.99")
            canvas.setFont("Helvetica", 8)
            canvas.drawRightString(x + w - 6, y + h - 30, "$0.50 / 100 g")
            canvas.drawRightString(x + w - 6, y + h - 40, "Effective 2026-11-25")
            if not barcodes:
                continue
            widget = (eanbc.Ean13BarcodeWidget(sku[:12]) if sku[0].isdigit()
                      else code128.Code128(sku, barHeight=30))  # fmt: skip
            drawing = Drawing(w - 12, 34)
            if isinstance(widget, eanbc.Ean13BarcodeWidget):
                widget.barHeight = 26
                drawing.add(widget)
                drawing.drawOn(canvas, x + 6, y + 4)
            else:
                widget.drawOn(canvas, x + 6, y + 6)
        canvas.showPage()
        canvas.save()
        return f"{count:,} tags, {out.stat().st_size / 1024:,.0f} KiB"

    return run


def measure_pages(url: str, since: object, until: object) -> None:
    """The staff pages over the same data, through the real app (Flask's test client)."""
    from pos_discrepancy.web import create_app
    from pos_discrepancy.web.extension import close_desk, get_desk

    app = create_app({"DATABASE_URL": url, "CLOCK": lambda: NOW, "WTF_CSRF_ENABLED": False})
    try:
        get_desk(app).add_staff("S001", code="O99", name="Bench", role="ops", pin="4321")
        client = app.test_client()
        signed = client.post("/login", data={"store": "S001", "code": "O99", "pin": "4321"})
        assert signed.status_code == 302, signed.text

        def page(path: str) -> Callable[[], str]:
            def get() -> str:
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)
                return f"{len(response.data) / 1024:,.0f} KiB of HTML"

            return get

        measure("page /reports (90 days)", page(f"/reports?since={since}&until={until}"))
        measure("page /fix (1,000 open SKUs listed)", page("/fix"))
        measure("page /incidents, first page", page("/incidents?status=all"))
        measure("page /incidents, last page", page("/incidents?status=all&page=2000"))
    finally:
        close_desk(app)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="incidents to insert")
    parser.add_argument(
        "--database-url", default=None, help="an empty database (default: temp SQLite)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        desk = pos_discrepancy.connect(url, clock=lambda: NOW)
        try:
            print(f"database: {desk.context.engine.url.get_backend_name()}, {args.n:,} incidents")
            print(f"{'fill (bulk Core inserts)':<40} {fill(desk, args.n):7.2f} s")
            since, until = (NOW - timedelta(days=DAYS)).date(), NOW.date()

            printed: dict[str, int] = {}  # rows of each report's last run

            def report(kind: str, fmt: str = "pdf") -> Callable[[], str]:
                def build() -> str:
                    out = Path(folder) / f"{kind}.{fmt}"  # a file: memory is the report's own
                    totals: list[int] = []
                    desk.write_report(kind, out, store="S001", since=since, until=until,
                                 fmt=fmt, on_total=totals.append)  # fmt: skip
                    printed[kind] = totals[0]
                    return f"{totals[0]:,} rows, {out.stat().st_size / 1024:,.0f} KiB"

                return build

            summary = measure("summary PDF (90 days)", report("summary"))
            engine = desk.context.engine
            statements = captured_sql(engine, report("summary"))
            floor = measure(
                "baseline: the summary's SQL, bare driver", bare_sql(engine, statements)
            )
            print(f"  summary PDF / its SQL on the bare driver: {summary / floor:.1f}x")
            measure("signage worklist PDF (1,000 SKUs)", report("signage"))
            tags = measure("replacement tags PDF (1,000 tags)", report("tags"))
            floor = measure("baseline: bare reportlab, same tags",
                            bare_tags(Path(folder), printed["tags"]))  # fmt: skip
            print(f"  tags PDF / bare reportlab: {tags / floor:.1f}x")
            text = measure("bare reportlab, tags without barcodes",
                           bare_tags(Path(folder), printed["tags"], barcodes=False))  # fmt: skip
            print(f"  tags PDF / bare reportlab without barcodes: {tags / text:.1f}x")
            measure("summary CSV (every incident)", report("summary", "csv"))
            measure_pages(url, since, until)
        finally:
            desk.close()
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS {peak_rss:.0f} MiB (includes the fill)")


if __name__ == "__main__":
    main()

"""The demo store: its staff and price file, and an idempotent way to set it up.

:func:`seed_incidents` adds a morning's worth of incidents for the web pages to show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ..desk import Desk
from ..errors import DiscrepancyError
from ..money import Money
from ..prices import PriceRecord
from ..words import plural

STORE = "S001"
STORE_NAME = "Main St (demo)"
CURRENCY = "USD"
TIMEZONE = "America/New_York"
REGISTER = "R1"
CASHIER = "C07"

#: (code, name, role, PIN)
STAFF: tuple[tuple[str, str, str, str | None], ...] = (
    ("M01", "Dana", "manager", "2468"),
    ("M02", "Lee", "manager", "1122"),
    ("A01", "Sam", "admin", "1357"),
    ("O02", "Robin", "ops", "4321"),
    ("C07", "Alex", "cashier", "7777"),
)


@dataclass(frozen=True)
class DemoItem:
    """One line of the demo price file, with where its shelf tag hangs (if known)."""

    sku: str
    description: str
    price: str
    location: str | None = None
    attributes: frozenset[str] = frozenset()


#: A small grocery / general store. Every SKU is a valid EAN-13 or UPC-A (GTIN).
ITEMS: tuple[DemoItem, ...] = (
    DemoItem("9788883701122", "Paperback novel", "19.95", "A7-B3"),
    DemoItem("012345678905", "Coffee beans 1kg", "12.99", "C2-B1"),
    DemoItem("4006381333931", "Highlighter pen", "2.49", "A7-B1"),
    DemoItem("041200001015", "Whole milk 1 gal", "3.89", "D1-B2"),
    DemoItem("071150012335", "Large eggs, dozen", "4.29", "D1-B4"),
    DemoItem("073400125017", "Sourdough bread", "4.99", "B3-B1"),
    DemoItem("048000001757", "Orange juice 1.75 L", "5.49", "D2-B1"),
    DemoItem("050456011129", "Greek yogurt 32 oz", "5.79", "D2-B3"),
    DemoItem("087654003229", "Cheddar cheese 8 oz", "3.99"),
    DemoItem("041033000452", "Spaghetti 1 lb", "1.69", "C4-B2"),
    DemoItem("027000002247", "Tomato sauce 24 oz", "2.99", "C4-B3"),
    DemoItem("051500241127", "Peanut butter 16 oz", "3.49"),
    DemoItem("037000014225", "Paper towels, 6 rolls", "9.99", "E1-B1"),
    DemoItem("036000050073", "Dish soap 22 oz", "3.29"),
    DemoItem("072000103104", "AA batteries, 8 pack", "8.99", "A5-B2"),
    DemoItem("000870006331", "Laundry detergent 92 oz", "12.49", "E2-B2"),
    DemoItem("034200011221", "Toothpaste 4.8 oz", "3.79"),
    DemoItem("040000001324", "Cola 2 L", "2.49", "F1-B1", frozenset({"carbonated_soft_drink"})),
    DemoItem("5000112548167", "Red wine 750 ml", "11.99", "F3-B2", frozenset({"alcohol"})),
    DemoItem("4001234567891", "Dark chocolate bar", "1.49", "G1-B1"),
)


def item(sku: str) -> DemoItem:
    """The demo item with ``sku``."""
    return next(i for i in ITEMS if i.sku == sku)


def is_valid_gtin(code: str) -> bool:
    """True for a GTIN-8/12/13/14 whose last digit is the right check digit."""
    if not code.isdigit() or len(code) not in (8, 12, 13, 14):
        return False
    body = [int(d) for d in reversed(code[:-1])]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(body))
    return (10 - total % 10) % 10 == int(code[-1])


def seed(desk: Desk) -> list[str]:
    """Add whatever of the demo store is missing; returns what was added (empty: nothing).

    An existing store S001 is kept as it is (its currency is used for the prices);
    existing staff and prices are never changed.
    """
    added: list[str] = []
    try:
        info = desk.store_info(STORE)
    except DiscrepancyError:
        info = desk.add_store(STORE, name=STORE_NAME, currency=CURRENCY, timezone=TIMEZONE)
        added.append(f"store {STORE} {STORE_NAME!r}")
    present = {person["code"] for person in desk.list_staff(STORE)}
    for code, name, role, pin in STAFF:
        if code not in present:
            desk.add_staff(STORE, code=code, name=name, role=role, pin=pin)
            added.append(f"{role} {code} {name}" + (f" (PIN {pin})" if pin else ""))
    missing = [i for i in ITEMS if desk.price_of(STORE, i.sku) is None]
    if missing:
        desk.import_prices(
            STORE,
            [
                PriceRecord(
                    sku=i.sku,
                    description=i.description,
                    price=Money.parse(i.price, info.currency),
                    attributes=i.attributes,
                )
                for i in missing
            ],
        )
        added.append(f"{plural(len(missing), 'item')} in the price file")
    return added


#: The incidents :func:`seed_incidents` makes: (sku, shelf price, action or None).
#: ``None`` leaves the incident where the check left it (an undercharge is honored at
#: the scan); ``"escalate"`` leaves it waiting for a manager in the approval queue.
DEMO_INCIDENTS: tuple[tuple[str, str, str | None], ...] = (
    ("012345678905", "12.49", "honor"),
    ("041200001015", "3.49", "honor"),
    ("048000001757", "4.99", "decline"),
    ("072000103104", "9.49", None),
    ("9788883701122", "9.98", "escalate"),
)


#: The demo store's policy, written to a file :func:`demo_policy_file` when ``posdisc serve
#: --demo`` runs without a policy file: a person gets half an hour to find the waiting
#: escalation (the built-in default settles it after 120 s).
DEMO_POLICY = f"""# Written by `posdisc serve --demo`, used when no policy file is given.
[stores.{STORE}.policy]
approval_timeout_seconds = 1800
"""


def demo_policy_file(folder: Path) -> Path:
    """Write :data:`DEMO_POLICY` into ``folder`` (kept as it is if it is there) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "demo-policy.toml"
    if not path.exists():
        path.write_text(DEMO_POLICY, encoding="utf-8")
    return path


def ensure_waiting_escalation(desk: Desk) -> bool:
    """Leave one escalation waiting for a manager at the demo store; ``True`` if one was
    made now (none was waiting: the last one was answered or timed out)."""
    if desk.pending_approvals(STORE):
        return False
    sku, shelf = "9788883701122", "9.98"
    result = desk.check(store=STORE, register=REGISTER, cashier=CASHIER, sku=sku,
                        scanned_price=item(sku).price, shelf_price=shelf, quantity=1,
                        location=item(sku).location)  # fmt: skip
    assert result.incident_id is not None
    desk.decide(result.incident_id, action="escalate", cashier=CASHIER)
    return True


def seed_incidents(desk: Desk) -> int:
    """Make :data:`DEMO_INCIDENTS` at register R1 when the demo store has none yet.

    Returns how many were made (0 when the store already had incidents).
    """
    if desk.store_has_incidents(STORE):
        return 0
    for sku, shelf, action in DEMO_INCIDENTS:
        demo = item(sku)
        result = desk.check(store=STORE, register=REGISTER, cashier=CASHIER, sku=sku,
                            scanned_price=demo.price, shelf_price=shelf, quantity=1,
                            location=demo.location)  # fmt: skip
        if action is not None and result.incident_id is not None:
            desk.decide(result.incident_id, action=action, cashier=CASHIER)
    return len(DEMO_INCIDENTS)


#: Days of scan counts :func:`seed_scan_counts` reports, up to today.
SCAN_DAYS = 30


def demo_scans(day: date) -> int:
    """A plausible day's scans at register R1: about 1,800, busier at the weekend."""
    weekend = 600 if day.weekday() >= 5 else 0
    return 1500 + weekend + (day.toordinal() * 37) % 400


def seed_scan_counts(desk: Desk) -> int:
    """Report R1's scan counts for the last :data:`SCAN_DAYS` days when the demo store has
    none in that time, so the dashboard shows per-1,000 figures. Returns the days reported."""
    if desk.stats(STORE).scans is not None:
        return 0
    today = desk.report_request("summary", store=STORE).until
    for back in range(SCAN_DAYS):
        day = today - timedelta(days=back)
        desk.record_scans(STORE, day, demo_scans(day), register=REGISTER)
    return SCAN_DAYS

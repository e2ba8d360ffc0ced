"""A store of 50 items for self-audits (docs/outcomes.md, "Self-audit").

On top of the ``store`` / ``seed`` fixtures' three items, 47 more: 50 in all. Shelf
locations come from incidents (the only shelf-location data the system keeps): 30 items
have been met in aisle A2, 10 in aisle A10, and 10 never (the "unknown aisle"). With
``size=10`` the strata get 6, 2 and 2 (30/50 × 10 = 6; 10/50 × 10 = 2 each).
"""

from __future__ import annotations

from typing import Any

from pos_discrepancy.reports.barcodes import gtin_check_digit

#: 47 extra items: EAN-13 codes 200000000001x.. with correct check digits, plus one
#: Code 128 SKU and one SKU too long for a barcode column.
EXTRA = [
    (body + str(gtin_check_digit(body)), f"Item {n}", f"{1 + n % 9}.{n % 100:02}")
    for n, body in ((n, f"20000000{n:04}") for n in range(45))
] + [("ABC-123", "Olive oil 500 ml", "6.75"), ("X" * 40, "A very long SKU", "1.00")]
A2_COUNT, A10_COUNT = 30, 10


def skus(desk: Any, store: str = "S001") -> list[str]:
    """All 50 SKUs of the price file, sorted."""
    return sorted(row[0] for row in all_items(desk, store))


def all_items(desk: Any, store: str = "S001") -> list[tuple[str, str, str]]:
    """The 50 items (sku, description, price)."""
    base = [
        ("9788883701122", "Paperback novel", "19.95"),
        ("012345678905", "Coffee beans 1kg", "12.99"),
        ("4006381333931", "Highlighter pen", "2.49"),
    ]
    return base + EXTRA


def stock(desk: Any, store: str = "S001") -> dict[str, str]:
    """Import the 50 items and give 40 of them an aisle; returns sku → aisle ("" none)."""
    desk.import_prices(store, all_items(desk, store))
    aisles: dict[str, str] = {}
    for index, (sku, _description, price) in enumerate(sorted(all_items(desk, store))):
        if index < A2_COUNT:
            aisle, location = "A2", f"A2-B{index % 5}"
        elif index < A2_COUNT + A10_COUNT:
            aisle, location = "A10", f"a10-B{index % 3}"
        else:
            aisles[sku] = ""
            continue
        desk.check(store=store, register="R1", cashier="C07", sku=sku, scanned_price=price,
                   shelf_price="0.01", location=location)  # fmt: skip
        aisles[sku] = aisle
    return aisles

"""Realistic report data, made through the desk like a register and ops staff would."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

#: (sku, description, price, unit_price, unit) added to the ``store`` fixture's prices.
EXTRA_PRICES = [
    ("036000291452", "Tissues 3-ply, 160 sheets", "3.49", "2.18", "100 sheets"),
    ("ABC-123", "Store-brand olive oil 500 ml", "6.75", "1.35", "100 ml"),
    ("X/42.b_7", "Loose bulk almonds", "14.20", "", ""),
    (
        "5901234123457",
        "Extra-long description: organic fair-trade dark chocolate with sea salt, "
        "almonds and a hint of chili, family pack of twelve bars",
        "24.99",
        "",
        "",
    ),
]


@dataclass
class Seeded:
    """What :func:`seeded` made: the incident ids and the SKUs still open."""

    ids: list[str] = field(default_factory=list)
    open_skus: set[str] = field(default_factory=set)
    fixed_skus: set[str] = field(default_factory=set)


def check(desk, sku, shelf, scanned, location, **extra):  # type: ignore[no-untyped-def]
    return desk.check(
        store="S001",
        register="R1",
        cashier="C07",
        sku=sku,
        shelf_price=shelf,
        scanned_price=scanned,
        location=location,
        **extra,
    )


@pytest.fixture
def seeded(store, clock, tmp_path):  # type: ignore[no-untyped-def]
    """Incidents over three days at S001: honored, declined, escalated (approved and
    denied), an undercharge, a walk-away, a fixed tag, SKUs with and without a GTIN."""
    desk = store
    lines = ["sku,description,price,unit_price,unit"]
    lines += [",".join(f'"{v}"' for v in item) for item in EXTRA_PRICES]
    price_file = tmp_path / "extra_prices.csv"
    price_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    desk.import_prices("S001", str(price_file))
    made = Seeded()

    a = check(desk, "9788883701122", "9.98", "19.95", "A10-B2")  # overcharge
    desk.decide(a.incident_id, action="escalate", cashier="C07")
    clock.advance(minutes=1)
    desk.approve(a.incident_id, manager="M01", pin="2468", approve=True)
    made.ids.append(a.incident_id)

    clock.advance(hours=2)
    b = check(desk, "012345678905", "11.99", "12.99", "A2-B7")  # small overcharge: honor
    desk.decide(b.incident_id, action="honor", cashier="C07")
    made.ids.append(b.incident_id)

    clock.advance(hours=20)
    c = check(desk, "ABC-123", "5.99", "6.75", "B1-B1")
    desk.decide(c.incident_id, action="escalate", cashier="C07")
    clock.advance(seconds=90)
    desk.approve(
        c.incident_id, manager="M02", pin="1122", approve=False, customer_outcome="walked_away"
    )
    made.ids.append(c.incident_id)

    d = check(desk, "036000291452", "3.99", "3.49", "A2-B1")  # undercharge: auto honored
    made.ids.append(d.incident_id)

    e = check(desk, "X/42.b_7", "13.50", "14.20", None)  # no location
    desk.decide(e.incident_id, action="decline", cashier="C07")
    made.ids.append(e.incident_id)

    clock.advance(hours=3)
    f = check(desk, EXTRA_PRICES[3][0], "19.99", "24.99", "C3-B4")
    desk.decide(f.incident_id, action="escalate", cashier="C07")
    clock.advance(minutes=3)  # past the 120 s approval timeout: honored by policy
    desk.get_incident(f.incident_id)
    made.ids.append(f.incident_id)

    g = check(desk, "4006381333931", "1.99", "2.49", "A7-B3")  # reported twice, then fixed
    desk.decide(g.incident_id, action="honor", cashier="C07")
    clock.advance(hours=1)
    g2 = check(desk, "4006381333931", "1.99", "2.49", "A7-B3")
    desk.decide(g2.incident_id, action="honor", cashier="C07")
    clock.advance(hours=5)
    desk.fix_sku("S001", sku="4006381333931", staff="O02", cause="sale_ended_tag_left_up")
    made.ids += [g.incident_id, g2.incident_id]

    clock.advance(hours=1)
    h = check(desk, "9788883701122", "9.98", "19.95", "A10-B2")  # same SKU again, open
    desk.decide(h.incident_id, action="decline", cashier="C07")
    made.ids.append(h.incident_id)

    made.open_skus = {
        "9788883701122",
        "012345678905",
        "ABC-123",
        "036000291452",
        "X/42.b_7",
        EXTRA_PRICES[3][0],
    }
    made.fixed_skus = {"4006381333931"}
    return made

"""A small store history whose outcome measures are worked out by hand (docs/outcomes.md).

Store S001 (UTC), 2026-11-16 (Monday) to 2026-11-29 (Sunday): two whole weeks.

Week 1
- A  Tue 17 10:00  novel, tag 18.95, scan 19.95: honored (1.00 given away); tag fixed 12:00
- B  Wed 18 10:00  coffee, tag 11.99, scan 12.99: escalated, approved 60 s later (1.00)
- C  Wed 18 11:00  pen, tag 2.99, scan 2.49: an undercharge (0.50), honored at the scan
Week 2
- D  Tue 24 09:00  novel again (a repeat: its tag was fixed 7 days before): declined, the
                   customer walked away (a lost sale of 19.95)
- E  Wed 25 09:00  coffee: escalated, denied 90 s later; tag fixed Thu 26 09:00 (24 h)

Scans: Tue 17 R1 1,200 + R2 800; Wed 18 the whole store 1,000 (R1's 600 is then left
out); Tue 24 R1 500, reported again as 400. No other day has a count.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

NOVEL, COFFEE, PEN = "9788883701122", "012345678905", "4006381333931"
SINCE, UNTIL = "2026-11-16", "2026-11-29"

#: The measures, worked out by hand from the history above.
EXPECTED: dict[str, Any] = {
    "incidents": 5,
    "overcharges": 4,  # A B D E
    "undercharges": 1,  # C
    "overcharged": "4.00",  # 1.00 each
    "undercharged": "0.50",
    "scans": 3400,  # 2,000 + 1,000 + 400
    "scan_days": 3,
    "incidents_on_scan_days": 4,  # A B C D (E's day has no count)
    "incidents_per_1000_scans": "1.18",  # 4 / 3,400 × 1,000 = 1.176…
    "price_accuracy_percent": "99.88",  # 3,396 / 3,400 = 99.882…
    "overcharge_accuracy_percent": "99.91",  # (3,400 − 3) / 3,400 = 99.911…
    "meets_inspection_line": True,
    "honored": 3,  # A B C
    "given_away": "2.00",  # 1.00 + 1.00
    "declined": 2,  # D E
    "walked_away_after_decline": 1,  # D
    "lost_sales_after_decline": "19.95",
    "walk_away_after_decline_percent": "50.00",
    "escalation_wait": {"answered": 2, "median_seconds": 60, "p90_seconds": 90},
    "time_to_fix": {"fixed": 2, "median_seconds": 7200, "p90_seconds": 86400},
    "fixed_same_day": 1,  # A
    "fixed_same_day_percent": "20.00",  # 1 of 5
    "repeat_incidents": 1,  # D
    "trend": {"basis": "per_1000_scans", "previous": "1.00", "last": "2.50",
              "change_percent": "150.00"},  # 3 / 3,000 then 1 / 400
}  # fmt: skip


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A moment of November 2026, UTC."""
    return datetime(2026, 11, day, hour, minute, second, tzinfo=UTC)


def ring(desk: Any, sku: str, shelf: str, scanned: str) -> str:
    """Cashier C07 at S001's register R1 scans ``sku`` at ``scanned`` under a tag of
    ``shelf`` (at A1-B1); the incident's id."""
    result = desk.check(store="S001", register="R1", cashier="C07", sku=sku,
                        shelf_price=shelf, scanned_price=scanned, location="A1-B1")  # fmt: skip
    return str(result.incident_id)


def build(desk: Any, clock: Any) -> None:
    """Make the history above on ``desk`` (the ``store`` fixture's S001), moving ``clock``."""
    clock.now = at(17, 10)
    a = ring(desk, NOVEL, "18.95", "19.95")
    desk.decide(a, action="honor", cashier="C07")
    clock.now = at(17, 12)
    desk.fix(a, staff="O02", cause="sale_ended_tag_left_up")
    clock.now = at(18, 10)
    b = ring(desk, COFFEE, "11.99", "12.99")
    desk.decide(b, action="escalate", cashier="C07")
    clock.now = at(18, 10, 1)
    desk.approve(b, manager="M01", pin="2468", approve=True)
    clock.now = at(18, 11)
    ring(desk, PEN, "2.99", "2.49")
    clock.now = at(24, 9)
    d = ring(desk, NOVEL, "18.95", "19.95")
    desk.decide(d, action="decline", cashier="C07", customer_outcome="walked_away")
    clock.now = at(25, 9)
    e = ring(desk, COFFEE, "11.99", "12.99")
    desk.decide(e, action="escalate", cashier="C07")
    clock.now = at(25, 9, 1, 30)
    desk.approve(e, manager="M02", pin="1122", approve=False)
    clock.now = at(26, 9)
    desk.fix(e, staff="O03")
    clock.now = at(30, 12)
    desk.record_scans("S001", "2026-11-17", 1200, register="R1")
    desk.record_scans("S001", "2026-11-17", 800, register="R2")
    desk.record_scans("S001", "2026-11-18", 1000)
    desk.record_scans("S001", "2026-11-18", 600, register="R1")
    desk.record_scans("S001", "2026-11-24", 500, register="R1")
    desk.record_scans("S001", "2026-11-24", 400, register="R1")


def assert_expected(measures: dict[str, Any]) -> None:
    """``measures`` (the JSON shape) hold every hand-worked figure."""
    for name, value in EXPECTED.items():
        assert measures[name] == value, (name, measures[name], value)
    assert [r["sku"] for r in measures["repeat_skus"]] == [NOVEL]
    weeks = measures["weeks"]
    assert [(w["start"], w["incidents"], w["scans"]) for w in weeks] == [
        ("2026-11-16", 3, 3000), ("2026-11-23", 2, 400)]  # fmt: skip
    assert [w["price_accuracy_percent"] for w in weeks] == ["99.90", "99.75"]
    assert [w["given_away"] for w in weeks] == ["2.00", "0.00"]
    assert [w["lost_sales_after_decline"] for w in weeks] == ["0.00", "19.95"]
    days = {d["day"]: d for d in measures["days"]}
    assert len(days) == 14 and days["2026-11-18"]["overcharges"] == 1
    assert days["2026-11-18"]["undercharges"] == 1 and days["2026-11-18"]["scans"] == 1000
    assert days["2026-11-25"]["scans"] is None
    buckets = {b["label"]: b["fixed"] for b in measures["time_to_fix_buckets"]}
    assert buckets == {"under 1 h": 0, "1–4 h": 1, "4–24 h": 0, "1–3 days": 1, "3 days +": 0}


__all__ = [
    "COFFEE",
    "EXPECTED",
    "NOVEL",
    "PEN",
    "SINCE",
    "UNTIL",
    "assert_expected",
    "at",
    "build",
    "ring",
]

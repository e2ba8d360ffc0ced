"""Issue 14: ``posdisc stats --json``, ``GET /api/v1/stats`` and the dashboard agree with
each other and with figures worked out by hand, on one small history in one database.

Store S001 (UTC, USD), the week of Monday 2026-11-16 to Sunday 2026-11-22:

- A  Tue 17 10:00  coffee, tag 11.99, scan 12.99: declined, the customer walked away
                   (a lost sale of 12.99); the tag is never fixed
- B  Wed 18 10:00  novel, tag 18.95, scan 19.95: honored (1.00 given away); the tag is
                   fixed at 12:00 the same day (2 h)

Scans: Tue 17 the whole store 1,000; Wed 18 the whole store 1,000.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask

from pos_discrepancy.cli import build
from pos_discrepancy.web.extension import get_desk

from ...outcome_fixture import COFFEE, NOVEL, at, ring

SINCE, UNTIL = "2026-11-16", "2026-11-22"

#: Worked out by hand from the history above (the JSON shape of the measures).
BY_HAND: dict[str, Any] = {
    "incidents": 2,  # A B
    "overcharges": 2,  # both scans above the tag
    "undercharges": 0,
    "overcharged": "2.00",  # 1.00 + 1.00
    "undercharged": "0.00",
    "scans": 2000,  # 1,000 + 1,000
    "scan_days": 2,
    "incidents_on_scan_days": 2,  # A on the 17th, B on the 18th
    "incidents_per_1000_scans": "1.00",  # 2 / 2,000 × 1,000
    "price_accuracy_percent": "99.90",  # (2,000 − 2) / 2,000
    "overcharge_accuracy_percent": "99.90",  # both are overcharges
    "meets_inspection_line": True,  # 99.90 ≥ 98
    "honored": 1,  # B
    "given_away": "1.00",  # B: 19.95 − 18.95
    "declined": 1,  # A
    "walked_away_after_decline": 1,  # A
    "lost_sales_after_decline": "12.99",  # A's scanned price
    "walk_away_after_decline_percent": "100.00",  # 1 of 1
    "time_to_fix": {"fixed": 1, "median_seconds": 7200, "p90_seconds": 7200},  # B: 2 h
    "fixed_same_day": 1,  # B
    "fixed_same_day_percent": "50.00",  # 1 of 2
    "repeat_incidents": 0,
}
#: The dashboard's headline figures, as a person reads them (en_US).
ON_THE_DASHBOARD = {
    "incidents_per_1000_scans": "1.00",
    "price_accuracy_percent": "99.90 %",
    "given_away": "$1.00",
    "lost_sales_after_decline": "$12.99",
    "fixed_same_day_percent": "50.00 %",
}
#: Rows of the dashboard's table of measures, by hand.
ROWS = {
    "incidents": "2 (2 overcharges, 0 undercharges)",
    "incidents_per_1000_scans": "1.00 (2 incidents over 2,000 scans on 2 days)",
    "price_accuracy": "99.90 % (passes the 98 % line)",
    "overcharged_undercharged": "$2.00 / $0.00",
    "given_away": "$1.00 (1 honored)",
    "lost_sales": "$12.99 (1 of 1 declined, 100.00 %)",
    "fixed_same_day": "1 of 2 (50.00 %)",
}


@pytest.fixture
def week(pages_app: Flask, clock: Any) -> None:
    """The history above on the seeded S001 (ops O02 fixes the tag)."""
    desk = get_desk(pages_app)
    for day, sku, shelf, scanned, action, outcome in (
        (17, COFFEE, "11.99", "12.99", "decline", "walked_away"),  # A
        (18, NOVEL, "18.95", "19.95", "honor", None),  # B
    ):
        clock.now = at(day, 10)
        incident = ring(desk, sku, shelf, scanned)
        desk.decide(incident, action=action, cashier="C07", customer_outcome=outcome)
    clock.now = at(18, 12)
    desk.fix(incident, staff="O02", cause="sale_ended_tag_left_up")  # B's tag
    clock.now = at(23, 9)
    for day in ("2026-11-17", "2026-11-18"):
        desk.record_scans("S001", day, 1000)


def by_hand(measures: dict[str, Any]) -> dict[str, Any]:
    """The measures of :data:`BY_HAND`, from ``measures`` (the JSON shape)."""
    return {name: measures[name] for name in BY_HAND}


@pytest.mark.usefixtures("week")
def test_cli_json_api_and_dashboard_show_the_hand_worked_figures(
    pages_app: Flask, auth: dict[str, str], signed_in: Any, database_url: str
) -> None:
    printed = CliRunner().invoke(
        build(),
        ["--database-url", database_url, "stats", "--store", "S001", "--since", SINCE,
         "--until", UNTIL, "--json"],
    )  # fmt: skip
    assert printed.exit_code == 0, printed.output
    by_cli = json.loads(printed.output)
    assert by_hand(by_cli) == BY_HAND

    answer = pages_app.test_client().get(f"/api/v1/stats?since={SINCE}&until={UNTIL}",
                                         headers=auth)  # fmt: skip
    assert answer.status_code == 200, answer.json
    assert by_hand(answer.json) == BY_HAND
    assert answer.json == by_cli  # and every other measure alike

    page = signed_in("O02").get(f"/dashboard?since={SINCE}&until={UNTIL}")
    assert page.status_code == 200
    shown = dict(re.findall(r'data-measure="([a-z_0-9]+)">([^<]*)<', page.text))
    assert {key: shown[key].strip() for key in ON_THE_DASHBOARD} == ON_THE_DASHBOARD
    rows = dict(re.findall(r'data-measure-row="([a-z_0-9]+)"><th scope="row">[^<]+</th>'
                           r"<td>([^<]*)</td>", page.text))  # fmt: skip
    assert {key: rows[key] for key in ROWS} == ROWS

"""The demo store reports scan counts, so its dashboard shows per-1,000 figures."""

from __future__ import annotations

from typing import Any

from pos_discrepancy.cli import demo_data


def test_the_demo_store_has_30_days_of_scans_and_per_1000_figures(desk: Any) -> None:
    demo_data.seed(desk)
    made = demo_data.seed_incidents(desk)
    assert demo_data.seed_scan_counts(desk) == demo_data.SCAN_DAYS
    assert demo_data.seed_scan_counts(desk) == 0  # already reported: nothing changes
    measures = desk.stats(demo_data.STORE)
    assert measures.scan_days == 30 and measures.incidents == made
    assert measures.scans == sum(d.scans for d in measures.by_day if d.scans is not None)
    assert 1500 * 30 <= measures.scans <= 2500 * 30
    assert measures.incidents_per_1000_scans is not None
    assert measures.incidents_per_1000_scans > 0 and measures.price_accuracy_percent is not None

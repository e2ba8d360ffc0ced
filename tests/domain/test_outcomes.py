"""The pure outcome measures: percentiles, scan days, rates and the trend."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pos_discrepancy.domain.outcomes import (
    IncidentFacts,
    Period,
    ScanCount,
    daily_scans,
    measure_outcomes,
    nearest_rank,
    rate,
)

PERIOD = Period(date(2026, 11, 2), date(2026, 11, 15), UTC)  # Monday to Sunday, two weeks


def test_nearest_rank_is_the_ceiling_rank() -> None:
    assert nearest_rank([], 50) is None
    assert nearest_rank([7], 90) == 7
    assert nearest_rank([4, 1, 3, 2], 50) == 2  # ⌈0.5 × 4⌉ = 2nd
    assert nearest_rank([4, 1, 3, 2], 90) == 4  # ⌈0.9 × 4⌉ = 4th
    assert nearest_rank(list(range(1, 11)), 90) == 9
    assert nearest_rank(list(range(1, 21)), 50) == 10


@given(st.lists(st.integers(0, 10**6), min_size=1), st.integers(1, 100))
def test_nearest_rank_has_that_share_at_or_below_it(values: list[int], percent: int) -> None:
    value = nearest_rank(values, percent)
    assert value in values
    assert sum(v <= value for v in values) * 100 >= percent * len(values)
    assert sum(v < value for v in values) * 100 < percent * len(values)


def test_rates_round_half_up_and_need_a_whole() -> None:
    assert rate(3, 2000, 1000) == Decimal("1.50")
    assert rate(1, 8, 100) == Decimal("12.50")
    assert rate(1, 3, 100) == Decimal("33.33")
    assert rate(2, 3, 100) == Decimal("66.67")
    assert rate(1, 0) is None


def test_a_whole_store_count_wins_over_the_registers_and_other_days_are_left_out() -> None:
    counts = [
        ScanCount(date(2026, 11, 2), "R1", 100), ScanCount(date(2026, 11, 2), "R2", 50),
        ScanCount(date(2026, 11, 3), "R1", 70), ScanCount(date(2026, 11, 3), "", 500),
        ScanCount(date(2026, 11, 16), "", 999),
    ]  # fmt: skip
    assert daily_scans(PERIOD, counts) == {date(2026, 11, 2): 150, date(2026, 11, 3): 500}


def incident(day: int, direction: str = "overcharge") -> IncidentFacts:
    moment = datetime(2026, 11, day, 12, tzinfo=UTC)
    return IncidentFacts(sku="1", description="", direction=direction, detected_at=moment)


def test_without_scan_counts_the_trend_is_incidents_a_day() -> None:
    measures = measure_outcomes(
        store="S", currency="USD", period=PERIOD, incidents=[incident(3), incident(4),
        incident(10, "undercharge")], fixes=[], scan_counts=[],
    )  # fmt: skip
    assert measures.scans is None and measures.incidents_per_1000_scans is None
    assert measures.price_accuracy_percent is None and measures.meets_inspection_line is None
    assert measures.trend is not None
    assert (measures.trend.basis, measures.trend.previous, measures.trend.last) == (
        "per_day", Decimal("0.29"), Decimal("0.14"))  # 2 / 7 then 1 / 7  # fmt: skip
    assert measures.trend.change_percent == Decimal("-51.72")


def test_a_fix_more_than_30_days_before_is_no_repeat_and_a_later_fix_neither() -> None:
    fixed = datetime(2026, 10, 3, 13, tzinfo=UTC)
    measures = measure_outcomes(
        store="S", currency="USD", period=PERIOD,
        incidents=[incident(2), incident(3)],
        fixes=[("1", fixed), ("1", datetime(2026, 11, 5, tzinfo=UTC))], scan_counts=[],
    )  # fmt: skip
    # Nov 2 12:00 is 29 days 23 h after the fix, Nov 3 12:00 30 days 23 h; Nov 5 is later
    assert datetime(2026, 11, 3, 12, tzinfo=UTC) - fixed > timedelta(days=30)
    assert measures.repeat_incidents == 1
    assert measures.repeat_skus[0].last_fixed_at == fixed


def test_weeks_are_cut_to_the_period() -> None:
    period = Period(date(2026, 11, 4), date(2026, 11, 10), UTC)  # Wednesday to Tuesday
    weeks = measure_outcomes(store="S", currency="USD", period=period, incidents=[],
                             fixes=[], scan_counts=[]).weeks  # fmt: skip
    assert [(w.start.day, w.end.day, w.days) for w in weeks] == [(4, 8, 5), (9, 10, 2)]

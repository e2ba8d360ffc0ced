"""The outcome measures in words, one list for every face (CLI, dashboard, summary PDF),
so each shows the same figures the same way."""

from __future__ import annotations

from decimal import Decimal

from ..domain.outcomes import INSPECTION_LINE, ChainSignalRow, OutcomeMeasures, Trend
from ..words import plural
from .figures import duration

#: ``(key, label, text)``: a measure as a person reads it; ``key`` names it for tests and
#: page markup (``data-measure``).
MeasureRow = tuple[str, str, str]
NONE = "—"


def percent(value: Decimal | None) -> str:
    """``99.88 %``, or a dash when there is nothing to divide by."""
    return NONE if value is None else f"{value} %"


def median_p90(median: int | None, p90: int | None) -> str:
    """``1 min / 1 min 30 s``."""
    return f"{duration(median)} / {duration(p90)}"


def trend_words(trend: Trend | None) -> str:
    """``2.50 vs 1.00 per 1,000 scans (+150.00 %)``: the last week against the one before."""
    if trend is None:
        return "— (the period holds one week)"
    unit = "per 1,000 scans" if trend.basis == "per_1000_scans" else "incidents a day"
    change = "" if trend.change_percent is None else f" ({trend.change_percent:+} %)"
    return f"{trend.last} vs {trend.previous} {unit}{change}"


def measure_rows(m: OutcomeMeasures) -> list[MeasureRow]:
    """Every measure of docs/outcomes.md as ``(key, label, text)``, in reading order."""
    if m.scans is None:
        per_1000 = f"{NONE} (no scan counts reported)"
        accuracy = over_accuracy = NONE
    else:
        basis = plural(m.incidents_on_scan_days, "incident")
        over = f"{plural(m.scans, 'scan')} on {plural(m.scan_days, 'day')}"
        per_1000 = f"{m.incidents_per_1000_scans} ({basis} over {over})"
        verdict = "passes" if m.meets_inspection_line else "fails"
        accuracy = f"{percent(m.price_accuracy_percent)} ({verdict} the {INSPECTION_LINE} % line)"
        over_accuracy = percent(m.overcharge_accuracy_percent)
    declined = f"{m.walked_away_after_decline:,} of {m.declined:,} declined"
    return [
        ("incidents", "Incidents",
         f"{m.incidents:,} ({plural(m.overcharges, 'overcharge')}, "
         f"{plural(m.undercharges, 'undercharge')})"),
        ("incidents_per_1000_scans", "Incidents per 1,000 scans", per_1000),
        ("price_accuracy", "Price accuracy", accuracy),
        ("overcharge_accuracy", "Price accuracy, overcharges only", over_accuracy),
        ("overcharged_undercharged", "Overcharged / undercharged",
         f"{m.overcharged.format()} / {m.undercharged.format()}"),
        ("given_away", "Given away by honoring the tag",
         f"{m.given_away.format()} ({m.honored:,} honored)"),
        ("lost_sales", "Sales lost: walked away after a decline",
         f"{m.lost_sales_after_decline.format()} ({declined}, "
         f"{percent(m.walk_away_after_decline_percent)})"),
        ("escalation_wait", "Escalation wait, median / p90",
         f"{median_p90(m.escalation_wait_median_seconds, m.escalation_wait_p90_seconds)} "
         f"({m.escalations_answered:,} answered)"),
        ("time_to_fix", "Time to fix the tag, median / p90",
         f"{median_p90(m.time_to_fix_median_seconds, m.time_to_fix_p90_seconds)} "
         f"({m.fixed:,} fixed)"),
        ("fixed_same_day", "Fixed the same day",
         f"{m.fixed_same_day:,} of {m.incidents:,} ({percent(m.fixed_same_day_percent)})"),
        ("repeat_skus", "Repeat SKUs (again within 30 days of a fix)",
         f"{plural(m.repeat_incidents, 'incident')}, {plural(len(m.repeat_skus), 'SKU')}"),
        ("trend", "Last week vs the week before", trend_words(m.trend)),
    ]  # fmt: skip


def chain_words(row: ChainSignalRow) -> str:
    """``S001 ×2, S002, S003``: the stores that met the SKU's mismatch."""
    return ", ".join(s.store + (f" ×{s.incidents}" if s.incidents > 1 else "") for s in row.stores)

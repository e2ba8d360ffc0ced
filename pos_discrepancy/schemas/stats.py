"""The outcome endpoints' models: the scan-count request, the measures, the chain signal.

The scan count's ``day`` and ``scans`` are passed on as sent and judged by the desk
(``Desk.record_scans``), so the API, the CLI and the Python API refuse them in the same
words. See docs/outcomes.md for what each measure means.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from .fields import MoneyText, OptionalCode, register_field_allowed
from .records import Record
from .requests import Request, desk_checked

Rate = Annotated[str | None, Field(pattern=r"^-?[0-9]+\.[0-9]{2}$", examples=["1.18"])]
Seconds = Annotated[int | None, Field(ge=0, description="Whole seconds; null: none.")]

with register_field_allowed():

    class ScanCountRequest(Request):
        """``POST /api/v1/scan-counts``: how many items the register scanned on a day."""

        store: OptionalCode = Field(None, description="Default (and must be) the token's store.")
        register: OptionalCode = Field(
            None, description="Default (and must be) the token's register."
        )
        day: desk_checked(date) = Field(  # type: ignore[valid-type]
            description="The day counted (the store's calendar)."
        )
        scans: desk_checked(Annotated[int, Field(ge=0)]) = Field(  # type: ignore[valid-type]
            description="Items scanned that day: a whole number from 0. A repeat replaces it."
        )

    class ScanCountRecorded(Record):
        """The count as stored."""

        store: str
        register: str = Field(description="The token's register.")
        day: date
        scans: int
        replaced: bool = Field(description="true: a count of that day was replaced.")


class Wait(Record):
    """Escalation wait: from the escalation to the manager's answer (or the timeout)."""

    answered: int
    median_seconds: Seconds
    p90_seconds: Seconds


class TimeToFix(Record):
    """From detection to the tag marked fixed."""

    fixed: int
    median_seconds: Seconds
    p90_seconds: Seconds


class RepeatSku(Record):
    """A SKU mismatching again within 30 days of a fix of its tag."""

    sku: str
    description: str
    repeats: int
    last_fixed_at: str = Field(json_schema_extra={"format": "date-time"})


class TrendRecord(Record):
    """The period's last week against the week before (lower is better)."""

    basis: str = Field(description="per_1000_scans, or per_day without scan counts.")
    previous: Rate
    last: Rate
    change_percent: Rate


class Week(Record):
    """One week of the period (Monday to Sunday, cut to the period)."""

    start: date
    end: date
    days: int
    incidents: int
    overcharges: int
    undercharges: int
    scans: int | None
    incidents_per_1000_scans: Rate
    price_accuracy_percent: Rate
    given_away: MoneyText
    lost_sales_after_decline: MoneyText
    walked_away_after_decline: int


class Day(Record):
    """One day: incidents by direction, and the scans reported (null: none)."""

    day: date
    overcharges: int
    undercharges: int
    scans: int | None


class FixBucket(Record):
    """How many tags were fixed within a band of time."""

    label: str
    fixed: int


class Stats(Record):
    """A store's outcome measures over a period (docs/outcomes.md)."""

    store: str
    currency: str
    since: date
    until: date
    incidents: int
    overcharges: int
    undercharges: int
    overcharged: MoneyText
    undercharged: MoneyText
    scans: int | None = Field(description="Scans on the days with a count; null: none.")
    scan_days: int
    incidents_on_scan_days: int
    incidents_per_1000_scans: Rate
    price_accuracy_percent: Rate
    overcharge_accuracy_percent: Rate
    meets_inspection_line: bool | None = Field(description="Accuracy ≥ 98 %; null: no scans.")
    honored: int
    given_away: MoneyText
    declined: int
    walked_away_after_decline: int
    lost_sales_after_decline: MoneyText
    walk_away_after_decline_percent: Rate
    escalation_wait: Wait
    time_to_fix: TimeToFix
    fixed_same_day: int
    fixed_same_day_percent: Rate
    repeat_incidents: int
    repeat_skus: list[RepeatSku]
    trend: TrendRecord | None
    weeks: list[Week]
    days: list[Day]
    time_to_fix_buckets: list[FixBucket]


class StoreMismatches(Record):
    """One store's incidents of the SKU."""

    store: str
    incidents: int


class ChainSignalSku(Record):
    """A SKU mismatching in several stores: likely the shared price file or promotion feed."""

    sku: str
    description: str
    store_count: int
    incidents: int
    price_file_errors: int = Field(description="Of them, found by ops to be price-file errors.")
    stores: list[StoreMismatches]


class ChainSignal(Record):
    """The chain signal of a period (days in UTC)."""

    since: date
    until: date
    min_stores: int
    skus: list[ChainSignalSku]

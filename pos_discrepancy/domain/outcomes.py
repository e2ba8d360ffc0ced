"""A store's outcome measures over a period (docs/outcomes.md).

Pure: :func:`measure_outcomes` folds the facts it is given (the period's incidents, the
tag fixes before and in it, the daily scan counts), which the caller streams from the
database, into one frozen :class:`OutcomeMeasures` (the chain signal is in
:mod:`.chain_signal`). Counts are ``int``, rates
``Decimal`` rounded half up to two places, amounts :class:`~pos_discrepancy.money.Money`,
durations whole seconds. Percentiles are nearest-rank (:func:`nearest_rank`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..money import Money

#: A SKU mismatching again this long after a fix of its tag is a repeat.
REPEAT_WINDOW = timedelta(days=30)
#: Inspectors pass a store at this share of sampled items priced right (NIST HB 130).
INSPECTION_LINE = Decimal(98)
#: How many places the rates keep.
RATE_PLACES = Decimal("0.01")
#: The time-to-fix buckets of the chart: (label, upper bound, exclusive; None: no bound).
FIX_BUCKETS: tuple[tuple[str, timedelta | None], ...] = (
    ("under 1 h", timedelta(hours=1)),
    ("1–4 h", timedelta(hours=4)),
    ("4–24 h", timedelta(hours=24)),
    ("1–3 days", timedelta(days=3)),
    ("3 days +", None),
)
_SECOND = timedelta(seconds=1)


def rate(part: int, whole: int, per: int = 100) -> Decimal | None:
    """``part / whole × per``, rounded half up to two places; ``None`` when ``whole`` is 0."""
    if whole <= 0:
        return None
    return (Decimal(part) * per / Decimal(whole)).quantize(RATE_PLACES, ROUND_HALF_UP)


def nearest_rank(values: list[int], percent: int) -> int | None:
    """The nearest-rank percentile: the smallest value with at least ``percent`` % of the
    values at or below it, i.e. the ``⌈percent/100 × n⌉``-th smallest (``None`` if empty).

    ``nearest_rank([1, 2, 3, 4], 50) == 2``; ``nearest_rank([1, 2, 3, 4], 90) == 4``.
    """
    if not values:
        return None
    ordered = sorted(values)
    rank = -(-percent * len(ordered) // 100)  # ceiling, in whole numbers
    return ordered[max(rank, 1) - 1]


@dataclass(frozen=True)
class Period:
    """The days measured (inclusive) and the time zone they are counted in."""

    since: date
    until: date
    zone: tzinfo

    def day_of(self, moment: datetime) -> date:
        """The local calendar day of ``moment``."""
        return moment.astimezone(self.zone).date()

    @property
    def days(self) -> int:
        """How many days the period holds."""
        return (self.until - self.since).days + 1


@dataclass(frozen=True)
class IncidentFacts:
    """What the measures need of one incident of the period (and its decision)."""

    sku: str
    description: str
    direction: str  # overcharge | undercharge
    detected_at: datetime
    escalated_at: datetime | None = None
    resolved_at: datetime | None = None
    fixed_at: datetime | None = None
    resolution: str = "detected"
    customer_outcome: str | None = None
    line_difference_minor: int = 0
    scanned_total_minor: int = 0
    charge_minor: int | None = None

    @property
    def given_away_minor(self) -> int:
        """What honoring cost: the scanned total less what the customer was charged."""
        if self.charge_minor is None or self.charge_minor >= self.scanned_total_minor:
            return 0
        return self.scanned_total_minor - self.charge_minor

    @property
    def walked_after_decline(self) -> bool:
        """The customer was refused the tag's price and left without the item."""
        return self.resolution == "declined" and self.customer_outcome == "walked_away"

    @property
    def lost_sale_minor(self) -> int:
        """The sale lost when the customer walked away (what they would have paid)."""
        return self.charge_minor if self.charge_minor is not None else self.scanned_total_minor


@dataclass(frozen=True)
class ScanCount:
    """Items scanned on one day by one register, or (``register == ""``) the whole store."""

    day: date
    register: str
    scans: int


@dataclass(frozen=True)
class DayMeasures:
    """One day: its incidents by direction and its scans (``None``: none reported)."""

    day: date
    overcharges: int
    undercharges: int
    scans: int | None

    @property
    def incidents(self) -> int:
        """Overcharges and undercharges."""
        return self.overcharges + self.undercharges


@dataclass(frozen=True)
class WeekMeasures:
    """One week (Monday to Sunday, cut to the period) of the trend."""

    start: date
    end: date
    days: int
    incidents: int
    overcharges: int
    undercharges: int
    scan_days: int
    scans: int | None
    incidents_on_scan_days: int
    incidents_per_1000_scans: Decimal | None
    price_accuracy_percent: Decimal | None
    given_away: Money
    lost_sales_after_decline: Money
    walked_away_after_decline: int

    @property
    def incidents_per_day(self) -> Decimal:
        """Incidents a day (weeks cut by the period are shorter)."""
        return (Decimal(self.incidents) / self.days).quantize(RATE_PLACES, ROUND_HALF_UP)


@dataclass(frozen=True)
class Trend:
    """The last week of the period against the week before it.

    ``basis`` is ``per_1000_scans`` when both weeks have scan counts, else ``per_day``
    (incidents a day); ``change_percent`` is ``(last − previous) / previous × 100``
    (``None`` when the previous week had none). Lower is better.
    """

    basis: str
    previous: Decimal
    last: Decimal
    change_percent: Decimal | None


@dataclass(frozen=True)
class RepeatSku:
    """A SKU that mismatched again within :data:`REPEAT_WINDOW` of a fix of its tag."""

    sku: str
    description: str
    repeats: int
    last_fixed_at: datetime


@dataclass(frozen=True)
class OutcomeMeasures:
    """Everything docs/outcomes.md defines, for one store and period."""

    store: str
    currency: str
    since: date
    until: date
    incidents: int
    overcharges: int
    undercharges: int
    overcharged: Money
    undercharged: Money
    scans: int | None
    scan_days: int
    incidents_on_scan_days: int
    incidents_per_1000_scans: Decimal | None
    price_accuracy_percent: Decimal | None
    overcharge_accuracy_percent: Decimal | None
    honored: int
    given_away: Money
    declined: int
    walked_away_after_decline: int
    lost_sales_after_decline: Money
    walk_away_after_decline_percent: Decimal | None
    escalations_answered: int
    escalation_wait_median_seconds: int | None
    escalation_wait_p90_seconds: int | None
    fixed: int
    time_to_fix_median_seconds: int | None
    time_to_fix_p90_seconds: int | None
    fixed_same_day: int
    fixed_same_day_percent: Decimal | None
    repeat_incidents: int
    repeat_skus: tuple[RepeatSku, ...]
    by_day: tuple[DayMeasures, ...]
    weeks: tuple[WeekMeasures, ...]
    fix_buckets: tuple[tuple[str, int], ...]
    trend: Trend | None

    @property
    def meets_inspection_line(self) -> bool | None:
        """Whether the accuracy reaches the inspectors' 98 % (``None``: no scan counts)."""
        if self.price_accuracy_percent is None:
            return None
        return self.price_accuracy_percent >= INSPECTION_LINE

    def to_dict(self) -> dict[str, Any]:
        """The measures as the JSON API and ``posdisc stats --json`` give them."""
        return {
            "store": self.store,
            "currency": self.currency,
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "incidents": self.incidents,
            "overcharges": self.overcharges,
            "undercharges": self.undercharges,
            "overcharged": str(self.overcharged.amount),
            "undercharged": str(self.undercharged.amount),
            "scans": self.scans,
            "scan_days": self.scan_days,
            "incidents_on_scan_days": self.incidents_on_scan_days,
            "incidents_per_1000_scans": _text(self.incidents_per_1000_scans),
            "price_accuracy_percent": _text(self.price_accuracy_percent),
            "overcharge_accuracy_percent": _text(self.overcharge_accuracy_percent),
            "meets_inspection_line": self.meets_inspection_line,
            "honored": self.honored,
            "given_away": str(self.given_away.amount),
            "declined": self.declined,
            "walked_away_after_decline": self.walked_away_after_decline,
            "lost_sales_after_decline": str(self.lost_sales_after_decline.amount),
            "walk_away_after_decline_percent": _text(self.walk_away_after_decline_percent),
            "escalation_wait": {
                "answered": self.escalations_answered,
                "median_seconds": self.escalation_wait_median_seconds,
                "p90_seconds": self.escalation_wait_p90_seconds,
            },
            "time_to_fix": {
                "fixed": self.fixed,
                "median_seconds": self.time_to_fix_median_seconds,
                "p90_seconds": self.time_to_fix_p90_seconds,
            },
            "fixed_same_day": self.fixed_same_day,
            "fixed_same_day_percent": _text(self.fixed_same_day_percent),
            "repeat_incidents": self.repeat_incidents,
            "repeat_skus": [
                {
                    "sku": r.sku,
                    "description": r.description,
                    "repeats": r.repeats,
                    "last_fixed_at": r.last_fixed_at.isoformat(),
                }
                for r in self.repeat_skus
            ],
            "trend": None
            if self.trend is None
            else {
                "basis": self.trend.basis,
                "previous": _text(self.trend.previous),
                "last": _text(self.trend.last),
                "change_percent": _text(self.trend.change_percent),
            },
            "weeks": [_week_dict(w) for w in self.weeks],
            "days": [
                {
                    "day": d.day.isoformat(),
                    "overcharges": d.overcharges,
                    "undercharges": d.undercharges,
                    "scans": d.scans,
                }
                for d in self.by_day
            ],
            "time_to_fix_buckets": [{"label": k, "fixed": n} for k, n in self.fix_buckets],
        }


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _week_dict(week: WeekMeasures) -> dict[str, Any]:
    return {
        "start": week.start.isoformat(),
        "end": week.end.isoformat(),
        "days": week.days,
        "incidents": week.incidents,
        "overcharges": week.overcharges,
        "undercharges": week.undercharges,
        "scans": week.scans,
        "incidents_per_1000_scans": _text(week.incidents_per_1000_scans),
        "price_accuracy_percent": _text(week.price_accuracy_percent),
        "given_away": str(week.given_away.amount),
        "lost_sales_after_decline": str(week.lost_sales_after_decline.amount),
        "walked_away_after_decline": week.walked_away_after_decline,
    }


def daily_scans(period: Period, counts: Iterable[ScanCount]) -> dict[date, int]:
    """Scans per day of the period: the whole-store count where one was reported, else
    the sum of the registers' counts. Days without any count are left out."""
    store: dict[date, int] = {}
    registers: dict[date, int] = {}
    for count in counts:
        if not period.since <= count.day <= period.until:
            continue
        if count.register == "":
            store[count.day] = count.scans
        else:
            registers[count.day] = registers.get(count.day, 0) + count.scans
    return {**registers, **store}


@dataclass
class _Tally:
    """Running counts of a span of days (the period, or one week of it)."""

    currency: str
    incidents: int = 0
    overcharges: int = 0
    undercharges: int = 0
    on_scan_days: int = 0
    overcharges_on_scan_days: int = 0
    given_away_minor: int = 0
    lost_minor: int = 0
    walked: int = 0

    def add(self, facts: IncidentFacts, scanned_day: bool) -> None:
        self.incidents += 1
        over = facts.direction == "overcharge"
        self.overcharges += over
        self.undercharges += not over
        self.on_scan_days += scanned_day
        self.overcharges_on_scan_days += scanned_day and over
        self.given_away_minor += facts.given_away_minor
        if facts.walked_after_decline:
            self.walked += 1
            self.lost_minor += facts.lost_sale_minor


@dataclass
class _Fold:
    """What one pass over the incidents gathers."""

    period: Period
    currency: str
    scans: dict[date, int]
    fixes: dict[str, list[datetime]]
    total: _Tally = field(init=False)
    weeks: dict[date, _Tally] = field(default_factory=dict)
    days: dict[date, list[int]] = field(default_factory=dict)
    overcharged_minor: int = 0
    undercharged_minor: int = 0
    honored: int = 0
    declined: int = 0
    waits: list[int] = field(default_factory=list)
    fix_times: list[int] = field(default_factory=list)
    fixed_same_day: int = 0
    repeats: dict[str, list[Any]] = field(default_factory=dict)  # sku -> [desc, n, fixed_at]

    def __post_init__(self) -> None:
        self.total = _Tally(self.currency)

    def add(self, facts: IncidentFacts) -> None:
        day = self.period.day_of(facts.detected_at)
        scanned_day = day in self.scans
        self.total.add(facts, scanned_day)
        self.weeks.setdefault(week_start(self.period, day), _Tally(self.currency)).add(
            facts, scanned_day
        )
        counts = self.days.setdefault(day, [0, 0])
        counts[0 if facts.direction == "overcharge" else 1] += 1
        if facts.direction == "overcharge":
            self.overcharged_minor += facts.line_difference_minor
        else:
            self.undercharged_minor += facts.line_difference_minor
        self.honored += facts.resolution == "honored"
        self.declined += facts.resolution == "declined"
        if facts.escalated_at is not None and facts.resolved_at is not None:
            self.waits.append((facts.resolved_at - facts.escalated_at) // _SECOND)
        if facts.fixed_at is not None:
            self.fix_times.append((facts.fixed_at - facts.detected_at) // _SECOND)
            self.fixed_same_day += self.period.day_of(facts.fixed_at) == day
        fixed_before = _latest_fix_before(self.fixes.get(facts.sku, ()), facts.detected_at)
        if fixed_before is not None and facts.detected_at - fixed_before <= REPEAT_WINDOW:
            entry = self.repeats.setdefault(facts.sku, [facts.description, 0, fixed_before])
            entry[1] += 1
            entry[2] = max(entry[2], fixed_before)


def week_start(period: Period, day: date) -> date:
    """The first day of ``day``'s week (Monday) within the period."""
    return max(period.since, day - timedelta(days=day.weekday()))


def _latest_fix_before(fixes: Iterable[datetime], moment: datetime) -> datetime | None:
    latest = None
    for fixed_at in fixes:
        if fixed_at < moment and (latest is None or fixed_at > latest):
            latest = fixed_at
    return latest


def measure_outcomes(
    *,
    store: str,
    currency: str,
    period: Period,
    incidents: Iterable[IncidentFacts],
    fixes: Iterable[tuple[str, datetime]],
    scan_counts: Iterable[ScanCount],
) -> OutcomeMeasures:
    """The measures of ``store`` over ``period`` (docs/outcomes.md has each formula).

    :param incidents: the incidents detected in the period, in any order (streamed).
    :param fixes: ``(sku, fixed_at)`` of the tags fixed from 30 days before the period to
        its end, for the repeat SKUs.
    :param scan_counts: the daily scan counts reported for the period.
    """
    scans = daily_scans(period, scan_counts)
    by_sku: dict[str, list[datetime]] = {}
    for sku, fixed_at in fixes:
        by_sku.setdefault(sku, []).append(fixed_at)
    fold = _Fold(period, currency, scans, by_sku)
    for facts in incidents:
        fold.add(facts)
    return _measures(store, fold)


def _money(minor: int, currency: str) -> Money:
    return Money.from_minor(minor, currency)


def _measures(store: str, fold: _Fold) -> OutcomeMeasures:
    period, total, currency = fold.period, fold.total, fold.currency
    scan_total = sum(fold.scans.values()) if fold.scans else None
    weeks = tuple(_weeks(fold))
    repeats = tuple(
        RepeatSku(sku, description, count, fixed_at)
        for sku, (description, count, fixed_at) in sorted(
            fold.repeats.items(), key=lambda item: (-item[1][1], item[0])
        )
    )
    return OutcomeMeasures(
        store=store,
        currency=currency,
        since=period.since,
        until=period.until,
        incidents=total.incidents,
        overcharges=total.overcharges,
        undercharges=total.undercharges,
        overcharged=_money(fold.overcharged_minor, currency),
        undercharged=_money(fold.undercharged_minor, currency),
        scans=scan_total,
        scan_days=len(fold.scans),
        incidents_on_scan_days=total.on_scan_days,
        incidents_per_1000_scans=rate(total.on_scan_days, scan_total or 0, 1000),
        price_accuracy_percent=_accuracy(total.on_scan_days, scan_total),
        overcharge_accuracy_percent=_accuracy(total.overcharges_on_scan_days, scan_total),
        honored=fold.honored,
        given_away=_money(total.given_away_minor, currency),
        declined=fold.declined,
        walked_away_after_decline=total.walked,
        lost_sales_after_decline=_money(total.lost_minor, currency),
        walk_away_after_decline_percent=rate(total.walked, fold.declined),
        escalations_answered=len(fold.waits),
        escalation_wait_median_seconds=nearest_rank(fold.waits, 50),
        escalation_wait_p90_seconds=nearest_rank(fold.waits, 90),
        fixed=len(fold.fix_times),
        time_to_fix_median_seconds=nearest_rank(fold.fix_times, 50),
        time_to_fix_p90_seconds=nearest_rank(fold.fix_times, 90),
        fixed_same_day=fold.fixed_same_day,
        fixed_same_day_percent=rate(fold.fixed_same_day, total.incidents),
        repeat_incidents=sum(r.repeats for r in repeats),
        repeat_skus=repeats,
        by_day=tuple(_days(fold)),
        weeks=weeks,
        fix_buckets=_fix_buckets(fold.fix_times),
        trend=_trend(weeks),
    )


def _accuracy(errors: int, scans: int | None) -> Decimal | None:
    """The share of scanned items priced right, in percent."""
    if not scans:
        return None
    return rate(max(scans - errors, 0), scans)


def _days(fold: _Fold) -> list[DayMeasures]:
    days, day = [], fold.period.since
    while day <= fold.period.until:
        over, under = fold.days.get(day, (0, 0))
        days.append(DayMeasures(day, over, under, fold.scans.get(day)))
        day += timedelta(days=1)
    return days


def _weeks(fold: _Fold) -> list[WeekMeasures]:
    period, weeks = fold.period, []
    start = period.since
    while start <= period.until:
        end = min(period.until, start + timedelta(days=6 - start.weekday()))
        tally = fold.weeks.get(start, _Tally(fold.currency))
        scanned = [fold.scans[d] for d in _span(start, end) if d in fold.scans]
        scans = sum(scanned) if scanned else None
        weeks.append(WeekMeasures(
            start=start, end=end, days=(end - start).days + 1, incidents=tally.incidents,
            overcharges=tally.overcharges, undercharges=tally.undercharges,
            scan_days=len(scanned), scans=scans, incidents_on_scan_days=tally.on_scan_days,
            incidents_per_1000_scans=rate(tally.on_scan_days, scans or 0, 1000),
            price_accuracy_percent=_accuracy(tally.on_scan_days, scans),
            given_away=_money(tally.given_away_minor, fold.currency),
            lost_sales_after_decline=_money(tally.lost_minor, fold.currency),
            walked_away_after_decline=tally.walked,
        ))  # fmt: skip
        start = end + timedelta(days=1)
    return weeks


def _span(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def _fix_buckets(seconds: list[int]) -> tuple[tuple[str, int], ...]:
    counts = dict.fromkeys((label for label, _ in FIX_BUCKETS), 0)
    for value in seconds:
        for label, bound in FIX_BUCKETS:
            if bound is None or value < bound // _SECOND:
                counts[label] += 1
                break
    return tuple(counts.items())


def _trend(weeks: tuple[WeekMeasures, ...]) -> Trend | None:
    if len(weeks) < 2:
        return None
    previous, last = weeks[-2], weeks[-1]
    if previous.incidents_per_1000_scans is not None and last.incidents_per_1000_scans is not None:
        basis, before, now = (
            "per_1000_scans",
            previous.incidents_per_1000_scans,
            last.incidents_per_1000_scans,
        )
    else:
        basis, before, now = "per_day", previous.incidents_per_day, last.incidents_per_day
    change = None
    if before:
        change = ((now - before) * 100 / before).quantize(RATE_PLACES, ROUND_HALF_UP)
    return Trend(basis, before, now, change)

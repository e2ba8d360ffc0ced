"""The summary's figures, gathered in one streamed pass over the period's incidents."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ..money import Money
from .period import ReportRequest

#: How the summary groups decisions (the keys of :attr:`Figures.decisions`).
DECISION_GROUPS = (
    ("honored", "Honored at the register"),
    ("declined", "Declined at the register"),
    ("escalated", "Escalated to a manager"),
    ("approved", "    approved (honored)"),
    ("denied", "    denied (declined)"),
    ("timed_out", "    no answer in time (timeout policy)"),
    ("awaiting", "    still waiting"),
    ("other", "Other remedies (plugin rules)"),
    ("undecided", "No decision recorded"),
)


@dataclass
class Figures:
    """Counts, sums (per currency, in minor units) and durations (seconds) of a period."""

    request: ReportRequest
    incidents: int = 0
    overcharges: int = 0
    undercharges: int = 0
    fixed: int = 0
    walked_away: int = 0
    by_day: dict[date, list[int]] = field(default_factory=dict)  # day -> [over, under]
    decisions: Counter[str] = field(default_factory=Counter)
    given_away: Counter[str] = field(default_factory=Counter)
    undercharged: Counter[str] = field(default_factory=Counter)
    lost_sales: Counter[str] = field(default_factory=Counter)
    goodwill: Counter[str] = field(default_factory=Counter)
    bonus: Counter[str] = field(default_factory=Counter)
    escalation_waits: list[float] = field(default_factory=list)
    fix_times: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        day = self.request.since
        while day <= self.request.until:
            self.by_day[day] = [0, 0]
            day += timedelta(days=1)

    def add(self, row: Any) -> None:
        """Count one incident row (see ``queries.INCIDENT_COLUMNS``)."""
        self.incidents += 1
        over = row.direction == "overcharge"
        if over:
            self.overcharges += 1
        else:
            self.undercharges += 1
            self.undercharged[row.currency] += row.line_difference_minor
        day = self.request.local(row.detected_at).date()
        self.by_day.setdefault(day, [0, 0])[0 if over else 1] += 1
        self._decision(row)
        if row.fixed_at is not None:
            self.fixed += 1
            self.fix_times.append((row.fixed_at - row.detected_at).total_seconds())
        if row.escalated_at is not None and row.resolved_at is not None:
            self.escalation_waits.append((row.resolved_at - row.escalated_at).total_seconds())

    def _decision(self, row: Any) -> None:
        action = row.action
        if action is None:
            self.decisions["undecided"] += 1
            return
        if row.escalated_at is not None:  # the choice needed a manager
            self.decisions["escalated"] += 1
            outcome = {"approved": "approved", "denied": "denied"}.get(row.approval or "")
            self.decisions[outcome or ("timed_out" if row.approval else "awaiting")] += 1
        elif action in ("honor", "decline"):
            self.decisions["honored" if action == "honor" else "declined"] += 1
        else:
            self.decisions["other"] += 1
        currency = row.currency
        if row.charge_minor is not None and row.charge_minor < row.scanned_total_minor:
            self.given_away[currency] += row.scanned_total_minor - row.charge_minor
        if row.customer_outcome == "walked_away":
            self.walked_away += 1
            lost = row.charge_minor if row.charge_minor is not None else row.scanned_total_minor
            self.lost_sales[currency] += lost
        if row.goodwill_minor:
            self.goodwill[currency] += row.goodwill_minor
        if row.bonus_minor:
            self.bonus[currency] += row.bonus_minor


def gather(
    request: ReportRequest,
    rows: Iterable[Any],
    progress: Callable[[int], None] | None = None,
    every: int = 1000,
) -> Figures:
    """Fold the streamed incident rows into :class:`Figures`."""
    figures = Figures(request)
    pending = 0
    for row in rows:
        figures.add(row)
        pending += 1
        if progress is not None and pending == every:
            progress(pending)
            pending = 0
    if progress is not None and pending:
        progress(pending)
    return figures


def percentile(values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile (``0.5`` median, ``0.9`` p90); ``None`` when empty."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def duration(seconds: float | None) -> str:
    """``45 s``, ``12 min``, ``3 h 5 min``, ``2 d 4 h``; ``—`` when unknown."""
    if seconds is None:
        return "—"
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return (
            f"{minutes} min {seconds % 60} s" if minutes < 10 and seconds % 60 else f"{minutes} min"
        )
    hours = minutes // 60
    if hours < 48:
        return f"{hours} h {minutes % 60} min" if minutes % 60 else f"{hours} h"
    return f"{hours // 24} d {hours % 24} h" if hours % 24 else f"{hours // 24} d"


def money_text(amounts: Counter[str], currency: str | None) -> str:
    """Sums per currency for people: ``$12.50``, or ``$12.50 + 8.00 EUR`` for a chain;
    zero in ``currency`` (or ``0.00``) when there is nothing."""
    parts = [Money.from_minor(v, c).format() for c, v in sorted(amounts.items()) if v]
    if parts:
        return " + ".join(parts)
    return Money.zero(currency).format() if currency else "0.00"

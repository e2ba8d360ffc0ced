"""The summary's figures, gathered in one streamed pass over the period's incidents."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from ..domain.outcomes import IncidentFacts
from ..i18n import N_, Words, words
from ..money import Money
from .period import ReportRequest

#: How the summary groups decisions (the keys of :attr:`Figures.decisions`).
DECISION_GROUPS = (
    ("honored", N_("Honored at the register")),
    ("declined", N_("Declined at the register")),
    ("escalated", N_("Escalated to a manager")),
    ("approved", "    " + N_("approved (honored)")),
    ("denied", "    " + N_("denied (declined)")),
    ("timed_out", "    " + N_("no answer in time (timeout policy)")),
    ("awaiting", "    " + N_("still waiting")),
    ("other", N_("Other remedies (plugin rules)")),
    ("undecided", N_("No decision recorded")),
)


@dataclass
class Figures:
    """Counts, sums (per currency, in minor units) and durations (seconds) of a period.

    Counts and sums arrive already grouped by the database (:meth:`add_group`); only
    the day of each incident and its durations are streamed (:meth:`add_timing`).
    """

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
    #: synced events quarantined in the period and still held (design §6: not applied)
    quarantined: int = 0

    def __post_init__(self) -> None:
        day = self.request.since
        while day <= self.request.until:
            self.by_day[day] = [0, 0]
            day += timedelta(days=1)

    def add_group(self, group: Any) -> None:
        """Fold in one row of ``queries.summary_groups`` (counts and sums)."""
        count, currency = int(group.incidents), group.currency
        self.incidents += count
        self.fixed += int(group.fixed)
        if group.direction == "overcharge":
            self.overcharges += count
        else:
            self.undercharges += count
            self.undercharged[currency] += int(group.difference)
        self.decisions[_decision_key(group)] += count
        if group.escalated and group.action is not None:
            self.decisions["escalated"] += count
        # PostgreSQL sums bigints as numeric (Decimal): back to whole minor units.
        self.given_away[currency] += int(group.given_away)
        self.walked_away += int(group.walked_away)
        self.lost_sales[currency] += int(group.lost_sales)
        self.goodwill[currency] += int(group.goodwill)
        self.bonus[currency] += int(group.bonus)

    def add_timing(self, row: Any) -> None:
        """Fold in one row of ``queries.iter_timings`` (the day and the durations)."""
        self._add(row.detected_at, row.direction, row.wait_seconds, row.fix_seconds)

    def add_facts(self, facts: IncidentFacts) -> None:
        """Fold in the same from an incident's facts (the outcome measures' stream), so a
        store's summary reads its period's incidents once."""
        wait = fix = None
        if facts.escalated_at is not None and facts.resolved_at is not None:
            wait = (facts.resolved_at - facts.escalated_at).total_seconds()
        if facts.fixed_at is not None:
            fix = (facts.fixed_at - facts.detected_at).total_seconds()
        self._add(facts.detected_at, facts.direction, wait, fix)

    def _add(self, detected_at: datetime, direction: str, wait: Any, fix: Any) -> None:
        day = self.request.local(detected_at).date()
        self.by_day.setdefault(day, [0, 0])[0 if direction == "overcharge" else 1] += 1
        # SQLite's julianday arithmetic is a double: round off its last microseconds.
        if wait is not None:
            self.escalation_waits.append(round(float(wait), 3))
        if fix is not None:
            self.fix_times.append(round(float(fix), 3))


def _decision_key(group: Any) -> str:
    if group.action is None:
        return "undecided"
    if group.escalated:  # the choice needed a manager
        if group.approval in ("approved", "denied"):
            return str(group.approval)
        return "timed_out" if group.approval else "awaiting"
    if group.action in ("honor", "decline"):
        return "honored" if group.action == "honor" else "declined"
    return "other"


def gather(
    request: ReportRequest,
    groups: Iterable[Any],
    timings: Iterable[Any],
    progress: Callable[[int], None] | None = None,
    every: int = 1000,
) -> Figures:
    """Fold the grouped sums and the streamed timings into :class:`Figures`."""
    figures = Figures(request)
    for group in groups:
        figures.add_group(group)
    counter = Progress(progress, every)
    for row in timings:
        figures.add_timing(row)
        counter.tick()
    counter.flush()
    return figures


class Progress:
    """Counts streamed rows for a progress callback: ``report(every)`` each ``every``
    rows, and the rest on :meth:`flush` (nothing without a callback)."""

    def __init__(self, report: Callable[[int], None] | None, every: int = 1000) -> None:
        self.report, self.every, self.pending = report, every, 0

    def tick(self) -> None:
        """One more row."""
        self.pending += 1
        if self.report is not None and self.pending == self.every:
            self.report(self.every)
            self.pending = 0

    def flush(self) -> None:
        """Report the rows counted since the last report."""
        if self.report is not None and self.pending:
            self.report(self.pending)
        self.pending = 0


def percentile(values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile (``0.5`` median, ``0.9`` p90); ``None`` when empty."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def duration(seconds: float | None, say: Words | None = None) -> str:
    """``45 s``, ``12 min``, ``3 h 5 min``, ``2 d 4 h`` (``2 j 4 h`` in ``fr_CA``); ``—``
    when unknown."""
    if seconds is None:
        return "—"
    _ = (say or words()).gettext
    seconds = round(seconds)
    if seconds < 60:
        return _("%(s)s s", s=seconds)
    minutes = seconds // 60
    if minutes < 60:
        if minutes < 10 and seconds % 60:
            return _("%(min)s min %(s)s s", min=minutes, s=seconds % 60)
        return _("%(min)s min", min=minutes)
    hours = minutes // 60
    if hours < 48:
        if minutes % 60:
            return _("%(h)s h %(min)s min", h=hours, min=minutes % 60)
        return _("%(h)s h", h=hours)
    if hours % 24:
        return _("%(d)s d %(h)s h", d=hours // 24, h=hours % 24)
    return _("%(d)s d", d=hours // 24)


def money_text(amounts: Counter[str], currency: str | None, locale: str = "en_US") -> str:
    """Sums per currency for people in ``locale``: ``$12.50``, or ``$12.50 + €8.00`` for a
    chain; zero in ``currency`` (or ``0.00``) when there is nothing."""
    parts = [Money.from_minor(v, c).format(locale) for c, v in sorted(amounts.items()) if v]
    if parts:
        return " + ".join(parts)
    return Money.zero(currency).format(locale) if currency else "0.00"

"""What a report is about: its kind, its store (or the whole chain) and its period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..domain import StoreInfo
from ..errors import InvalidInput
from ..i18n import Words, words
from ..inputs import check_date

if TYPE_CHECKING:
    from ..service.context import Context

KINDS = ("summary", "signage", "tags", "price-changes")
DEFAULT_DAYS = 30
DEFAULT_OPEN_DAYS = 7
#: The range of ``until`` a report accepts.
EARLIEST, LATEST = date(1900, 1, 1), date(9998, 12, 31)


@dataclass(frozen=True)
class ReportRequest:
    """One report to build. This is the ``report`` that ``posdisc_report_sections`` gets.

    :ivar kind: ``summary``, ``signage`` or ``tags``.
    :ivar store: the store, or ``None`` for the whole chain (summary only).
    :ivar since: first day of the period (inclusive), in the store's time zone.
    :ivar until: last day of the period (inclusive).
    :ivar generated_at: when the report was made (UTC).
    :ivar open_days: the summary lists tags still open after this many days.
    """

    kind: str
    store: StoreInfo | None
    since: date
    until: date
    generated_at: datetime
    open_days: int = DEFAULT_OPEN_DAYS

    @cached_property
    def zone(self) -> ZoneInfo:
        """The time zone days are counted in: the store's, or UTC for the chain."""
        name = self.store.timezone if self.store is not None else "UTC"
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("UTC")

    @property
    def start(self) -> datetime:
        """The period's first instant (aware)."""
        return datetime.combine(self.since, time(0), self.zone)

    @property
    def end(self) -> datetime:
        """The instant just after the period (aware, exclusive)."""
        return datetime.combine(self.until + timedelta(days=1), time(0), self.zone)

    @property
    def words(self) -> Words:
        """The words and formats of the store's language (``en_US`` for the chain)."""
        return words(self.store.locale if self.store is not None else None)

    @property
    def store_id(self) -> str | None:
        """The store code, or ``None`` for the chain."""
        return None if self.store is None else self.store.code

    @property
    def scope(self) -> str:
        """``Main St (S001)`` or ``All stores``."""
        if self.store is None:
            return self.words.gettext("All stores")
        return f"{self.store.name} ({self.store.code})"

    @property
    def period_label(self) -> str:
        """``2026-11-01 to 2026-11-25`` (or one day)."""
        if self.since == self.until:
            return self.since.isoformat()
        return self.words.gettext(
            "%(since)s to %(until)s", since=self.since.isoformat(), until=self.until.isoformat()
        )

    def local(self, moment: datetime) -> datetime:
        """``moment`` in the report's time zone."""
        return moment.astimezone(self.zone)

    @property
    def printed_label(self) -> str:
        """``printed 2026-11-25 15:00 EST``."""
        when = self.words.datetime(self.generated_at, str(self.zone), "yyyy-MM-dd HH:mm zzz")
        return self.words.gettext("printed %(when)s", when=when)


def make_request(
    ctx: Context,
    kind: str,
    *,
    store: str | None,
    since: object = None,
    until: object = None,
    open_days: int = DEFAULT_OPEN_DAYS,
) -> ReportRequest:
    """Validate a report's parameters; ``InvalidInput`` / ``NotFound`` name the field.

    ``until`` defaults to today and ``since`` to 30 days before it. Only the summary may
    leave out the store (the whole chain).
    """
    if kind not in KINDS:
        raise InvalidInput(f"kind: {kind!r} is not one of {', '.join(KINDS)}", field="kind")
    info = None
    if store is not None and store != "":
        info = ctx.store_info(store)
    elif kind != "summary":
        raise InvalidInput(
            f"store: the {kind} report is for one store; give --store", field="store"
        )
    if isinstance(open_days, bool) or not isinstance(open_days, int) or not 0 <= open_days <= 3650:
        raise InvalidInput(
            "open_days: must be a whole number of days, 0 to 3650", field="open_days"
        )
    now = ctx.clock()
    zone = ReportRequest(kind, info, now.date(), now.date(), now).zone
    today = now.astimezone(zone).date()
    until_day = check_date(until, field="until") or today
    if not EARLIEST <= until_day <= LATEST:  # the period's arithmetic stays within dates
        raise InvalidInput(
            f"until: {until_day.isoformat()} is not between {EARLIEST} and {LATEST}", field="until"
        )
    since_day = check_date(since, field="since") or until_day - timedelta(days=DEFAULT_DAYS - 1)
    if isinstance(since_day, datetime) or isinstance(until_day, datetime):
        raise InvalidInput("since: give dates (2026-11-01), not times", field="since")
    if since_day > until_day:
        raise InvalidInput(
            f"since: {since_day.isoformat()} is after until ({until_day.isoformat()})",
            field="since",
        )
    if (until_day - since_day).days > 3660:
        raise InvalidInput("since: a report covers at most ten years", field="since")
    return ReportRequest(kind, info, since_day, until_day, now, open_days)

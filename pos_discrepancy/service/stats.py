"""Store outcomes: the measures of a period, the chain signal, and the daily scan counts
registers report (docs/outcomes.md)."""

from __future__ import annotations

from datetime import timedelta

from ..domain.chain_signal import ChainSignalRow
from ..domain.numbers import whole_number
from ..domain.outcomes import OutcomeMeasures
from ..errors import N_, InvalidInput
from ..inputs import check_code, check_date
from ..reports.period import EARLIEST, make_request
from ..reports.stats import CHAIN_SIGNAL_LIMIT, gather_chain_signal, gather_outcomes
from ..store import scan_counts
from .context import Context

#: No register scans this many items in a day; a larger count is a typing error.
MAX_DAILY_SCANS = 10**9


def stats(
    ctx: Context, store: str, *, since: object = None, until: object = None
) -> OutcomeMeasures:
    """The outcome measures of ``store`` from ``since`` to ``until`` (inclusive days in the
    store's time zone; default the 30 days up to today).

    :raises InvalidInput: a bad or reversed period, naming ``since`` or ``until``.
    :raises NotFound: an unknown store.
    """
    if store is None or (isinstance(store, str) and not store.strip()):
        raise InvalidInput("store: give the store whose measures you want", field="store")
    request = make_request(ctx, "summary", store=store, since=since, until=until)
    with ctx.reading() as connection:
        return gather_outcomes(connection, request)


def chain_signal(
    ctx: Context,
    *,
    since: object = None,
    until: object = None,
    min_stores: object = 2,
    limit: object = CHAIN_SIGNAL_LIMIT,
) -> list[ChainSignalRow]:
    """SKUs mismatching at ``min_stores`` or more stores from ``since`` to ``until`` (days
    counted in UTC across the chain): likely price-file or promotion-feed errors."""
    stores = whole_number(min_stores, field="min_stores", least=2, most=100_000, signed=True)
    most = whole_number(limit, field="limit", least=1, most=10_000, signed=True)
    request = make_request(ctx, "summary", store=None, since=since, until=until)
    with ctx.reading() as connection:
        return gather_chain_signal(connection, request, min_stores=stores, limit=most)


def record_scans(
    ctx: Context, store: str, *, day: object, scans: object, register: str | None = None
) -> bool:
    """Record how many items ``register`` (``None``: the whole store) scanned on ``day``.

    A count reported again for the same day replaces the first. Returns ``True`` when it
    replaced one.

    :raises InvalidInput: a scan count that is not a whole number from 0, a day that is
        missing, not a date or after today (in the store's time zone), a bad register code.
    """
    info = ctx.store_info(store)
    register_id = (
        "" if register is None or register == "" else check_code(register, field="register")
    )
    count = whole_number(scans, field="scans", least=0, most=MAX_DAILY_SCANS, signed=True)
    on = check_date(day, field="day")
    if on is None:
        raise InvalidInput.worded("day", N_("give the day the items were scanned, like 2026-11-30"))
    today = make_request(ctx, "summary", store=info.code).until
    if on > today:
        raise InvalidInput.worded(
            "day",
            N_("%(day)s is after today (%(today)s)"),
            day=on.isoformat(),
            today=today.isoformat(),
        )
    if on < EARLIEST + timedelta(days=1):
        raise InvalidInput.worded("day", N_("%(day)s is too long ago"), day=on.isoformat())
    with ctx.transaction() as connection:
        return scan_counts.record_scans(
            connection=connection, store_id=info.code, day=on, register_id=register_id,
            scans=count, recorded_at=ctx.clock(),
        )  # fmt: skip


__all__ = ["CHAIN_SIGNAL_LIMIT", "MAX_DAILY_SCANS", "chain_signal", "record_scans", "stats"]

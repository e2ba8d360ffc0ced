"""Policy what-if: replay a store's recorded incidents under another policy (docs/whatif.md).

The I/O around the pure replay (:mod:`pos_discrepancy.domain.whatif_totals`): check the
store, period and settings, stream the period's resolved incidents twice (once for what
the period showed, once to replay them), and rebuild each incident's options under the
other policy with the register's own option code (:func:`.check.register_options`).
Nothing is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, func, select

from ..claims import stored_discrepancy
from ..domain import (
    CustomerOutcome,
    Discrepancy,
    Option,
    Resolution,
    ScannedItem,
)
from ..domain.whatif import RecordedIncident
from ..domain.whatif_policy import what_if_policy
from ..domain.whatif_result import WhatIf
from ..domain.whatif_totals import Evidence, assumptions, replay
from ..errors import N_, ConfigurationError, InvalidInput
from ..i18n import words
from ..money import Money
from ..reports.period import ReportRequest, make_request
from ..reports.queries import STREAM_BATCH, period_filter
from ..store.repository import DECISIONS, INCIDENTS
from .check import register_options
from .context import Context

_RESOLVED = (Resolution.HONORED.value, Resolution.DECLINED.value)
_COLUMNS = (
    INCIDENTS.c.id,
    INCIDENTS.c.sku,
    INCIDENTS.c.description,
    INCIDENTS.c.currency,
    INCIDENTS.c.scanned_price_minor,
    INCIDENTS.c.quantity,
    INCIDENTS.c.claimed_total_minor,
    INCIDENTS.c.difference_minor,
    INCIDENTS.c.line_difference_minor,
    INCIDENTS.c.direction,
    INCIDENTS.c.resolution,
    INCIDENTS.c.claim_json,
    INCIDENTS.c.options_json,
    INCIDENTS.c.detected_at,
    INCIDENTS.c.escalated_at,
    INCIDENTS.c.resolved_at,
    DECISIONS.c.action,
    DECISIONS.c.charge_minor,
    DECISIONS.c.approval,
    DECISIONS.c.customer_outcome,
    DECISIONS.c.bonus_minor,
)


def whatif(
    ctx: Context,
    store: str,
    *,
    since: object = None,
    until: object = None,
    settings: Mapping[str, Any] | None = None,
    jurisdiction: str | None = None,
) -> WhatIf:
    """See :meth:`pos_discrepancy.desk.Desk.whatif`."""
    period = make_request(ctx, "summary", store=store, since=since, until=until)
    info = period.store
    if info is None:
        raise InvalidInput.worded("store", N_("a what-if is for one store; give the store"))
    settings = dict(settings or {})
    policy = what_if_policy(info.policy, settings, jurisdiction)
    _check_jurisdiction(ctx, policy.jurisdiction)
    other = replace(info, jurisdiction=policy.jurisdiction, policy=policy)
    say = words(info.locale)
    notes: list[str] = []

    def options_under(discrepancy: Discrepancy) -> tuple[Option, ...]:
        warnings: list[str] = []
        options = register_options(ctx, discrepancy, other, warnings)
        notes.extend(w for w in warnings if w not in notes)
        return options

    with ctx.reading() as connection:
        evidence = Evidence.of(_records(connection, period))
        open_incidents = _open_count(connection, period)
        if not _resolved_count(connection, period):
            raise _empty_period(period, open_incidents)
        result = replay(
            _records(connection, period),
            evidence=evidence,
            current=info.policy,
            policy=policy,
            options_under=options_under,
            currency=info.currency,
            say=say,
        )
    return WhatIf(
        store=info.code,
        store_name=info.name,
        currency=info.currency,
        since=period.since,
        until=period.until,
        settings={str(k): _text(v) for k, v in settings.items()},
        jurisdiction=(info.policy.jurisdiction, policy.jurisdiction),
        replay=result,
        evidence=evidence,
        open_incidents=open_incidents,
        assumptions=assumptions(evidence, policy, open_incidents=open_incidents, say=say),
        notes=tuple(notes),
        say=say,
    )


def installed_jurisdictions(ctx: Context) -> list[str]:
    """The jurisdiction names the installed rule plugins implement, sorted."""
    names: set[str] = set()
    for answer in ctx.pm.hook.posdisc_jurisdictions():
        names.update(answer or ())
    return sorted(names)


def _check_jurisdiction(ctx: Context, name: str | None) -> None:
    """An unknown jurisdiction plugin is the caller's mistake here (422), not start-up's."""
    try:
        ctx.check_jurisdictions([name])
    except ConfigurationError as error:
        raise InvalidInput(error.message, field="jurisdiction") from None


def _empty_period(period: ReportRequest, open_incidents: int) -> InvalidInput:
    store, since, until = period.store_id, period.since, period.until
    if open_incidents:
        return InvalidInput.worded(
            "since",
            N_("no resolved incidents at %(store)s from %(since)s to %(until)s (%(open)s still "
               "open); choose a period whose incidents are resolved"),
            open=open_incidents,
            store=store, since=since, until=until,
        )  # fmt: skip
    return InvalidInput.worded(
        "since",
        N_("no incidents at %(store)s from %(since)s to %(until)s; choose a period with "
           "incidents"),
        store=store, since=since, until=until,
    )  # fmt: skip


def _resolved_count(connection: Connection, period: ReportRequest) -> int:
    query = select(func.count()).where(
        *period_filter(period), INCIDENTS.c.resolution.in_(_RESOLVED)
    )
    return int(connection.execute(query).scalar_one())


def _open_count(connection: Connection, period: ReportRequest) -> int:
    query = select(func.count()).where(
        *period_filter(period), INCIDENTS.c.resolution.not_in(_RESOLVED)
    )
    return int(connection.execute(query).scalar_one())


def _records(connection: Connection, period: ReportRequest) -> Iterator[RecordedIncident]:
    """The period's resolved incidents, oldest first, streamed."""
    query = (
        select(*_COLUMNS)
        .select_from(INCIDENTS.join(DECISIONS, DECISIONS.c.incident_id == INCIDENTS.c.id))
        .where(*period_filter(period), INCIDENTS.c.resolution.in_(_RESOLVED))
        .order_by(INCIDENTS.c.detected_at, INCIDENTS.c.id)
    )
    for row in connection.execute(query.execution_options(yield_per=STREAM_BATCH)):
        yield _record(row)


def _record(row: Any) -> RecordedIncident:
    currency = row.currency

    def money(minor: int | None) -> Money | None:
        return None if minor is None else Money.from_minor(int(minor), currency)

    scanned = ScannedItem(
        sku=row.sku,
        scanned_price=Money.from_minor(int(row.scanned_price_minor), currency),
        quantity=int(row.quantity),
        scanned_at=row.detected_at,
        description=row.description or None,
    )
    totals = {
        "claimed_line_total": Money.from_minor(int(row.claimed_total_minor), currency),
        "difference": Money.from_minor(int(row.difference_minor), currency),
        "line_difference": Money.from_minor(int(row.line_difference_minor), currency),
    }
    discrepancy = stored_discrepancy(
        json.loads(row.claim_json), scanned=scanned, direction=row.direction, totals=totals
    )
    offered = tuple(Option.from_dict(o, currency) for o in json.loads(row.options_json))
    escalated = row.escalated_at is not None
    waited = escalated and row.resolved_at is not None
    charge = money(row.charge_minor) or scanned.line_total
    return RecordedIncident(
        incident_id=row.id,
        discrepancy=discrepancy,
        offered=offered,
        action=row.action,
        resolution=Resolution(row.resolution),
        charge=charge,
        bonus=money(row.bonus_minor),
        escalated=escalated,
        approval=row.approval,
        wait_seconds=_seconds(row.resolved_at - row.escalated_at) if waited else None,
        customer_outcome=CustomerOutcome(row.customer_outcome or CustomerOutcome.UNKNOWN),
    )


def _seconds(delta: timedelta) -> Decimal:
    """A duration in exact seconds (to the microsecond)."""
    return Decimal(delta // timedelta(microseconds=1)) / Decimal(1_000_000)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)

"""What the reports page shows of a period, and the tags still to fix (the fix page)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from ..service.context import Context
from .figures import Figures
from .period import ReportRequest, make_request
from .queries import SignageRow, old_open_tags, signage_rows, top_locations, top_skus
from .summary import gather_figures


@dataclass(frozen=True)
class PeriodOverview:
    """A period of one store: the summary's figures, top lists and old open tags."""

    request: ReportRequest
    figures: Figures
    top_skus: list[Any]
    top_locations: list[Any]
    open_total: int
    open_oldest: list[Any]


def gather_overview(ctx: Context, request: ReportRequest) -> PeriodOverview:
    """Gather the figures, top lists and old open tags of ``request``'s period."""
    with ctx.reading() as connection:
        figures = gather_figures(connection, request)
        open_total, open_oldest = old_open_tags(connection, request)
        return PeriodOverview(
            request=request,
            figures=figures,
            top_skus=top_skus(connection, request),
            top_locations=top_locations(connection, request),
            open_total=open_total,
            open_oldest=open_oldest,
        )


def open_tags(ctx: Context, store: str, *, days: int) -> list[SignageRow]:
    """The store's SKUs whose tag is still to fix (found in the last ``days``), in walking
    order, as the worklist lists them."""
    report = make_request(ctx, "signage", store=store)
    report = replace(report, since=report.until - timedelta(days=days))
    with ctx.reading() as connection:
        return signage_rows(connection, report)

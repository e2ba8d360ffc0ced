"""The dashboard: how the signed-in member's store is doing, in charts (docs/outcomes.md).

``GET /dashboard?since=&until=`` (default the last 30 days) shows the store's outcome
measures from :meth:`Desk.stats` — the same figures as ``posdisc stats``, the JSON API and
the summary PDF — as four server-rendered SVG charts (incidents per day, accuracy week by
week, cost of honoring vs walk-aways, time to fix), the measures table, the repeat SKUs
and the chain signal (SKUs wrong in several stores). A bad period is the page again for
the default period, with the reason.
"""

from __future__ import annotations

from flask import Blueprint, flash, render_template, request

from pos_discrepancy.errors import DiscrepancyError
from pos_discrepancy.reports.stats_charts import outcome_charts
from pos_discrepancy.reports.stats_words import chain_words, measure_rows

from ..extension import current_desk
from .access import SignedIn, role_required
from .i18n import field_message, page_words
from .report_charts import svg_markup
from .reports import FIELD_LABELS, READERS

bp = Blueprint("pages_dashboard", __name__)
#: Width of each chart's drawing in points: narrower than the reports page's, so its
#: labels stay readable when a phone shrinks it to the screen.
CHART_WIDTH = 420


@bp.get("/dashboard")
@role_required(*READERS)
def index(staff: SignedIn) -> tuple[str, int]:
    """The store's measures and charts over the period."""
    desk = current_desk()
    since, until = request.args.get("since"), request.args.get("until")
    status = 200
    try:
        measures = desk.stats(staff.store, since, until)
    except DiscrepancyError as error:
        flash(field_message(error, FIELD_LABELS), "error")
        status = error.http_status
        measures = desk.stats(staff.store)
    period = desk.report_request("summary", store=staff.store, since=measures.since,
                                 until=measures.until)  # fmt: skip
    say = page_words()
    charts = [
        (key, title, svg_markup(drawing, title=f"{title}, {period.period_label}", key=key))
        for key, title, drawing in outcome_charts(measures, CHART_WIDTH, say)
    ]
    signal = desk.chain_signal(measures.since, measures.until)
    html = render_template(
        "pages/dashboard.html",
        measures=measures,
        period=period,
        rows=measure_rows(measures, say),
        charts=charts,
        signal=[
            (row, chain_words(row, say), any(s.store == staff.store for s in row.stores))
            for row in signal
        ],
    )
    return html, status

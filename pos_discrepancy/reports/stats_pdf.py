"""The summary PDF's outcome pages: the measures and charts of the dashboard for a store,
and the chain signal (SKUs wrong in several stores) for the chain or the store."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.flowables import KeepTogether
from sqlalchemy import Connection

from ..domain.outcomes import OutcomeMeasures
from .period import ReportRequest
from .stats import gather_chain_signal, gather_outcomes
from .stats_charts import outcome_charts
from .stats_words import chain_words, measure_rows

#: Stores named in a chain-signal cell of the PDF; the rest are counted (``and 12 more
#: stores``), so a SKU wrong in hundreds of stores still fits on a page.
PDF_STORES = 12

Table = Callable[..., Flowable]


def outcome_section(
    connection: Connection,
    request: ReportRequest,
    width: float,
    *,
    table: Table,
    heading: ParagraphStyle,
    body: ParagraphStyle,
    measures: OutcomeMeasures | None = None,
) -> list[Flowable]:
    """The store's outcome measures (``measures`` when already gathered) and the
    dashboard's four charts; for the chain, the chain signal only (outcomes are a store's)."""
    story: list[Flowable] = []
    say = request.words
    if request.store is not None:
        if measures is None:
            measures = gather_outcomes(connection, request)
        rows = [
            (label, Paragraph(escape(text), body)) for _, label, text in measure_rows(measures, say)
        ]
        story.append(KeepTogether([
            Paragraph(escape(say.gettext("Outcomes: accuracy, cost and speed")), heading),
            table([("", ""), *rows], [width * 0.42, width * 0.58], head=False),
        ]))  # fmt: skip
        for _, title, drawing in outcome_charts(measures, width, say):
            story.append(KeepTogether([Paragraph(escape(title), heading), drawing]))
    story.extend(chain_section(connection, request, width, table=table, heading=heading,
                               body=body))  # fmt: skip
    return story


def chain_section(
    connection: Connection,
    request: ReportRequest,
    width: float,
    *,
    table: Table,
    heading: ParagraphStyle,
    body: ParagraphStyle,
) -> list[Flowable]:
    """SKUs mismatching in several stores (for a store: those it met too)."""
    say = request.words
    _ = say.gettext
    signal = gather_chain_signal(connection, request)
    if request.store is not None:
        signal = [r for r in signal if any(s.store == request.store_id for s in r.stores)]
    title = Paragraph(
        escape(_("Wrong in several stores: check the price file or promotion feed")), heading
    )
    if not signal:
        none = _("No SKU mismatched in more than one store in this period.")
        return [title, Paragraph(escape(none), body)]
    rows: list[tuple[Any, ...]] = [
        (r.sku, Paragraph(escape(r.description), body),
         Paragraph(escape(chain_words(r, say, limit=PDF_STORES)), body), say.number(r.incidents))
        for r in signal
    ]  # fmt: skip
    return [KeepTogether([
        title,
        table([(_("SKU"), _("Description"), _("Stores"), _("Incidents")), *rows],
              [width * 0.2, width * 0.35, width * 0.33, width * 0.12], numbers=3),
    ])]  # fmt: skip

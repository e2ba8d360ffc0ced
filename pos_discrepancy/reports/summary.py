"""The summary report: where the store loses money, and how fast it fixes its tags."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

import pluggy
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import KeepTogether
from sqlalchemy import Connection, Row

from ..domain.outcomes import IncidentFacts, OutcomeMeasures
from ..i18n import N_, Words
from ..store.quarantine import count_held
from .charts import LABEL_FORMATS, bucketed, incidents_by_day
from .figures import (
    DECISION_GROUPS,
    Figures,
    Progress,
    duration,
    gather,
    money_text,
    percentile,
)
from .layout import MARGIN, NumberedCanvas, draw_header, paper_size
from .period import ReportRequest
from .queries import (
    iter_incidents,
    iter_timings,
    old_open_tags,
    summary_groups,
    top_locations,
    top_skus,
)
from .stats import gather_outcomes
from .stats_pdf import outcome_section

log = logging.getLogger(__name__)
_STYLES = getSampleStyleSheet()
H2 = ParagraphStyle("h2", parent=_STYLES["Heading2"], fontSize=12, spaceBefore=10, spaceAfter=4)
BODY = ParagraphStyle("body", parent=_STYLES["BodyText"], fontSize=9, leading=11.5)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=8.5, leading=10)
EMPTY = ParagraphStyle(
    "empty",
    parent=BODY,
    fontSize=14,
    leading=18,
    spaceBefore=6,
    spaceAfter=6,
    fontName="Helvetica-Bold",
)


class IncidentStream:
    """The period's incidents for ``posdisc_report_sections``: iterable more than once,
    each pass streamed from the database (rows of ``queries.INCIDENT_COLUMNS``)."""

    def __init__(self, connection: Connection, request: ReportRequest) -> None:
        self._connection = connection
        self._request = request

    def __iter__(self) -> Iterator[Row[Any]]:
        return iter_incidents(self._connection, self._request)


def gather_figures(
    connection: Connection,
    request: ReportRequest,
    progress: Callable[[int], None] | None = None,
) -> Figures:
    """The summary's figures for ``request``'s period, in one streamed pass."""
    groups = summary_groups(connection, request)
    figures = gather(request, groups, iter_timings(connection, request), progress)
    figures.quarantined = _quarantined(connection, request)
    return figures


def _quarantined(connection: Connection, request: ReportRequest) -> int:
    """Synced events of the period held in quarantine (not applied)."""
    return count_held(
        connection=connection, store_id=request.store_id, since=request.start, until=request.end
    )


def gather_summary(
    connection: Connection,
    request: ReportRequest,
    progress: Callable[[int], None] | None = None,
    every: int = 1000,
) -> tuple[Figures, OutcomeMeasures | None]:
    """The summary's figures and, for a store, its outcome measures: the period's
    incidents stream once for both (they were two passes over the same rows)."""
    if request.store is None:
        return gather_figures(connection, request, progress), None
    figures = gather(request, summary_groups(connection, request), ())
    counter = Progress(progress, every)

    def each(facts: IncidentFacts) -> None:
        figures.add_facts(facts)
        counter.tick()

    measures = gather_outcomes(connection, request, each)
    counter.flush()
    figures.quarantined = _quarantined(connection, request)
    return figures, measures


def write_summary(
    out: BinaryIO,
    request: ReportRequest,
    connection: Connection,
    pm: pluggy.PluginManager,
    *,
    paper: str = "letter",
    progress: Callable[[int], None] | None = None,
) -> Figures:
    """Build the summary PDF into ``out``; returns the figures it printed."""
    figures, measures = gather_summary(connection, request, progress)
    page_size = paper_size(paper)
    document = SimpleDocTemplate(
        out, pagesize=page_size, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + 44, bottomMargin=MARGIN,
        title=request.words.gettext(
            "Summary %(scope)s %(period)s", scope=request.scope, period=request.period_label
        ),
        author="pos-discrepancy",
    )  # fmt: skip
    width = page_size[0] - 2 * MARGIN
    story = _story(figures, measures, connection, width)
    story.extend(_plugin_sections(pm, request, connection))

    title = request.words.gettext("Price discrepancy summary — %(scope)s", scope=request.scope)
    subtitle = f"{request.period_label} · {request.printed_label}"

    class Header(NumberedCanvas):
        def draw_page_header(self, page: int, pages: int) -> None:
            draw_header(
                self,
                page_size,
                title=title,
                subtitle=subtitle,
                page=page,
                pages=pages,
                say=request.words,
            )

    document.build(story, canvasmaker=Header)
    return figures


#: The chart's heading for each bar unit (translated where drawn).
UNIT_HEADINGS = {
    "day": N_("Incidents by day"),
    "week": N_("Incidents by week"),
    "month": N_("Incidents by month"),
}


def translated_group(label: str, say: Words) -> str:
    """A decision group's label in the store's language, its indent kept."""
    text = label.lstrip(" ")
    return label[: len(label) - len(text)] + say.gettext(text)


def _story(
    figures: Figures, measures: OutcomeMeasures | None, connection: Connection, width: float
) -> list[Flowable]:
    request = figures.request
    currency = None if request.store is None else request.store.currency
    say = request.words
    _ = say.gettext
    n = say.number
    story: list[Flowable] = []
    if not figures.incidents:
        story.append(Paragraph(_("No incidents in this period"), EMPTY))
        story.append(Paragraph(_(
            "No shelf-tag discrepancy was reported between %(since)s and %(until)s.",
            since=request.since.isoformat(), until=request.until.isoformat()), BODY))  # fmt: skip
    else:

        def cash(amounts: Counter[str]) -> str:
            return money_text(amounts, currency, say.locale)

        money = [
            (_("Incidents"), n(figures.incidents)),
            (_("Overcharges (scan above the tag)"), n(figures.overcharges)),
            (_("Undercharges (scan below the tag)"), n(figures.undercharges)),
            (_("Given away by honoring the tag"), cash(figures.given_away)),
            (_("Lost by undercharging at the till"), cash(figures.undercharged)),
            (_("Sales lost: customer walked away (%(count)s)", count=n(figures.walked_away)),
             cash(figures.lost_sales)),
            (_("Goodwill gestures"), cash(figures.goodwill)),
            (_("Remedies owed by law (bonus)"), cash(figures.bonus)),
        ]  # fmt: skip
        speed = [
            (_("Escalation wait, median / p90"),
             f"{duration(percentile(figures.escalation_waits, 0.5), say)} / "
             f"{duration(percentile(figures.escalation_waits, 0.9), say)}"),
            (_("Time to fix the tag, median / p90"),
             f"{duration(percentile(figures.fix_times, 0.5), say)} / "
             f"{duration(percentile(figures.fix_times, 0.9), say)}"),
            (_("Tags fixed / still open"),
             f"{n(figures.fixed)} / {n(figures.incidents - figures.fixed)}"),
            (_("Quarantined sync events (not applied)"), n(figures.quarantined)),
        ]  # fmt: skip
        story.append(Paragraph(_("Where the money goes"), H2))
        story.append(_table([("", ""), *money], [width * 0.62, width * 0.38], head=False))
        story.append(Paragraph(_("How fast we act"), H2))
        story.append(_table([("", ""), *speed], [width * 0.62, width * 0.38], head=False))
        unit, bars = bucketed(figures.by_day)
        chart = incidents_by_day(bars, width, label_format=LABEL_FORMATS[unit], say=say)
        story.append(KeepTogether([Paragraph(_(UNIT_HEADINGS[unit]), H2), chart]))
        decisions = [
            (translated_group(label, say), n(figures.decisions[key]))
            for key, label in DECISION_GROUPS
            if figures.decisions[key] or key in ("honored", "declined", "escalated")
        ]
        story.append(KeepTogether([Paragraph(_("Decisions at the register"), H2),
                                   _table([(_("Decision"), _("Incidents")), *decisions],
                                          [width * 0.62, width * 0.38])]))  # fmt: skip
        story.extend(_top_lists(connection, request, width))
    if not figures.incidents and figures.quarantined:
        story.append(Paragraph(
            _("Quarantined sync events (not applied): %(count)s", count=n(figures.quarantined)),
            BODY))  # fmt: skip
    story.extend(_old_open(connection, request, width))
    story.extend(outcome_section(connection, request, width, table=_table, heading=H2,
                                 body=CELL, measures=measures))  # fmt: skip
    return story


def _top_lists(connection: Connection, request: ReportRequest, width: float) -> list[Flowable]:
    say = request.words
    _, n = say.gettext, say.number
    skus = [
        (r.sku, _cell(r.description or ""), n(r.reports), n(r.locations))
        for r in top_skus(connection, request)
    ]
    places = [
        (_cell(r.location), n(r.reports), n(r.skus)) for r in top_locations(connection, request)
    ]
    story: list[Flowable] = [
        KeepTogether([
            Paragraph(_("Top SKUs"), H2),
            _table([(_("SKU"), _("Description"), _("Reports"), _("Locations")), *skus],
                   [width * 0.22, width * 0.52, width * 0.13, width * 0.13], numbers=2),
        ])
    ]  # fmt: skip
    if places:
        table: Flowable = _table(
            [(_("Location"), _("Reports"), _("SKUs")), *places],
            [width * 0.5, width * 0.25, width * 0.25],
            numbers=1,
        )
    else:
        table = Paragraph(_("No incident recorded a shelf location."), BODY)
    story.append(KeepTogether([Paragraph(_("Top locations"), H2), table]))
    return story


def _old_open(connection: Connection, request: ReportRequest, width: float) -> list[Flowable]:
    total, oldest = old_open_tags(connection, request)
    say = request.words
    _ = say.gettext
    days = request.open_days
    heading = Paragraph(
        say.ngettext("Open tags older than %(num)s day", "Open tags older than %(num)s days", days),
        H2,
    )
    if not total:
        return [
            heading,
            Paragraph(
                say.ngettext(
                    "None: no open tag has waited longer than %(num)s day.",
                    "None: no open tag has waited longer than %(num)s days.",
                    days,
                ),
                BODY,
            ),
        ]
    rows = [
        (r.sku if request.store else f"{r.store_id} {r.sku}", _cell(r.description or ""),
         _cell(r.location or "—"), request.local(r.first_seen).date().isoformat(),
         say.number(r.reports))
        for r in oldest
    ]  # fmt: skip
    note = say.ngettext(
        "%(num)s SKU still waits for a new tag", "%(num)s SKUs still wait for a new tag", total
    )
    if total > len(rows):
        note += say.gettext("; the %(count)s oldest:", count=say.number(len(rows)))
    return [
        KeepTogether([
            heading,
            Paragraph(note, BODY),
            Spacer(0, 4),
            _table([(_("SKU"), _("Description"), _("Location"), _("First seen"), _("Reports")),
                    *rows],
                   [width * 0.2, width * 0.38, width * 0.16, width * 0.14, width * 0.12],
                   numbers=4),
        ])
    ]  # fmt: skip


def _plugin_sections(
    pm: pluggy.PluginManager, request: ReportRequest, connection: Connection
) -> list[Flowable]:
    try:
        answers = pm.hook.posdisc_report_sections(
            report=request, incidents=IncidentStream(connection, request)
        )
    except Exception as error:  # a broken plugin must not cost the manager the report
        log.exception("a posdisc_report_sections plugin failed")
        say = request.words
        return [Paragraph(say.gettext("Plugin sections"), H2),
                Paragraph(escape(say.gettext(
                    "A report plugin failed and its section is missing: %(error)s",
                    error=error)), BODY)]  # fmt: skip
    sections: list[Flowable] = []
    for answer in answers:
        sections.extend(f for f in answer or () if isinstance(f, Flowable))
    return sections


def _cell(text: str) -> Paragraph:
    return Paragraph(escape(text), CELL)


def _table(
    rows: list[tuple[Any, ...]], widths: list[float], *, head: bool = True, numbers: int = -1
) -> Table:
    """A plain table; columns from ``numbers`` on are right-aligned figures."""
    data = rows if head else rows[1:]
    table = Table(data, colWidths=widths, repeatRows=1 if head else 0)
    style = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 8.5),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.Color(0.8, 0.8, 0.8)),
        ("ALIGN", (numbers, 0), (-1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if head:
        style += [
            ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8.5),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.93, 0.93, 0.93)),
        ]
    else:
        style.append(("FONT", (-1, 0), (-1, -1), "Helvetica-Bold", 9))
    table.setStyle(TableStyle(style))
    return table

"""What the reports page shows: the summary's own figures, and its charts as inline SVG.

The figures come from the same function as the summary PDF's
(:func:`pos_discrepancy.reports.summary.gather_figures`), so the page and the PDF never
disagree. The chart is the PDF's
reportlab drawing (:mod:`pos_discrepancy.reports.charts`) rendered to SVG and made fit
for embedding in HTML: no XML prolog, ids unique on the page, a real title, a font stack
a browser has, a size set by the page's CSS (the ``viewBox`` keeps its proportions), and
styles as presentation attributes (the pages' Content-Security-Policy allows no inline
``style``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, fields
from datetime import date
from functools import cached_property

from markupsafe import Markup
from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Drawing

from pos_discrepancy.reports.charts import LABEL_FORMATS, bucketed, incidents_by_day
from pos_discrepancy.reports.figures import duration, money_text, percentile
from pos_discrepancy.reports.overview import PeriodOverview
from pos_discrepancy.reports.summary import UNIT_HEADINGS

SVG_NS = "http://www.w3.org/2000/svg"
#: reportlab measures text in Helvetica; these fonts have the same widths.
FONT_STACK = "Helvetica, Arial, 'Liberation Sans', sans-serif"
#: Width of the drawing in points; the page scales it to its column.
CHART_WIDTH = 640
_URL_REF = re.compile(r"url\(#([^)]+)\)")


@dataclass(frozen=True)
class Overview(PeriodOverview):
    """A period of one store as the reports page shows it: the desk's figures, with the
    words and the chart the page needs."""

    @classmethod
    def of(cls, data: PeriodOverview) -> Overview:
        """The page's view of a period the desk gathered."""
        return cls(**{field.name: getattr(data, field.name) for field in fields(data)})

    def money(self, amounts: Counter[str]) -> str:
        """A money sum for people (``$12.50``; ``$0.00`` when nothing)."""
        currency = None if self.request.store is None else self.request.store.currency
        return money_text(amounts, currency, self.request.words.locale)

    def median_p90(self, seconds: list[float]) -> str:
        """``1 min 30 s / 3 min`` (median / p90), ``— / —`` when there is nothing."""
        say = self.request.words
        return (
            f"{duration(percentile(seconds, 0.5), say)} / {duration(percentile(seconds, 0.9), say)}"
        )

    @cached_property
    def by_unit(self) -> tuple[str, dict[date, list[int]]]:
        """The chart's bars: ``("day" | "week" | "month", {first day: [over, under]})``."""
        return bucketed(self.figures.by_day)

    def chart(self) -> Markup:
        """Incidents by day (week, month), overcharges and undercharges stacked, as SVG."""
        figures = self.figures
        unit, counts = self.by_unit
        say = self.request.words
        title = say.gettext(
            "%(heading)s, %(period)s: %(over)s, %(under)s",
            heading=say.gettext(UNIT_HEADINGS[unit]),
            period=self.request.period_label,
            over=say.ngettext("%(num)s overcharge", "%(num)s overcharges", figures.overcharges),
            under=say.ngettext("%(num)s undercharge", "%(num)s undercharges", figures.undercharges),
        )
        drawing = incidents_by_day(counts, CHART_WIDTH, label_format=LABEL_FORMATS[unit], say=say)
        return svg_markup(drawing, title=title, key="by-day")


def _declarations(style: str) -> list[tuple[str, str]]:
    """The ``(property, value)`` pairs of an inline ``style`` attribute."""
    pairs = (part.partition(":") for part in style.split(";"))
    return [(name.strip(), value.strip()) for name, _, value in pairs if name.strip()]


def svg_markup(drawing: Drawing, *, title: str, key: str) -> Markup:
    """``drawing`` as an ``<svg>`` element to put in a page; ``key`` prefixes its ids."""
    root = ET.fromstring(renderSVG.drawToString(drawing).encode("utf-8"))
    renamed = {}
    for element in root.iter():
        if "id" in element.attrib:
            renamed[element.attrib["id"]] = f"chart-{key}-{element.attrib['id']}"
            element.set("id", renamed[element.attrib["id"]])
    for element in root.iter():  # style="…" → presentation attributes, which CSP allows
        for name, value in _declarations(element.attrib.pop("style", "")):
            value = _URL_REF.sub(lambda m: f"url(#{renamed.get(m[1], m[1])})", value)
            if (name, value) == ("font-family", "Helvetica"):
                value = FONT_STACK
            element.set(name, value)
    for old in root.findall(f"{{{SVG_NS}}}title") + root.findall(f"{{{SVG_NS}}}desc"):
        root.remove(old)
    heading = ET.Element(f"{{{SVG_NS}}}title")
    heading.text = title
    root.insert(0, heading)
    for size in ("width", "height"):  # the CSS sizes it; the viewBox keeps the shape
        root.attrib.pop(size, None)
    root.set("role", "img")
    root.set("aria-label", title)
    root.set("class", "chart")
    for element in root.iter():  # plain tag names under one xmlns, as HTML writes SVG
        element.tag = element.tag.removeprefix(f"{{{SVG_NS}}}")
    root.set("xmlns", SVG_NS)
    return Markup(ET.tostring(root, encoding="unicode"))

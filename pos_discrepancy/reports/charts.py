"""Charts for the summary, drawn with reportlab graphics (vector, no images)."""

from __future__ import annotations

import math
from datetime import date, timedelta

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors

from ..i18n import Words, words

OVER_COLOUR = colors.HexColor("#c0392b")
UNDER_COLOUR = colors.HexColor("#2e86c1")


def nice_step(top: int) -> int:
    """A round axis step (1, 2 or 5 × 10ⁿ) giving about five gridlines up to ``top``."""
    raw = max(top, 4) / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if multiple * magnitude >= raw:
            return max(1, int(multiple * magnitude))
    return int(10 * magnitude)  # pragma: no cover - the loop always returns


#: Longest periods drawn with a bar a day, then a bar a week; longer: a bar a month.
DAILY_MAX_DAYS, WEEKLY_MAX_DAYS = 92, 731
#: How the bars of each unit are labelled.
LABEL_FORMATS = {"day": "%m-%d", "week": "%m-%d", "month": "%Y-%m"}


def bucketed(by_day: dict[date, list[int]]) -> tuple[str, dict[date, list[int]]]:
    """Counts per day, or per week (from Monday) or month for long periods, so a chart
    keeps about a hundred bars at most (a bar a day for ten years is a 2 MB SVG)."""
    if len(by_day) <= DAILY_MAX_DAYS:
        return "day", by_day
    unit = "week" if len(by_day) <= WEEKLY_MAX_DAYS else "month"
    merged: dict[date, list[int]] = {}
    first = min(by_day)  # the first bar starts with the period, not before it
    for day, (over, under) in sorted(by_day.items()):
        start = day - timedelta(days=day.weekday()) if unit == "week" else day.replace(day=1)
        start = max(start, first)
        counts = merged.setdefault(start, [0, 0])
        counts[0] += over
        counts[1] += under
    return unit, merged


def incidents_by_day(
    by_day: dict[date, list[int]],
    width: float,
    height: float = 190,
    label_format: str = LABEL_FORMATS["day"],
    say: Words | None = None,
) -> Drawing:
    """Stacked bars per day (or per the first day of a week or month, see
    :func:`bucketed`): overcharges (red) and undercharges (blue), with a legend.

    Long periods label every n-th bar so the labels never overlap; ``say`` writes the
    legend and the axis numbers (the store's words).
    """
    say = say or words()
    days = sorted(by_day)
    over = [by_day[d][0] for d in days]
    under = [by_day[d][1] for d in days]
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 34, 20
    chart.width, chart.height = width - 44, height - 48
    chart.data = [over, under]
    chart.categoryAxis.style = "stacked"
    chart.bars[0].fillColor = OVER_COLOUR
    chart.bars[1].fillColor = UNDER_COLOUR
    chart.bars.strokeColor = None
    chart.barSpacing = 0
    chart.groupSpacing = 1 if len(days) > 40 else 3
    step = max(1, -(-len(days) * 34 // int(chart.width)))  # about 34 pt per label
    chart.categoryAxis.categoryNames = [
        d.strftime(label_format) if i % step == 0 else "" for i, d in enumerate(days)
    ]
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.dy = -2
    chart.categoryAxis.tickDown = 2
    top = max((o + u for o, u in zip(over, under, strict=True)), default=0)
    step = nice_step(top)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(step * 4, math.ceil(top / step) * step)
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = "Helvetica"
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = say.number
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.Color(0.85, 0.85, 0.85)
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 34, height - 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 120
    legend.fontName = "Helvetica"
    legend.fontSize = 8
    legend.colorNamePairs = [
        (OVER_COLOUR, say.gettext("Overcharge (scan above tag)")),
        (UNDER_COLOUR, say.gettext("Undercharge (scan below tag)")),
    ]
    drawing.add(legend)
    return drawing

"""The outcome charts (reportlab drawings, vector): the dashboard shows them as SVG and
the summary PDF prints the same drawings.

Amounts and rates become floats here only to place bars and points on the drawing; every
figure a person reads comes exactly from :mod:`pos_discrepancy.domain.outcomes`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors

from ..domain.outcomes import INSPECTION_LINE, OutcomeMeasures
from ..i18n import N_, Words, words
from .charts import LABEL_FORMATS, OVER_COLOUR, bucketed, incidents_by_day, nice_step

GIVEN_COLOUR = colors.HexColor("#d68910")
LOST_COLOUR = colors.HexColor("#7d3c98")
FIX_COLOUR = colors.HexColor("#1e8449")
LINE_COLOUR = colors.HexColor("#2e86c1")
GRID = colors.Color(0.85, 0.85, 0.85)
Series = tuple[str, colors.Color, Sequence[float]]
#: The incidents chart's title for each bar's unit.
PER_UNIT = {
    "day": N_("Incidents per day"),
    "week": N_("Incidents per week"),
    "month": N_("Incidents per month"),
}
#: The time-to-fix bands of :data:`~pos_discrepancy.domain.outcomes.FIX_BUCKETS`, marked
#: for the catalogs (the JSON keeps the domain's English labels).
FIX_BAND_WORDS = (N_("under 1 h"), N_("1–4 h"), N_("4–24 h"), N_("1–3 days"), N_("3 days +"))


def _axes(
    chart: VerticalBarChart | HorizontalLineChart, names: list[str], top: float, whole: bool,
    say: Words,
) -> None:  # fmt: skip
    step = max(1, -(-len(names) * 40 // max(int(chart.width), 1)))  # about 40 pt a label
    chart.categoryAxis.categoryNames = [n if i % step == 0 else "" for i, n in enumerate(names)]
    for labels in (chart.categoryAxis.labels, chart.valueAxis.labels):
        labels.fontName, labels.fontSize = "Helvetica", 7
    chart.categoryAxis.labels.dy = -2
    chart.valueAxis.labelTextFormat = say.number
    chart.valueAxis.valueMin = 0
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    if top <= 5:
        unit = 1.0 if top > 2 or whole else 0.5
        chart.valueAxis.valueStep = unit
        chart.valueAxis.valueMax = max(unit * 4, math.ceil(top / unit) * unit)
    else:
        step_value = nice_step(math.ceil(top))
        chart.valueAxis.valueStep = step_value
        chart.valueAxis.valueMax = max(step_value * 4, math.ceil(top / step_value) * step_value)


def _legend(drawing: Drawing, height: float, pairs: list[tuple[colors.Color, str]]) -> None:
    legend = Legend()
    legend.x, legend.y = 34, height - 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 150
    legend.fontName, legend.fontSize = "Helvetica", 8
    legend.colorNamePairs = pairs
    drawing.add(legend)


def bars(
    names: list[str], series: list[Series], width: float, height: float = 190, *, whole: bool,
    say: Words | None = None,
) -> Drawing:  # fmt: skip
    """Side-by-side bars per category, one colour per series, with a legend; ``whole``:
    the values are counts (whole-number gridlines)."""
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 40, 20
    chart.width, chart.height = width - 50, height - 48
    chart.data = [list(values) or [0] for _, _, values in series]
    for index, (_, colour, _) in enumerate(series):
        chart.bars[index].fillColor = colour
    chart.bars.strokeColor = None
    chart.groupSpacing = 6
    top = max((max(v, default=0) for _, _, v in series), default=0)
    _axes(chart, names, top, whole, say or words())
    drawing.add(chart)
    if len(series) > 1:
        _legend(drawing, height, [(colour, label) for label, colour, _ in series])
    return drawing


def line(
    names: list[str], values: list[float | None], label: str, width: float, height: float = 190,
    *, floor: float | None = None, low: float = 0, say: Words | None = None,
) -> Drawing:  # fmt: skip
    """One line across the categories (``None``: no point), with a dashed ``floor``."""
    say = say or words()
    drawing = Drawing(width, height)
    chart = HorizontalLineChart()
    chart.x, chart.y = 40, 20
    chart.width, chart.height = width - 50, height - 48
    chart.data = [values if any(v is not None for v in values) else [0.0] * len(values)]
    chart.lines[0].strokeColor = LINE_COLOUR
    chart.lines[0].strokeWidth = 2
    chart.lines[0].symbol = None
    shown = [v for v in values if v is not None]
    _axes(chart, names, max([*shown, floor or 0, 0]), False, say)
    if low:  # a percentage near 100: show from a round number below the lowest point
        step = next(s for s in (0.5, 1, 2, 5, 10, 20, 25) if (100 - low) / s <= 6)
        chart.valueAxis.valueMin = math.floor(low / step) * step
        chart.valueAxis.valueMax = 100
        chart.valueAxis.valueStep = step
    drawing.add(chart)
    if floor is not None:
        lowest = chart.valueAxis.valueMin
        span = chart.valueAxis.valueMax - lowest
        y = chart.y + (floor - lowest) / span * chart.height
        drawing.add(Line(chart.x, y, chart.x + chart.width, y, strokeColor=OVER_COLOUR,
                         strokeDashArray=[4, 3], strokeWidth=1))  # fmt: skip
        floor_words = say.gettext(
            "inspection line %(percent)s", percent=say.percent(Decimal(f"{floor:g}"))
        )
        drawing.add(String(chart.x + chart.width - 2, y + 3, floor_words, fontName="Helvetica",
                           fontSize=7, textAnchor="end", fillColor=OVER_COLOUR))  # fmt: skip
    _legend(drawing, height, [(LINE_COLOUR, label)])
    return drawing


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def week_names(m: OutcomeMeasures) -> list[str]:
    """``11-16`` for each week of the period (its first day)."""
    return [w.start.strftime("%m-%d") for w in m.weeks]


def incidents_chart(m: OutcomeMeasures, width: float, say: Words) -> tuple[str, Drawing]:
    """Incidents a day (a week, a month for long periods), overcharges and undercharges."""
    unit, counts = bucketed({d.day: [d.overcharges, d.undercharges] for d in m.by_day})
    drawing = incidents_by_day(counts, width, label_format=LABEL_FORMATS[unit], say=say)
    return say.gettext(PER_UNIT[unit]), drawing


def accuracy_chart(m: OutcomeMeasures, width: float, say: Words) -> tuple[str, Drawing]:
    """Price accuracy per week against the inspection line; incidents a day per week
    when no scan counts were reported."""
    _ = say.gettext
    names = week_names(m)
    if m.scans is None:
        values = [_number(w.incidents_per_day) for w in m.weeks]
        label = _("Incidents a day (no scan counts reported)")
        return _("Incidents a day, week by week"), line(names, values, label, width, say=say)
    accuracy = [_number(w.price_accuracy_percent) for w in m.weeks]
    shown = [v for v in accuracy if v is not None]
    low = max(0.0, math.floor(min([*shown, float(INSPECTION_LINE)]) - 1))
    drawing = line(names, accuracy, _("Price accuracy, percentage of scanned items priced right"),
                   width, floor=float(INSPECTION_LINE), low=low, say=say)  # fmt: skip
    return _("Price accuracy, week by week"), drawing


def cost_chart(m: OutcomeMeasures, width: float, say: Words) -> tuple[str, Drawing]:
    """Per week: money given away by honoring against sales lost to walk-aways."""
    _ = say.gettext
    given = [float(w.given_away.amount) for w in m.weeks]
    lost = [float(w.lost_sales_after_decline.amount) for w in m.weeks]
    series: list[Series] = [
        (_("Given away by honoring (%(currency)s)", currency=m.currency), GIVEN_COLOUR, given),
        (_("Lost: walked away after a decline (%(currency)s)", currency=m.currency),
         LOST_COLOUR, lost),
    ]  # fmt: skip
    drawing = bars(week_names(m), series, width, whole=False, say=say)
    return _("Cost of honoring vs walk-aways"), drawing


def fix_chart(m: OutcomeMeasures, width: float, say: Words) -> tuple[str, Drawing]:
    """How many tags were fixed within each band of time after detection."""
    names = [say.gettext(label) for label, _ in m.fix_buckets]
    series: list[Series] = [(say.gettext("Tags fixed"), FIX_COLOUR, [n for _, n in m.fix_buckets])]
    return say.gettext("Time to fix the tag"), bars(names, series, width, whole=True, say=say)


def outcome_charts(
    m: OutcomeMeasures, width: float, say: Words | None = None
) -> list[tuple[str, str, Drawing]]:
    """``(key, title, drawing)`` of the four charts, in the dashboard's order, in the
    store's words (``say``)."""
    say = say or words()
    return [
        ("incidents", *incidents_chart(m, width, say)),
        ("accuracy", *accuracy_chart(m, width, say)),
        ("cost", *cost_chart(m, width, say)),
        ("fix", *fix_chart(m, width, say)),
    ]

"""The signage worklist: one row per SKU whose tag needs fixing, in walking order.

Drawn straight onto the canvas with fixed row heights, so the page count is known
before the first page ("Page 2 of 5") and a thousand rows render in well under a second.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from reportlab.pdfgen.canvas import Canvas

from ..i18n import N_, STORE_CLOCK, Words
from .barcodes import draw_symbol, symbol_for, unprintable_reason
from .causes import cause_label
from .layout import (
    BOLD,
    GREY,
    MARGIN,
    OBLIQUE,
    REGULAR,
    draw_header,
    draw_lines,
    paper_size,
    truncate,
    wrap,
)
from .period import ReportRequest
from .queries import SignageRow

ROW_HEIGHT = 58.0
HEAD_HEIGHT = 20.0
TOTALS_HEIGHT = 48.0
PAD = 4.0


@dataclass(frozen=True)
class Column:
    """One column of the worklist table."""

    key: str
    label: str
    width: float


FIXED_COLUMNS = (
    Column("check", N_("Done"), 30),
    Column("location", N_("Location"), 62),
    Column("item", N_("Item"), 0),  # takes what the others leave
    Column("barcode", N_("Scan to mark fixed"), 150),
    Column("tag", N_("Tag seen"), 58),
    Column("system", N_("System price"), 64),
    Column("reports", N_("Reports"), 44),
    Column("seen", N_("First / last seen"), 82),
    Column("cause", N_("Probable cause"), 90),
)


def columns_for(page_width: float) -> list[tuple[Column, float]]:
    """Each column with its left x, the item column taking the remaining width."""
    usable = page_width - 2 * MARGIN
    flex = usable - sum(c.width for c in FIXED_COLUMNS)
    placed, x = [], MARGIN
    for column in FIXED_COLUMNS:
        width = column.width or flex
        placed.append((Column(column.key, column.label, width), x))
        x += width
    return placed


def write_worklist(
    out: str | BinaryIO,
    request: ReportRequest,
    rows: Sequence[SignageRow],
    *,
    paper: str = "letter",
    progress: Callable[[int], None] | None = None,
) -> int:
    """Draw the worklist PDF for ``rows`` (already in walking order); returns the page count."""
    page_size = paper_size(paper, landscape_orientation=True)
    canvas = Canvas(out, pagesize=page_size, pageCompression=1)
    say = request.words
    canvas.setTitle(
        say.gettext(
            "Signage worklist %(scope)s %(period)s",
            scope=request.scope,
            period=request.period_label,
        )
    )
    canvas.setAuthor("pos-discrepancy")
    header_bottom = page_size[1] - MARGIN - 34
    body_top = header_bottom - HEAD_HEIGHT
    per_page = max(1, int((body_top - MARGIN) // ROW_HEIGHT))
    room_on_last = (body_top - MARGIN) - (len(rows) % per_page or per_page) * ROW_HEIGHT
    pages = max(1, math.ceil(len(rows) / per_page))
    if rows and room_on_last < TOTALS_HEIGHT:
        pages += 1
    title = say.gettext("Signage worklist — %(scope)s", scope=request.scope)
    subtitle = say.gettext(
        "Open tags reported %(period)s · %(printed)s",
        period=request.period_label, printed=request.printed_label)  # fmt: skip
    placed = columns_for(page_size[0])
    for page in range(1, pages + 1):
        draw_header(
            canvas, page_size, title=title, subtitle=subtitle, page=page, pages=pages, say=say
        )
        chunk = rows[(page - 1) * per_page : page * per_page]
        y = body_top
        if chunk or not rows:
            _column_heads(canvas, placed, header_bottom, say)
        for row in chunk:
            _draw_row(canvas, placed, row, top=y, request=request)
            y -= ROW_HEIGHT
            if progress is not None:
                progress(1)
        if page == pages:
            _totals(canvas, rows, y, page_size[0], request)
        canvas.showPage()
    canvas.save()
    return pages


def _column_heads(
    canvas: Canvas, placed: list[tuple[Column, float]], top: float, say: Words
) -> None:
    canvas.setFont(BOLD, 8)
    baseline = top - 13
    for column, x in placed:
        label = say.gettext(column.label)
        canvas.drawString(x + PAD, baseline, truncate(label, BOLD, 8, column.width - PAD))
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, top - HEAD_HEIGHT, placed[-1][1] + placed[-1][0].width, top - HEAD_HEIGHT)


def _draw_row(
    canvas: Canvas,
    placed: list[tuple[Column, float]],
    row: SignageRow,
    *,
    top: float,
    request: ReportRequest,
) -> None:
    bottom = top - ROW_HEIGHT
    cells = {column.key: (x, column.width) for column, x in placed}
    say = request.words
    _ = say.gettext

    x, width = cells["check"]
    canvas.setLineWidth(1)
    canvas.rect(x + PAD + 2, top - PAD - 15, 13, 13, stroke=1, fill=0)  # level with line one

    x, width = cells["location"]
    if row.location:
        lines = wrap(row.location, BOLD, 10, width - 2 * PAD, 2)
        draw_lines(canvas, lines, x=x + PAD, top=top - PAD, font=BOLD, size=10)
    else:
        draw_lines(
            canvas, [_("no location")], x=x + PAD, top=top - PAD, font=OBLIQUE, size=8, colour=GREY
        )

    x, width = cells["item"]
    lines = wrap(row.item_text(say), BOLD, 9, width - 2 * PAD, 3)
    end = draw_lines(canvas, lines, x=x + PAD, top=top - PAD, font=BOLD, size=9, leading=11)
    sku_line = truncate(_("SKU %(sku)s", sku=row.sku), REGULAR, 7.5, width - 2 * PAD)
    draw_lines(canvas, [sku_line], x=x + PAD, top=end, font=REGULAR, size=7.5, colour=GREY)

    x, width = cells["barcode"]
    symbol = symbol_for(row.sku)
    box_width, box_height = width - 2 * PAD, ROW_HEIGHT - 2 * PAD - 4
    if not draw_symbol(
        canvas, symbol, x=x + PAD, y=bottom + PAD + 2, width=box_width, height=box_height
    ):
        sku_lines = wrap(row.sku, BOLD, 9, box_width, 2)
        end = draw_lines(canvas, sku_lines, x=x + PAD, top=top - PAD, font=BOLD, size=9)
        note = wrap(
            _("No barcode: %(reason)s", reason=unprintable_reason(symbol, box_width)),
            OBLIQUE,
            7,
            box_width,
            3,
        )
        draw_lines(canvas, note, x=x + PAD, top=end, font=OBLIQUE, size=7, colour=GREY)

    x, width = cells["tag"]
    draw_lines(canvas, [say.money(row.tag_price)], x=x + PAD, top=top - PAD, font=REGULAR, size=10)
    if row.known_price is None:
        hint = _("check the item")
    else:
        hint = _("tag too high") if row.tag_above_system else _("tag too low")
    draw_lines(canvas, [hint], x=x + PAD, top=top - PAD - 13, font=OBLIQUE, size=7, colour=GREY)

    x, width = cells["system"]
    if row.known_price is None:  # the scanned price is the till's word, not the file's
        draw_lines(
            canvas, [_("unknown")], x=x + PAD, top=top - PAD, font=OBLIQUE, size=9, colour=GREY
        )
    else:
        price = say.money(row.known_price)
        draw_lines(canvas, [price], x=x + PAD, top=top - PAD, font=BOLD, size=10)

    x, width = cells["reports"]
    canvas.setFont(BOLD, 11)
    canvas.drawRightString(x + width - 2 * PAD - 6, top - PAD - 11, say.number(row.times_reported))

    x, width = cells["seen"]
    zone = str(request.zone)
    seen = [say.datetime(row.first_seen, zone, STORE_CLOCK)]
    if (last := say.datetime(row.last_seen, zone, STORE_CLOCK)) != seen[0]:
        seen.append(last)
    draw_lines(canvas, seen, x=x + PAD, top=top - PAD, font=REGULAR, size=7.5, leading=10)

    x, width = cells["cause"]
    lines = wrap(cause_label(row.cause, say), REGULAR, 8, width - 2 * PAD, 3)
    colour = GREY if not row.cause else (0, 0, 0)
    draw_lines(canvas, lines, x=x + PAD, top=top - PAD, font=REGULAR, size=8, colour=colour)

    canvas.setLineWidth(0.25)
    canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
    canvas.line(MARGIN, bottom, cells["cause"][0] + cells["cause"][1], bottom)
    canvas.setStrokeColorRGB(0, 0, 0)


def _totals(
    canvas: Canvas,
    rows: Sequence[SignageRow],
    top: float,
    page_width: float,
    request: ReportRequest,
) -> None:
    width = page_width - 2 * MARGIN
    say = request.words
    if not rows:
        draw_lines(
            canvas,
            [say.gettext("No open tags in this period: nothing to fix.")],
            x=MARGIN,
            top=top - 12,
            font=BOLD,
            size=12,
        )
        return
    reports = sum(r.times_reported for r in rows)
    high = sum(1 for r in rows if r.tag_above_system)
    lines = [
        say.gettext(
            "Totals: %(skus)s · %(reports)s · tag above the system price on %(high)s, "
            "below on %(low)s",
            skus=say.ngettext("%(num)s SKU to fix", "%(num)s SKUs to fix", len(rows)),
            reports=say.ngettext("%(num)s report", "%(num)s reports", reports),
            high=say.number(high),
            low=say.number(len(rows) - high),
        )
    ]
    hint = say.gettext(
        "After fixing a tag: posdisc fix --store %(store)s --sku <SKU> --staff <your code> "
        "[--cause …]",
        store=request.store_id,
    )
    end = draw_lines(
        canvas, [truncate(lines[0], BOLD, 10, width)], x=MARGIN, top=top - 8, font=BOLD, size=10
    )
    draw_lines(
        canvas,
        [truncate(hint, REGULAR, 8, width)],
        x=MARGIN,
        top=end - 2,
        font=REGULAR,
        size=8,
        colour=GREY,
    )

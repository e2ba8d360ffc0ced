"""The self-audit sheet: one row per sampled item, with its barcode to scan at the
register and blank boxes for the shelf price and the scanned price (docs/outcomes.md,
"Self-audit").

Rows follow the sample's order (walking order by aisle, then SKU). Barcodes are vector
symbols (:mod:`.barcodes`); a SKU no symbology can carry in the column prints as text
with the reason. The words follow the store's language.
"""

from __future__ import annotations

import math
from typing import BinaryIO

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

from ..domain.audit import PASS_LINE_PERCENT, Audit, AuditItem
from ..i18n import N_, Words, words
from .barcodes import draw_symbol, symbol_for, unprintable_reason
from .layout import BOLD, GREY, MARGIN, REGULAR, draw_header, draw_lines, truncate, wrap

PAGE = letter
ROW_HEIGHT = 56.0
#: Column widths in points, left to right: number, barcode, item, aisle, shelf, scanned.
COLUMNS = (22.0, 172.0, 146.0, 52.0, 74.0, 74.0)
HEADINGS = ("#", N_("Barcode"), N_("Item"), N_("Aisle"), N_("Shelf price"), N_("Scanned price"))
#: Room above the rows on each page (header, notes, column headings) and below them.
TOP_ROOM, BOTTOM_ROOM = 108.0, 24.0


def rows_per_page() -> int:
    """How many item rows fit on one page."""
    return int((PAGE[1] - 2 * MARGIN - TOP_ROOM - BOTTOM_ROOM) // ROW_HEIGHT)


def write_audit_sheet(audit: Audit, out: BinaryIO, *, store_name: str, locale: str) -> None:
    """Draw the sheet of ``audit`` into ``out`` as PDF."""
    say = words(locale)
    canvas = Canvas(out, pagesize=PAGE, pageCompression=1)
    canvas.setTitle(say.gettext("Self-audit sheet") + f" {audit.store} {audit.id}")
    per_page = rows_per_page()
    pages = max(1, math.ceil(len(audit.items) / per_page))
    for page in range(pages):
        top = _page_top(canvas, audit, say, store_name, page + 1, pages)
        chunk = audit.items[page * per_page : (page + 1) * per_page]
        for index, item in enumerate(chunk):
            _row(canvas, say, page * per_page + index + 1, item, top - index * ROW_HEIGHT)
        canvas.showPage()
    canvas.save()


def _page_top(
    canvas: Canvas, audit: Audit, say: Words, store_name: str, page: int, pages: int
) -> float:
    """Header, notes and column headings; returns the top of the first row."""
    title = say.gettext("Self-audit sheet: %(store)s (%(code)s)", store=store_name,
                        code=audit.store)  # fmt: skip
    subtitle = say.gettext(
        "Audit %(audit)s · seed %(seed)s · %(size)s of %(items)s items, by aisle · "
        "started %(day)s by %(staff)s",
        audit=audit.id, seed=audit.seed, size=say.number(audit.size),
        items=say.number(audit.items_in_file), day=say.date(audit.started_at.date()),
        staff=audit.started_by,
    )  # fmt: skip
    y = draw_header(canvas, PAGE, title=title, subtitle=subtitle, page=page, pages=pages, say=say)
    notes = [
        say.gettext(
            "Write the price on each item's shelf tag, then scan the item at a register "
            "and write the price it scans at. Pass line: %(line)s %% of the checked items "
            "priced right (NIST Handbook 130).",
            line=say.number(PASS_LINE_PERCENT),
        )
    ]
    if audit.unknown_aisle_items:
        notes.append(
            say.ngettext(
                "%(num)s item has no known aisle (no shelf location recorded yet): it was "
                "sampled in the stratum “unknown aisle”.",
                "%(num)s items have no known aisle (no shelf location recorded yet): they "
                "were sampled as one stratum, “unknown aisle”.",
                audit.unknown_aisle_items,
            )
        )
    width = PAGE[0] - 2 * MARGIN
    lines = [line for note in notes for line in wrap(note, REGULAR, 8.5, width, 3)]
    y = draw_lines(canvas, lines[:5], x=MARGIN, top=y - 4, font=REGULAR, size=8.5, colour=GREY)
    heading_y = PAGE[1] - MARGIN - TOP_ROOM + 6
    canvas.setFont(BOLD, 9)
    x = MARGIN
    for heading, column in zip(HEADINGS, COLUMNS, strict=True):
        text = heading if heading == "#" else say.gettext(heading)
        canvas.drawString(x + 2, heading_y, truncate(text, BOLD, 9, column - 4))
        x += column
    canvas.setLineWidth(0.8)
    canvas.line(MARGIN, heading_y - 5, MARGIN + width, heading_y - 5)
    return heading_y - 5


def _row(canvas: Canvas, say: Words, number: int, item: AuditItem, top: float) -> None:
    """One item: number, barcode, description and SKU, aisle, two blank price boxes."""
    bottom = top - ROW_HEIGHT
    x = [MARGIN + sum(COLUMNS[:i]) for i in range(len(COLUMNS))]
    canvas.setFont(REGULAR, 9)
    canvas.drawString(x[0] + 2, top - 16, str(number))
    symbol = symbol_for(item.sku)
    drawn = draw_symbol(canvas, symbol, x=x[1] + 4, y=bottom + 6, width=COLUMNS[1] - 8,
                        height=ROW_HEIGHT - 12)  # fmt: skip
    if not drawn:
        draw_lines(canvas, wrap(item.sku, BOLD, 9, COLUMNS[1] - 8, 2), x=x[1] + 4,
                   top=top - 6, font=BOLD, size=9)  # fmt: skip
        reason = unprintable_reason(symbol, COLUMNS[1] - 8)
        draw_lines(canvas, wrap(reason, REGULAR, 7, COLUMNS[1] - 8, 2), x=x[1] + 4,
                   top=top - 30, font=REGULAR, size=7, colour=GREY)  # fmt: skip
    description = item.description or "—"
    draw_lines(canvas, wrap(description, REGULAR, 9, COLUMNS[2] - 8, 3), x=x[2] + 4,
               top=top - 6, font=REGULAR, size=9)  # fmt: skip
    canvas.setFont(REGULAR, 7)
    canvas.setFillColorRGB(*GREY)
    system = say.gettext("system %(price)s", price=say.money(item.system_price))
    canvas.drawString(x[2] + 4, bottom + 8, truncate(system, REGULAR, 7, COLUMNS[2] - 8))
    canvas.setFillColorRGB(0, 0, 0)
    aisle = item.aisle or say.gettext("unknown aisle")
    draw_lines(canvas, wrap(aisle, REGULAR, 9, COLUMNS[3] - 6, 3), x=x[3] + 3, top=top - 6,
               font=REGULAR, size=9)  # fmt: skip
    canvas.setLineWidth(0.8)
    for column in (4, 5):
        canvas.rect(x[column] + 6, bottom + 12, COLUMNS[column] - 12, ROW_HEIGHT - 24)
    canvas.setLineWidth(0.3)
    canvas.setStrokeColorRGB(*GREY)
    canvas.line(MARGIN, bottom, MARGIN + sum(COLUMNS), bottom)
    canvas.setStrokeColorRGB(0, 0, 0)


__all__ = ["rows_per_page", "write_audit_sheet"]

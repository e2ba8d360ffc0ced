"""Replacement shelf tags: a sheet of labels with the correct price, large.

Label sheets are common office stock (Avery-style grids); :data:`SHEETS` names the
built-in ones and :class:`LabelSheet` describes any other.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.units import inch, mm
from reportlab.pdfgen.canvas import Canvas

from ..errors import InvalidInput
from ..i18n import N_, Words, words
from .barcodes import draw_symbol, symbol_for
from .layout import (
    BOLD,
    GREY,
    OBLIQUE,
    REGULAR,
    draw_lines,
    fit_font_size,
    text_width,
    truncate,
    wrap,
)
from .period import ReportRequest
from .queries import SignageRow

#: Printed where the price goes on the tag of an item the price file does not know.
NO_PRICE = N_("NO PRICE")


@dataclass(frozen=True)
class LabelSheet:
    """A sheet of equal labels in a grid; lengths in points (1/72 inch)."""

    name: str
    page: tuple[float, float]
    columns: int
    rows: int
    label_width: float
    label_height: float
    left: float
    top: float
    column_gap: float = 0.0
    row_gap: float = 0.0

    @property
    def per_sheet(self) -> int:
        """Labels on one sheet."""
        return self.columns * self.rows

    def origin(self, index: int) -> tuple[float, float]:
        """Bottom-left corner of label ``index`` (0-based, across then down)."""
        column, row = index % self.columns, (index // self.columns) % self.rows
        x = self.left + column * (self.label_width + self.column_gap)
        y = self.page[1] - self.top - (row + 1) * self.label_height - row * self.row_gap
        return x, y


SHEETS = {
    sheet.name: sheet
    for sheet in (
        # 24 labels of 2⅝ × 1¼ in on US Letter
        LabelSheet(
            "letter-3x8",
            letter,
            3,
            8,
            2.625 * inch,
            1.25 * inch,
            0.1875 * inch,
            0.5 * inch,
            column_gap=0.125 * inch,
        ),
        # 24 labels of 70 × 37 mm on A4 (Avery 3474 layout)
        LabelSheet("a4-3x8", A4, 3, 8, 70 * mm, 37 * mm, 0, 0.5 * mm),
        # 10 large labels of 4 × 2 in on US Letter (Avery 5163 layout)
        LabelSheet(
            "letter-2x5",
            letter,
            2,
            5,
            4 * inch,
            2 * inch,
            0.15625 * inch,
            0.5 * inch,
            column_gap=0.1875 * inch,
        ),
    )
}
DEFAULT_SHEET = "letter-3x8"


def sheet_named(name: str | LabelSheet) -> LabelSheet:
    """A built-in sheet by name (or the given sheet); ``InvalidInput`` otherwise."""
    if isinstance(name, LabelSheet):
        return name
    sheet = SHEETS.get(str(name).lower())
    if sheet is None:
        raise InvalidInput(f"sheet: {name!r} is not one of {', '.join(SHEETS)}", field="sheet")
    return sheet


def write_tags(
    out: str | BinaryIO,
    request: ReportRequest,
    rows: Sequence[SignageRow],
    *,
    sheet: str | LabelSheet = DEFAULT_SHEET,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Draw one replacement tag per row; returns the number of sheets."""
    layout = sheet_named(sheet)
    canvas = Canvas(out, pagesize=layout.page, pageCompression=1)
    say = request.words
    canvas.setTitle(say.gettext("Replacement shelf tags %(scope)s %(period)s",
                                scope=request.scope, period=request.period_label))  # fmt: skip
    canvas.setAuthor("pos-discrepancy")
    if not rows:
        draw_lines(
            canvas,
            [say.gettext("No tags to print: no open tags in this period.")],
            x=layout.left + 12,
            top=layout.page[1] - layout.top - 12,
            font=BOLD,
            size=12,
        )
        canvas.showPage()
        canvas.save()
        return 1
    pages = math.ceil(len(rows) / layout.per_sheet)
    for index, row in enumerate(rows):
        if index and index % layout.per_sheet == 0:
            canvas.showPage()
        x, y = layout.origin(index)
        draw_tag(
            canvas,
            row,
            x=x,
            y=y,
            width=layout.label_width,
            height=layout.label_height,
            fallback_date=request.local(request.generated_at).date().isoformat(),
            say=say,
        )
        if progress is not None:
            progress(1)
    canvas.showPage()
    canvas.save()
    return pages


def draw_tag(
    canvas: Canvas,
    row: SignageRow,
    *,
    x: float,
    y: float,
    width: float,
    height: float,
    fallback_date: str,
    say: Words | None = None,
) -> None:
    """One shelf tag in the box at (``x``, ``y``): description, price, unit price,
    barcode and the date the price took effect, in ``say``'s language (``en_US``)."""
    say = say or words()
    _ = say.gettext
    pad = max(5.0, height * 0.06)
    inner_w, inner_h = width - 2 * pad, height - 2 * pad
    left, top = x + pad, y + height - pad
    canvas.setLineWidth(0.3)
    canvas.setStrokeColorRGB(0.75, 0.75, 0.75)
    canvas.roundRect(x + 1.5, y + 1.5, width - 3, height - 3, 4, stroke=1, fill=0)
    canvas.setStrokeColorRGB(0, 0, 0)

    text_size = min(11.0, max(7.5, inner_h * 0.1))
    description = (row.description or row.sku) if row.in_price_file else row.item_text(say)
    lines = wrap(description, BOLD, text_size, inner_w, 2)
    below_text = draw_lines(
        canvas, lines, x=left, top=top, font=BOLD, size=text_size, leading=text_size * 1.18
    )
    # Keep the price row in the same place whether the description took one line or two.
    price_top = top - 2 * text_size * 1.18 - 1
    below_text = min(below_text, price_top)

    small = max(6.0, text_size - 1.5)
    effective = row.price_updated.isoformat() if row.price_updated else fallback_date
    notes = [_("Effective %(day)s", day=effective)]
    dated = True  # the last note is the date, printed grey
    if row.unit_price is not None:
        notes.insert(0, f"{say.money(row.unit_price)} / {row.unit or _('unit')}")
    if row.known_price is None:  # never print the price the till typed as the shelf's
        notes, dated = [_("Price unknown:"), _("ask the office")], False
    note_width = max(text_width(n, REGULAR, small) for n in notes)
    price_text = _(NO_PRICE) if row.known_price is None else say.money(row.known_price)
    price_room = inner_w - note_width - 6
    price_size = fit_font_size(price_text, BOLD, inner_h * 0.3, 10, price_room)
    price_height = price_size * 1.05
    canvas.setFont(BOLD, price_size)
    canvas.drawString(
        left, below_text - price_size * 0.85, truncate(price_text, BOLD, price_size, price_room)
    )
    note_top = below_text - max(0.0, (price_height - len(notes) * small * 1.2) / 2)
    for number, note in enumerate(notes):
        is_date = dated and number == len(notes) - 1
        canvas.setFont(OBLIQUE if is_date else REGULAR, small)
        canvas.setFillColorRGB(*(GREY if is_date else (0, 0, 0)))
        canvas.drawRightString(left + inner_w, note_top - (number + 1) * small * 1.2 + 1.5, note)
    canvas.setFillColorRGB(0, 0, 0)

    barcode_top = below_text - price_height - 3
    barcode_height = barcode_top - (y + pad)
    symbol = symbol_for(row.sku)
    if barcode_height < 14 or not draw_symbol(
        canvas, symbol, x=left, y=y + pad, width=inner_w, height=barcode_height, font_size=6
    ):
        canvas.setFont(REGULAR, 7)
        canvas.drawString(
            left,
            y + pad + 1,
            truncate(_("SKU %(sku)s (no barcode)", sku=row.sku), REGULAR, 7, inner_w),
        )

"""Scannable SKU symbols drawn as reportlab vector rectangles (design §7).

A SKU that is a valid GTIN (correct GS1 check digit) prints as the symbol a retail
scanner expects: EAN-13 for 13 digits, UPC-A for 12. Anything else prints as Code 128.
A SKU that no symbology can carry at a readable size in the space given prints as text,
with a note saying so.

python-barcode computes the bar pattern; :class:`ReportLabWriter` receives each run of
bars through python-barcode's ``BaseWriter`` callbacks and paints it as one filled
rectangle, so the symbol stays crisp at any printer resolution.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from barcode.codex import Code128
from barcode.ean import EuropeanArticleNumber13
from barcode.errors import BarcodeError
from barcode.upc import UniversalProductCodeA
from barcode.writer import BaseWriter
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

EAN13 = "EAN-13"
UPCA = "UPC-A"
CODE128 = "Code 128"

#: Narrowest bar we print: 0.25 mm (about 10 mil) reads on ordinary laser printers
#: and phone cameras; thinner bars are where misreads start.
MIN_MODULE_MM = 0.25
#: GS1 nominal module for EAN/UPC (100 % magnification) is 0.33 mm; no need for more.
MAX_MODULE_MM = 0.33
#: Blank margin each side, in modules (EAN-13 needs 11 on the left; Code 128 needs 10).
QUIET_MODULES = 11


def gtin_check_digit(body: str) -> int:
    """The GS1 mod-10 check digit for the digits ``body`` (everything but the check)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def is_valid_gtin(sku: str) -> bool:
    """True when ``sku`` is 8, 12, 13 or 14 digits with a correct check digit."""
    return (
        sku.isascii()
        and sku.isdigit()
        and len(sku) in (8, 12, 13, 14)
        and gtin_check_digit(sku[:-1]) == int(sku[-1])
    )


@dataclass(frozen=True)
class Symbol:
    """How one SKU prints: a symbology and its bar pattern, or a reason it cannot.

    :ivar pattern: modules left to right, ``"1"`` a bar and ``"0"`` a space (empty when
        the SKU cannot be encoded).
    :ivar problem: why no barcode is printed, in words for the person holding the page.
    """

    sku: str
    symbology: str | None
    pattern: str
    problem: str | None = None

    @property
    def modules(self) -> int:
        """Width in modules, quiet zones included."""
        return len(self.pattern) + 2 * QUIET_MODULES

    def module_mm_for(self, width_pt: float) -> float | None:
        """The module width (mm) that fits ``width_pt``, or ``None`` if too narrow to read."""
        if not self.pattern:
            return None
        fitted = width_pt / mm / self.modules
        if fitted < MIN_MODULE_MM:
            return None
        return min(fitted, MAX_MODULE_MM)


def symbol_for(sku: str) -> Symbol:
    """Choose the symbology for ``sku`` and build its bar pattern."""
    try:
        if is_valid_gtin(sku) and len(sku) == 13:
            code: Any = EuropeanArticleNumber13(sku[:12])
            return Symbol(sku, EAN13, code.build()[0])
        if is_valid_gtin(sku) and len(sku) == 12:
            return Symbol(sku, UPCA, UniversalProductCodeA(sku[:11]).build()[0])
        code = Code128(sku)
        return Symbol(sku, CODE128, code.build()[0])
    except (BarcodeError, KeyError, RuntimeError, ValueError):
        return Symbol(sku, None, "", "cannot be printed as a barcode; key the SKU in by hand")


class ReportLabWriter(BaseWriter):  # type: ignore[misc]
    """A python-barcode writer that paints bars onto a reportlab canvas.

    python-barcode calls ``paint_module(xpos, ypos, width, color)`` once per run of
    same-coloured modules (positions in mm from the symbol's left edge); each dark run
    becomes one filled rectangle.
    """

    def __init__(self, canvas: Canvas, x: float, y: float, bar_height: float) -> None:
        super().__init__(None, self._paint_module, None, self._finish)
        self.canvas = canvas
        self.origin_x = x
        self.origin_y = y
        self.bar_height = bar_height
        self.painted = 0

    def _paint_module(self, xpos: float, ypos: float, width: float, color: object) -> None:
        if color != self.foreground:
            return
        self.canvas.rect(
            self.origin_x + xpos * mm, self.origin_y, width * mm, self.bar_height, stroke=0, fill=1
        )
        self.painted += 1

    def _finish(self) -> int:
        return self.painted


def draw_symbol(
    canvas: Canvas,
    symbol: Symbol,
    *,
    x: float,
    y: float,
    width: float,
    height: float,
    font_size: float = 7,
) -> bool:
    """Draw ``symbol`` in the box (``x``, ``y``) bottom-left, ``width`` × ``height`` points.

    The bars are centred horizontally with the SKU in digits underneath. Returns
    ``False`` (and draws nothing) when the symbol cannot be printed readably in that
    width; the caller then prints the SKU as text with :func:`unprintable_reason`.
    """
    module = symbol.module_mm_for(width)
    if module is None:
        return False
    symbol_width = symbol.modules * module * mm
    left = x + (width - symbol_width) / 2
    text_room = font_size + 2
    bar_height = max(height - text_room, 12.0)
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    writer = ReportLabWriter(canvas, left, y + text_room, bar_height)
    writer.set_options(
        {"module_width": module, "module_height": bar_height / mm, "quiet_zone": 0.0}
    )
    writer.origin_x = left + QUIET_MODULES * module * mm
    writer.render([symbol.pattern])
    canvas.setFont("Helvetica", font_size)
    canvas.drawCentredString(left + symbol_width / 2, y + 1, symbol.sku)
    canvas.restoreState()
    return True


def unprintable_reason(symbol: Symbol, width: float) -> str:
    """Why ``symbol`` was printed as text, for the note beside it."""
    if symbol.problem:
        return symbol.problem
    return f"too long for a barcode here ({len(symbol.sku)} characters); key it in"

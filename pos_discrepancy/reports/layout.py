"""Shared page furniture: paper sizes, fonts, text fitting, headers and page numbers."""

from __future__ import annotations

from typing import Any

from reportlab.lib.pagesizes import A4, landscape, letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..errors import InvalidInput
from ..i18n import Words, words

PAPER = {"letter": letter, "a4": A4}
MARGIN = 36.0  # half an inch: inside what office printers can reach
REGULAR, BOLD, OBLIQUE = "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"
GREY = (0.35, 0.35, 0.35)
ELLIPSIS = "…"


def paper_size(name: str, *, landscape_orientation: bool = False) -> tuple[float, float]:
    """The page size in points for ``letter`` or ``a4``."""
    size = PAPER.get(str(name).lower())
    if size is None:
        raise InvalidInput(f"paper: {name!r} is not one of letter, a4", field="paper")
    return landscape(size) if landscape_orientation else size


def text_width(text: str, font: str, size: float) -> float:
    """Width of ``text`` in points."""
    return stringWidth(text, font, size)


def truncate(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut to fit ``width``, ending in an ellipsis when cut."""
    if text_width(text, font, size) <= width:
        return text
    while text and text_width(text.rstrip() + ELLIPSIS, font, size) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS if text else ""


def wrap(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """Break ``text`` into at most ``max_lines`` lines no wider than ``width``.

    Breaks at spaces; a word wider than the line is split by characters. Text that does
    not fit in ``max_lines`` ends with an ellipsis on the last line.
    """
    lines: list[str] = []
    current = ""
    words = text.split()
    for index, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, font, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        while text_width(word, font, size) > width:  # a very long word: split it
            cut = len(word)
            while cut > 1 and text_width(word[:cut], font, size) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
        if len(lines) >= max_lines:
            rest = " ".join([current, *words[index + 1 :]]).strip()
            lines = lines[:max_lines]
            lines[-1] = truncate(f"{lines[-1]} {rest}", font, size, width)
            return lines
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        rest = " ".join(lines[max_lines - 1 :])
        lines = [*lines[: max_lines - 1], truncate(rest, font, size, width)]
    return lines


def fit_font_size(text: str, font: str, largest: float, smallest: float, width: float) -> float:
    """The largest font size (down to ``smallest``) at which ``text`` fits ``width``."""
    size = largest
    while size > smallest and text_width(text, font, size) > width:
        size -= 0.5
    return size


def draw_lines(
    canvas: Canvas,
    lines: list[str],
    *,
    x: float,
    top: float,
    font: str,
    size: float,
    leading: float | None = None,
    colour: tuple[float, float, float] = (0, 0, 0),
) -> float:
    """Draw ``lines`` downwards from ``top`` (the top of the first line); returns the bottom."""
    leading = leading or size * 1.2
    canvas.setFont(font, size)
    canvas.setFillColorRGB(*colour)
    y = top
    for line in lines:
        y -= leading
        canvas.drawString(x, y + (leading - size) / 2 + size * 0.2, line)
    canvas.setFillColorRGB(0, 0, 0)
    return y


def draw_header(
    canvas: Canvas,
    page_size: tuple[float, float],
    *,
    title: str,
    subtitle: str,
    page: int,
    pages: int,
    say: Words | None = None,
) -> float:
    """Title and subtitle at the top left, "Page N of M" at the top right (in ``say``'s
    language); returns the y just below the header rule."""
    width, height = page_size
    top = height - MARGIN
    page_label = (say or words()).gettext("Page %(page)s of %(pages)s", page=page, pages=pages)
    canvas.setFont(REGULAR, 9)
    label_width = text_width(page_label, REGULAR, 9)
    canvas.drawRightString(width - MARGIN, top - 12, page_label)
    room = width - 2 * MARGIN - label_width - 18
    canvas.setFont(BOLD, 14)
    canvas.drawString(MARGIN, top - 14, truncate(title, BOLD, 14, room))
    canvas.setFont(REGULAR, 9)
    canvas.setFillColorRGB(*GREY)
    canvas.drawString(MARGIN, top - 28, truncate(subtitle, REGULAR, 9, room))
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setLineWidth(0.8)
    canvas.line(MARGIN, top - 34, width - MARGIN, top - 34)
    return top - 34


class NumberedCanvas(Canvas):
    """A canvas that knows the page count when it draws each page's header.

    Platypus lays out pages one by one; this canvas keeps every page's state and draws
    the header ("Page 2 of 5") once the total is known, at save time.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        for number, state in enumerate(self._saved_pages, start=1):
            self.__dict__.update(state)
            self.draw_page_header(number, total)
            super().showPage()
        super().save()

    def draw_page_header(self, page: int, pages: int) -> None:
        """Draw page ``page`` of ``pages``'s header; subclasses override."""

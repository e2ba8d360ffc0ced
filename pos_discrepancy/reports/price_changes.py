"""The price-change list: SKUs whose price file is wrong and whose shelf tag was right.

When ops mark an incident's cause ``price_file_error`` (the shelf showed the right price),
the fix is at the POS, not at the shelf: the item leaves the signage worklist and the tag
sheet (a new tag would carry the wrong price) and comes here, for whoever maintains the
POS prices. A SKU leaves this list once the corrected price is imported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..i18n import N_, STORE_CLOCK
from .layout import BOLD, MARGIN, REGULAR, paper_size
from .period import ReportRequest
from .queries import PriceChangeRow

TITLE = N_("Price changes for the POS price file")
HEADER = (N_("SKU"), N_("Item"), N_("Location"), N_("Price file now"), N_("Correct price"),
          N_("Reports"), N_("Last reported"))  # fmt: skip


def write_price_changes(
    out: str | BinaryIO,
    request: ReportRequest,
    rows: Sequence[PriceChangeRow],
    *,
    paper: str = "letter",
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the list as a PDF table; returns the number of SKUs."""
    assert request.store is not None
    styles = getSampleStyleSheet()
    say = request.words
    _ = say.gettext
    document = SimpleDocTemplate(
        out, pagesize=paper_size(paper), leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN, bottomMargin=MARGIN, title=_(TITLE),
    )  # fmt: skip
    store = request.store
    story = [
        Paragraph(
            _("%(title)s: %(name)s (%(code)s)", title=_(TITLE), name=store.name, code=store.code),
            styles["Title"],
        ),
        Paragraph(
            _(
                "Incidents of %(period)s whose shelf tag was right and whose price file is "
                "wrong. Change these prices at the POS; no new shelf tag is needed.",
                period=request.period_label,
            ),
            styles["Normal"],
        ),
        Spacer(1, 12),
    ]
    if rows:
        body = [
            [r.sku, Paragraph(r.description or _("(not in the price file)"), styles["Normal"]),
             r.location or "—", say.money(r.file_price), say.money(r.correct_price),
             say.number(r.times_reported),
             say.datetime(r.last_seen, str(request.zone), STORE_CLOCK)]
            for r in rows
        ]  # fmt: skip
        table = Table([[_(label) for label in HEADER], *body], repeatRows=1, colWidths=(
            90, None, 60, 70, 70, 44, 80))  # fmt: skip
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, 0), BOLD, 9), ("FONT", (0, 1), (-1, -1), REGULAR, 9),
            ("ALIGN", (3, 0), (5, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
        ]))  # fmt: skip
        story.append(table)
    else:
        story.append(Paragraph(_("Nothing to change: the price file agrees with every tag "
                                 "found right."), styles["Normal"]))  # fmt: skip
    document.build(story)
    if progress is not None:
        progress(len(rows))
    return len(rows)

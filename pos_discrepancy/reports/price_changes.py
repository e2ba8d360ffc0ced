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

from .layout import BOLD, MARGIN, REGULAR, paper_size
from .period import ReportRequest
from .queries import PriceChangeRow

TITLE = "Price changes for the POS price file"
HEADER = ("SKU", "Item", "Location", "Price file now", "Correct price", "Reports",
          "Last reported")  # fmt: skip


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
    document = SimpleDocTemplate(
        out, pagesize=paper_size(paper), leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN, bottomMargin=MARGIN, title=TITLE,
    )  # fmt: skip
    store = request.store
    period = f"{request.since.isoformat()} to {request.until.isoformat()}"
    story = [
        Paragraph(f"{TITLE}: {store.name} ({store.code})", styles["Title"]),
        Paragraph(
            f"Incidents of {period} whose shelf tag was right and whose price file is "
            "wrong. Change these prices at the POS; no new shelf tag is needed.",
            styles["Normal"],
        ),
        Spacer(1, 12),
    ]
    if rows:
        body = [
            [r.sku, Paragraph(r.description or "(not in the price file)", styles["Normal"]),
             r.location or "—", r.file_price.format(), r.correct_price.format(),
             str(r.times_reported), request.local(r.last_seen).strftime("%Y-%m-%d %H:%M")]
            for r in rows
        ]  # fmt: skip
        table = Table([list(HEADER), *body], repeatRows=1, colWidths=(
            90, None, 60, 70, 70, 44, 80))  # fmt: skip
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, 0), BOLD, 9), ("FONT", (0, 1), (-1, -1), REGULAR, 9),
            ("ALIGN", (3, 0), (5, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.grey),
        ]))  # fmt: skip
        story.append(table)
    else:
        story.append(Paragraph("Nothing to change: the price file agrees with every tag "
                               "found right.", styles["Normal"]))  # fmt: skip
    document.build(story)
    if progress is not None:
        progress(len(rows))
    return len(rows)

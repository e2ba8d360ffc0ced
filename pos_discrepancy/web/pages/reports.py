"""The ops reports page: a period's figures and charts, and PDF / CSV downloads.

``GET /reports?since=&until=&open_days=`` shows the signed-in staff member's store over
the period (default: the last 30 days, as every report): the summary's key figures, the
incidents-by-day chart as inline SVG, decisions, top SKUs and locations, and tags still
open. ``GET /reports/download`` builds the chosen report with
:func:`pos_discrepancy.web.report_file.send_report`, exactly as the register API does.
Both are plain reads (GET, no CSRF token in the URL); bad input is the page again with
the reason, never a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, Response, flash, render_template, request

from pos_discrepancy.errors import DiscrepancyError
from pos_discrepancy.i18n import N_
from pos_discrepancy.inputs import check_whole_number
from pos_discrepancy.reports import KINDS
from pos_discrepancy.reports.figures import DECISION_GROUPS
from pos_discrepancy.reports.period import DEFAULT_OPEN_DAYS
from pos_discrepancy.reports.summary import UNIT_HEADINGS, translated_group
from pos_discrepancy.reports.tags import DEFAULT_SHEET, SHEETS

from ..extension import current_desk
from ..report_file import MEDIA_TYPES, send_report
from .access import SignedIn, role_required
from .i18n import field_message, page_words
from .report_charts import Overview

bp = Blueprint("pages_reports", __name__)

#: Roles that read reports.
READERS = ("ops", "manager", "admin")
#: What each report is called on the page (translated where shown).
KIND_LABELS = {
    "summary": N_("Summary"),
    "signage": N_("Signage worklist"),
    "tags": N_("Replacement shelf tags"),
}
#: The chart's table of numbers, per bar unit: its summary and first column.
UNIT_NUMBERS = {
    "day": N_("The numbers by day"),
    "week": N_("The numbers by week"),
    "month": N_("The numbers by month"),
}
UNIT_COLUMNS = {"day": N_("Day"), "week": N_("Week from"), "month": N_("Month from")}
#: How the page names each field in an error message.
FIELD_LABELS = {
    "kind": N_("Report"),
    "format": N_("Format"),
    "since": N_("From"),
    "until": N_("To"),
    "paper": N_("Paper"),
    "sheet": N_("Label sheet"),
    "open_days": N_("Open tags older than"),
}


@bp.get("/reports")
@role_required(*READERS)
def index(staff: SignedIn) -> tuple[str, int]:
    """The period's figures and charts, with the download form."""
    return _page(staff, request.args)


@bp.get("/reports/download")
@role_required(*READERS)
def download(staff: SignedIn) -> Response | tuple[str, int]:
    """The chosen report of the staff member's store as a PDF or CSV attachment."""
    args = request.args
    kind, fmt = args.get("kind", "summary"), args.get("format", "pdf")
    try:
        return send_report(
            current_desk(), kind, fmt, store=staff.store,
            since=args.get("since"), until=args.get("until"),
            paper=args.get("paper", "letter"), sheet=args.get("sheet", DEFAULT_SHEET),
            open_days=_open_days(args.get("open_days")),
        )  # fmt: skip
    except DiscrepancyError as error:
        _flash_error(error)
        return _page(staff, args, status=error.http_status)


def _page(staff: SignedIn, args: Mapping[str, str], status: int = 200) -> tuple[str, int]:
    """The page for the period in ``args`` (the default period if it is not valid)."""
    desk = current_desk()
    try:
        period = desk.report_request("summary", store=staff.store, since=args.get("since"),
            until=args.get("until"), open_days=_open_days(args.get("open_days")),
        )  # fmt: skip
    except DiscrepancyError as error:
        if status == 200:
            _flash_error(error)
            status = error.http_status
        period = desk.report_request("summary", store=staff.store)
    choices = {
        "kind": args.get("kind") if args.get("kind") in KINDS else "summary",
        "format": args.get("format") if args.get("format") in MEDIA_TYPES else "pdf",
        "paper": args.get("paper") if args.get("paper") in ("letter", "a4") else "letter",
        "sheet": args.get("sheet") if args.get("sheet") in SHEETS else DEFAULT_SHEET,
    }
    say = page_words()
    html = render_template(
        "pages/reports.html",
        view=Overview.of(desk.report_overview(period)),
        kinds={kind: say.gettext(label) for kind, label in KIND_LABELS.items()},
        sheets={
            name: say.ngettext(
                "%(sheet)s (%(num)s label a sheet)",
                "%(sheet)s (%(num)s labels a sheet)",
                sheet.per_sheet,
                sheet=name,
            )
            for name, sheet in SHEETS.items()
        },
        decision_groups=[(key, translated_group(label, say)) for key, label in DECISION_GROUPS],
        choices=choices,
        unit_headings=UNIT_HEADINGS,
        unit_numbers=UNIT_NUMBERS,
        unit_columns=UNIT_COLUMNS,
    )
    return html, status


def _open_days(text: str | None) -> int:
    """The ``open_days`` field: a whole number of days (the summary's default if blank)."""
    if text is None or not text.strip():
        return DEFAULT_OPEN_DAYS
    return check_whole_number(text, field="open_days", high=3650)


def _flash_error(error: DiscrepancyError) -> None:
    flash(field_message(error, FIELD_LABELS), "error")

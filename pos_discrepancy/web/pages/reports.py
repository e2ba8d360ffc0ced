"""The ops reports page: a period's figures and charts, and PDF / CSV downloads.

``GET /reports?since=&until=&open_days=`` shows the signed-in staff member's store over
the period (default: the last 30 days, as every report): the summary's key figures, the
incidents-by-day chart as inline SVG, decisions, top SKUs and locations, and tags still
open. ``GET /reports/download`` builds the chosen report with
:func:`pos_discrepancy.reports.write_report`, exactly as the register API does, and sends
it as an attachment. Both are plain reads (GET, no CSRF token in the URL); bad input is
the page again with the reason, never a traceback.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping

from flask import Blueprint, Response, flash, render_template, request, send_file

from pos_discrepancy.errors import DiscrepancyError, InvalidInput
from pos_discrepancy.reports import KINDS, make_request, write_report
from pos_discrepancy.reports.figures import DECISION_GROUPS
from pos_discrepancy.reports.period import DEFAULT_OPEN_DAYS
from pos_discrepancy.reports.tags import DEFAULT_SHEET, SHEETS

from ..extension import current_desk
from .access import SignedIn, role_required
from .messages import plain_message
from .report_charts import overview

bp = Blueprint("pages_reports", __name__)

#: Roles that read reports.
READERS = ("ops", "manager", "admin")
#: Content type of each download format.
MEDIA_TYPES = {"pdf": "application/pdf", "csv": "text/csv"}
#: What each report is called on the page.
KIND_LABELS = {
    "summary": "Summary",
    "signage": "Signage worklist",
    "tags": "Replacement shelf tags",
}
#: How the page names each field in an error message.
FIELD_LABELS = {
    "kind": "Report",
    "format": "Format",
    "since": "From",
    "until": "To",
    "paper": "Paper",
    "sheet": "Label sheet",
    "open_days": "Open tags older than",
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
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it when sent)
    try:
        report = write_report(
            current_desk(), kind, handle, store=staff.store, fmt=fmt,
            since=args.get("since"), until=args.get("until"),
            paper=args.get("paper", "letter"), sheet=args.get("sheet", DEFAULT_SHEET),
            open_days=_open_days(args.get("open_days")),
        )  # fmt: skip
        size = handle.tell()
        handle.seek(0)
    except DiscrepancyError as error:
        handle.close()
        _flash_error(error)
        return _page(staff, args, status=error.http_status)
    except BaseException:
        handle.close()
        raise
    period = f"{report.since.isoformat()}-{report.until.isoformat()}"
    response = send_file(
        handle,
        mimetype=MEDIA_TYPES[fmt],
        as_attachment=True,
        download_name=f"posdisc-{kind}-{staff.store}-{period}.{fmt}",
        conditional=False,
        etag=False,
    )
    response.content_length = size
    response.headers["Cache-Control"] = "no-store"  # reports hold the store's figures
    return response


def _page(staff: SignedIn, args: Mapping[str, str], status: int = 200) -> tuple[str, int]:
    """The page for the period in ``args`` (the default period if it is not valid)."""
    desk = current_desk()
    try:
        period = make_request(
            desk, "summary", store=staff.store, since=args.get("since"),
            until=args.get("until"), open_days=_open_days(args.get("open_days")),
        )  # fmt: skip
    except DiscrepancyError as error:
        if status == 200:
            _flash_error(error)
            status = error.http_status
        period = make_request(desk, "summary", store=staff.store)
    choices = {
        "kind": args.get("kind") if args.get("kind") in KINDS else "summary",
        "format": args.get("format") if args.get("format") in MEDIA_TYPES else "pdf",
        "paper": args.get("paper") if args.get("paper") in ("letter", "a4") else "letter",
        "sheet": args.get("sheet") if args.get("sheet") in SHEETS else DEFAULT_SHEET,
    }
    html = render_template(
        "pages/reports.html",
        view=overview(desk, period),
        kinds=KIND_LABELS,
        sheets={
            name: f"{name} ({sheet.per_sheet} labels a sheet)" for name, sheet in SHEETS.items()
        },
        decision_groups=DECISION_GROUPS,
        choices=choices,
    )
    return html, status


def _open_days(text: str | None) -> int:
    """The ``open_days`` field: a whole number of days (the summary's default if blank)."""
    if text is None or not text.strip():
        return DEFAULT_OPEN_DAYS
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 4:
        raise InvalidInput(
            f"open_days: {text[:20]!r} is not a whole number of days, 0 to 3650", field="open_days"
        )
    return int(text)


def _flash_error(error: DiscrepancyError) -> None:
    label = FIELD_LABELS.get(error.field or "", "")
    message = plain_message(error)
    flash(f"{label}: {message}" if label else message, "error")

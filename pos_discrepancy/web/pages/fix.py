"""The wedge-scanner page: ops walk the aisles and scan each shelf tag they fix.

A keyboard-wedge scanner types the barcode's digits and Enter into the focused field, so
``GET /fix`` is one big SKU input with ``autofocus`` inside a form that POSTs. ``POST
/fix`` marks every open incident of that SKU fixed (:meth:`Desk.fix_sku`) under the
signed-in staff member's code and redirects back (303) to an empty, focused input; the
chosen cause rides along in the query string, so a run of scans with the same cause
needs no re-selection. A SKU with nothing open is an error shown on the page (status
404), nothing changed. Under the form: the SKUs still to fix, in walking order.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from pos_discrepancy.domain import Cause
from pos_discrepancy.errors import DiscrepancyError, NotFound
from pos_discrepancy.reports.queries import SignageRow

from ..extension import current_desk
from .access import SignedIn, role_required
from .i18n import page_words
from .incidents import OPS_ROLES, cause_choices, local_clock
from .messages import plain_message

bp = Blueprint("pages_fix", __name__)

#: How far back the list of open tags looks (the longest period a report covers).
OPEN_LIST_DAYS = 3660


def scanned_sku(value: str | None) -> str:
    """What the scanner typed, without the line end (or spaces) around it.

    A wedge scanner ends its code with Enter (CR/LF); that is dropped. A space *inside*
    the code is kept, so the desk refuses it with a clear message instead of taking
    another item's code.
    """
    return (value or "").strip()


def known_cause(value: str | None) -> str | None:
    """``value`` when it is a cause, else ``None`` (an unknown one in a link is ignored)."""
    return value if value in {c.value for c in Cause} else None


def open_tags(store: str) -> list[SignageRow]:
    """The store's SKUs whose tag is still to fix, in walking order."""
    return current_desk().open_tags(store, days=OPEN_LIST_DAYS)


def _page(staff: SignedIn, cause: str | None, status: int = 200) -> tuple[str, int]:
    info = current_desk().store_info(staff.store)
    say = page_words()
    html = render_template(
        "pages/fix.html",
        rows=open_tags(info.code),
        causes=cause_choices(say),
        cause=cause,
        local=local_clock(info.timezone, say),
    )
    return html, status


@bp.get("/fix")
@role_required(*OPS_ROLES)
def scan(staff: SignedIn) -> tuple[str, int]:
    """The scan form, ready for the next tag, and the tags still to fix."""
    return _page(staff, known_cause(request.args.get("cause")))


@bp.post("/fix")
@role_required(*OPS_ROLES)
def fix_scanned(staff: SignedIn) -> Response | tuple[str, int]:
    """Mark every open incident of the scanned SKU fixed."""
    sku = scanned_sku(request.form.get("sku"))
    cause = request.form.get("cause", "").strip() or None
    say = page_words()
    try:
        fixed = current_desk().fix_sku(staff.store, sku=sku, staff=staff.code, cause=cause)
    except DiscrepancyError as error:
        if not sku:
            flash(say.gettext("Not fixed: scan a shelf tag (or type its SKU) first"), "error")
        elif isinstance(error, NotFound) and error.field == "sku":
            flash(say.gettext(
                "Not fixed: %(problem)s (already fixed, waiting for a manager, or never "
                "reported)", problem=plain_message(error)), "error")  # fmt: skip
        else:
            flash(say.gettext("Not fixed: %(problem)s", problem=plain_message(error)), "error")
        return _page(staff, known_cause(cause), error.http_status)
    first = fixed[0]
    flash(
        say.ngettext(
            "Fixed: %(item)s (%(sku)s) — %(num)s incident",
            "Fixed: %(item)s (%(sku)s) — %(num)s incidents",
            len(fixed),
            item=first.description or first.sku,
            sku=first.sku,
        ),
        "ok",
    )
    return redirect(url_for(".scan", cause=cause), code=303)

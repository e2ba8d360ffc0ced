"""The self-audit pages (docs/outcomes.md "Self-audit"; managers, ops and admins).

``GET /audits`` starts an audit (size, optional seed) and lists the store's audits.
``GET /audits/<id>`` is the audit at a phone's width: the score so far, the sheet to
print, and one big SKU field a keyboard-wedge scanner types into — the scanned code and
Enter jump to that item (``?sku=``) with its two price fields, the shelf price focused.
``POST /audits/<id>/findings`` records them and comes back (303) to an empty, focused
SKU field. Every form is CSRF-checked; a refusal is shown on the page with its status
(4xx), nothing stored.
"""

from __future__ import annotations

import io

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from werkzeug.wrappers import Response

from pos_discrepancy.domain.audit import Audit
from pos_discrepancy.errors import DiscrepancyError
from pos_discrepancy.i18n import N_

from ..extension import current_desk
from .access import SignedIn, role_required
from .fix import scanned_sku
from .i18n import page_words
from .messages import plain_message

bp = Blueprint("pages_audits", __name__)

#: Who audits (the brief of issue 14: managers and ops; admins may use every page).
AUDITORS = ("ops", "manager", "admin")


@bp.get("/audits")
@role_required(*AUDITORS)
def index(staff: SignedIn) -> tuple[str, int]:
    """The start form and the store's audits."""
    return _index(staff, 200)


@bp.post("/audits")
@role_required(*AUDITORS)
def start(staff: SignedIn) -> Response | tuple[str, int]:
    """Start an audit, then show it."""
    form = request.form
    seed = form.get("seed", "").strip() or None
    try:
        audit = current_desk().start_audit(staff.store, form.get("size", ""), seed, by=staff.code)
    except DiscrepancyError as error:
        flash(_refused(error), "error")
        return _index(staff, error.http_status)
    return redirect(url_for(".show", audit_id=audit.id), code=303)


@bp.get("/audits/<audit_id>")
@role_required(*AUDITORS)
def show(staff: SignedIn, audit_id: str) -> tuple[str, int]:
    """The audit; with ``?sku=`` the scanned item's price fields."""
    audit = _audit_or_list(staff, audit_id)
    if isinstance(audit, tuple):
        return audit
    sku = scanned_sku(request.args.get("sku"))
    if sku and audit.item(sku) is None:
        say = page_words()
        flash(say.gettext("%(sku)s is not in this audit's sample; scan an item listed on "
                          "its sheet.", sku=sku[:40]), "error")  # fmt: skip
        return _show(audit, None, 404)
    return _show(audit, sku or None, 200)


@bp.post("/audits/<audit_id>/findings")
@role_required(*AUDITORS)
def finding(staff: SignedIn, audit_id: str) -> Response | tuple[str, int]:
    """Record the item's shelf and scanned price; back to the scan field."""
    form = request.form
    sku = scanned_sku(form.get("sku"))
    desk = current_desk()
    try:
        audit = desk.record_audit_finding(staff.store, audit_id, sku, form.get("shelf_price", ""),
                                          form.get("scanned_price", ""), by=staff.code)  # fmt: skip
    except DiscrepancyError as error:
        flash(_refused(error), "error")
        found = _audit_or_list(staff, audit_id)
        if isinstance(found, tuple):
            return found
        keep = sku if found.item(sku) is not None else None
        return _show(found, keep, error.http_status, sent=form)
    item = audit.item(sku)
    say = page_words()
    if item is not None and item.result is not None:
        flash(say.gettext("Recorded %(item)s (%(sku)s): %(result)s",
                          item=item.description or item.sku, sku=item.sku,
                          result=say.gettext(RESULT_WORDS[item.result])), "ok")  # fmt: skip
    return redirect(url_for(".show", audit_id=audit.id), code=303)


@bp.post("/audits/<audit_id>/score")
@role_required(*AUDITORS)
def score(staff: SignedIn, audit_id: str) -> Response | tuple[str, int]:
    """Score the audit and close it."""
    try:
        audit = current_desk().score_audit(staff.store, audit_id, by=staff.code)
    except DiscrepancyError as error:
        flash(_refused(error), "error")
        found = _audit_or_list(staff, audit_id)
        return found if isinstance(found, tuple) else _show(found, None, error.http_status)
    return redirect(url_for(".show", audit_id=audit.id), code=303)


@bp.get("/audits/<audit_id>/sheet.pdf")
@role_required(*AUDITORS)
def sheet(staff: SignedIn, audit_id: str) -> Response | tuple[str, int]:
    """The audit sheet to print."""
    out = io.BytesIO()
    try:
        audit = current_desk().write_audit_sheet(staff.store, audit_id, out)
    except DiscrepancyError as error:
        flash(_refused(error), "error")
        return _index(staff, error.http_status)
    out.seek(0)
    return send_file(out, mimetype="application/pdf", as_attachment=True,
                     download_name=f"audit-{audit.store}-{audit.id[:8]}.pdf")  # fmt: skip


#: The result of an item, in words (translated where shown).
RESULT_WORDS = {
    "right": N_("priced right"),
    "overcharge": N_("overcharge"),
    "undercharge": N_("undercharge"),
}


def _refused(error: DiscrepancyError) -> str:
    say = page_words()
    label = FIELD_LABELS.get(error.field or "")
    message = plain_message(error)
    return f"{say.gettext(label)}: {message}" if label else message


#: The form fields' labels, for the reasons shown (translated where shown).
FIELD_LABELS = {
    "size": N_("Items to sample"),
    "seed": N_("Seed"),
    "sku": N_("SKU"),
    "shelf_price": N_("Shelf price"),
    "scanned_price": N_("Scanned price"),
}


def _audit_or_list(staff: SignedIn, audit_id: str) -> Audit | tuple[str, int]:
    try:
        return current_desk().audit(staff.store, audit_id)
    except DiscrepancyError as error:
        flash(_refused(error), "error")
        return _index(staff, error.http_status)


def _index(staff: SignedIn, status: int) -> tuple[str, int]:
    desk = current_desk()
    audits = desk.audits(staff.store)
    return render_template("pages/audits.html", audits=audits, sent=request.form), status


def _show(audit: Audit, sku: str | None, status: int, sent: object = None) -> tuple[str, int]:
    item = None if sku is None else audit.item(sku)
    html = render_template("pages/audit.html", audit=audit, score=audit.score, item=item,
                           sent=sent or {}, result_words=RESULT_WORDS)  # fmt: skip
    return html, status

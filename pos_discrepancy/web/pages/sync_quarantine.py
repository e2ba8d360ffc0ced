"""The sync quarantine page: synced events the server did not apply, for managers.

``GET /sync/quarantine`` lists the signed-in manager's store's quarantined events (event,
register, incident, kind, reason, when), in each register's order (design §6). ``POST
/sync/quarantine/retry`` (a CSRF form: every held event of the store, or the one named)
runs intake again through :meth:`Desk.retry_quarantined` once the cause is fixed (say,
the approving manager added on the server's staff page) and redirects back (303) with
what was applied and what is still held.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from pos_discrepancy.errors import DiscrepancyError

from ..extension import current_desk
from .access import SignedIn, role_required
from .approvals import APPROVERS
from .i18n import page_words
from .incidents import local_clock
from .messages import plain_message

bp = Blueprint("pages_sync_quarantine", __name__)


@bp.get("/sync/quarantine")
@role_required(*APPROVERS)
def index(staff: SignedIn) -> str:
    """The store's quarantined sync events, oldest first per register."""
    desk = current_desk()
    info = desk.store_info(staff.store)
    return render_template(
        "pages/sync_quarantine.html",
        held=desk.quarantine(info.code),
        local=local_clock(info.timezone, page_words()),
    )


@bp.post("/sync/quarantine/retry")
@role_required(*APPROVERS)
def retry(staff: SignedIn) -> Response:
    """Run intake again for the store's held events (or the one named in the form)."""
    event = (request.form.get("event") or "").strip() or None
    desk = current_desk()
    say = page_words()
    try:
        if event is not None and event not in {q.event_id for q in desk.quarantine(staff.store)}:
            flash(say.gettext("Not retried: that event is not quarantined at this store."),
                  "error")  # fmt: skip
            return redirect(url_for(".index"), code=303)
        report = desk.retry_quarantined(event=event, store=staff.store)
    except DiscrepancyError as error:
        flash(say.gettext("Not retried: %(problem)s", problem=plain_message(error)), "error")
        return redirect(url_for(".index"), code=303)
    still = len(report.still_quarantined)
    message = say.ngettext(
        "Retried %(num)s event: %(applied)s applied, %(still)s still quarantined.",
        "Retried %(num)s events: %(applied)s applied, %(still)s still quarantined.",
        report.tried,
        applied=say.number(report.applied),
        still=say.number(still),
    )
    flash(message, "ok" if not still else "warn")
    return redirect(url_for(".index"), code=303)

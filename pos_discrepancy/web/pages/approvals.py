"""The managers' approval queue: live, one click plus PIN per decision.

``GET /approvals`` shows the store's escalations waiting for a manager, oldest first. The
list lives in its own fragment (``GET /approvals/queue``), which the page fetches again
as soon as the store's change counter moves (:mod:`.live`: polled twice a second, no
server thread held open per manager); without JavaScript the page refreshes itself. The
PIN box sits outside the refreshed list, so a PIN being typed survives a refresh. Each
row's Approve / Deny button submits the one form with that incident, which must be of the
manager's own store (another store's is 404 and counts no PIN), and the decision goes
through :meth:`Desk.approve` under the signed-in manager's code: the same limits,
separation of duties and lockout as at the register.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from pos_discrepancy.domain import Action
from pos_discrepancy.errors import N_, DiscrepancyError, InvalidInput
from pos_discrepancy.ids import check_uuid
from pos_discrepancy.views import IncidentView

from ..extension import current_desk
from .access import SignedIn, own_incident, role_required
from .i18n import money, page_words
from .live import live_context
from .messages import plain_message

bp = Blueprint("pages_approvals", __name__)

#: Roles that decide escalations.
APPROVERS = ("manager", "admin")


@dataclass(frozen=True)
class Waiting:
    """One row of the queue: the incident and what each answer charges."""

    incident: IncidentView
    approve_charge: str
    deny_charge: str | None
    deny_reason: str | None


def waiting(incident: IncidentView) -> Waiting:
    """The queue row of ``incident``."""
    options = {option.action: option for option in incident.options}
    asked = options.get(incident.requested_action or Action.ESCALATE)
    decline = options.get(Action.DECLINE)
    approve_charge = money(asked.charge if asked else incident.claimed_total)
    if decline is not None and decline.available:
        return Waiting(incident, approve_charge, money(decline.charge), None)
    reason = (
        decline.reason
        if decline is not None
        else page_words().gettext("no decline option was offered")
    )
    return Waiting(incident, approve_charge, None, reason)


def _queue_context(staff: SignedIn) -> dict[str, object]:
    desk = current_desk()
    rows = [waiting(incident) for incident in desk.pending_approvals(staff.store)]
    return {"rows": rows, "now": desk.clock()}


@bp.get("/approvals")
@role_required(*APPROVERS)
def queue(staff: SignedIn) -> str:
    """The approval queue page."""
    live = live_context(staff.store)  # before the queue: a change in between shows at once
    return render_template("pages/approvals.html", **live, **_queue_context(staff))


@bp.get("/approvals/queue")
@role_required(*APPROVERS)
def queue_fragment(staff: SignedIn) -> str:
    """The queue alone, for the page's refresh."""
    return render_template("pages/approval_queue.html", **_queue_context(staff))


@bp.post("/approvals/decide")
@role_required(*APPROVERS)
def decide(staff: SignedIn) -> Response:
    """Approve or deny the incident named by the button pressed, with the PIN typed."""
    try:
        incident_id, approve = _decision(request.form.get("decision", ""))
    except DiscrepancyError as error:
        flash(plain_message(error), "error")
        return redirect(url_for(".queue"), code=303)
    own_incident(staff, incident_id)  # another store's incident: 404, no PIN counted
    try:
        note = request.form.get("note", "").strip() or None
        incident = current_desk().approve(
            incident_id,
            manager=staff.code,
            pin=request.form.get("pin", ""),
            approve=approve,
            note=note,
        )
    except DiscrepancyError as error:
        flash(plain_message(error), "error")
        return redirect(url_for(".queue"), code=303)
    charge = incident.decision.charge if incident.decision else None
    say = page_words()
    item = {"item": incident.description, "sku": incident.sku, "register": incident.register}
    if approve:
        text = say.gettext("Approved: %(item)s (%(sku)s) at register %(register)s", **item)
    else:
        text = say.gettext("Denied: %(item)s (%(sku)s) at register %(register)s", **item)
    if charge is not None:
        text += say.gettext(" — charge %(price)s.", price=money(charge))
    else:
        text += "."
    flash(text, "ok")
    return redirect(url_for(".queue"), code=303)


def _decision(value: str) -> tuple[str, bool]:
    incident_id, _, verdict = value.partition(":")
    if verdict not in ("approve", "deny") or not incident_id:
        raise InvalidInput.worded("decision", N_("press Approve or Deny on a row"))
    return check_uuid(incident_id, field="decision"), verdict == "approve"

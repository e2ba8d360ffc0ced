"""The cashier's price check: the moment a shelf tag and a scan disagree (design §1, §3).

The web twin of ``posdisc check`` for stores whose POS is not integrated yet. ``GET
/check`` is one form: SKU (a wedge scanner types digits + Enter; Enter there moves on to
the tag price instead of sending a half-filled form), tag price, scanned price, then
quantity, location and register (remembered in the session after the first check).
``POST /check`` runs :meth:`Desk.check` for the signed-in staff member's store: equal
prices flash what to charge and give an empty form again; bad input gives the form back
with the values kept and the field named (422), nothing stored; a discrepancy redirects
(303) to ``GET /check/<incident_id>``.

That page shows the incident in the state it is in: the options as big buttons with the
words to say (``POST /check/<id>/decide``); "Waiting for a manager" while an escalation
waits, with a box where a manager at the till approves with code and PIN (``POST
/check/<id>/approve``) — the page polls its own state fragment (``?fragment=state``) and
swaps it in once the state changes, so a decision taken on /approvals shows without a
reload (a meta refresh without JavaScript); and once decided, the final charge and the
customer's outcome buttons (``POST /check/<id>/outcome``), which lead back to an empty
form. An incident of another store is 404, as if it did not exist.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from pos_discrepancy.domain import Action, CustomerOutcome, Direction, Option, Status
from pos_discrepancy.errors import DiscrepancyError, InvalidInput
from pos_discrepancy.i18n import N_
from pos_discrepancy.inputs import check_code, check_quantity
from pos_discrepancy.money import Money
from pos_discrepancy.views import IncidentView
from pos_discrepancy.words import field_words

from ..extension import current_desk
from .access import SignedIn, own_incident, role_required
from .approvals import waiting
from .fix import scanned_sku
from .i18n import money, page_words
from .live import live_context
from .messages import plain_message, plain_text

bp = Blueprint("pages_check", __name__)

#: Roles that check prices at a till.
CHECK_ROLES = ("cashier", "manager", "admin")
#: The register code of checks made in the browser until the cashier types another.
DEFAULT_REGISTER = "WEB"
#: Where the session keeps the register code last used.
REGISTER_KEY = "check_register"
#: The form's fields, in the order the cashier fills them.
FIELDS = ("sku", "shelf_price", "scanned_price", "quantity", "location", "register")
#: What the page says once the customer's outcome is recorded (translated when shown).
OUTCOME_WORDS = {
    CustomerOutcome.PURCHASED.value: N_("Recorded: the customer bought it."),
    CustomerOutcome.WALKED_AWAY.value: N_("Recorded: the customer walked away."),
}


def _form(
    values: Mapping[str, str], error_field: str | None = None, status: int = 200
) -> tuple[str, int]:
    html = render_template("pages/check.html", values=values, error_field=error_field)
    return html, status


def _empty_form() -> dict[str, str]:
    return {"quantity": "1", "register": session.get(REGISTER_KEY, DEFAULT_REGISTER)}


@bp.get("/check")
@role_required(*CHECK_ROLES)
def form(staff: SignedIn) -> tuple[str, int]:
    """The empty check form, SKU focused for the scanner."""
    return _form(_empty_form())


@bp.post("/check")
@role_required(*CHECK_ROLES)
def check(staff: SignedIn) -> Response | tuple[str, int]:
    """Compare tag and scan; agree → flash the charge, discrepancy → the incident page."""
    values = {name: request.form.get(name, "").strip() for name in FIELDS}
    values["sku"] = scanned_sku(values["sku"])
    desk = current_desk()
    try:
        register = check_code(values["register"] or DEFAULT_REGISTER, field="register")
        result = desk.check(
            store=staff.store,
            register=register,
            cashier=staff.code,
            sku=values["sku"],
            shelf_price=values["shelf_price"],
            scanned_price=values["scanned_price"],
            quantity=values["quantity"] or "1",
            location=values["location"] or None,
        )
    except DiscrepancyError as error:
        field = error.field if error.field in FIELDS else None
        say = page_words()
        named = field or (error.field if error.template is not None else None)
        message = (
            say.gettext(
                "%(field)s: %(problem)s",
                field=field_words(named, say),
                problem=plain_message(error),
            )
            if named  # a field of the form, or another field whose problem is worded
            else error.message
        )
        flash(message, "error")
        return _form(values, field, error.http_status)
    session[REGISTER_KEY] = register
    for warning in result.warnings:
        flash(plain_text(warning), "warn")
    if not result.discrepancy:
        currency = desk.store_info(staff.store).currency
        quantity = check_quantity(values["quantity"] or "1")
        charge = Money.parse(values["shelf_price"], currency, field="shelf_price") * quantity
        flash(page_words().gettext("Prices agree — charge %(price)s", price=money(charge)), "ok")
        return redirect(url_for(".form"), code=303)
    return redirect(url_for(".incident", incident_id=result.incident_id), code=303)


def closing_option(incident: IncidentView) -> Option | None:
    """The option the incident ended with (for its charge and the words to say)."""
    wanted = incident.decision.action if incident.decision else incident.requested_action
    ending = [o for o in incident.options if o.resolves_as is incident.status]
    for option in ending:
        if option.action == wanted and option.action != Action.ESCALATE:
            return option
    return next((o for o in ending if o.action != Action.ESCALATE), None)


def _state(incident: IncidentView) -> dict[str, object]:
    """What the incident page shows for the state ``incident`` is in."""
    asked = next((o for o in incident.options if o.action == incident.requested_action), None)
    context: dict[str, object] = {
        "incident": incident,
        "overcharge": incident.direction is Direction.OVERCHARGE,
        "asked": asked,
        "outcome_words": OUTCOME_WORDS,
    }
    if incident.status is Status.DETECTED:
        context["state"] = "choose"
        context["choosable"] = any(o.available for o in incident.options)
        decline = next((o for o in incident.options if o.action == Action.DECLINE), None)
        context["decline_charge"] = (
            money(decline.charge) if decline is not None and decline.available else None
        )
    elif incident.status is Status.AWAITING_APPROVAL:
        context["state"] = "waiting"
        context["row"] = waiting(incident)
    else:
        context["state"] = "done"
        context["closing"] = closing_option(incident)
    return context


@bp.get("/check/<incident_id>")
@role_required(*CHECK_ROLES)
def incident(staff: SignedIn, incident_id: str) -> str:
    """The incident at the till: options, waiting for a manager, or the final charge."""
    if request.args.get("fragment") == "state":
        return render_template("pages/check_state.html", **_state(own_incident(staff, incident_id)))
    live = live_context(staff.store)  # before the incident: a change in between shows at once
    context = _state(own_incident(staff, incident_id))
    return render_template("pages/check_incident.html", **live, **context)


def _back(incident_id: str) -> Response:
    return redirect(url_for(".incident", incident_id=incident_id), code=303)


@bp.post("/check/<incident_id>/decide")
@role_required(*CHECK_ROLES)
def decide(staff: SignedIn, incident_id: str) -> Response:
    """Take the option whose button was pressed."""
    own_incident(staff, incident_id)
    try:
        current_desk().decide(
            incident_id, action=request.form.get("action", ""), cashier=staff.code
        )
    except DiscrepancyError as error:
        flash(plain_message(error), "error")
    return _back(incident_id)


@bp.post("/check/<incident_id>/approve")
@role_required(*CHECK_ROLES)
def approve(staff: SignedIn, incident_id: str) -> Response:
    """A manager at the till approves or denies with their code and PIN."""
    own_incident(staff, incident_id)
    verdict = request.form.get("verdict", "")
    try:
        if verdict not in ("approve", "deny"):
            raise InvalidInput.worded("verdict", N_("press Approve or Deny"))
        current_desk().approve(
            incident_id,
            manager=request.form.get("manager", ""),
            pin=request.form.get("pin", ""),
            approve=verdict == "approve",
        )
    except DiscrepancyError as error:
        flash(plain_message(error), "error")
    return _back(incident_id)


@bp.post("/check/<incident_id>/outcome")
@role_required(*CHECK_ROLES)
def outcome(staff: SignedIn, incident_id: str) -> Response:
    """Record whether the customer bought the item; then the next check."""
    incident = own_incident(staff, incident_id)
    value = request.form.get("customer_outcome", "")
    decision = incident.decision
    try:
        if decision is None or decision.customer_outcome != value:  # a double click: once
            incident = current_desk().record_outcome(
                incident_id, customer_outcome=value, staff=staff.code
            )
    except DiscrepancyError as error:
        flash(plain_message(error), "error")
        return _back(incident_id)
    charge = incident.decision.charge if incident.decision else None
    say = page_words()
    if value != CustomerOutcome.PURCHASED.value:
        message = say.gettext("Recorded: the customer walked away. Next item.")
    elif charge is not None:
        message = say.gettext(
            "Recorded: the customer bought it at %(price)s. Next item.", price=money(charge)
        )
    else:
        message = say.gettext("Recorded: the customer bought it. Next item.")
    flash(message, "ok")
    return redirect(url_for(".form"), code=303)

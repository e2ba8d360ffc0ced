"""The ops' incident pages: the store's incidents, newest first, and one incident.

``GET /incidents`` lists a page of the signed-in staff member's store (``?status=``
``open`` (the default: tag not yet fixed), ``all`` or one status; ``?sku=``; ``?page=``),
read with one ``LIMIT``/``OFFSET`` query over the incidents table joined to decisions.
``GET /incidents/<id>`` shows one incident with its decision and journal, and a form to
mark its tag fixed (``POST /incidents/<id>/fix``). An incident of another store is
answered 404, as if it did not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from pos_discrepancy.domain import Cause, Signage, Status
from pos_discrepancy.domain.incident import check_list_filter
from pos_discrepancy.errors import DiscrepancyError, InvalidInput
from pos_discrepancy.money import Money
from pos_discrepancy.prices import check_sku
from pos_discrepancy.views import EventView, IncidentView

from ..extension import current_desk
from .access import SignedIn, own_incident, role_required
from .messages import plain_message

bp = Blueprint("pages_incidents", __name__)

#: Roles that see incidents and fix tags.
OPS_ROLES = ("ops", "manager", "admin")
#: Incidents per page of the list.
PAGE_SIZE = 50
#: The causes as a person reads them, for the cause selects.
CAUSE_CHOICES = tuple((c.value, c.value.replace("_", " ").capitalize()) for c in Cause)
#: The statuses as ops read them.
STATUS_LABELS = {
    Status.DETECTED.value: "Open, not decided",
    Status.AWAITING_APPROVAL.value: "Waiting for a manager",
    Status.HONORED.value: "Honored, tag still wrong",
    Status.DECLINED.value: "Declined, tag still wrong",
    Status.SIGNAGE_FIXED.value: "Tag fixed",
}


#: The journal data shown per event (the full claim stays in the API), money ones last.
EVENT_FIELDS = ("status", "cashier", "manager", "staff", "action", "cause", "customer_outcome",
                "note", "charge", "refund", "bonus", "owed")  # fmt: skip
MONEY_FIELDS = frozenset({"charge", "refund", "bonus", "owed"})


@dataclass(frozen=True)
class Filters:
    """The list's query: which incidents, which page."""

    status: str = "open"
    sku: str | None = None
    page: int = 1


def read_filters(args: Any) -> Filters:
    """The list's filters from the query string; ``InvalidInput`` names a bad one."""
    status = check_list_filter(args.get("status", "open"))
    sku = args.get("sku", "").strip()
    page_text = args.get("page", "1").strip() or "1"
    if not page_text.isdigit() or not 1 <= int(page_text) <= 1_000_000:
        raise InvalidInput(f"page: {page_text[:20]!r} is not a page number", field="page")
    return Filters(status, check_sku(sku) if sku else None, int(page_text))


def local_clock(timezone: str) -> Callable[[datetime | None], str]:
    """A function writing a UTC moment as the store's wall time: ``2026-11-25 10:00 EST``."""
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")

    def local(moment: datetime | None) -> str:
        if moment is None:
            return "—"
        moment = moment.astimezone(zone)
        return f"{moment:%Y-%m-%d %H:%M} {moment.tzname()}"

    return local


def event_details(event: EventView, currency: str) -> list[tuple[str, str]]:
    """The event's data a person reads: ``[("status", "honored"), ("charge", "$9.98")]``."""
    details = []
    for key in EVENT_FIELDS:
        value = event.data.get(key)
        if value is None or isinstance(value, dict | list):
            continue
        text = str(value)
        if key in MONEY_FIELDS:
            text = Money.parse(text, currency).format()
        details.append((key.replace("_", " "), text.replace("_", " ")))
    return details


@bp.get("/incidents")
@role_required(*OPS_ROLES)
def index(staff: SignedIn) -> tuple[str, int]:
    """A page of the store's incidents."""
    desk = current_desk()
    info = desk.store_info(staff.store)
    context: dict[str, Any] = {
        "local": local_clock(info.timezone),
        "money": lambda minor, currency: Money.from_minor(minor, currency).format(),
        "status_labels": STATUS_LABELS,
    }
    try:
        filters = read_filters(request.args)
    except InvalidInput as error:
        flash(plain_message(error), "error")
        return render_template("pages/incidents.html", filters=Filters(), **context), 422
    found = desk.list_incidents(
        info.code, status=filters.status, sku=filters.sku, page=filters.page, page_size=PAGE_SIZE
    )
    return render_template(
        "pages/incidents.html",
        filters=filters, rows=found.rows, total=found.total, pages=found.pages, **context
    ), 200  # fmt: skip


def _show(staff: SignedIn, incident: IncidentView, status: int = 200) -> tuple[str, int]:
    info = current_desk().store_info(staff.store)
    html = render_template(
        "pages/incident.html",
        incident=incident,
        local=local_clock(info.timezone),
        causes=CAUSE_CHOICES,
        fixable=incident.signage is Signage.OPEN,
        status_labels=STATUS_LABELS,
        details=event_details,
    )
    return html, status


@bp.get("/incidents/<incident_id>")
@role_required(*OPS_ROLES)
def show(staff: SignedIn, incident_id: str) -> tuple[str, int]:
    """One incident: its facts, decision and journal, and the "Mark fixed" form."""
    return _show(staff, own_incident(staff, incident_id))


@bp.post("/incidents/<incident_id>/fix")
@role_required(*OPS_ROLES)
def fix(staff: SignedIn, incident_id: str) -> Response | tuple[str, int]:
    """Mark the incident's shelf tag fixed by the signed-in staff member."""
    incident = own_incident(staff, incident_id)
    cause = request.form.get("cause", "").strip() or None
    try:
        incident = current_desk().fix(incident.id, staff=staff.code, cause=cause)
    except DiscrepancyError as error:
        flash(plain_message(error), "error")
        return _show(staff, own_incident(staff, incident.id), error.http_status)
    flash(f"Marked fixed: {incident.description} ({incident.sku}).", "ok")
    return redirect(url_for(".show", incident_id=incident.id), code=303)

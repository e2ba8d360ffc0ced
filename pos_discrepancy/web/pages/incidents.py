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

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from pos_discrepancy.domain import Signage
from pos_discrepancy.domain.incident import check_list_filter
from pos_discrepancy.errors import N_, DiscrepancyError, InvalidInput
from pos_discrepancy.i18n import Words, words
from pos_discrepancy.money import Money
from pos_discrepancy.prices import check_sku
from pos_discrepancy.views import EventView, IncidentView

from ..extension import current_desk
from .access import SignedIn, own_incident, role_required
from .i18n import page_words
from .labels import CAUSE_LABELS, STATUS_LABELS, label
from .messages import plain_message

bp = Blueprint("pages_incidents", __name__)

#: Roles that see incidents and fix tags.
OPS_ROLES = ("ops", "manager", "admin")
#: Incidents per page of the list.
PAGE_SIZE = 50
#: The journal data shown per event (the full claim stays in the API), money ones last.
EVENT_FIELDS = ("status", "cashier", "manager", "staff", "action", "cause", "customer_outcome",
                "note", "charge", "refund", "bonus", "owed")  # fmt: skip
MONEY_FIELDS = frozenset({"charge", "refund", "bonus", "owed"})
#: The journal data whose values are codes (shown in words).
CODED_FIELDS = frozenset({"status", "action", "cause", "customer_outcome"})


@dataclass(frozen=True)
class Filters:
    """The list's query: which incidents, which page."""

    status: str = "open"
    sku: str | None = None
    page: int = 1


def cause_choices(say: Words) -> list[tuple[str, str]]:
    """The causes for a select: ``(code, words in the page's language)``."""
    return [(code, say.gettext(text)) for code, text in CAUSE_LABELS.items()]


def status_labels(say: Words) -> dict[str, str]:
    """The statuses in the page's language."""
    return {code: say.gettext(text) for code, text in STATUS_LABELS.items()}


def read_filters(args: Any) -> Filters:
    """The list's filters from the query string; ``InvalidInput`` names a bad one."""
    status = check_list_filter(args.get("status", "open"))
    sku = args.get("sku", "").strip()
    page_text = args.get("page", "1").strip() or "1"
    if not page_text.isdigit() or not 1 <= int(page_text) <= 1_000_000:
        raise InvalidInput.worded(
            "page",
            N_("%(value)s is not a page number; follow the page links or enter a whole number "
               "such as 2"),
            value=repr(page_text[:20]),
        )  # fmt: skip
    return Filters(status, check_sku(sku) if sku else None, int(page_text))


def local_clock(timezone: str, say: Words | None = None) -> Callable[[datetime | None], str]:
    """A function writing a UTC moment as the store's wall time in ``say``'s locale
    (default ``en_US``): ``2026-11-25 10:00 EST``, ``2026-11-25 10:00 HNE`` in ``fr_CA``."""
    say = say or words()

    def local(moment: datetime | None) -> str:
        return say.clock(moment, timezone)

    return local


def event_details(
    event: EventView, currency: str, say: Words | None = None
) -> list[tuple[str, str]]:
    """The event's data a person reads: ``[("status", "honored"), ("charge", "$9.98")]``."""
    say = say or words()
    details = []
    for key in EVENT_FIELDS:
        value = event.data.get(key)
        if value is None or isinstance(value, dict | list):
            continue
        if key in MONEY_FIELDS:
            text = say.money(Money.parse(str(value), currency))
        elif key in CODED_FIELDS:
            text = label(str(value), say)
        else:
            text = str(value)
        details.append((label(key, say), text))
    return details


@bp.get("/incidents")
@role_required(*OPS_ROLES)
def index(staff: SignedIn) -> tuple[str, int]:
    """A page of the store's incidents."""
    desk = current_desk()
    info = desk.store_info(staff.store)
    say = page_words()
    context: dict[str, Any] = {
        "local": local_clock(info.timezone, say),
        "money": lambda minor, currency: say.money(Money.from_minor(minor, currency)),
        "status_labels": status_labels(say),
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
    say = page_words()
    html = render_template(
        "pages/incident.html",
        incident=incident,
        local=local_clock(info.timezone, say),
        causes=cause_choices(say),
        fixable=incident.signage is Signage.OPEN,
        status_labels=status_labels(say),
        details=lambda event, currency: event_details(event, currency, say),
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
    flash(
        page_words().gettext(
            "Marked fixed: %(item)s (%(sku)s).", item=incident.description, sku=incident.sku
        ),
        "ok",
    )
    return redirect(url_for(".show", incident_id=incident.id), code=303)

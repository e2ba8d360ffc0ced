"""What the worker could not deliver yet: the store's events waiting for a subscriber.

``GET /deliveries`` lists, for the manager's store, each subscriber's place in the journal
and every event waiting for one (to retry at a time, or *parked* after every try failed),
with the subscriber's last error. ``POST /deliveries/retry`` makes the store's parked
events (or one of them) due again now, after the cause is fixed: the same as
``posdisc worker retry``. Design §10.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ..extension import current_desk
from .access import SignedIn, role_required
from .i18n import page_words
from .incidents import local_clock

bp = Blueprint("pages_deliveries", __name__)

#: Roles that see and retry the deliveries.
MANAGERS = ("manager", "admin")


@bp.get("/deliveries")
@role_required(*MANAGERS)
def index(staff: SignedIn) -> str:
    """The store's subscribers and the events waiting for them."""
    desk = current_desk()
    places, waiting = desk.worker_status()
    info = desk.store_info(staff.store)
    return render_template(
        "pages/deliveries.html",
        places=[p for p in places if p.store == info.code],
        waiting=[w for w in waiting if w.store == info.code],
        local=local_clock(info.timezone, page_words()),
    )


@bp.post("/deliveries/retry")
@role_required(*MANAGERS)
def retry(staff: SignedIn) -> Response:
    """Make the store's parked events (or the one named) due again now."""
    event_id = request.form.get("event_id") or None
    count = current_desk().retry_deliveries(store=staff.store, event_id=event_id)
    message = page_words().ngettext(
        "%(num)s parked event will be delivered again now.",
        "%(num)s parked events will be delivered again now.",
        count,
    )
    flash(message, "ok" if count else "warn")
    return redirect(url_for(".index"), code=303)

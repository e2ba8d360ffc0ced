"""Live pages: a cheap change counter that the approval queue and the till poll.

``GET /live`` answers ``{"version": N}``, the store's newest journal ``seq``: it changes
whenever anything happens at the store (an escalation, an approval, a timeout applied by
the worker). A live page asks every :data:`POLL_MS` milliseconds and fetches its HTML
fragment only when the number moved (and at least every :data:`REFRESH_MS`, for the
"waiting N min" clocks), so a new escalation shows on a manager's phone, and the
manager's answer on the till, within about half a second.

Why short polling of a counter, not Server-Sent Events or long polling (design §10,
docs/web.md): waitress serves with a few threads (4 by default) and every open SSE stream
or long poll would hold one of them for as long as a manager's page is open, so three
managers' phones could starve the registers' API calls; PostgreSQL's LISTEN/NOTIFY would
not serve the SQLite store server. One indexed ``max(seq)`` query answers in about a
millisecond, from any number of server processes on one database, and holds no thread.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from pos_discrepancy.domain.staff import ROLES

from ..extension import current_desk
from .access import SignedIn, role_required

bp = Blueprint("pages_live", __name__)

#: How often a live page asks whether anything changed, in milliseconds.
POLL_MS = 500
#: How often a live page re-reads its fragment anyway, in milliseconds.
REFRESH_MS = 30_000


def live_context(store: str) -> dict[str, object]:
    """What a live page's template needs: the counter as it was when the page was made
    (read before the page's data, so a change in between is fetched at once)."""
    return {
        "live_version": current_desk().journal_head(store),
        "live_poll_ms": POLL_MS,
        "live_refresh_ms": REFRESH_MS,
    }


@bp.get("/live")
@role_required(*ROLES)
def version(staff: SignedIn) -> Response:
    """``{"version": N}``: the store's change counter."""
    response = jsonify(version=current_desk().journal_head(staff.store))
    response.headers["Cache-Control"] = "no-store"
    return response

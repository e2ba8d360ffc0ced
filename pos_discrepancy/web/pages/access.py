"""Who is signed in, and which roles may open a page.

The signed Flask session cookie holds only who signed in (store and staff code), the
member's session version then, and when the session began and was last used. Every
request looks the member up (:meth:`Desk.session_member`): a session whose member signed
out, got a new PIN, a new role or was unlocked since is refused, as is one idle longer
than ``SESSION_IDLE`` or older than ``PERMANENT_SESSION_LIFETIME`` (design §11). A page
decorated with :func:`role_required` sends a visitor who is not signed in to the login
page (and back afterwards) and answers 403 to staff whose role may not use it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from flask import abort, current_app, flash, g, redirect, request, session, url_for

from pos_discrepancy.errors import DiscrepancyError
from pos_discrepancy.i18n import N_
from pos_discrepancy.views import IncidentView
from pos_discrepancy.words import article, role_words

from ..extension import current_desk

SESSION_KEY = "staff"
#: How often (seconds) a session's "last used" time is written back into the cookie.
SEEN_RESOLUTION = 60

#: Where each role lands after signing in (the page it uses most).
HOME_PAGE = {
    "cashier": "pages_check.form",
    "manager": "pages_approvals.queue",
    "admin": "pages_approvals.queue",
    "ops": "pages_fix.scan",
}


@dataclass(frozen=True)
class SignedIn:
    """The staff member using the web app."""

    store: str
    code: str
    name: str
    role: str

    def may(self, *roles: str) -> bool:
        """Whether this staff member has one of ``roles``."""
        return self.role in roles


class Member(Protocol):
    """A member of staff who proved their PIN (:class:`~pos_discrepancy.desk.Desk` answers)."""

    @property
    def store(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def session_version(self) -> int: ...


def current_staff() -> SignedIn | None:
    """The signed-in staff member, or ``None`` (looked up once per request)."""
    if "posdisc_staff" not in g:
        g.posdisc_staff = _session_staff()
    staff: SignedIn | None = g.posdisc_staff
    return staff


def _session_staff() -> SignedIn | None:
    data = session.get(SESSION_KEY)
    if data is None:
        return None
    try:
        store, code = str(data["store"]), str(data["code"])
        version, since, seen = int(data["version"]), int(data["since"]), int(data["seen"])
    except (KeyError, TypeError, ValueError):  # a cookie from an older version
        session.clear()
        return None
    desk = current_desk()
    now = int(desk.clock().timestamp())
    lifetime = current_app.permanent_session_lifetime.total_seconds()
    idle = current_app.config["SESSION_IDLE"].total_seconds()
    member = None
    if now - since <= lifetime and now - seen <= idle:
        member = desk.session_member(store, code=code, version=version)
    if member is None:
        session.clear()
        flash("Your session has ended; sign in again.", "warn")
        return None
    if now - seen >= SEEN_RESOLUTION:
        session[SESSION_KEY] = {**data, "seen": now}
    return SignedIn(store=member.store, code=member.code, name=member.name, role=member.role)


def start_session(member: Member) -> None:
    """Start a session for ``member`` (a fresh session: nothing carried over)."""
    session.clear()
    now = int(current_desk().clock().timestamp())
    session[SESSION_KEY] = {
        "store": member.store,
        "code": member.code,
        "version": member.session_version,
        "since": now,
        "seen": now,
    }
    session.permanent = True
    g.pop("posdisc_staff", None)


def end_session() -> None:
    """Sign out: end this session and every other session of the same member."""
    staff = current_staff()
    if staff is not None:
        current_desk().end_sessions(staff.store, code=staff.code)
    session.clear()
    g.pop("posdisc_staff", None)


def own_incident(staff: SignedIn, incident_id: str) -> IncidentView:
    """The incident when it belongs to ``staff``'s store; else a 404 page (nothing else
    happens: a write to another store's incident is refused before it counts anything)."""
    try:
        return current_desk().get_incident(incident_id, store=staff.store)
    except DiscrepancyError:
        abort(404, f"There is no incident {incident_id[:40]} at store {staff.store}.")


def role_required(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Run the view as ``view(staff, **url_args)`` for signed-in staff with one of ``roles``."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapper(**url_args: Any) -> Any:
            staff = current_staff()
            if staff is None:
                return redirect(url_for("pages_login.login", next=request.full_path))
            if not staff.may(*roles):
                abort(403, f"This page is for {role_words(roles)}; you are signed in as "
                           f"{article(staff.role)} {staff.role}.")  # fmt: skip
            return view(staff, **url_args)

        return wrapper

    return decorate


#: The navigation bar: (endpoint, label, roles that see it), in order.
NAVIGATION: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("pages_check.form", N_("Price check"), ("cashier", "manager", "admin")),
    ("pages_approvals.queue", N_("Approvals"), ("manager", "admin")),
    ("pages_incidents.index", N_("Incidents"), ("ops", "manager", "admin")),
    ("pages_fix.scan", N_("Fix tags"), ("ops", "manager", "admin")),
    ("pages_reports.index", N_("Reports"), ("ops", "manager", "admin")),
    ("pages_dashboard.index", N_("Dashboard"), ("ops", "manager", "admin")),
    ("pages_whatif.form", N_("What-if"), ("ops", "manager", "admin")),
    ("pages_audits.index", N_("Audits"), ("ops", "manager", "admin")),
    ("pages_deliveries.index", N_("Deliveries"), ("manager", "admin")),
    ("pages_sync_quarantine.index", N_("Sync quarantine"), ("manager", "admin")),
    ("pages_staff.index", N_("Staff"), ("admin",)),
)


def navigation(staff: SignedIn | None) -> list[tuple[str, str]]:
    """The (endpoint, label) links ``staff`` sees."""
    if staff is None:
        return []
    return [(endpoint, label) for endpoint, label, roles in NAVIGATION if staff.may(*roles)]

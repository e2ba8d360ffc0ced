"""Who is signed in, and which roles may open a page.

The signed-in staff member is kept in Flask's signed session cookie as a small dict
(store, code, name, role). A page decorated with :func:`role_required` sends a visitor
who is not signed in to the login page (and back afterwards) and answers 403 to staff
whose role may not use it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, redirect, request, session, url_for

SESSION_KEY = "staff"

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


def current_staff() -> SignedIn | None:
    """The signed-in staff member, or ``None``."""
    data = session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    try:
        return SignedIn(**data)
    except TypeError:  # a cookie from an older version: sign in again
        return None


def sign_in(staff: SignedIn) -> None:
    """Start a session for ``staff`` (a fresh session: nothing carried over)."""
    session.clear()
    session[SESSION_KEY] = {
        "store": staff.store,
        "code": staff.code,
        "name": staff.name,
        "role": staff.role,
    }
    session.permanent = True


def sign_out() -> None:
    """End the session."""
    session.clear()


def role_required(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Run the view as ``view(staff, **url_args)`` for signed-in staff with one of ``roles``."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapper(**url_args: Any) -> Any:
            staff = current_staff()
            if staff is None:
                return redirect(url_for("pages_login.login", next=request.full_path))
            if not staff.may(*roles):
                abort(403, f"This page is for {', '.join(roles)} staff; you are signed in as "
                           f"{staff.role}.")  # fmt: skip
            return view(staff, **url_args)

        return wrapper

    return decorate


#: The navigation bar: (endpoint, label, roles that see it), in order.
NAVIGATION: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("pages_check.form", "Price check", ("cashier", "manager", "admin")),
    ("pages_approvals.queue", "Approvals", ("manager", "admin")),
    ("pages_incidents.index", "Incidents", ("ops", "manager", "admin")),
    ("pages_fix.scan", "Fix tags", ("ops", "manager", "admin")),
    ("pages_reports.index", "Reports", ("ops", "manager", "admin")),
    ("pages_staff.index", "Staff", ("admin",)),
)


def navigation(staff: SignedIn | None) -> list[tuple[str, str]]:
    """The (endpoint, label) links ``staff`` sees."""
    if staff is None:
        return []
    return [(endpoint, label) for endpoint, label, roles in NAVIGATION if staff.may(*roles)]

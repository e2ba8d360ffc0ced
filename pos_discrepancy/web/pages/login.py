"""Sign in with store, staff code and PIN; sign out; the home page.

Anybody on the store's network can reach this form, so it gives nothing away and hands
out no denial of service (design §11): failed sign-ins are throttled per client address
(:data:`~pos_discrepancy.web.throttle.SIGNIN_CLIENT_LIMIT`, 429 with Retry-After) and
per staff code (ten in a row pause that code's sign-in for 30 minutes), never counted in
the lock that protects approvals at a register; an unknown code and a wrong PIN take the
same time and get the same message. Staff without a PIN cannot sign in. After signing in
the browser goes on to ``next`` only when that stays on this site.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from pos_discrepancy.errors import DiscrepancyError, TooManyAttempts

from ..extension import current_desk
from .access import HOME_PAGE, current_staff, end_session, start_session
from .messages import plain_message, safe_next

bp = Blueprint("pages_login", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int, dict[str, str]]:
    """The sign-in form; a right PIN starts the session and goes on to ``next``."""
    stores = [store.code for store in current_desk().list_stores()]
    form = {"store": request.form.get("store", stores[0] if len(stores) == 1 else ""),
            "code": request.form.get("code", "")}  # fmt: skip
    if request.method == "POST":
        try:
            member = current_desk().sign_in(
                request.form.get("store", ""),
                code=request.form.get("code", ""),
                pin=request.form.get("pin", ""),
            )
        except DiscrepancyError as error:
            return _refused(error, stores, form)
        start_session(member)
        home = url_for(HOME_PAGE.get(member.role, "pages_login.home"))
        return redirect(safe_next(request.args.get("next"), home))
    return render_template("pages/login.html", stores=stores, form=form)


def _refused(
    error: DiscrepancyError, stores: list[str], form: Mapping[str, str]
) -> tuple[str, int, dict[str, str]]:
    flash(plain_message(error), "error")
    headers = {}
    if isinstance(error, TooManyAttempts):
        headers["Retry-After"] = str(error.retry_after)
    html = render_template("pages/login.html", stores=stores, form=form)
    return html, error.http_status, headers


@bp.post("/logout")
def logout() -> Response:
    """End the member's sessions (here and on every other device); back to the form."""
    end_session()
    flash("Signed out.", "ok")
    return redirect(url_for("pages_login.login"))


@bp.get("/")
def home() -> str | Response:
    """The pages the signed-in staff member may use (the sign-in form when nobody is)."""
    staff = current_staff()
    if staff is None:
        return redirect(url_for("pages_login.login"))
    return render_template("pages/home.html")

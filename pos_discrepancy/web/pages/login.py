"""Sign in with store, staff code and PIN; sign out; the home page.

The PIN is checked with the same rules as an approval (argon2id, five wrong PINs in a
row lock the staff member for 15 minutes), so the web app is no easier a way in than
the register. Staff without a PIN (cashiers need not have one) cannot sign in.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from pos_discrepancy.errors import DiscrepancyError

from ..extension import current_desk
from .access import HOME_PAGE, SignedIn, current_staff, sign_in, sign_out
from .messages import plain_message, safe_next

bp = Blueprint("pages_login", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    """The sign-in form; a right PIN starts the session and goes on to ``next``."""
    stores = [store.code for store in current_desk().list_stores()]
    form = {"store": request.form.get("store", stores[0] if len(stores) == 1 else ""),
            "code": request.form.get("code", "")}  # fmt: skip
    if request.method == "POST":
        try:
            staff = _check_pin(request.form)
        except DiscrepancyError as error:
            flash(plain_message(error), "error")
            return render_template("pages/login.html", stores=stores, form=form), error.http_status
        sign_in(staff)
        home = url_for(HOME_PAGE.get(staff.role, "pages_login.home"))
        return redirect(safe_next(request.args.get("next"), home))
    return render_template("pages/login.html", stores=stores, form=form)


def _check_pin(form: Mapping[str, str]) -> SignedIn:
    member = current_desk().sign_in(form.get("store", ""), code=form.get("code", ""),
                                    pin=form.get("pin", ""))  # fmt: skip
    return SignedIn(store=member.store, code=member.code, name=member.name, role=member.role)


@bp.post("/logout")
def logout() -> Response:
    """End the session and go back to the sign-in form."""
    sign_out()
    flash("Signed out.", "ok")
    return redirect(url_for("pages_login.login"))


@bp.get("/")
def home() -> str | Response:
    """The pages the signed-in staff member may use (the sign-in form when nobody is)."""
    staff = current_staff()
    if staff is None:
        return redirect(url_for("pages_login.login"))
    return render_template("pages/home.html")

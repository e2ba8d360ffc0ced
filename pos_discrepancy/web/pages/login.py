"""Sign in with store, staff code and PIN; sign out; the home page.

The PIN is checked with the same rules as an approval (argon2id, five wrong PINs in a
row lock the staff member for 15 minutes), so the web app is no easier a way in than
the register. Staff without a PIN (cashiers need not have one) cannot sign in.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from pos_discrepancy import approvals
from pos_discrepancy.errors import DiscrepancyError, NotFound
from pos_discrepancy.inputs import check_code
from pos_discrepancy.store import repository

from ..extension import current_desk
from .access import HOME_PAGE, SignedIn, current_staff, sign_in, sign_out
from .messages import plain_message, safe_next

bp = Blueprint("pages_login", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    """The sign-in form; a right PIN starts the session and goes on to ``next``."""
    desk = current_desk()
    with desk.reading() as connection:
        stores = [row.id for row in repository.list_stores(connection=connection)]
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
    desk = current_desk()
    store = check_code(form.get("store"), field="store")
    code = check_code(form.get("code"), field="code")
    pin = approvals.check_pin(form.get("pin"))
    info = desk.store_info(store)
    with desk.reading() as connection:
        row = repository.get_staff(connection=connection, store_id=info.code, code=code)
    if row is None or not row.pin_hash:
        raise NotFound(
            f"code: store {info.code} has no staff {code} who can sign in (staff need a PIN)",
            field="code",
        )
    approvals.authenticate(desk, row, pin)
    return SignedIn(store=info.code, code=row.code, name=row.name, role=row.role)


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

"""The admin's staff page: see the store's staff, add someone, set a PIN, lift a lock.

``GET /staff`` lists the signed-in admin's store staff with whether each can sign in (has
a PIN) and any lock. Small forms post back: add a member (``POST /staff``), give one a
new PIN typed twice (``POST /staff/<code>/pin``), another role
(``POST /staff/<code>/role``) and unlock one before the lock runs out
(``POST /staff/<code>/unlock``). A new PIN, a new role and an unlock end the member's
sessions everywhere (design §11); an admin changing their own PIN stays signed in here,
with a session made under the new PIN. Success redirects (303) back to the list with a
message; a refused form shows the list again with the message and the error's 4xx status,
and changes nothing. There is no delete, and an admin cannot change their own role here,
so no admin locks themselves out.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from pos_discrepancy.domain.staff import ROLES
from pos_discrepancy.errors import DiscrepancyError, InvalidInput, NotPermitted

from ..extension import current_desk
from .access import SignedIn, role_required, start_session
from .incidents import local_clock
from .messages import plain_message

bp = Blueprint("pages_staff", __name__)

#: Roles that manage staff.
ADMINS = ("admin",)
#: How each form field is named in messages.
FIELD_LABELS = {
    "code": "Staff code",
    "name": "Name",
    "role": "Role",
    "pin": "PIN",
    "pin_again": "PIN again",
}


@dataclass(frozen=True)
class StaffRow:
    """One member of staff as the page shows them."""

    code: str
    name: str
    role: str
    has_pin: bool
    locked: str | None  # "locked for 12 more minutes", or None
    locked_until: str | None  # the lock's end in the store's time zone


def staff_rows(
    people: list[dict[str, Any]], now: datetime, local: Callable[[datetime | None], str]
) -> list[StaffRow]:
    """The page's rows; a lock that has already run out is not shown."""
    rows = []
    for person in people:  # the later of the register's wrong-PIN lock and the sign-in pause
        locks = [t for t in (person["locked_until"], person["signin_locked_until"]) if t]
        until = max(locks, default=None)
        locked = locked_until = None
        if until is not None and until > now:
            minutes = max(1, math.ceil((until - now).total_seconds() / 60))
            locked = f"locked for {minutes} more minute{'s' if minutes != 1 else ''}"
            locked_until = local(until)
        rows.append(StaffRow(person["code"], person["name"], person["role"],
                             person["has_pin"], locked, locked_until))  # fmt: skip
    return rows


@bp.get("/staff")
@role_required(*ADMINS)
def index(staff: SignedIn) -> str:
    """The staff list with the add form."""
    return _page(staff)


@bp.post("/staff")
@role_required(*ADMINS)
def add(staff: SignedIn) -> Response | tuple[str, int]:
    """Add a member of staff; the PIN may be left blank for a cashier."""
    form = {name: request.form.get(name, "") for name in ("code", "name", "role")}
    try:
        pin = _pin_typed_twice(request.form, required=False)
        current_desk().add_staff(
            staff.store, code=form["code"], name=form["name"], role=form["role"], pin=pin
        )
    except DiscrepancyError as error:
        return _refused(staff, error, form)
    flash(f"{form['code'].strip()} ({' '.join(form['name'].split())}) added as "
          f"{form['role']}" + ("." if pin else " (no PIN: cannot sign in yet)."), "ok")  # fmt: skip
    return redirect(url_for(".index"), code=303)


@bp.post("/staff/<code>/pin")
@role_required(*ADMINS)
def set_pin(staff: SignedIn, code: str) -> Response | tuple[str, int]:
    """Give ``code`` a new PIN (typed twice); lifts any wrong-PIN lock too."""
    try:
        pin = _pin_typed_twice(request.form, required=True)
        current_desk().set_pin(staff.store, code=code, pin=pin or "")
    except DiscrepancyError as error:
        return _refused(staff, error)
    if code.upper() == staff.code:  # the old session has just ended: one under the new PIN
        start_session(current_desk().sign_in(staff.store, code=code, pin=pin or ""))
    whose = "Your" if code == staff.code else f"{code}'s"
    flash(f"{whose} PIN is changed; it works from the next sign-in or approval.", "ok")
    return redirect(url_for(".index"), code=303)


@bp.post("/staff/<code>/role")
@role_required(*ADMINS)
def set_role(staff: SignedIn, code: str) -> Response | tuple[str, int]:
    """Give ``code`` another role; their sessions end, so they sign in again as it."""
    role = request.form.get("role", "")
    try:
        if code.upper() == staff.code:
            raise NotPermitted("code: ask another admin to change your own role", field="code")
        current_desk().set_role(staff.store, code=code, role=role)
    except DiscrepancyError as error:
        return _refused(staff, error)
    flash(f"{code} is now {role}; they sign in again to use it.", "ok")
    return redirect(url_for(".index"), code=303)


@bp.post("/staff/<code>/unlock")
@role_required(*ADMINS)
def unlock(staff: SignedIn, code: str) -> Response | tuple[str, int]:
    """Lift ``code``'s wrong-PIN and sign-in locks now (their sessions end too)."""
    try:
        current_desk().unlock_staff(staff.store, code=code)
    except DiscrepancyError as error:
        return _refused(staff, error)
    flash(f"{code} is unlocked and can use their PIN again.", "ok")
    return redirect(url_for(".index"), code=303)


def _pin_typed_twice(form: Mapping[str, str], *, required: bool) -> str | None:
    pin, again = form.get("pin", ""), form.get("pin_again", "")
    if not pin and not again and not required:
        return None
    if pin != again:
        raise InvalidInput("pin_again: the two PINs differ; type the same PIN twice",
                           field="pin_again")  # fmt: skip
    return pin


def _refused(
    staff: SignedIn, error: DiscrepancyError, form: Mapping[str, str] | None = None
) -> tuple[str, int]:
    label = FIELD_LABELS.get(error.field or "", "")
    flash(f"{label}: {plain_message(error)}" if label else plain_message(error), "error")
    return _page(staff, form), error.http_status


def _page(staff: SignedIn, form: Mapping[str, str] | None = None) -> str:
    desk = current_desk()
    info = desk.store_info(staff.store)
    rows = staff_rows(desk.list_staff(info.code), desk.clock(), local_clock(info.timezone))
    form = form or {"code": "", "name": "", "role": "cashier"}
    return render_template("pages/staff.html", rows=rows, roles=ROLES, form=form, store=info)

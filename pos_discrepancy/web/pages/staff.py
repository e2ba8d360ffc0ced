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
from pos_discrepancy.errors import N_, DiscrepancyError, InvalidInput, NotPermitted
from pos_discrepancy.i18n import Words
from pos_discrepancy.words import ROLE_NAMES, field_words

from ..extension import current_desk
from .access import SignedIn, role_required, start_session
from .i18n import page_words
from .incidents import local_clock
from .messages import plain_message

bp = Blueprint("pages_staff", __name__)

#: Roles that manage staff.
ADMINS = ("admin",)
#: The form's fields whose name a refusal message starts with.
FORM_FIELDS = frozenset({"code", "name", "role", "pin", "pin_again"})


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
    people: list[dict[str, Any]],
    now: datetime,
    local: Callable[[datetime | None], str],
    say: Words | None = None,
) -> list[StaffRow]:
    """The page's rows; a lock that has already run out is not shown."""
    say = say or page_words()
    rows = []
    for person in people:  # the later of the register's wrong-PIN lock and the sign-in pause
        locks = [t for t in (person["locked_until"], person["signin_locked_until"]) if t]
        until = max(locks, default=None)
        locked = locked_until = None
        if until is not None and until > now:
            minutes = max(1, math.ceil((until - now).total_seconds() / 60))
            locked = say.ngettext(
                "locked for %(num)s more minute", "locked for %(num)s more minutes", minutes
            )
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
    say = page_words()
    added = {
        "code": form["code"].strip(),
        "name": " ".join(form["name"].split()),
        "role": say.gettext(ROLE_NAMES.get(form["role"], form["role"])),
    }
    if pin:
        flash(say.gettext("%(code)s (%(name)s) added as %(role)s.", **added), "ok")
    else:
        flash(say.gettext(
            "%(code)s (%(name)s) added as %(role)s (no PIN: cannot sign in yet).", **added),
            "ok")  # fmt: skip
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
    say = page_words()
    if code == staff.code:
        flash(say.gettext("Your PIN is changed; it works from the next sign-in or approval."),
              "ok")  # fmt: skip
    else:
        flash(say.gettext(
            "%(code)s's PIN is changed; it works from the next sign-in or approval.", code=code),
            "ok")  # fmt: skip
    return redirect(url_for(".index"), code=303)


@bp.post("/staff/<code>/role")
@role_required(*ADMINS)
def set_role(staff: SignedIn, code: str) -> Response | tuple[str, int]:
    """Give ``code`` another role; their sessions end, so they sign in again as it."""
    role = request.form.get("role", "")
    try:
        if code.upper() == staff.code:
            raise NotPermitted.worded("code", N_("ask another admin to change your own role"))
        current_desk().set_role(staff.store, code=code, role=role)
    except DiscrepancyError as error:
        return _refused(staff, error)
    say = page_words()
    flash(say.gettext("%(code)s is now %(role)s; they sign in again to use it.", code=code,
                      role=say.gettext(ROLE_NAMES.get(role, role))), "ok")  # fmt: skip
    return redirect(url_for(".index"), code=303)


@bp.post("/staff/<code>/unlock")
@role_required(*ADMINS)
def unlock(staff: SignedIn, code: str) -> Response | tuple[str, int]:
    """Lift ``code``'s wrong-PIN and sign-in locks now (their sessions end too)."""
    try:
        current_desk().unlock_staff(staff.store, code=code)
    except DiscrepancyError as error:
        return _refused(staff, error)
    flash(page_words().gettext("%(code)s is unlocked and can use their PIN again.", code=code),
          "ok")  # fmt: skip
    return redirect(url_for(".index"), code=303)


def _pin_typed_twice(form: Mapping[str, str], *, required: bool) -> str | None:
    pin, again = form.get("pin", ""), form.get("pin_again", "")
    if not pin and not again and not required:
        return None
    if pin != again:
        raise InvalidInput.worded("pin_again", N_("the two PINs differ; type the same PIN twice"))
    return pin


def _refused(
    staff: SignedIn, error: DiscrepancyError, form: Mapping[str, str] | None = None
) -> tuple[str, int]:
    field = error.field or ""
    if field in FORM_FIELDS:
        say = page_words()
        label = say.gettext("PIN again") if field == "pin_again" else field_words(field, say)
        flash(say.gettext("%(field)s: %(problem)s", field=label, problem=plain_message(error)),
              "error")  # fmt: skip
    else:
        flash(plain_message(error), "error")
    return _page(staff, form), error.http_status


def _page(staff: SignedIn, form: Mapping[str, str] | None = None) -> str:
    desk = current_desk()
    info = desk.store_info(staff.store)
    say = page_words()
    rows = staff_rows(
        desk.list_staff(info.code), desk.clock(), local_clock(info.timezone, say), say
    )
    form = form or {"code": "", "name": "", "role": "cashier"}
    return render_template("pages/staff.html", rows=rows, roles=ROLES, form=form, store=info)

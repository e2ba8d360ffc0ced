"""Staff PINs: argon2id hashes, verification, and the wrong-PIN lock."""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Row

from ..domain.staff import APPROVER_ROLES, ROLES
from ..errors import N_, AuthenticationFailed, LockedOut
from ..inputs import check_pin
from ..store import repository
from .context import PIN_HASHER, Context

__all__ = [
    "APPROVER_ROLES",
    "LOCKOUT",
    "MAX_PIN_FAILURES",
    "NOT_AN_APPROVER",
    "ROLES",
    "authenticate",
    "check_pin",
    "hash_pin",
]

MAX_PIN_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
#: Why a member of staff of each role that cannot approve is refused (``%(code)s``), a
#: sentence per role so each language words the role itself.
NOT_AN_APPROVER = {
    "cashier": N_("%(code)s is a cashier; only a manager or admin can approve"),
    "ops": N_("%(code)s is a ops; only a manager or admin can approve"),
}


def hash_pin(pin: object, hasher: PasswordHasher = PIN_HASHER) -> str:
    """The argon2id hash stored for a PIN."""
    return hasher.hash(check_pin(pin))


def authenticate(ctx: Context, staff: Row[Any], pin: str) -> None:
    """Verify ``pin`` for ``staff``; count failures and lock after five in a row.

    The failure count is committed even though the caller's action fails: that is the
    point of a lockout. The count is read and written under a row lock after the (slow)
    hash check, so PINs tried in parallel are all counted, and a right PIN that arrives
    while a parallel guess has just locked the manager is refused too. Inside a unit of
    work (a request with an ``Idempotency-Key``), which rolls back when the action fails,
    the same outcome is recorded again after the rollback, in a transaction of its own.
    """
    now = ctx.clock()
    _refuse_if_locked(staff, now)
    try:
        right: bool = ctx.pin_hasher.verify(staff.pin_hash or "", pin)
    except (VerificationError, InvalidHashError):
        right = False
    failures, locked = _record(ctx, staff, right=right, now=now)
    ctx.after_rollback(lambda: _record_again(ctx, staff, right=right, now=now))
    if right:
        return
    if locked:
        raise LockedOut.counted(
            "manager",
            N_("wrong PIN; %(code)s is now locked for %(num)s minute (ask another manager)"),
            N_("wrong PIN; %(code)s is now locked for %(num)s minutes (ask another manager)"),
            LOCKOUT.seconds // 60,
            code=staff.code,
        )
    left = MAX_PIN_FAILURES - failures
    raise AuthenticationFailed.counted(
        "pin",
        N_("wrong PIN for %(code)s (%(num)s more try before a %(minutes)s-minute lock)"),
        N_("wrong PIN for %(code)s (%(num)s more tries before a %(minutes)s-minute lock)"),
        left,
        code=staff.code,
        minutes=LOCKOUT.seconds // 60,
    )


def _record(ctx: Context, staff: Row[Any], *, right: bool, now: datetime) -> tuple[int, bool]:
    """Count a wrong PIN (lock at the fifth) or clear the count; (failures, locked)."""
    with ctx.transaction() as connection:
        current = repository.get_staff(
            connection=connection, store_id=staff.store_id, code=staff.code, for_update=True
        )
        assert current is not None  # staff are never deleted
        _refuse_if_locked(current, now)
        failures = 0 if right else current.failed_pin_attempts + 1
        locked = failures >= MAX_PIN_FAILURES
        if failures != current.failed_pin_attempts or locked or current.locked_until:
            repository.update_staff(
                connection=connection,
                store_id=staff.store_id,
                code=staff.code,
                failed_pin_attempts=0 if locked else failures,
                locked_until=now + LOCKOUT if locked else None,
            )
    return failures, locked


def _record_again(ctx: Context, staff: Row[Any], *, right: bool, now: datetime) -> None:
    """:func:`_record` after the caller's unit of work rolled the first record back."""
    with suppress(LockedOut):  # a parallel guess locked them meanwhile: nothing to count
        _record(ctx, staff, right=right, now=now)


def _refuse_if_locked(staff: Row[Any], now: datetime) -> None:
    if staff.locked_until is not None and staff.locked_until > now:
        minutes = max(1, int((staff.locked_until - now).total_seconds() // 60) + 1)
        raise LockedOut.counted(
            "manager",
            N_("%(code)s is locked after %(failures)s wrong PINs; try again in %(num)s minute "
               "or ask another manager"),
            N_("%(code)s is locked after %(failures)s wrong PINs; try again in %(num)s minutes "
               "or ask another manager"),
            minutes,
            code=staff.code,
            failures=MAX_PIN_FAILURES,
        )  # fmt: skip

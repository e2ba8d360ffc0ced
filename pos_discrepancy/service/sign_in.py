"""Who is asking: a register by its bearer token, a member of staff by PIN.

Signing in to the web app is the anonymous path (design §11): anybody on the store's
network can reach the form. Its wrong PINs count in a lock of their own
(:data:`SIGNIN_MAX_FAILURES` in a row pause that code's sign-in for
:data:`SIGNIN_LOCKOUT`, PCI DSS 8.3.4), never in the lock that protects approvals at a
register, so a flood of guesses cannot stop a manager approving at a till. An unknown code
and a wrong PIN get the same answer after the same work (one argon2 verification, against
a dummy hash for an unknown code), so the form tells no one which codes exist.

A session remembers the member's ``session_version``; signing out, a new PIN, a new role or
an unlock by an admin raises it, which ends every session made before.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Row

from ..errors import N_, AuthenticationFailed, InvalidInput, TooManyAttempts
from ..inputs import check_code
from ..store import repository
from ..store.hot_path import hot_path
from .context import Context
from .pins import check_pin
from .setup import token_hash

#: Failed sign-ins in a row before a staff code's sign-in pauses (PCI DSS 8.3.4: ≤ 10).
SIGNIN_MAX_FAILURES = 10
#: How long it pauses then (PCI DSS 8.3.4: at least 30 minutes), unless an admin unlocks.
SIGNIN_LOCKOUT = timedelta(minutes=30)
#: The one answer to an unknown store code, an unknown staff code and a wrong PIN.
SIGNIN_REFUSED = N_("store, staff code or PIN not recognised; check them and try again")
STAFF = repository.STAFF


@dataclass(frozen=True)
class RegisterIdentity:
    """The store and register a bearer token belongs to."""

    store: str
    register: str


@dataclass(frozen=True)
class StaffMember:
    """A member of staff who proved their PIN."""

    store: str
    code: str
    name: str
    role: str
    #: The member's session version when the PIN was proved (see :func:`session_member`).
    session_version: int = 0


def authenticate_register(ctx: Context, token: object) -> RegisterIdentity:
    """The register whose token this is; ``AuthenticationFailed`` for any other."""
    if not isinstance(token, str) or not token:
        raise AuthenticationFailed("Authorization: unknown register token", field="Authorization")
    wanted = token_hash(token)
    row = hot_path(ctx.engine).register_row(token_hash=wanted)
    if row is None or not hmac.compare_digest(row[2], wanted):
        raise AuthenticationFailed("Authorization: unknown register token", field="Authorization")
    return RegisterIdentity(store=row[0], register=row[1])


def sign_in(ctx: Context, store: object, *, code: object, pin: object) -> StaffMember:
    """Check ``pin`` for staff ``code`` at ``store`` (the web app's sign-in).

    :raises InvalidInput: a code or PIN that is malformed (says nothing about who exists).
    :raises AuthenticationFailed: :data:`SIGNIN_REFUSED`, for an unknown store or code, a
        member without a PIN and a wrong PIN alike.
    :raises TooManyAttempts: the code's sign-in is paused after too many failures.
    """
    store_code = check_code(store, field="store")
    staff_code = check_code(code, field="code")
    checked_pin = check_pin(pin)
    with ctx.reading() as connection:
        row = repository.get_staff(connection=connection, store_id=store_code, code=staff_code)
    hashed = row.pin_hash if row is not None and row.pin_hash else None
    right = _verify(ctx.pin_hasher, hashed or _dummy_hash(ctx.pin_hasher), checked_pin)
    if row is None or hashed is None:  # the same work as a wrong PIN, the same answer
        raise AuthenticationFailed(SIGNIN_REFUSED, field="pin", template=SIGNIN_REFUSED)
    now = ctx.clock()
    with ctx.transaction() as connection:
        current = repository.get_staff(
            connection=connection, store_id=row.store_id, code=row.code, for_update=True
        )
        assert current is not None  # staff are never deleted
        paused_until = _paused_until(current, now)
        if paused_until is None:
            failures = 0 if right else current.signin_failures + 1
            if failures >= SIGNIN_MAX_FAILURES:
                paused_until, failures = now + SIGNIN_LOCKOUT, 0
            if failures != current.signin_failures or paused_until is not None:
                repository.update_staff(
                    connection=connection,
                    store_id=row.store_id,
                    code=row.code,
                    signin_failures=failures,
                    signin_locked_until=paused_until,
                )
    if paused_until is not None:
        seconds = max(1, int((paused_until - now).total_seconds()))
        paused = InvalidInput.counted(
            "code",
            N_(
                "sign-in for %(code)s is paused after %(failures)s failed tries; try again in "
                "%(num)s minute or ask an admin to unlock it"
            ),
            N_(
                "sign-in for %(code)s is paused after %(failures)s failed tries; try again in "
                "%(num)s minutes or ask an admin to unlock it"
            ),
            (seconds + 59) // 60,
            code=row.code,
            failures=SIGNIN_MAX_FAILURES,
        )  # fmt: skip  (worded as counted does; TooManyAttempts also needs retry_after)
        raise TooManyAttempts(
            paused.message,
            retry_after=seconds,
            field="code",
            template=paused.template,
            values=paused.values,
        )
    if not right:
        raise AuthenticationFailed(SIGNIN_REFUSED, field="pin", template=SIGNIN_REFUSED)
    return _member(current)


def session_member(ctx: Context, store: str, *, code: str, version: int) -> StaffMember | None:
    """The member a session was made for, while that session still stands.

    ``None`` when the member is gone, has lost their PIN, or their sessions were ended
    (sign-out, new PIN, new role, unlock) since ``version``.
    """
    with ctx.reading() as connection:
        row = repository.get_staff(connection=connection, store_id=store, code=code)
    if row is None or not row.pin_hash or row.session_version != version:
        return None
    return _member(row)


def end_sessions(ctx: Context, store: str, *, code: str) -> None:
    """End every session of staff ``code`` (signing out ends them all, on every device)."""
    with ctx.transaction() as connection:
        repository.update_staff(
            connection=connection,
            store_id=store,
            code=code,
            session_version=STAFF.c.session_version + 1,
        )


def _member(row: Row[Any]) -> StaffMember:
    return StaffMember(store=row.store_id, code=row.code, name=row.name, role=row.role,
                       session_version=row.session_version)  # fmt: skip


def _paused_until(row: Row[Any], now: datetime) -> datetime | None:
    until: datetime | None = row.signin_locked_until
    return until if until is not None and until > now else None


def _verify(hasher: PasswordHasher, hashed: str, pin: str) -> bool:
    try:
        return bool(hasher.verify(hashed, pin))
    except (VerificationError, InvalidHashError):
        return False


_DUMMY_HASHES: dict[tuple[int, int, int], str] = {}


def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash of no one's PIN, made with ``hasher``'s cost, so checking it takes as long."""
    cost = (hasher.time_cost, hasher.memory_cost, hasher.parallelism)
    if cost not in _DUMMY_HASHES:
        _DUMMY_HASHES[cost] = hasher.hash("no one's PIN")
    return _DUMMY_HASHES[cost]

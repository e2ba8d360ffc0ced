"""Who is asking: a register by its bearer token, a member of staff by PIN."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from ..errors import AuthenticationFailed, NotFound
from ..inputs import check_code
from ..store import repository
from .context import Context
from .pins import authenticate, check_pin
from .setup import token_hash


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


def authenticate_register(ctx: Context, token: object) -> RegisterIdentity:
    """The register whose token this is; ``AuthenticationFailed`` for any other."""
    if not isinstance(token, str) or not token:
        raise AuthenticationFailed("Authorization: unknown register token", field="Authorization")
    wanted = token_hash(token)
    with ctx.reading() as connection:
        row = repository.find_register_by_token_hash(connection=connection, token_hash=wanted)
    if row is None or not hmac.compare_digest(row.token_hash, wanted):
        raise AuthenticationFailed("Authorization: unknown register token", field="Authorization")
    return RegisterIdentity(store=row.store_id, register=row.code)


def sign_in(ctx: Context, store: object, *, code: object, pin: object) -> StaffMember:
    """Check ``pin`` for staff ``code`` at ``store``; wrong PINs count towards the lock."""
    check_code(store, field="store")
    staff_code = check_code(code, field="code")
    checked_pin = check_pin(pin)
    info = ctx.store_info(store)
    with ctx.reading() as connection:
        row = repository.get_staff(connection=connection, store_id=info.code, code=staff_code)
    if row is None or not row.pin_hash:
        raise NotFound(
            f"code: store {info.code} has no staff {staff_code} who can sign in (staff need a PIN)",
            field="code",
        )
    authenticate(ctx, row, checked_pin)
    return StaffMember(store=info.code, code=row.code, name=row.name, role=row.role)

"""Setting a store up: stores, staff, registers and the price file."""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.exc import IntegrityError

from ..domain import StoreInfo
from ..errors import N_, AlreadyExists, ConfigurationError, InvalidInput, NotFound
from ..i18n import DEFAULT_LOCALE, check_locale
from ..inputs import check_code, check_text
from ..money import check_currency
from ..prices import PriceRecord, check_sku, parse_price_csv, parse_price_rows
from ..store import repository
from .context import Context
from .pins import APPROVER_ROLES, ROLES, hash_pin

#: Why a manager or admin is refused without a PIN: a sentence per role (catalogs).
NEEDS_A_PIN = {
    "manager": N_("a manager needs a PIN to approve"),
    "admin": N_("a admin needs a PIN to approve"),
}
#: Why a member without a PIN cannot get an approving role (``%(code)s``).
PIN_BEFORE_ROLE = {
    "manager": N_("give %(code)s a PIN before making them a manager"),
    "admin": N_("give %(code)s a PIN before making them a admin"),
}


def add_store(
    ctx: Context,
    code: str,
    *,
    name: str,
    currency: str,
    jurisdiction: str | None,
    timezone: str,
    locale: str = DEFAULT_LOCALE,
) -> StoreInfo:
    """Add a store row; refuses a taken code or an unknown jurisdiction, time zone or
    locale (a Babel name such as ``fr_CA``)."""
    store_id = check_code(code, field="code")
    values: dict[str, Any] = {
        "id": store_id,
        "name": check_text(name, field="name", max_length=200, required=True),
        "currency": check_currency(currency),
        "timezone": _timezone(timezone),
        "locale": check_locale(locale),
        "jurisdiction": check_text(jurisdiction, field="jurisdiction", max_length=64),
        "created_at": ctx.clock(),
    }
    try:
        ctx.check_jurisdictions([values["jurisdiction"]])
    except ConfigurationError as error:  # the caller's value, not the set-up, is wrong
        raise InvalidInput(error.message, field="jurisdiction") from None
    try:
        with ctx.transaction() as connection:
            if repository.get_store(connection=connection, store_id=values["id"]):
                raise AlreadyExists(f"code: store {values['id']!r} already exists", field="code")
            repository.insert_store(connection=connection, **values)
    except IntegrityError:  # a concurrent add of the same code
        raise AlreadyExists(f"code: store {values['id']!r} already exists", field="code") from None
    ctx.stores.forget(store_id)
    return ctx.store_info(store_id)


def _timezone(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidInput(
            "timezone: must be an IANA name such as America/Toronto", field="timezone"
        )
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"timezone: {value[:60]!r} is not an IANA time zone such as America/Toronto",
            field="timezone",
        ) from None
    return value


def add_staff(
    ctx: Context, store: str, *, code: str, name: str, role: str, pin: str | None
) -> None:
    """Add a staff member; managers and admins must have a PIN, stored as argon2id."""
    info = ctx.store_info(store)
    staff_code = check_code(code, field="code")
    staff_name = check_text(name, field="name", max_length=200, required=True)
    role = _check_role(role)
    if pin is None and role in ("manager", "admin"):
        raise InvalidInput.worded("pin", NEEDS_A_PIN[role])
    pin_hash = None if pin is None else hash_pin(pin, ctx.pin_hasher)
    with ctx.transaction() as connection:
        if repository.get_staff(connection=connection, store_id=info.code, code=staff_code):
            raise AlreadyExists.worded(
                "code",
                N_("%(code)s is already on the staff of %(store)s"),
                code=repr(staff_code),
                store=info.code,
            )
        repository.insert_staff(
            connection=connection,
            store_id=info.code,
            code=staff_code,
            name=staff_name,
            role=role,
            pin_hash=pin_hash,
            failed_pin_attempts=0,
            created_at=ctx.clock(),
        )


def _check_role(role: object) -> str:
    if role not in ROLES:
        raise InvalidInput.worded(
            "role",
            N_("%(value)s is not one of %(choices)s"),
            value=repr(str(role)[:20]),
            choices=", ".join(ROLES),
        )
    return str(role)


def list_staff(ctx: Context, store: str) -> list[dict[str, Any]]:
    """The store's staff as plain dicts, without PIN hashes."""
    info = ctx.store_info(store)
    with ctx.reading() as connection:
        rows = repository.list_staff(connection=connection, store_id=info.code)
    return [
        {
            "code": r.code,
            "name": r.name,
            "role": r.role,
            "locked_until": r.locked_until,
            "signin_locked_until": r.signin_locked_until,
            "has_pin": bool(r.pin_hash),
        }
        for r in rows
    ]


def set_pin(ctx: Context, store: str, *, code: str, pin: str) -> None:
    """Give a staff member a new PIN (argon2id); lifts their locks, ends their sessions."""
    info = ctx.store_info(store)
    staff_code = check_code(code, field="code")
    _update_staff(ctx, info.code, staff_code, pin_hash=hash_pin(pin, ctx.pin_hasher))


def set_role(ctx: Context, store: str, *, code: str, role: str) -> None:
    """Give a staff member another role; ends their sessions (they sign in again as it)."""
    info = ctx.store_info(store)
    staff_code = check_code(code, field="code")
    role = _check_role(role)
    with ctx.reading() as connection:
        row = repository.get_staff(connection=connection, store_id=info.code, code=staff_code)
    if row is not None and not row.pin_hash and role in APPROVER_ROLES:
        raise InvalidInput.worded("pin", PIN_BEFORE_ROLE[role], code=staff_code)
    _update_staff(ctx, info.code, staff_code, role=role)


def unlock_staff(ctx: Context, store: str, *, code: str) -> None:
    """Lift the wrong-PIN and sign-in locks now and end the member's sessions."""
    info = ctx.store_info(store)
    _update_staff(ctx, info.code, check_code(code, field="code"))


def _update_staff(ctx: Context, store: str, code: str, **values: Any) -> None:
    """Change an existing staff row, lifting its locks and ending its sessions.

    Every change an admin makes to a member (PIN, role, unlock) ends the member's sessions:
    a session made before must not outlive what it was made under. NotFound for no such code.
    """
    staff = repository.STAFF
    with ctx.transaction() as connection:
        if repository.get_staff(connection=connection, store_id=store, code=code) is None:
            raise NotFound.worded(
                "code",
                N_("%(code)s is not on the staff of %(store)s"),
                code=repr(code),
                store=store,
            )
        repository.update_staff(
            connection=connection,
            store_id=store,
            code=code,
            failed_pin_attempts=0,
            locked_until=None,
            signin_failures=0,
            signin_locked_until=None,
            session_version=staff.c.session_version + 1,
            **values,
        )


def import_prices(ctx: Context, store: str, source: Any) -> int:
    """Import a CSV file (path) or an iterable of rows, all or nothing."""
    info = ctx.store_info(store)
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise InvalidInput(f"file: {str(path)[:200]} does not exist", field="file") from None
        except UnicodeDecodeError as error:
            raise InvalidInput(
                f"file: cannot read {str(path)[:200]} as UTF-8 text ({error})", field="file"
            ) from None
        except (OSError, ValueError) as error:  # a directory, no permission, a bad name
            raise InvalidInput(
                f"file: cannot read {str(path)[:200]} ({type(error).__name__}: {str(error)[:200]})",
                field="file",
            ) from None
        records = parse_price_csv(text, info.currency)
    elif isinstance(source, Iterable):
        records = parse_price_rows(source, info.currency)
    else:
        raise InvalidInput("source: give a CSV file path or an iterable of rows", field="source")
    with ctx.transaction() as connection:
        return repository.upsert_prices(
            connection=connection, store_id=info.code, records=records, now=ctx.clock()
        )


def token_hash(token: str) -> str:
    """How a register token is stored: SHA-256 (tokens are long and random)."""
    return hashlib.sha256(token.encode()).hexdigest()


def add_register(ctx: Context, store: str, *, register: str) -> str:
    """Create a register and return its bearer token; only its hash is kept."""
    info = ctx.store_info(store)
    code = check_code(register, field="register")
    token = secrets.token_urlsafe(32)
    try:
        with ctx.transaction() as connection:
            repository.insert_register(
                connection=connection,
                store_id=info.code,
                code=code,
                token_hash=token_hash(token),
                created_at=ctx.clock(),
            )
    except IntegrityError:
        raise AlreadyExists.worded(
            "register", N_("%(code)s already exists at %(store)s"), code=repr(code), store=info.code
        ) from None
    return token


def rotate_register_token(ctx: Context, store: str, *, register: str) -> str:
    """Give an existing register a new bearer token (the old one stops working)."""
    info = ctx.store_info(store)
    code = check_code(register, field="register")
    token = secrets.token_urlsafe(32)
    with ctx.transaction() as connection:
        changed = repository.update_register_token(
            connection=connection, store_id=info.code, code=code, token_hash=token_hash(token)
        )
    if not changed:
        raise NotFound.worded(
            "register",
            N_("there is no register %(code)s at %(store)s"),
            code=repr(code),
            store=info.code,
        )
    return token


def price_of(ctx: Context, store: str, sku: str) -> PriceRecord | None:
    """The price-file record of ``sku`` at ``store``, or ``None``."""
    info = ctx.store_info(store)
    with ctx.reading() as connection:
        return repository.get_price(
            connection=connection, store_id=info.code, sku=check_sku(sku), currency=info.currency
        )

"""Register authentication: ``Authorization: Bearer <token>``.

Tokens come from ``desk.add_register`` (``posdisc registers add``); only their SHA-256
is stored. A missing or unknown token is 401; a request about another store than the
token's is 403 (a body naming another store) or 404 (an incident of another store, so
its existence does not leak).
"""

from __future__ import annotations

import functools
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import g, request

from pos_discrepancy.admin import token_hash
from pos_discrepancy.errors import AuthenticationFailed, NotPermitted
from pos_discrepancy.store import repository

from .extension import current_desk


@dataclass(frozen=True)
class RegisterIdentity:
    """The till a request comes from."""

    store: str
    register: str


def authenticate() -> RegisterIdentity:
    """The register of the request's bearer token (also kept in ``g.register``)."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise AuthenticationFailed(
            "Authorization: send the register's token as 'Authorization: Bearer <token>'",
            field="Authorization",
        )
    wanted = token_hash(token)
    desk = current_desk()
    with desk.reading() as connection:
        row = repository.find_register_by_token_hash(connection=connection, token_hash=wanted)
    if row is None or not hmac.compare_digest(row.token_hash, wanted):
        raise AuthenticationFailed("Authorization: unknown register token", field="Authorization")
    identity = RegisterIdentity(store=row.store_id, register=row.code)
    g.register = identity
    return identity


def require_same(value: object, expected: str, *, field: str) -> None:
    """403 when the body names another store or register than the token's."""
    if isinstance(value, str) and value.strip() and value.strip() != expected:
        raise NotPermitted(
            f"{field}: this register's token is for {field} {expected!r}, not {value!r}",
            field=field,
        )


def authenticated(view: Callable[..., Any]) -> Callable[..., Any]:
    """Run ``view(identity, **url_args)`` for an authenticated register."""

    @functools.wraps(view)
    def wrapper(**url_args: Any) -> Any:
        return view(authenticate(), **url_args)

    return wrapper

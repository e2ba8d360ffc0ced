"""Register authentication: ``Authorization: Bearer <token>``.

Tokens come from ``desk.add_register`` (``posdisc registers add``); only their SHA-256
is stored. A missing or unknown token is 401; a request about another store than the
token's is 403 (a body naming another store) or 404 (an incident of another store, so
its existence does not leak).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import g, request

from pos_discrepancy.desk import RegisterIdentity
from pos_discrepancy.errors import AuthenticationFailed, NotPermitted

from .extension import current_desk

__all__ = ["RegisterIdentity", "authenticate", "authenticated", "require_same"]


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
    identity = current_desk().authenticate_register(token)
    g.register = identity
    return identity


def require_same(value: object, expected: str, *, field: str) -> None:
    """403 when the body names another store or register than the token's."""
    # codes compare case-insensitively (design §3): "s001" is store S001
    if isinstance(value, str) and value.strip() and value.strip().upper() != expected.upper():
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

"""Throttling failed sign-ins per client address, with Flask-Limiter (design §11).

Flask-Limiter is the well-kept choice for Flask: limits written as ``"10 per 30 minutes"``,
a moving window, 429 answers with ``Retry-After``, and storage that is per process by
default (``memory://``) or shared by several server processes (``redis://…``, set
``POSDISC_RATELIMIT_STORAGE_URI``). Only failed sign-ins count (the answer is 4xx), so
staff signing in and out all day on one shared back-office computer are never throttled,
while a client guessing PINs is stopped after :data:`SIGNIN_CLIENT_LIMIT` failures, for
every staff code at once. Behind a reverse proxy set ``POSDISC_PROXY_COUNT`` so the client
address is the one the proxy saw (see :mod:`.security`).

The per-staff-code limit lives in the database instead
(:data:`~pos_discrepancy.service.sign_in.SIGNIN_MAX_FAILURES`), so that it holds across
server processes and restarts and an admin's unlock (page or CLI) lifts it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, Response, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

#: Failed sign-ins one client address may make before it must wait (moving window).
SIGNIN_CLIENT_LIMIT = "10 per 30 minutes"
#: The page's endpoint that is throttled.
SIGNIN_ENDPOINT = "pages_login.login"


def _failed(response: Response) -> bool:
    return response.status_code >= 400


def init_app(app: Flask) -> Limiter:
    """Throttle the app's sign-in form; returns the app's own limiter."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    app.config.setdefault("RATELIMIT_STRATEGY", "moving-window")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    app.config.setdefault("SIGNIN_CLIENT_LIMIT", SIGNIN_CLIENT_LIMIT)
    limiter = Limiter(get_remote_address, app=app, default_limits=[])
    throttled = limiter.limit(
        app.config["SIGNIN_CLIENT_LIMIT"],
        methods=["POST"],
        deduct_when=_failed,
        error_message="Too many failed sign-ins from this device; wait and try again, "
        "or ask an admin.",
    )
    view: Callable[..., Any] = app.view_functions[SIGNIN_ENDPOINT]
    app.view_functions[SIGNIN_ENDPOINT] = throttled(view)
    # Every other request is exempt at the limiter's first step: a register's check
    # should not pay for looking up limits it has none of (docs/performance.md).
    limiter.request_filter(lambda: request.endpoint != SIGNIN_ENDPOINT)
    return limiter

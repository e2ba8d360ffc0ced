"""The web layer: a Flask app over one :class:`~pos_discrepancy.desk.Desk` (design §5, §9).

``create_app`` is the app factory (flaskr style). Each concern is a blueprint in its own
module with a module-level ``bp``: the JSON API's in :data:`API_BLUEPRINT_MODULES`
(bearer tokens, no cookies, so exempt from CSRF) and the server-rendered pages' in
:data:`PAGE_BLUEPRINT_MODULES` (staff sessions; every form is CSRF-checked by
Flask-WTF). Plugins add theirs through ``posdisc_register_blueprints``; CSRF applies to
their forms too unless they exempt a blueprint with ``app.extensions["csrf"].exempt``.
"""

from __future__ import annotations

import importlib
import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from pos_discrepancy.errors import ConfigurationError

from . import errors, extension, pages, security, throttle
from .extension import current_desk

#: The JSON API's blueprint modules (``/api/v1``), in order. Each has a ``bp``.
API_BLUEPRINT_MODULES: tuple[str, ...] = (
    "pos_discrepancy.web.checks",
    "pos_discrepancy.web.incidents",
    "pos_discrepancy.web.approvals",
    "pos_discrepancy.web.reports_api",
    "pos_discrepancy.web.stats_api",
    "pos_discrepancy.web.whatif_api",
    "pos_discrepancy.web.audits_api",
    "pos_discrepancy.web.sync_api",
    "pos_discrepancy.web.openapi",
)
#: The staff pages' blueprint modules, in order. Each has a ``bp``.
PAGE_BLUEPRINT_MODULES: tuple[str, ...] = (
    "pos_discrepancy.web.pages.login",
    "pos_discrepancy.web.pages.check",
    "pos_discrepancy.web.pages.approvals",
    "pos_discrepancy.web.pages.incidents",
    "pos_discrepancy.web.pages.fix",
    "pos_discrepancy.web.pages.reports",
    "pos_discrepancy.web.pages.dashboard",
    "pos_discrepancy.web.pages.whatif",
    "pos_discrepancy.web.pages.audits",
    "pos_discrepancy.web.pages.staff",
    "pos_discrepancy.web.pages.live",
    "pos_discrepancy.web.pages.deliveries",
    "pos_discrepancy.web.pages.sync_quarantine",
)
#: Every blueprint module registered by :func:`create_app`.
BLUEPRINT_MODULES = API_BLUEPRINT_MODULES + PAGE_BLUEPRINT_MODULES

#: Largest request body accepted (bytes); a larger one is answered 413.
MAX_CONTENT_LENGTH = 64 * 1024
#: How long a staff session lasts at most, however busy: one long shift.
SESSION_LIFETIME = timedelta(hours=12)
#: How long a staff session may go unused before it ends.
SESSION_IDLE = timedelta(minutes=30)
_TRUE = ("1", "true", "yes", "on")


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the web app.

    Config keys (from ``test_config``, else the environment): ``DATABASE_URL``
    (default ``POSDISC_DATABASE_URL`` or the default SQLite file), ``POSDISC_CONFIG``
    (a TOML policy file), ``PLUGINS`` (extra plugin objects, for tests) and ``CLOCK``
    (a function returning the current UTC time, for tests), ``PIN_HASHER`` (argon2
    parameters for new PIN hashes; tests pass cheap ones) and ``SECRET_KEY`` (signs the
    staff session cookie; default ``POSDISC_SECRET_KEY``, else a random key per process,
    so staff sign in again after a restart). Staff sessions (design §11):
    ``PERMANENT_SESSION_LIFETIME`` (``POSDISC_SESSION_HOURS``, default 12) and
    ``SESSION_IDLE`` (``POSDISC_SESSION_IDLE_MINUTES``, default 30),
    ``SESSION_COOKIE_SECURE`` (``POSDISC_COOKIE_SECURE``; HTTPS requests get a Secure
    cookie anyway), ``PROXY_COUNT`` (``POSDISC_PROXY_COUNT``: reverse proxies in front
    whose ``X-Forwarded-For``/``-Proto`` to trust, default 0), ``SIGNIN_CLIENT_LIMIT``
    and ``RATELIMIT_STORAGE_URI`` (``POSDISC_RATELIMIT_STORAGE_URI``; see
    :mod:`.throttle`). The app opens one ``Desk``, kept in ``app.extensions["posdisc"]``
    and closed when the process exits.
    """
    app = Flask(__name__)
    app.config.from_mapping(
        DATABASE_URL=None,
        POSDISC_CONFIG=None,
        PLUGINS=(),
        CLOCK=None,
        PIN_HASHER=None,
        MAX_CONTENT_LENGTH=MAX_CONTENT_LENGTH,
        SECRET_KEY=os.environ.get("POSDISC_SECRET_KEY") or secrets.token_hex(32),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=os.environ.get("POSDISC_COOKIE_SECURE", "").lower() in _TRUE,
        PERMANENT_SESSION_LIFETIME=timedelta(
            hours=_positive("POSDISC_SESSION_HOURS", SESSION_LIFETIME.total_seconds() / 3600)
        ),
        SESSION_IDLE=timedelta(
            minutes=_positive("POSDISC_SESSION_IDLE_MINUTES", SESSION_IDLE.total_seconds() / 60)
        ),
        PROXY_COUNT=int(_positive("POSDISC_PROXY_COUNT", 0)),
        RATELIMIT_STORAGE_URI=os.environ.get("POSDISC_RATELIMIT_STORAGE_URI", "memory://"),
        WTF_CSRF_TIME_LIMIT=None,  # a token lives as long as the session (one shift)
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]  # fields in the order documented
    if test_config is not None:
        app.config.from_mapping(test_config)
    extension.init_app(app)
    errors.init_app(app)
    pages.init_app(app)
    security.init_app(app, proxy_count=app.config["PROXY_COUNT"])
    csrf = CSRFProtect(app)
    for name in BLUEPRINT_MODULES:
        blueprint = importlib.import_module(name).bp
        if name in API_BLUEPRINT_MODULES:
            csrf.exempt(blueprint)
        app.register_blueprint(blueprint)
    throttle.init_app(app)
    extension.get_desk(app).extend_web_app(app)
    return app


def _positive(variable: str, default: float) -> float:
    """A number of the environment (``default`` when unset); refused unless ≥ 0."""
    raw = os.environ.get(variable)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1
    if not value >= 0:
        raise ConfigurationError(f"{variable}: {raw[:40]!r} is not a number ≥ 0", field=variable)
    return value


__all__ = [
    "API_BLUEPRINT_MODULES",
    "BLUEPRINT_MODULES",
    "PAGE_BLUEPRINT_MODULES",
    "create_app",
    "current_desk",
]

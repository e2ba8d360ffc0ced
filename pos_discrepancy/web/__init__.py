"""The web layer: a Flask app over one :class:`~pos_discrepancy.desk.Desk` (design §5, §9).

``create_app`` is the app factory (flaskr style). Each concern is a blueprint in its own
module with a module-level ``bp``; the modules are listed in :data:`BLUEPRINT_MODULES`
and registered in that order, then plugins add theirs through
``posdisc_register_blueprints``.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from flask import Flask

from . import errors, extension
from .extension import current_desk

#: Blueprint modules registered by :func:`create_app`, in order. Each has a ``bp``.
BLUEPRINT_MODULES: tuple[str, ...] = (
    "pos_discrepancy.web.checks",
    "pos_discrepancy.web.incidents",
    "pos_discrepancy.web.approvals",
    "pos_discrepancy.web.reports_api",
    "pos_discrepancy.web.openapi",
)

#: Largest request body accepted (bytes); a larger one is answered 413.
MAX_CONTENT_LENGTH = 64 * 1024


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the web app.

    Config keys (from ``test_config``, else the environment): ``DATABASE_URL``
    (default ``POSDISC_DATABASE_URL`` or the default SQLite file), ``POSDISC_CONFIG``
    (a TOML policy file), ``PLUGINS`` (extra plugin objects, for tests) and ``CLOCK``
    (a function returning the current UTC time, for tests) and ``PIN_HASHER`` (argon2
    parameters for new PIN hashes; tests pass cheap ones). The app opens one ``Desk``,
    kept in ``app.extensions["posdisc"]`` and closed when the process exits.
    """
    app = Flask(__name__)
    app.config.from_mapping(
        DATABASE_URL=None,
        POSDISC_CONFIG=None,
        PLUGINS=(),
        CLOCK=None,
        PIN_HASHER=None,
        MAX_CONTENT_LENGTH=MAX_CONTENT_LENGTH,
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]  # fields in the order documented
    if test_config is not None:
        app.config.from_mapping(test_config)
    extension.init_app(app)
    errors.init_app(app)
    for name in BLUEPRINT_MODULES:
        app.register_blueprint(importlib.import_module(name).bp)
    extension.get_desk(app).pm.hook.posdisc_register_blueprints(app=app)
    return app


__all__ = ["BLUEPRINT_MODULES", "create_app", "current_desk"]

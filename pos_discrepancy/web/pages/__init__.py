"""The server-rendered web app (design §9): one blueprint per concern, no build step.

Staff sign in with their store, staff code and PIN (:mod:`.login`); each page states the
roles it serves (:func:`.access.role_required`). Every form carries a CSRF token
(Flask-WTF's ``CSRFProtect``, installed by :func:`pos_discrepancy.web.create_app`).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, request

from pos_discrepancy.words import ROLE_NAMES

from . import i18n
from .access import current_staff, navigation


def init_app(app: Flask) -> None:
    """Give every template the signed-in staff member and the navigation bar, in the
    store's language (:mod:`.i18n`)."""
    i18n.init_app(app)

    @app.context_processor
    def page_context() -> dict[str, Any]:
        staff = current_staff()
        return {
            "staff": staff,
            "navigation": navigation(staff),
            "path": request.path,
            "role_names": ROLE_NAMES,
        }

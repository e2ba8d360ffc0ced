"""One ``Desk`` per app, opened by :func:`init_app` and reached with :func:`current_desk`."""

from __future__ import annotations

import atexit

from flask import Flask, current_app

import pos_discrepancy
from pos_discrepancy.desk import Desk

EXTENSION_KEY = "posdisc"


def init_app(app: Flask) -> None:
    """Open the app's desk from its config; it is closed when the process exits."""
    options: dict[str, object] = {"plugins": tuple(app.config.get("PLUGINS") or ())}
    for key, option in (("CLOCK", "clock"), ("PIN_HASHER", "pin_hasher")):
        if app.config.get(key) is not None:
            options[option] = app.config[key]
    desk = pos_discrepancy.connect(
        app.config.get("DATABASE_URL"), app.config.get("POSDISC_CONFIG"), **options
    )
    app.extensions[EXTENSION_KEY] = desk
    atexit.register(desk.close)


def get_desk(app: Flask) -> Desk:
    """The desk of ``app``."""
    desk: Desk = app.extensions[EXTENSION_KEY]
    return desk


def current_desk() -> Desk:
    """The desk of the app handling the current request."""
    return get_desk(current_app)


def close_desk(app: Flask) -> None:
    """Release the app's database connections (tests call this; exit does it too)."""
    get_desk(app).close()

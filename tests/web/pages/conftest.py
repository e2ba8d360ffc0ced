"""Fixtures for the staff pages: signed-in test clients, a live server, real Chromium.

``pages_app`` is the API's ``app`` (stores S001 and S002, see ``tests/web/conftest.py``)
plus ops O02 (PIN 4321) and cashier C07 (PIN 7777) at S001. ``sign_in(client, code, pin)``
signs a test client in through the real form, CSRF token included.

Browser tests use Debian's Chromium (``/usr/bin/chromium``, installed by
``.ci/install-chromium``) driven by Playwright, against the app served by a real WSGI
server on a free port in a thread. Without Chromium they skip; under ``CI=true`` they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from pos_discrepancy.web.extension import get_desk

from ...conftest import add_quebec

CHROMIUM = os.environ.get("POSDISC_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PINS = {"M01": "2468", "M02": "1122", "A01": "1357", "O02": "4321", "C07": "7777"}


@pytest.fixture
def pages_app(app: Flask) -> Flask:
    """The seeded app (with ops member O02) and a cashier who can sign in."""
    desk = get_desk(app)
    desk.add_staff("S001", code="C07", name="Alex", role="cashier", pin=PINS["C07"])
    return app


@pytest.fixture
def quebec(pages_app: Flask) -> str:
    """Store Q001 (CAD, fr_CA, Montreal) with cashier C07, manager M01, ops O02 and admin
    A01; R1's token."""
    desk = get_desk(pages_app)
    add_quebec(desk)
    desk.add_staff("Q001", code="C07", name="Camille", role="cashier", pin=PINS["C07"])
    desk.add_staff("Q001", code="M01", name="Mathieu", role="manager", pin=PINS["M01"])
    desk.add_staff("Q001", code="O02", name="Océane", role="ops", pin=PINS["O02"])
    desk.add_staff("Q001", code="A01", name="Amélie", role="admin", pin=PINS["A01"])
    desk.import_prices("Q001", [("9788883701122", "Roman de poche", "19.95")])
    return desk.add_register("Q001", register="R1")


def csrf_token(html: str) -> str:
    """The CSRF token of the first form in ``html``."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def sign_in(client: FlaskClient, code: str, pin: str | None = None, store: str = "S001") -> Any:
    """Sign ``client`` in as staff ``code`` through the login form; the final response."""
    page = client.get("/login")
    form = {"csrf_token": csrf_token(page.text), "store": store, "code": code}
    form["pin"] = PINS[code] if pin is None else pin
    return client.post("/login", data=form, follow_redirects=True)


@pytest.fixture
def signed_in(pages_app: Flask):  # type: ignore[no-untyped-def]
    """``signed_in("M01")``: a new test client signed in as that staff member."""

    def make(code: str) -> FlaskClient:
        client = pages_app.test_client()
        response = sign_in(client, code)
        assert response.status_code == 200, response.text
        return client

    return make


@pytest.fixture
def live_server(pages_app: Flask) -> Iterator[str]:
    """``pages_app`` served over HTTP on 127.0.0.1; yields its base URL."""
    server = make_server("127.0.0.1", 0, pages_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium under Playwright (its own empty profile per launch)."""
    if not shutil.which(CHROMIUM):
        reason = f"no Chromium at {CHROMIUM}: run .ci/install-chromium"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[Any]:
    """A fresh browser tab (no cookies) whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    refused: list[str] = []  # the pages' Content-Security-Policy must never need to act
    tab.on(
        "console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None
    )
    yield tab
    context.close()
    assert not refused, f"the page broke its Content-Security-Policy: {refused}"


def browser_sign_in(page: Any, code: str, store: str = "S001") -> None:
    """Sign in through the login form in the browser."""
    page.goto("/login")
    page.select_option("#store", store)
    page.fill("#code", code)
    page.fill("#pin", PINS[code])
    page.click("button[type=submit]")
    page.wait_for_selector("form.who")
    page.wait_for_load_state("load")  # the landing page's scripts have run

"""Every page at a desktop, a small laptop and a phone width in real Chromium: nothing
scrolls sideways (a wide table may scroll in its own box), and a screenshot of each is kept.

Screenshots go to ``POSDISC_SCREENSHOT_DIR`` (default ``.artifacts/screenshots`` at the
top of the checkout), named ``<width>x<height>-<role>-<page>.png``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from pos_discrepancy.web.extension import get_desk

from .conftest import PINS

WIDTHS = [(1280, 800), (1024, 768), (390, 844)]
SCREENSHOTS = Path(
    os.environ.get("POSDISC_SCREENSHOT_DIR")
    or Path(__file__).resolve().parents[3] / ".artifacts" / "screenshots"
)
#: Sideways scroll: how far the page is wider than the window.
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def store_day(pages_app: Any, check_body: dict[str, Any]) -> dict[str, str]:
    """An escalation waiting, an incident still to choose, and one fixed."""
    desk = get_desk(pages_app)
    waiting = desk.check(**check_body).incident_id
    desk.decide(waiting, action="escalate", cashier="C07")
    choose = desk.check(**{**check_body, "location": "B2-C4"}).incident_id
    fixed = desk.check(**{**check_body, "sku": "012345678905", "scanned_price": "12.99",
                          "shelf_price": "10.99"}).incident_id  # fmt: skip
    desk.decide(fixed, action="honor", cashier="C07")
    desk.fix(fixed, staff="O02", cause="price_file_error")
    return {"waiting": str(waiting), "choose": str(choose), "fixed": str(fixed)}


def pages_of(day: dict[str, str]) -> dict[str, dict[str, str]]:
    """The pages each role uses (name: path), by the staff code signed in ("": nobody)."""
    return {
        "": {"login": "/login"},
        "C07": {"check": "/check", "options": f"/check/{day['choose']}",
                "waiting": f"/check/{day['waiting']}"},
        "M01": {"approvals": "/approvals", "incidents": "/incidents",
                "incident": f"/incidents/{day['fixed']}", "fix": "/fix", "reports": "/reports",
                "deliveries": "/deliveries", "quarantine": "/sync/quarantine",
                "whatif": "/whatif", "audits": "/audits"},
        "O02": {"fix": "/fix", "incidents": "/incidents", "reports": "/reports",
                "dashboard": "/dashboard"},
        "A01": {"staff": "/staff"},
    }  # fmt: skip


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # layout, not storage
@pytest.mark.parametrize(("width", "height"), WIDTHS, ids=[f"{w}x{h}" for w, h in WIDTHS])
def test_no_page_scrolls_sideways_at_any_width(browser, live_server, store_day, width, height):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    wide: list[str] = []
    for code, paths in pages_of(store_day).items():
        context = browser.new_context(base_url=live_server,
                                      viewport={"width": width, "height": height})  # fmt: skip
        page = context.new_page()
        if code:
            page.goto("/login")
            page.fill("#code", code)
            page.fill("#pin", PINS[code])
            page.click("button[type=submit]")
            page.wait_for_selector("form.who")
        for name, path in paths.items():
            page.goto(path)
            page.wait_for_load_state("load")
            overflow = page.evaluate(OVERFLOW)
            page.screenshot(path=SCREENSHOTS / f"{width}x{height}-{code or 'anyone'}-{name}.png",
                            full_page=True)  # fmt: skip
            if overflow > 0:
                wide.append(f"{path} as {code or 'anyone'}: {overflow} px too wide")
        context.close()
    assert wide == [], f"at {width}×{height}: {wide}"

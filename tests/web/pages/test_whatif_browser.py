"""The what-if form in real headless Chromium, at desktop and phone width (390 px).

Screenshots go to ``POSDISC_SCREENSHOT_DIR`` (default ``.artifacts/screenshots``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from ...service.conftest import PERIOD, make_case_app
from ..conftest import seed
from .conftest import browser_sign_in

SCREENSHOTS = Path(
    os.environ.get("POSDISC_SCREENSHOT_DIR")
    or Path(__file__).resolve().parents[3] / ".artifacts" / "screenshots"
)
WIDTHS = [(1280, 900), (390, 844)]


@pytest.fixture
def app(make_app: Any, clock: Any, tmp_path: Path) -> Flask:
    """The pages' stores under the what-if case's policy, with its four incidents."""
    case: Flask = make_case_app(make_app, clock, tmp_path, seed)
    return case


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # layout, not storage
@pytest.mark.parametrize(("width", "height"), WIDTHS, ids=[f"{w}x{h}" for w, h in WIDTHS])
def test_a_manager_compares_a_higher_auto_honor_limit(
    browser: Any, live_server: str, width: int, height: int
) -> None:
    context = browser.new_context(base_url=live_server, viewport={"width": width, "height": height})
    context.set_default_timeout(10_000)
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    try:
        browser_sign_in(page, "M01")
        page.click('nav a[href="/whatif"]')
        page.wait_for_selector("#compare-button")
        page.fill("#since", PERIOD["since"])
        page.fill("#until", PERIOD["until"])
        page.fill("#auto_honor_max", "15.00")
        page.select_option("#decline_allowed", "true")
        page.click("#compare-button")
        given = page.locator('tr[data-row="given_away"] td[data-side="change"]')
        given.wait_for()
        assert given.inner_text() == "+$22.50"
        walk = page.locator('tr[data-row="expected_walk_aways"] td[data-side="what_if"]')
        assert walk.inner_text() == "0.00"
        assert page.locator('[data-figure="walk_aways_avoided"]').inner_text() == "1.0000"
        assert page.locator(".whatif-changes li").count() == 3
        assert page.locator(".whatif-assumptions li").count() >= 8
        assert page.input_value("#auto_honor_max") == "15.00"  # the form keeps the values
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{width}x{height}-M01-whatif.png", full_page=True)
        assert overflow <= 0, f"/whatif is {overflow} px too wide at {width} px"
    finally:
        context.close()
    assert not refused, f"the page broke its Content-Security-Policy: {refused}"

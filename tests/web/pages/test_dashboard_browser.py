"""The dashboard in real headless Chromium: the charts show, the figures read, and the
page fits a 390 px phone without scrolling sideways (screenshots kept)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from pos_discrepancy.web.extension import get_desk

from ... import outcome_fixture as fixture
from .test_widths_browser import OVERFLOW, SCREENSHOTS


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # layout, not storage
@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_dashboard_reads_on_a_desktop_and_a_phone(
    pages_app: Flask, clock: Any, browser: Any, live_server: str, width: int, height: int
) -> None:
    desk = get_desk(pages_app)
    desk.add_staff("S001", code="O03", name="Noor", role="ops", pin="4322")
    fixture.build(desk, clock)
    context = browser.new_context(base_url=live_server, viewport={"width": width, "height": height})
    refused: list[str] = []
    page = context.new_page()
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto("/login")
    page.fill("#code", "O02")
    page.fill("#pin", "4321")
    page.click("button[type=submit]")
    page.wait_for_selector("form.who")
    page.click("nav >> text=Dashboard")
    page.wait_for_url("**/dashboard")
    page.goto(f"/dashboard?since={fixture.SINCE}&until={fixture.UNTIL}")
    charts = page.locator("svg.chart")
    assert charts.count() == 4
    for index in range(4):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        assert box is not None and box["width"] > min(300, width - 80) and box["height"] > 80
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
    figure = page.locator('[data-measure="incidents_per_1000_scans"]')
    assert figure.is_visible() and figure.inner_text() == "1.18"
    assert page.locator('[data-measure="price_accuracy_percent"]').inner_text() == "99.88 %"
    assert page.locator('[data-measure-row="trend"] td').inner_text() == (
        "2.50 vs 1.00 per 1,000 scans (+150.00 %)")  # fmt: skip
    assert page.evaluate(OVERFLOW) <= 0, "the dashboard scrolls sideways"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{width}x{height}-O02-dashboard.png", full_page=True)
    context.close()
    assert not refused, refused

"""The dashboard page: the same measures as the Python API, for ops, managers and admins."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask

from pos_discrepancy.reports.stats_words import measure_rows
from pos_discrepancy.web.extension import get_desk

from ... import outcome_fixture as fixture


@pytest.fixture
def history(pages_app: Flask, clock: Any) -> Any:
    desk = get_desk(pages_app)
    desk.add_staff("S001", code="O03", name="Noor", role="ops", pin="4322")
    fixture.build(desk, clock)
    return desk


def measure(html: str, key: str) -> str:
    found = re.search(rf'data-measure="{key}">([^<]*)<', html)
    assert found, key
    return found.group(1).strip()


def test_the_dashboard_shows_the_desks_measures(history: Any, signed_in: Any) -> None:
    page = signed_in("O02").get(f"/dashboard?since={fixture.SINCE}&until={fixture.UNTIL}")
    assert page.status_code == 200
    html = page.text
    assert measure(html, "incidents_per_1000_scans") == "1.18"
    assert measure(html, "price_accuracy_percent") == "99.88 %"
    assert measure(html, "given_away") == "$2.00"
    assert measure(html, "lost_sales_after_decline") == "$19.95"
    assert measure(html, "fixed_same_day_percent") == "20.00 %"
    for key, _, text in measure_rows(history.stats("S001", fixture.SINCE, fixture.UNTIL)):
        assert re.search(rf'data-measure-row="{key}"><th scope="row">[^<]+</th><td>'
                         rf"{re.escape(text)}</td>", html), key  # fmt: skip
    assert html.count("<svg ") == 4
    for key in ("incidents", "accuracy", "cost", "fix"):
        assert f'data-chart="{key}"' in html
    assert 'href="/dashboard" aria-current="page"' in html


def test_cashiers_may_not_open_it_and_a_bad_period_says_why(
    pages_app: Flask, signed_in: Any
) -> None:
    assert signed_in("C07").get("/dashboard").status_code == 403
    page = signed_in("M01").get("/dashboard?since=2026-11-20&until=2026-11-01")
    assert page.status_code == 422
    assert "From: 2026-11-20 is after until (2026-11-01)" in page.text
    assert 'data-period="2026-10-27/2026-11-25"' in page.text  # the default period instead

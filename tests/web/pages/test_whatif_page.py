"""The what-if page through the test client: roles, CSRF, the comparison, bad input."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import text

from pos_discrepancy.web.extension import get_desk

from ...service.conftest import PERIOD, make_case_app
from ..conftest import seed
from .conftest import csrf_token


@pytest.fixture
def app(make_app: Any, clock: Any, tmp_path: Path) -> Flask:
    """The pages' stores under the what-if case's policy, with its four incidents."""
    case: Flask = make_case_app(make_app, clock, tmp_path, seed)
    return case


def stored(app: Flask) -> list[Any]:
    with get_desk(app).context.engine.connect() as connection:
        return [
            sorted(map(tuple, connection.execute(text(f"SELECT * FROM {table}"))))
            for table in ("incidents", "decisions", "events")
        ]


def cell(html: str, row: str, side: str) -> str:
    found = re.search(rf'<tr data-row="{row}">.*?data-side="{side}">([^<]*)</td>', html, re.S)
    assert found, f"no {row}/{side} cell"
    return found.group(1).strip()


def post(client: Any, **form: str) -> Any:
    token = csrf_token(client.get("/whatif").text)
    return client.post("/whatif", data={"csrf_token": token, **PERIOD, **form})


def test_the_form_shows_the_store_s_values(signed_in: Any) -> None:
    page = signed_in("O02").get("/whatif")
    assert page.status_code == 200
    assert 'name="auto_honor_max"' in page.text and "now 5.00" in page.text
    assert '<option value="none"' in page.text
    assert 'href="/whatif" aria-current="page"' in page.text  # in the navigation


def test_the_comparison_shows_both_sides_and_why(signed_in: Any, pages_app: Flask) -> None:
    client = signed_in("M01")
    before = stored(pages_app)
    response = post(client, auto_honor_max="15.00")
    assert response.status_code == 200
    html = response.text
    assert cell(html, "given_away", "recorded") == "$11.00"
    assert cell(html, "given_away", "what_if") == "$33.50"
    assert cell(html, "given_away", "change") == "+$22.50"
    assert cell(html, "expected_walk_aways", "change") == "−1.00"
    assert cell(html, "escalations", "what_if") == "0"
    assert "3 incidents end differently" in html
    assert "offered without a manager now" in html
    assert "r = 0.5000" in html  # the assumptions, with the figures taken
    assert 'value="15.00"' in html  # the form keeps what was sent
    assert stored(pages_app) == before


@pytest.mark.parametrize(
    ("form", "field", "words"),
    [
        ({"auto_honor_max": "abc"}, "auto_honor_max", "is not an amount"),
        ({"approval_timeout_seconds": "-5"}, "approval_timeout_seconds", "whole number"),
        ({"jurisdiction": "atlantis"}, "jurisdiction", "atlantis"),
        ({"since": "2026-12-01", "until": "2026-12-31"}, "since", "no incidents"),
    ],
)
def test_a_bad_value_comes_back_marked_with_the_reason(
    signed_in: Any, form: dict[str, str], field: str, words: str
) -> None:
    response = post(signed_in("M01"), **form)
    assert response.status_code == 422
    assert re.search(rf'id="{field}" name="{field}"[^>]*aria-invalid="true"', response.text)
    assert words in response.text
    assert "data-row=" not in response.text


def test_without_the_csrf_token_nothing_runs(signed_in: Any) -> None:
    response = signed_in("M01").post("/whatif", data={**PERIOD, "auto_honor_max": "15.00"})
    assert response.status_code == 400
    assert "data-row=" not in response.text


def test_cashiers_may_not_use_it(signed_in: Any) -> None:
    assert signed_in("C07").get("/whatif").status_code == 403

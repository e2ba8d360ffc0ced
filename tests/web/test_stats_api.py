"""The outcome measures agree through the Python API, ``posdisc stats`` and the JSON API,
and all three equal the figures worked out by hand (tests/outcome_fixture.py)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from pos_discrepancy.cli import build
from pos_discrepancy.web.extension import get_desk

from .. import outcome_fixture as fixture
from .test_reports_api import error


@pytest.fixture
def history(app: Flask, clock: Any) -> Any:
    """S001 with the fixture's history (ops O03 added: E's tag is fixed by them)."""
    desk = get_desk(app)
    desk.add_staff("S001", code="O03", name="Noor", role="ops", pin="4322")
    fixture.build(desk, clock)
    return desk


def cli(database_url: str, *args: str) -> str:
    result = CliRunner().invoke(build(), ["--database-url", database_url, *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_python_cli_and_json_api_agree_with_the_hand_worked_figures(
    history: Any, client: FlaskClient, auth: dict[str, str], database_url: str
) -> None:
    python = history.stats("S001", fixture.SINCE, fixture.UNTIL).to_dict()
    fixture.assert_expected(python)
    answer = client.get(f"/api/v1/stats?since={fixture.SINCE}&until={fixture.UNTIL}", headers=auth)
    assert answer.status_code == 200, answer.json
    assert answer.json == python
    printed = cli(database_url, "stats", "--store", "s001", "--since", fixture.SINCE,
                  "--until", fixture.UNTIL, "--json")  # fmt: skip
    assert json.loads(printed) == python
    words = cli(database_url, "stats", "--store", "S001", "--since", fixture.SINCE,
                "--until", fixture.UNTIL)  # fmt: skip
    lines = {re.split(r"\s{2,}", line.strip())[0]: line for line in words.splitlines()}
    assert "1.18 (4 incidents over 3,400 scans on 3 days)" in lines["Incidents per 1,000 scans"]
    assert "99.88 % (passes the 98 % line)" in lines["Price accuracy"]
    assert "$19.95 (1 of 2 declined, 50.00 %)" in lines["Sales lost: walked away after a decline"]
    assert "1 min / 1 min 30 s (2 answered)" in lines["Escalation wait, median / p90"]
    assert "2 h / 24 h (2 fixed)" in lines["Time to fix the tag, median / p90"]
    assert "2.50 vs 1.00 per 1,000 scans (+150.00 %)" in lines["Last week vs the week before"]


def test_a_register_reports_its_scan_count_and_a_repeat_replaces_it(
    app: Flask, client: FlaskClient, auth: dict[str, str]
) -> None:
    body = {"day": "2026-11-24", "scans": 1250}
    first = client.post("/api/v1/scan-counts", json=body, headers=auth)
    assert first.status_code == 201, first.json
    assert first.json == {"store": "S001", "register": "R1", "day": "2026-11-24",
                          "scans": 1250, "replaced": False}  # fmt: skip
    again = client.post("/api/v1/scan-counts", json={**body, "scans": "1300"}, headers=auth)
    assert again.status_code == 200 and again.json["replaced"] is True
    measures = get_desk(app).stats("S001", "2026-11-24", "2026-11-24")
    assert (measures.scans, measures.scan_days) == (1300, 1)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"day": "2026-11-24", "scans": -1}, "scans"),
        ({"day": "2026-11-24", "scans": "-5"}, "scans"),
        ({"day": "2026-11-24", "scans": 12.5}, "scans"),
        ({"day": "2026-11-24", "scans": "12.0"}, "scans"),
        ({"day": "2026-11-24", "scans": True}, "scans"),
        ({"day": "2026-11-24", "scans": None}, "scans"),
        ({"day": "2026-11-24"}, "scans"),
        ({"day": "24/11/2026", "scans": 10}, "day"),
        ({"day": "2026-11-26", "scans": 10}, "day"),  # tomorrow, on the test clock
        ({"scans": 10}, "day"),
        ({"day": "2026-11-24", "scans": 10, "count": 3}, "count"),
    ],
)
def test_bad_scan_counts_are_refused_naming_the_field_and_store_nothing(
    client: FlaskClient, auth: dict[str, str], snapshot: Any, app: Flask, body: Any, field: str
) -> None:
    before = snapshot()
    error(client.post("/api/v1/scan-counts", json=body, headers=auth), 422, field)
    assert snapshot() == before
    assert get_desk(app).stats("S001", "2026-11-24", "2026-11-24").scans is None


def test_a_register_reports_only_for_itself(
    client: FlaskClient, auth: dict[str, str], app: Flask
) -> None:
    body = {"day": "2026-11-24", "scans": 10}
    error(client.post("/api/v1/scan-counts", json={**body, "register": "R2"}, headers=auth),
          403, "register")  # fmt: skip
    error(client.post("/api/v1/scan-counts", json={**body, "store": "S002"}, headers=auth),
          403, "store")  # fmt: skip
    error(client.post("/api/v1/scan-counts", json=body), 401, "Authorization")
    assert get_desk(app).stats("S001", "2026-11-24", "2026-11-24").scans is None


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ("since=2026-11-20&until=2026-11-10", 422, "since"),  # reversed
        ("since=2026-11-31", 422, "since"),
        ("until=tomorrow", 422, "until"),
        ("since=2026-11-01&since=2026-11-02", 422, "since"),
        ("store=S002", 403, "store"),
        ("store=S404", 404, "store"),
        ("period=7", 422, "period"),
    ],
)
def test_a_bad_period_or_store_is_refused_naming_the_field(
    client: FlaskClient, auth: dict[str, str], query: str, status: int, field: str
) -> None:
    error(client.get(f"/api/v1/stats?{query}", headers=auth), status, field)


def test_the_period_defaults_to_the_last_30_days(client: FlaskClient, auth: dict[str, str]) -> None:
    answer = client.get("/api/v1/stats", headers=auth).json
    assert (answer["since"], answer["until"]) == ("2026-10-27", "2026-11-25")
    assert answer["incidents"] == 0 and answer["scans"] is None
    assert answer["incidents_per_1000_scans"] is None and answer["trend"]["basis"] == "per_day"


def test_the_cli_records_scans_and_refuses_bad_ones(app: Flask, database_url: str) -> None:
    out = cli(database_url, "scans", "record", "--store", "S001", "--day", "2026-11-20",
              "--scans", "900", "--register", "r2")  # fmt: skip
    assert out.strip() == "Recorded 900 scans on 2026-11-20 for register R2 at S001."
    for scans, words in (("-3", "scans: must be from 0"), ("2.5", "scans: '2.5' is not a whole")):
        result = CliRunner().invoke(build(), ["--database-url", database_url, "scans", "record",
                                              "--store", "S001", "--day", "2026-11-20",
                                              "--scans", scans])  # fmt: skip
        assert result.exit_code == 1 and words in result.output, result.output
    reversed_period = ["--since", "2026-11-21", "--until", "2026-11-20"]
    result = CliRunner().invoke(
        build(), ["--database-url", database_url, "stats", "--store", "S001", *reversed_period]
    )
    assert result.exit_code == 1 and "since: 2026-11-21 is after until" in result.output
    assert get_desk(app).stats("S001", "2026-11-20", "2026-11-20").scans == 900

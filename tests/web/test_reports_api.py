"""``GET /api/v1/reports/{kind}.{format}``: PDFs and CSVs over HTTP, JSON errors otherwise."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import fetch, pdf_text

KINDS = ("summary", "signage", "tags", "price-changes")


def error(response: Any, status: int, field: str | None) -> dict[str, Any]:
    """Assert a JSON error answer with ``status`` naming ``field``; return its body."""
    assert response.status_code == status, response.data[:300]
    assert response.mimetype == "application/json"
    body = response.json["error"]
    assert set(body) == {"code", "message", "field"}
    assert body["field"] == field
    assert body["message"]
    return body


@pytest.mark.parametrize("kind", KINDS)
def test_each_report_is_a_pdf_attachment(
    client: FlaskClient, auth: dict[str, str], incident_id: str, kind: str
) -> None:
    response = fetch(client, f"/api/v1/reports/{kind}.pdf?store=S001", headers=auth)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert response.headers["Content-Length"] == str(len(response.data))
    disposition = response.headers["Content-Disposition"]
    assert disposition == f"attachment; filename=posdisc-{kind}-S001-2026-10-27-2026-11-25.pdf"
    assert response.headers["Cache-Control"] == "no-store"


def test_summary_pdf_shows_the_store_and_period(
    client: FlaskClient, auth: dict[str, str], incident_id: str
) -> None:
    response = fetch(
        client, "/api/v1/reports/summary.pdf?since=2026-11-01&until=2026-11-30", headers=auth
    )
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert "Main St (S001)" in text
    assert "2026-11-01 to 2026-11-30" in text


@pytest.mark.parametrize("kind", KINDS)
def test_each_report_is_a_csv_attachment(
    client: FlaskClient, auth: dict[str, str], incident_id: str, kind: str
) -> None:
    response = fetch(client, f"/api/v1/reports/{kind}.csv", headers=auth)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    # the incident's tag is wrong, not the price file: on every list but the price changes
    assert [row["sku"] for row in rows] == ([] if kind == "price-changes" else ["9788883701122"])
    if kind == "summary":
        assert rows[0]["id"] == incident_id
        assert rows[0]["shelf_price"] == "9.98"
        assert rows[0]["scanned_price"] == "19.95"


def test_period_outside_the_incidents_is_an_empty_csv(
    client: FlaskClient, auth: dict[str, str], incident_id: str
) -> None:
    response = fetch(
        client, "/api/v1/reports/summary.csv?since=2025-01-01&until=2025-01-31", headers=auth
    )
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith("-2025-01-01-2025-01-31.csv")
    assert list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")))) == []


def test_options_of_each_kind(client: FlaskClient, auth: dict[str, str], incident_id: str) -> None:
    for url in (
        "/api/v1/reports/summary.pdf?paper=a4&open_days=0",
        "/api/v1/reports/signage.pdf?paper=a4",
        "/api/v1/reports/tags.pdf?sheet=letter-2x5",
    ):
        response = fetch(client, url, headers=auth)
        assert response.status_code == 200, (url, response.json)
        assert response.data.startswith(b"%PDF")


def test_without_a_token_is_401(client: FlaskClient) -> None:
    error(fetch(client, "/api/v1/reports/summary.pdf"), 401, "Authorization")
    bad = {"Authorization": "Bearer not-a-token"}
    error(fetch(client, "/api/v1/reports/summary.pdf", headers=bad), 401, "Authorization")


def test_another_stores_report_is_refused(
    client: FlaskClient, auth: dict[str, str], other_auth: dict[str, str]
) -> None:
    error(fetch(client, "/api/v1/reports/summary.pdf?store=S002", headers=auth), 403, "store")
    error(fetch(client, "/api/v1/reports/tags.pdf?store=S001", headers=other_auth), 403, "store")


@pytest.mark.parametrize(
    ("url", "status", "field"),
    [
        ("/api/v1/reports/foo.pdf", 404, "kind"),
        ("/api/v1/reports/summary.txt", 404, "format"),
        ("/api/v1/reports/summary.PDF", 404, "format"),
        ("/api/v1/reports/a.b.pdf", 404, "kind"),
        ("/api/v1/reports/summary.pdf?store=S999", 404, "store"),
        ("/api/v1/reports/summary.pdf?store=bad%20code!", 422, "store"),
        ("/api/v1/reports/summary.pdf?since=2026-13-01", 422, "since"),
        ("/api/v1/reports/summary.pdf?until=yesterday", 422, "until"),
        ("/api/v1/reports/signage.pdf?since=2026-11-20&until=2026-11-01", 422, "since"),
        ("/api/v1/reports/summary.pdf?since=1900-01-01&until=2026-01-01", 422, "since"),
        ("/api/v1/reports/summary.pdf?until=0001-01-05", 422, "until"),
        ("/api/v1/reports/summary.csv?since=9999-12-01&until=9999-12-31", 422, "until"),
        ("/api/v1/reports/summary.pdf?since=0001-01-01&until=1900-01-05", 422, "since"),
        ("/api/v1/reports/summary.pdf?from=2026-11-01", 422, "from"),
        ("/api/v1/reports/summary.pdf?since=2026-11-01&since=2026-11-02", 422, "since"),
        ("/api/v1/reports/summary.pdf?open_days=-1", 422, "open_days"),
        ("/api/v1/reports/summary.pdf?open_days=99999", 422, "open_days"),
        ("/api/v1/reports/summary.pdf?paper=legal", 422, "paper"),
        ("/api/v1/reports/tags.pdf?sheet=zz", 422, "sheet"),
        ("/api/v1/reports/tags.pdf?paper=a4", 422, "paper"),
        ("/api/v1/reports/signage.csv?open_days=3", 422, "open_days"),
    ],
)
def test_bad_input_is_a_json_error_naming_the_field(
    client: FlaskClient, auth: dict[str, str], url: str, status: int, field: str
) -> None:
    error(fetch(client, url, headers=auth), status, field)


def test_only_get(client: FlaskClient, auth: dict[str, str]) -> None:
    response = client.post("/api/v1/reports/summary.pdf", headers=auth)
    assert response.status_code == 405
    assert response.json["error"]["code"] == "method_not_allowed"


QUERY_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=24)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kind=st.sampled_from([*KINDS, "other", ""]),
    fmt=st.sampled_from(["pdf", "csv", "json"]),
    query=st.dictionaries(
        st.sampled_from(["store", "since", "until", "paper", "open_days", "sheet", "x"]),
        st.one_of(QUERY_TEXT, st.dates().map(str), st.sampled_from(["S001", "a4", "7"])),
        max_size=4,
    ),
)
def test_no_query_makes_a_500(
    client: FlaskClient, auth: dict[str, str], kind: str, fmt: str, query: dict[str, str]
) -> None:
    response = fetch(client, f"/api/v1/reports/{kind}.{fmt}", query_string=query, headers=auth)
    assert response.status_code < 500, response.data[:300]
    if response.status_code != 200:
        error_body = response.json["error"]
        assert error_body["code"] and error_body["message"]

"""The ops reports page: the period's figures and chart, and PDF / CSV downloads."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

import pypdfium2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos_discrepancy.reports.charts import bucketed
from pos_discrepancy.web.extension import get_desk

from ..conftest import fetch, pdf_text
from .conftest import sign_in

SVG = "{http://www.w3.org/2000/svg}"
OVER_FILL, UNDER_FILL = "rgb(75%,22%,16%)", "rgb(18%,52%,75%)"
#: The default period on the day the ``made`` fixture ends (2026-12-04): the last 30 days.
DEFAULT_PERIOD = "2026-11-05-2026-12-04"


@dataclass
class Made:
    """Incidents with known money and timings (see :func:`made`)."""

    ids: dict[str, str]


def check(desk: Any, sku: str, shelf: str, scanned: str, location: str | None, **extra: Any) -> str:
    result = desk.check(store="S001", register="R1", cashier="C07", sku=sku, shelf_price=shelf,
                        scanned_price=scanned, location=location, **extra)  # fmt: skip
    return str(result.incident_id)


@pytest.fixture
def made(pages_app: Any, clock: Any) -> Made:
    """Five incidents at S001 over two days, two tags fixed, then eight days pass.

    2026-11-25 15:00 UTC  a  overcharge 9.98 / 19.95, escalated, approved after 60 s
             16:00        b  overcharge 11.99 / 12.99, honored
    2026-11-26 16:00      c  overcharge 1.99 / 2.49, escalated, denied after 90 s,
                             customer walked away (a lost sale of 2.49)
             16:01:30     d  undercharge 14.00 / 12.99 (honored by itself)
             16:01:30     e  overcharge 13.50 / 14.20, declined, no location
             18:00        tags of a (27 h after) and d (1 h 58 min 30 s after) fixed
    2026-12-04 18:00      now: b, c and e are open tags older than 7 days
    One incident at S002 the same day as a, which S001's page must not count.
    """
    desk = get_desk(pages_app)
    ids: dict[str, str] = {}
    ids["a"] = check(desk, "9788883701122", "9.98", "19.95", "A7-B3")
    desk.decide(ids["a"], action="escalate", cashier="C07")
    clock.advance(seconds=60)
    desk.approve(ids["a"], manager="M01", pin="2468", approve=True)
    clock.advance(minutes=59)
    ids["b"] = check(desk, "012345678905", "11.99", "12.99", "A2-B7")
    desk.decide(ids["b"], action="honor", cashier="C07")
    other = desk.check(store="S002", register="R9", cashier="C01", sku="012345678905",
                       shelf_price="1.00", scanned_price="9.00")  # fmt: skip
    desk.decide(other.incident_id, action="honor", cashier="C01")
    clock.advance(days=1)
    ids["c"] = check(desk, "4006381333931", "1.99", "2.49", "A7-B3")
    desk.decide(ids["c"], action="escalate", cashier="C07")
    clock.advance(seconds=90)
    desk.approve(ids["c"], manager="M02", pin="1122", approve=False, customer_outcome="walked_away")
    ids["d"] = check(desk, "036000291452", "14.00", "12.99", "C1-B1")
    ids["e"] = check(desk, "ABC-123", "13.50", "14.20", None, description="Almonds <bulk> & co")
    desk.decide(ids["e"], action="decline", cashier="C07")
    clock.advance(minutes=118, seconds=30)
    desk.fix(ids["a"], staff="O02")
    desk.fix(ids["d"], staff="O02")
    clock.advance(days=8)
    desk.run_worker_pass()  # the worker settles S002's unanswered escalation by the policy
    return Made(ids)


def figure(html: str, name: str) -> str:
    """The text of the element marked ``data-figure="name"``."""
    found = re.search(rf'data-figure="{name}">([^<]*)<', html)
    assert found, f"no figure {name}"
    return found.group(1).strip()


def chart(html: str) -> ET.Element:
    """The first inline SVG of the page, parsed (it must be well-formed XML)."""
    found = re.search(r"<svg\b.*?</svg>", html, re.S)
    assert found, "the page has no SVG"
    return ET.fromstring(found.group(0))


def test_the_page_shows_the_figures_the_incidents_imply(signed_in, made):
    response = signed_in("O02").get("/reports")
    assert response.status_code == 200
    html = response.text
    assert 'data-period="2026-11-05/2026-12-04"' in html
    assert "Main St (S001)" in html
    expected = {
        "incidents": "5", "overcharges": "4", "undercharges": "1",
        "given_away": "$10.97",  # 9.97 (a, approved) + 1.00 (b)
        "lost_sales": "$2.49", "walked_away": "1", "undercharged": "$1.01",
        "escalation_wait": "1 min / 1 min 30 s",
        "fix_time": "1 h 58 min / 27 h",
        "fixed": "2", "still_open": "3", "old_open": "3",
        "goodwill": "$0.00", "bonus": "$0.00",
    }  # fmt: skip
    assert {name: figure(html, name) for name in expected} == expected
    decisions = dict(
        re.findall(r'data-decision="(\w+)".*?<td class="money">(\d+)</td>', html, re.S)
    )
    assert decisions == {
        "honored": "2", "declined": "1", "escalated": "2", "approved": "1", "denied": "1",
    }  # fmt: skip


def test_top_lists_and_old_open_tags(signed_in, made):
    html = signed_in("O02").get("/reports").text
    skus = re.search(r'class="top-skus".*?</table>', html, re.S).group(0)  # type: ignore[union-attr]
    rows = re.findall(r'<code>([^<]+)</code>.*?<td class="money">(\d+)</td>', skus, re.S)
    assert rows == [  # each once (S002's report of 012345678905 is not S001's), then by SKU
        ("012345678905", "1"), ("036000291452", "1"), ("4006381333931", "1"),
        ("9788883701122", "1"), ("ABC-123", "1"),
    ]  # fmt: skip
    locations = re.search(r'class="top-locations".*?</table>', html, re.S).group(0)  # type: ignore[union-attr]
    assert re.findall(r"<tr><td>([^<]+)</td>", locations) == ["A7-B3", "A2-B7", "C1-B1"]
    old = re.search(r'class="old-open".*?</table>', html, re.S).group(0)  # type: ignore[union-attr]
    assert re.findall(r"<code>([^<]+)</code>", old) == ["012345678905", "4006381333931", "ABC-123"]
    assert "Almonds &lt;bulk&gt; &amp; co" in html  # text from the till is escaped
    assert "Almonds <bulk>" not in html


def test_open_days_moves_the_old_open_tags_cutoff(signed_in, made):
    html = signed_in("O02").get("/reports?open_days=9").text  # b is 9 d 2 h old, c and e 8 d
    assert figure(html, "old_open") == "1"
    html = signed_in("O02").get("/reports?open_days=10").text
    assert figure(html, "old_open") == "0"
    assert "None: no open tag has waited longer than 10 days." in html


def test_the_chart_is_well_formed_svg_with_a_bar_per_busy_day(signed_in, made):
    svg = chart(signed_in("O02").get("/reports").text)
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    title = svg.find(f"{SVG}title")
    assert title is not None
    assert title.text == (
        "Incidents by day, 2026-11-05 to 2026-12-04: 4 overcharges, 1 undercharge"
    )
    bars = [r for r in svg.iter(f"{SVG}rect") if float(r.get("height", 0)) > 0]
    over = [r for r in bars if r.get("fill") == OVER_FILL]
    under = [r for r in bars if r.get("fill") == UNDER_FILL]
    legend = 1  # the legend's swatch has the same fill
    assert (len(over) - legend, len(under) - legend) == (2, 1)  # 11-25 and 11-26; 11-26
    heights = sorted(float(r.get("height", 0)) for r in over[:-1])
    assert heights[0] == pytest.approx(heights[1])  # two overcharges on each day
    ids = [element.get("id") for element in svg.iter() if element.get("id")]
    assert ids and all(i.startswith("chart-by-day-") for i in ids)


@pytest.mark.parametrize(
    ("since", "unit", "first"),
    [("2025-06-01", "week", "2026-11-23"), ("2017-01-01", "month", "2026-11-01")],
)
def test_a_long_period_is_charted_by_week_or_month(signed_in, made, since, unit, first):
    response = signed_in("O02").get(f"/reports?since={since}&until=2026-12-04")
    assert f"<h2>Incidents by {unit}</h2>" in response.text
    assert len(response.data) < 300_000  # not a bar a day: ten years of days are 2 MB of SVG
    svg = chart(response.text)
    assert svg.find(f"{SVG}title").text.startswith(f"Incidents by {unit}, {since} to")  # type: ignore[union-attr]
    bars = [r for r in svg.iter(f"{SVG}rect") if float(r.get("height", 0)) > 0]
    over = [r for r in bars if r.get("fill") == OVER_FILL]
    assert len(over) - 1 == 1  # 11-25 and 11-26 fall in one bar (the other is the legend's)
    rows = re.findall(r"<tr><td>([\d-]+)</td><td class=\"money\">(\d+)</td>", response.text)
    assert rows == [(first, "4")]


def test_a_period_with_no_incidents_shows_zeros(signed_in, made):
    response = signed_in("O02").get("/reports?since=2026-10-01&until=2026-10-31")
    html = response.text
    assert response.status_code == 200
    assert "No incidents in this period." in html
    assert (figure(html, "incidents"), figure(html, "given_away")) == ("0", "$0.00")
    assert figure(html, "fix_time") == "— / —"
    assert chart(html).find(f"{SVG}title").text.endswith("0 overcharges, 0 undercharges")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("since=2026-13-01", "From: &#39;2026-13-01&#39; is not a date like 2026-11-30"),
        ("since=2026-11-30&until=2026-11-01", "From: 2026-11-30 is after until (2026-11-01)"),
        ("open_days=soon", "Open tags older than: &#39;soon&#39; is not a whole number"),
    ],
)
def test_a_bad_period_is_the_default_page_with_the_reason(signed_in, made, query, message):
    response = signed_in("O02").get(f"/reports?{query}")
    assert response.status_code == 422
    assert message in response.text
    assert 'data-period="2026-11-05/2026-12-04"' in response.text
    assert figure(response.text, "incidents") == "5"


def test_summary_pdf_download(signed_in, made):
    response = fetch(signed_in("O02"), "/reports/download?kind=summary&format=pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=posdisc-summary-S001-{DEFAULT_PERIOD}.pdf"
    )
    assert response.headers["Cache-Control"] == "no-store"
    text = pdf_text(response.data)
    assert "Main St (S001)" in text and "$10.97" in text and "27 h" in text


def test_summary_csv_has_one_row_per_incident_of_the_store(signed_in, made):
    url = "/reports/download?kind=summary&format=csv&since=2026-11-25&until=2026-11-26"
    response = fetch(signed_in("M01"), url)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=posdisc-summary-S001-2026-11-25-2026-11-26.csv"
    )
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8"))))
    assert sorted(row["id"] for row in rows) == sorted(made.ids.values())
    assert {row["store"] for row in rows} == {"S001"}


def test_signage_csv_lists_the_open_tags_and_tags_pdf_is_a_pdf(signed_in, made):
    client = signed_in("A01")
    response = fetch(client, "/reports/download?kind=signage&format=csv")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8"))))
    assert sorted(row["sku"] for row in rows) == ["012345678905", "4006381333931", "ABC-123"]
    tags = fetch(client, "/reports/download?kind=tags&format=pdf&sheet=a4-3x8")
    assert tags.status_code == 200 and tags.data.startswith(b"%PDF")
    assert "012345678905" in pdf_text(tags.data).replace(" ", "")


def test_an_empty_period_downloads_a_report_that_says_so(signed_in, made):
    url = "/reports/download?kind=summary&format=pdf&since=2026-10-01&until=2026-10-31&paper=a4"
    response = fetch(signed_in("O02"), url)
    assert response.status_code == 200
    assert "No incidents in this period" in pdf_text(response.data)
    page = pypdfium2.PdfDocument(response.data)[0]
    assert page.get_size() == pytest.approx((595.28, 841.89), abs=0.5)  # A4 as asked


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("kind=payroll", 422, "Report: &#39;payroll&#39; is not one of summary, signage, tags"),
        ("format=xlsx", 422, "Format: &#39;xlsx&#39; is not one of pdf, csv"),
        ("since=2026-02-30", 422, "From: &#39;2026-02-30&#39; is not a date like 2026-11-30"),
        ("since=2026-11-30&until=2026-11-01", 422, "From: 2026-11-30 is after until"),
        ("until=12/01/2026", 422, "To: &#39;12/01/2026&#39; is not a date"),
        ("paper=a3", 422, "Paper: &#39;a3&#39; is not one of letter, a4"),
        ("kind=tags&sheet=avery-9999", 422, "Label sheet: &#39;avery-9999&#39; is not one of"),
        ("open_days=-1", 422, "Open tags older than: &#39;-1&#39; is not a whole number"),
    ],
)
def test_bad_download_input_is_the_page_again_with_the_reason(
    signed_in, made, query, status, message
):
    response = signed_in("O02").get(f"/reports/download?{query}")
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert "Content-Disposition" not in response.headers
    assert message in response.text
    assert 'class="flash error"' in response.text
    assert figure(response.text, "incidents") == "5"  # the page of the default period
    assert 'id="download-button"' in response.text


def test_the_download_form_keeps_the_choices_after_an_error(signed_in, made):
    query = "kind=signage&format=csv&paper=a4&since=2026-11-20&until=2026-11-10"
    html = signed_in("O02").get(f"/reports/download?{query}").text
    assert re.search(r'value="signage"\s+checked', html)
    assert re.search(r'value="csv"\s+checked', html)
    assert '<option value="a4" selected>' in html


@pytest.mark.parametrize("url", ["/reports", "/reports/download?kind=summary"])
def test_cashiers_may_not_see_reports(signed_in, made, url):
    response = signed_in("C07").get(url)
    assert response.status_code == 403
    assert "This page is for ops staff, managers and admins" in response.text


@pytest.mark.parametrize("url", ["/reports", "/reports/download?kind=summary&format=csv"])
def test_signed_out_visitors_are_sent_to_sign_in(pages_app, url):
    response = pages_app.test_client().get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/reports")


def test_another_store_sees_only_its_own_incident(pages_app, made, signed_in):
    get_desk(pages_app).add_staff("S002", code="O09", name="Jo", role="ops", pin="4321")
    client = pages_app.test_client()
    assert sign_in(client, "O09", pin="4321", store="S002").status_code == 200
    html = client.get("/reports").text
    assert "Harbour (S002)" in html
    assert figure(html, "incidents") == "1"
    assert figure(html, "given_away") == "$8.00"


@pytest.mark.parametrize(
    ("days", "unit", "bars", "second"),
    [
        (92, "day", 92, "2025-09-04"),
        (93, "week", 14, "2025-09-08"),
        (732, "month", 25, "2025-10-01"),
    ],
)
def test_bucketed_keeps_every_incident_and_starts_with_the_period(days, unit, bars, second):
    start = date(2025, 9, 3)  # a Wednesday
    by_day = {start + timedelta(days=n): [n % 3, n % 2] for n in range(days)}
    got_unit, counts = bucketed(by_day)
    assert (got_unit, len(counts)) == (unit, bars)
    assert sorted(counts)[:2] == [start, date.fromisoformat(second)]
    assert [sum(c[i] for c in counts.values()) for i in (0, 1)] == [
        sum(c[i] for c in by_day.values()) for i in (0, 1)
    ]


QUERY_NAMES = ["kind", "format", "since", "until", "paper", "sheet", "open_days", "store", "x"]
query_values = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "summary", "signage", "tags", "pdf", "csv", "a4", "letter", "a4-3x8",
                     "2026-11-01", "2026-13-45", "0001-01-01", "9999-12-31", "1900-01-01",
                     "0", "3650", "3651", "-1", "S002"]),
)  # fmt: skip


FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(path=st.sampled_from(["/reports", "/reports/download"]),
       query=st.dictionaries(st.sampled_from(QUERY_NAMES), query_values, max_size=5))  # fmt: skip
def test_no_query_makes_the_reports_pages_fail(signed_in, path, query):
    response = fetch(signed_in("O02"), path + "?" + urlencode(query))
    assert response.status_code < 500, (path, query, response.text[:300])
    if response.status_code == 200 and path.endswith("download"):
        assert "S002" not in response.headers["Content-Disposition"]  # only the staff's store
    elif response.status_code != 200:
        assert 'class="flash error"' in response.text

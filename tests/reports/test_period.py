"""Report parameters: store, period in the store's time zone, refusals naming the field."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest

from pos_discrepancy import InvalidInput, NotFound


def test_days_are_counted_in_the_store_time_zone(store, clock):
    store.add_store("S003", name="Uptown", currency="USD", timezone="America/New_York")
    request = store.report_request("signage", store="S003", since="2026-11-24", until="2026-11-24")
    assert request.start == datetime(2026, 11, 24, 5, 0, tzinfo=UTC)
    assert request.end == datetime(2026, 11, 25, 5, 0, tzinfo=UTC)
    assert request.scope == "Uptown (S003)" and request.period_label == "2026-11-24"


def test_defaults_are_the_last_thirty_days(store, clock):
    request = store.report_request("summary", store=None)
    assert request.until == date(2026, 11, 25) and request.since == date(2026, 10, 27)
    assert request.scope == "All stores" and request.store_id is None


@pytest.mark.parametrize(
    ("kind", "options", "field"),
    [
        ("summary", {"store": "S404"}, "store"),
        ("signage", {"store": None}, "store"),
        ("tags", {"store": "S001", "since": "2026-12-01", "until": "2026-11-01"}, "since"),
        ("summary", {"store": "S001", "until": "25/11/2026"}, "until"),
        ("summary", {"store": "S001", "open_days": -1}, "open_days"),
        ("ledger", {"store": "S001"}, "kind"),
    ],
)
def test_bad_parameters_name_the_field(store, kind, options, field):
    with pytest.raises((InvalidInput, NotFound)) as raised:
        store.report_request(kind, **options)
    assert raised.value.field == field
    assert raised.value.message.startswith(f"{field}:")


@pytest.mark.parametrize(
    ("options", "field"),
    [({"fmt": "xlsx"}, "format"), ({"paper": "a3"}, "paper"), ({"sheet": "x"}, "sheet")],
)
def test_bad_output_options_are_refused_before_writing(store, options, field):
    out = io.BytesIO()
    with pytest.raises(InvalidInput) as raised:
        store.write_report("tags", out, store="S001", **options)
    assert raised.value.field == field and out.getvalue() == b""

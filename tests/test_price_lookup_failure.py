"""A price source that fails must not crash the checkout (posdisc_price_lookup)."""

from __future__ import annotations

import logging

import pytest

from pos_discrepancy import PriceLookupFailed, hookimpl


class BrokenPriceSource:
    """A price plugin whose back end is down."""

    @hookimpl
    def posdisc_price_lookup(self, sku, store, context):  # type: ignore[no-untyped-def]
        raise ConnectionError("price server unreachable")


@pytest.fixture
def broken_desk(make_desk):  # type: ignore[no-untyped-def]
    desk = make_desk(plugins=[BrokenPriceSource()])
    desk.add_store("S001", name="Main St", currency="USD")
    return desk


def test_check_with_scanned_price_goes_ahead_with_a_warning(broken_desk, caplog):
    with caplog.at_level(logging.ERROR):
        check = broken_desk.check(
            store="S001", register="R1", cashier="C07", sku="9788883701122",
            scanned_price="19.95", shelf_price="9.98",
        )  # fmt: skip
    assert check.discrepancy and check.incident_id is not None
    assert any("could not be read" in w for w in check.warnings)
    assert "price_lookup" in caplog.text
    assert broken_desk.get_incident(check.incident_id).status == "detected"


def test_check_needing_the_price_is_refused_clearly_and_stores_nothing(broken_desk):
    with pytest.raises(PriceLookupFailed) as caught:
        broken_desk.check(
            store="S001", register="R1", cashier="C07", sku="9788883701122",
            shelf_price="9.98",
        )  # fmt: skip
    assert caught.value.field == "scanned_price"
    assert "send the scanned_price" in caught.value.message
    assert caught.value.http_status == 503
    assert broken_desk.pending_approvals("S001") == []
    assert broken_desk.verify_journal().events_checked.get("S001", 0) == 0

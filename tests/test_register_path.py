"""The register hot path: what ``check`` stores, when it is committed, and what it never
stores; the claim parsers; the layout other modules import from."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

import pos_discrepancy
from pos_discrepancy import hookimpl
from pos_discrepancy.claims import shelf_claim
from pos_discrepancy.desk import Desk
from pos_discrepancy.errors import DiscrepancyError, InvalidInput, NotFound
from pos_discrepancy.money import Money
from pos_discrepancy.store import hot_path as hot_path_module

NOVEL = {"store": "S001", "register": "R1", "cashier": "C07", "sku": "9788883701122"}


def counts(desk: Desk) -> dict[str, int]:
    """Rows per table, read through a separate engine (what another process sees)."""
    engine = create_engine(desk.context.engine.url)
    try:
        with engine.connect() as connection:
            return {
                table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in ("incidents", "decisions", "events")
            }
    finally:
        engine.dispose()


def test_a_discrepancy_is_committed_before_check_returns(store: Desk, clock: Any) -> None:
    result = store.check(**NOVEL, scanned_price="19.95", shelf_price="9.98", location="A7-B3")
    assert result.discrepancy and result.status == "detected"
    engine = create_engine(store.context.engine.url)  # another connection, as another process
    try:
        with engine.connect() as connection:
            incident = connection.execute(
                text("SELECT status, shelf_price_minor, scanned_price_minor FROM incidents")
            ).one()
            event = connection.execute(text("SELECT seq, kind, incident_id FROM events")).one()
    finally:
        engine.dispose()
    assert tuple(incident) == ("detected", 998, 1995)
    assert tuple(event) == (1, "detected", result.incident_id)
    view = store.get_incident(result.incident_id)
    assert view.detected_at == clock.now and view.events[0].at == clock.now
    assert view.location == "A7-B3" and view.description == "Paperback novel"
    assert view.events[0].data["shelf_price"] == "9.98"
    assert store.verify_journal().ok


def test_equal_prices_store_nothing(store: Desk) -> None:
    before = counts(store)
    result = store.check(**NOVEL, scanned_price="19.95", shelf_price=Decimal("19.95"))
    assert not result.discrepancy and result.incident_id is None and result.options == ()
    assert counts(store) == before


def test_an_undercharge_is_honored_at_the_scan_in_the_same_transaction(store: Desk) -> None:
    result = store.check(**NOVEL, scanned_price="17.95", shelf_price="19.95", quantity=2)
    assert result.status == "honored" and result.direction == "undercharge"
    view = store.get_incident(result.incident_id)
    assert [e.kind for e in view.events] == ["detected", "decided"]
    assert [e.seq for e in view.events] == [1, 2]
    assert view.decision is not None and view.decision.charge == Money.parse("35.90", "USD")
    assert view.resolved_at == view.detected_at
    assert counts(store) == {"incidents": 1, "decisions": 1, "events": 2}
    assert store.verify_journal().ok


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"shelf_price": 9.98}, "shelf_price"),
        ({"scanned_price": "19.999"}, "scanned_price"),
        ({"quantity": 0}, "quantity"),
        ({"multi_buy": "three for ten"}, "multi_buy"),
        ({"displayed_prices": [{"source": "sign"}]}, "displayed_prices"),
        ({"aisle": "A7"}, "aisle"),
        ({"store": "S404"}, "store"),
        ({"sku": "not a sku!"}, "sku"),
    ],
)
def test_bad_input_is_refused_and_stores_nothing(
    store: Desk, changes: dict[str, Any], field: str
) -> None:
    before = counts(store)
    with pytest.raises(DiscrepancyError) as raised:
        store.check(**{**NOVEL, "scanned_price": "19.95", "shelf_price": "9.98", **changes})
    assert raised.value.field == field
    assert counts(store) == before


def test_price_lookup_when_the_pos_sends_no_scanned_price(store: Desk) -> None:
    result = store.check(**NOVEL, shelf_price="9.98")
    assert result.discrepancy and result.difference == Money.parse("9.97", "USD")
    before = counts(store)
    with pytest.raises(NotFound, match="sku"):
        store.check(**{**NOVEL, "sku": "0000000000000"}, shelf_price="9.98")
    assert counts(store) == before
    # A SKU missing from the price file is fine when the POS gives the scanned price.
    other = store.check(
        **{**NOVEL, "sku": "0000000000000"}, scanned_price="5.00", shelf_price="4.00",
        description="Loose item",
    )  # fmt: skip
    assert store.get_incident(other.incident_id).description == "Loose item"


def test_a_failed_write_rolls_everything_back(store: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    before = counts(store)

    def broken_event_row(**_: Any) -> dict[str, Any]:
        raise RuntimeError("disk on fire")

    with monkeypatch.context() as patch:
        patch.setattr(hot_path_module, "event_row", broken_event_row)
        with pytest.raises(RuntimeError, match="disk on fire"):
            store.check(**NOVEL, scanned_price="19.95", shelf_price="9.98")
    assert counts(store) == before  # the incident inserted first was rolled back
    # The pooled connection is clean: the next check works and the chain is whole.
    result = store.check(**NOVEL, scanned_price="19.95", shelf_price="9.98")
    assert [e.seq for e in store.get_incident(result.incident_id).events] == [1]
    assert store.verify_journal().ok


class CommittedBeforeNotify:
    """A notifier that looks at the database from another connection when called."""

    def __init__(self, url: Any) -> None:
        self.url = url
        self.seen: list[tuple[str, int]] = []

    @hookimpl
    def posdisc_incident_event(self, incident: Any, event: Any) -> None:
        engine = create_engine(self.url)
        try:
            with engine.connect() as connection:
                self.seen.append(
                    tuple(  # type: ignore[arg-type]
                        connection.execute(
                            text("SELECT kind, seq FROM events WHERE id = :id"), {"id": event.id}
                        ).one()
                    )
                )
        finally:
            engine.dispose()


def test_notifications_come_after_the_commit(make_desk: Any, database_url: str) -> None:
    notifier = CommittedBeforeNotify(database_url)
    desk = make_desk(plugins=[notifier])
    desk.add_store("S001", name="Main St", currency="USD")
    desk.check(**NOVEL, scanned_price="17.95", shelf_price="19.95")
    assert notifier.seen == []  # the checkout calls no subscriber (design §10)
    desk.run_worker_pass()  # the worker does, with what is committed
    assert notifier.seen == [("detected", 1), ("decided", 2)]


prices = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999.99"), places=2)
ONE_DOLLAR = Money.parse("1.00", "USD")


@given(count=st.integers(min_value=2, max_value=99), total=prices, dollar=st.booleans())
def test_multi_buy_text_parses_exactly(count: int, total: Decimal, dollar: bool) -> None:
    text_form = f"{count} for {'$' if dollar else ''}{total}"
    claim = shelf_claim(ONE_DOLLAR, {"multi_buy": text_form})
    assert claim.multi_buy is not None
    assert claim.multi_buy.count == count
    assert claim.multi_buy.total == Money.parse(str(total), "USD")
    same = shelf_claim(ONE_DOLLAR, {"multi_buy": {"count": count, "total": str(total)}})
    assert same.multi_buy == claim.multi_buy


@given(st.text(max_size=30))
def test_multi_buy_nonsense_is_refused_by_name(nonsense: str) -> None:
    try:
        claim = shelf_claim(ONE_DOLLAR, {"multi_buy": nonsense})
    except InvalidInput as error:
        assert error.field == "multi_buy"
    else:  # only empty text or a real "N for X" gets through
        assert claim.multi_buy is None or " for " in nonsense.lower()


@given(st.lists(st.tuples(st.sampled_from(["sign", "flyer", "advert"]), prices), max_size=10))
def test_displayed_prices_parse_in_order(entries: list[tuple[str, Decimal]]) -> None:
    claim = shelf_claim(
        ONE_DOLLAR, {"displayed_prices": [{"source": s, "price": str(p)} for s, p in entries]}
    )
    assert [(d.source, d.price.amount) for d in claim.displayed_prices] == entries


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc (Linux)")
def test_closing_the_desk_closes_the_kept_connections(tmp_path: Path) -> None:
    path = tmp_path / "kept.sqlite3"

    def open_files() -> list[str]:
        found = []
        for fd in Path("/proc/self/fd").iterdir():
            try:
                found.append(os.readlink(fd))
            except OSError:  # closed meanwhile
                continue
        return [f for f in found if f.startswith(str(path))]

    desk = pos_discrepancy.connect(f"sqlite:///{path}")
    desk.add_store("S001", name="Main St", currency="USD")
    desk.check(**NOVEL, scanned_price="19.95", shelf_price="9.98")
    assert open_files()
    desk.close()
    assert open_files() == []
    with pos_discrepancy.connect(f"sqlite:///{path}") as again:  # and it opens again
        again.check(**NOVEL, scanned_price="19.95", shelf_price="8.98")
        assert again.verify_journal().events_checked == {"S001": 2}

"""Bad input stores nothing: every public method, every field.

Each case calls the API with one bad value and must raise a ``DiscrepancyError``
subclass whose ``field`` is set and named in the message, while every table (all rows,
reflected from the database) stays exactly as it was. A wrong PIN is the one deliberate
exception (the failure count is stored); ``test_approve.py`` tests it on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pos_discrepancy import (
    AlreadyExists,
    DiscrepancyError,
    InvalidInput,
    InvalidTransition,
    Money,
    NotFound,
    NotPermitted,
)
from pos_discrepancy.desk import Desk
from pos_discrepancy.schemas.validation import ShapeError

UNKNOWN_ID = "0190f5a6-1c2b-7d3e-8f40-123456789abc"


@dataclass
class World:
    """The desk with one incident in each state the cases need."""

    desk: Desk
    ids: dict[str, str]
    tmp: Path

    def file(self, text: str) -> Path:
        path = self.tmp / "bad.csv"
        path.write_text(text, encoding="utf-8")
        return path


@pytest.fixture
def world(shop: Desk, overcharge: Callable[..., str], tmp_path: Path) -> World:
    ids = {
        "detected": overcharge(shop),
        "awaiting": overcharge(shop),
        "own": overcharge(shop),
        "big": overcharge(shop, shelf="9.98", scanned="79.95"),
        "honored": overcharge(shop, shelf="19.50"),
        "fixed": overcharge(shop),
    }
    shop.decide(ids["awaiting"], action="escalate", cashier="C07")
    shop.decide(ids["own"], action="escalate", cashier="M02")
    shop.decide(ids["big"], action="escalate", cashier="C07")
    shop.decide(ids["honored"], action="honor", cashier="C07")
    shop.fix(ids["fixed"], staff="O01")
    shop.add_register("S001", register="R1")
    return World(shop, ids, tmp_path)


def _check(w: World, **bad: Any) -> Any:
    fields: dict[str, Any] = {
        "store": "S001",
        "register": "R1",
        "cashier": "C07",
        "sku": "9788883701122",
        "shelf_price": "9.98",
        "scanned_price": "19.95",
        "quantity": 1,
    }
    fields.update(bad)
    return w.desk.check(**fields)


def _decide(w: World, which: str = "detected", **bad: Any) -> Any:
    fields: dict[str, Any] = {"action": "honor", "cashier": "C07"}
    fields.update(bad)
    return w.desk.decide(w.ids.get(which, which), **fields)


def _approve(w: World, which: str = "awaiting", **bad: Any) -> Any:
    fields: dict[str, Any] = {"manager": "M01", "pin": "2468", "approve": True}
    fields.update(bad)
    return w.desk.approve(w.ids.get(which, which), **fields)


def _fix(w: World, which: str = "detected", **bad: Any) -> Any:
    fields: dict[str, Any] = {"staff": "O02", "cause": "other"}
    fields.update(bad)
    return w.desk.fix(w.ids.get(which, which), **fields)


def _store(w: World, **bad: Any) -> Any:
    fields: dict[str, Any] = {"name": "Corner", "currency": "USD"}
    fields.update(bad)
    code = fields.pop("code", "S002")
    return w.desk.add_store(code, **fields)


def _staff(w: World, store: Any = "S001", **bad: Any) -> Any:
    fields: dict[str, Any] = {"code": "M09", "name": "Ari", "role": "manager", "pin": "9090"}
    fields.update(bad)
    return w.desk.add_staff(store, **fields)


Case = tuple[str, Callable[[World], Any], type[DiscrepancyError], str]
HEADER = "sku,description,price\n"
CASES: list[Case] = [
    # --- add_store -----------------------------------------------------------------------
    ("store-code-empty", lambda w: _store(w, code=""), InvalidInput, "code"),
    ("store-code-space", lambda w: _store(w, code="S 02"), InvalidInput, "code"),
    ("store-code-int", lambda w: _store(w, code=2), InvalidInput, "code"),
    ("store-code-long", lambda w: _store(w, code="S" * 33), InvalidInput, "code"),
    ("store-code-taken", lambda w: _store(w, code="S001"), AlreadyExists, "code"),
    ("store-name-empty", lambda w: _store(w, name=" "), InvalidInput, "name"),
    ("store-name-none", lambda w: _store(w, name=None), InvalidInput, "name"),
    ("store-name-long", lambda w: _store(w, name="n" * 201), InvalidInput, "name"),
    ("store-name-control", lambda w: _store(w, name="A\x00B"), InvalidInput, "name"),
    ("store-currency-unknown", lambda w: _store(w, currency="XXX"), InvalidInput, "currency"),
    ("store-currency-int", lambda w: _store(w, currency=840), InvalidInput, "currency"),
    ("store-currency-none", lambda w: _store(w, currency=None), InvalidInput, "currency"),
    (
        "store-jurisdiction",
        lambda w: _store(w, jurisdiction="atlantis"),
        InvalidInput,
        "jurisdiction",
    ),
    ("store-timezone", lambda w: _store(w, timezone="Mars/Olympus"), InvalidInput, "timezone"),
    ("store-timezone-int", lambda w: _store(w, timezone=5), InvalidInput, "timezone"),
    # --- add_staff -----------------------------------------------------------------------
    ("staff-store-unknown", lambda w: _staff(w, "S404"), NotFound, "store"),
    ("staff-store-empty", lambda w: _staff(w, ""), InvalidInput, "store"),
    ("staff-code-empty", lambda w: _staff(w, code=""), InvalidInput, "code"),
    ("staff-code-taken", lambda w: _staff(w, code="M01"), AlreadyExists, "code"),
    ("staff-name-empty", lambda w: _staff(w, name=""), InvalidInput, "name"),
    ("staff-role-unknown", lambda w: _staff(w, role="boss"), InvalidInput, "role"),
    ("staff-role-none", lambda w: _staff(w, role=None), InvalidInput, "role"),
    ("staff-pin-short", lambda w: _staff(w, pin="12"), InvalidInput, "pin"),
    ("staff-pin-int", lambda w: _staff(w, pin=2468), InvalidInput, "pin"),
    ("staff-pin-letters", lambda w: _staff(w, pin="24a8"), InvalidInput, "pin"),
    ("staff-manager-no-pin", lambda w: _staff(w, pin=None), InvalidInput, "pin"),
    ("staff-admin-no-pin", lambda w: _staff(w, role="admin", pin=None), InvalidInput, "pin"),
    # --- import_prices ---------------------------------------------------------------------
    (
        "prices-store-unknown",
        lambda w: w.desk.import_prices("S404", [("1", "A", "1.00")]),
        NotFound,
        "store",
    ),
    ("prices-source-int", lambda w: w.desk.import_prices("S001", 42), InvalidInput, "source"),
    (
        "prices-row-float",
        lambda w: w.desk.import_prices("S001", [("1", "A", "1.00"), ("2", "B", 2.5)]),
        InvalidInput,
        "prices",
    ),
    (
        "prices-row-short",
        lambda w: w.desk.import_prices("S001", [("1", "A")]),
        InvalidInput,
        "prices",
    ),
    (
        "prices-row-duplicate",
        lambda w: w.desk.import_prices("S001", [("1", "A", "1"), ("1", "B", "2")]),
        InvalidInput,
        "sku",
    ),
    (
        "prices-file-missing",
        lambda w: w.desk.import_prices("S001", w.tmp / "missing.csv"),
        InvalidInput,
        "file",
    ),
    (
        "prices-file-bad-line",
        lambda w: w.desk.import_prices("S001", w.file(HEADER + "1,A,1.00\n2,B,x\n")),
        InvalidInput,
        "file",
    ),
    (
        "prices-file-no-header",
        lambda w: w.desk.import_prices("S001", w.file("1,A,1.00\n")),
        InvalidInput,
        "file",
    ),
    (
        "prices-file-duplicate",
        lambda w: w.desk.import_prices("S001", w.file(HEADER + "1,A,1\n1,A,1\n")),
        InvalidInput,
        "sku",
    ),
    # --- check -------------------------------------------------------------------------------
    ("check-store-unknown", lambda w: _check(w, store="S404"), NotFound, "store"),
    ("check-store-none", lambda w: _check(w, store=None), InvalidInput, "store"),
    ("check-register-empty", lambda w: _check(w, register=""), InvalidInput, "register"),
    ("check-register-space", lambda w: _check(w, register="R 1"), InvalidInput, "register"),
    ("check-cashier-empty", lambda w: _check(w, cashier=""), InvalidInput, "cashier"),
    ("check-cashier-int", lambda w: _check(w, cashier=7), InvalidInput, "cashier"),
    ("check-sku-empty", lambda w: _check(w, sku=""), InvalidInput, "sku"),
    ("check-sku-space", lambda w: _check(w, sku="97 88"), InvalidInput, "sku"),
    ("check-sku-long", lambda w: _check(w, sku="9" * 41), InvalidInput, "sku"),
    ("check-sku-none", lambda w: _check(w, sku=None), InvalidInput, "sku"),
    ("check-sku-int", lambda w: _check(w, sku=9788883701122), InvalidInput, "sku"),
    (
        "check-sku-not-in-file",
        lambda w: _check(w, sku="5000000000001", scanned_price=None),
        NotFound,
        "sku",
    ),
    ("check-shelf-float", lambda w: _check(w, shelf_price=9.98), InvalidInput, "shelf_price"),
    ("check-shelf-text", lambda w: _check(w, shelf_price="abc"), InvalidInput, "shelf_price"),
    ("check-shelf-negative", lambda w: _check(w, shelf_price="-1"), InvalidInput, "shelf_price"),
    ("check-shelf-places", lambda w: _check(w, shelf_price="1.999"), InvalidInput, "shelf_price"),
    ("check-shelf-none", lambda w: _check(w, shelf_price=None), InvalidInput, "shelf_price"),
    ("check-shelf-exp", lambda w: _check(w, shelf_price="1e3"), InvalidInput, "shelf_price"),
    ("check-shelf-nan", lambda w: _check(w, shelf_price="NaN"), InvalidInput, "shelf_price"),
    (
        "check-shelf-inf",
        lambda w: _check(w, shelf_price=Decimal("Infinity")),
        InvalidInput,
        "shelf_price",
    ),
    ("check-shelf-huge", lambda w: _check(w, shelf_price="1000000"), InvalidInput, "shelf_price"),
    ("check-shelf-bool", lambda w: _check(w, shelf_price=True), InvalidInput, "shelf_price"),
    ("check-shelf-empty", lambda w: _check(w, shelf_price=""), InvalidInput, "shelf_price"),
    (
        "check-scanned-float",
        lambda w: _check(w, scanned_price=19.95),
        InvalidInput,
        "scanned_price",
    ),
    (
        "check-scanned-text",
        lambda w: _check(w, scanned_price="twelve"),
        InvalidInput,
        "scanned_price",
    ),
    (
        "check-scanned-euro",
        lambda w: _check(w, scanned_price=Money.parse("19.95", "EUR")),
        InvalidInput,
        "scanned_price",
    ),
    (
        "check-scanned-list",
        lambda w: _check(w, scanned_price=["19.95"]),
        InvalidInput,
        "scanned_price",
    ),
    ("check-quantity-zero", lambda w: _check(w, quantity=0), InvalidInput, "quantity"),
    ("check-quantity-huge", lambda w: _check(w, quantity=10000), InvalidInput, "quantity"),
    ("check-quantity-float", lambda w: _check(w, quantity=1.5), InvalidInput, "quantity"),
    ("check-quantity-text", lambda w: _check(w, quantity="two"), InvalidInput, "quantity"),
    ("check-quantity-bool", lambda w: _check(w, quantity=True), InvalidInput, "quantity"),
    ("check-quantity-none", lambda w: _check(w, quantity=None), InvalidInput, "quantity"),
    ("check-quantity-negative", lambda w: _check(w, quantity=-2), InvalidInput, "quantity"),
    ("check-location-long", lambda w: _check(w, location="A" * 65), InvalidInput, "location"),
    ("check-location-int", lambda w: _check(w, location=7), InvalidInput, "location"),
    (
        "check-location-control",
        lambda w: _check(w, location="A7\x00B3"),
        InvalidInput,
        "location",
    ),
    ("check-promo-text", lambda w: _check(w, promo_ends="next week"), InvalidInput, "promo_ends"),
    ("check-promo-int", lambda w: _check(w, promo_ends=20261130), InvalidInput, "promo_ends"),
    ("check-multibuy-text", lambda w: _check(w, multi_buy="cheap"), InvalidInput, "multi_buy"),
    (
        "check-multibuy-one",
        lambda w: _check(w, multi_buy=(1, "5.00")),
        InvalidInput,
        "multi_buy",
    ),
    (
        "check-multibuy-float",
        lambda w: _check(w, multi_buy=(2, 5.0)),
        InvalidInput,
        "multi_buy",
    ),
    (
        "check-displayed-text",
        lambda w: _check(w, displayed_prices="sign"),
        InvalidInput,
        "displayed_prices",
    ),
    (
        "check-displayed-source",
        lambda w: _check(w, displayed_prices=[{"source": "tv", "price": "1.00"}]),
        InvalidInput,
        "displayed_prices",
    ),
    (
        "check-displayed-float",
        lambda w: _check(w, displayed_prices=[{"source": "sign", "price": 1.5}]),
        InvalidInput,
        "displayed_prices",
    ),
    (
        "check-barcode-long",
        lambda w: _check(w, tag_barcode="1" * 41),
        InvalidInput,
        "tag_barcode",
    ),
    ("check-description-int", lambda w: _check(w, description=5), InvalidInput, "description"),
    (
        "check-description-long",
        lambda w: _check(w, description="d" * 201),
        InvalidInput,
        "description",
    ),
    # the CheckRequest model's refusal, as the HTTP API's: an InvalidInput about the shape
    ("check-unknown-field", lambda w: _check(w, colour="red"), ShapeError, "colour"),
    # --- decide --------------------------------------------------------------------------
    ("decide-id-malformed", lambda w: _decide(w, "nope"), InvalidInput, "incident_id"),
    ("decide-id-none", lambda w: _decide(w, None), InvalidInput, "incident_id"),
    ("decide-id-unknown", lambda w: _decide(w, UNKNOWN_ID), NotFound, "incident_id"),
    ("decide-action-unknown", lambda w: _decide(w, action="refund"), InvalidInput, "action"),
    ("decide-action-none", lambda w: _decide(w, action=None), InvalidInput, "action"),
    ("decide-cashier-empty", lambda w: _decide(w, cashier=""), InvalidInput, "cashier"),
    (
        "decide-outcome",
        lambda w: _decide(w, customer_outcome="happy"),
        InvalidInput,
        "customer_outcome",
    ),
    ("decide-note-long", lambda w: _decide(w, note="n" * 501), InvalidInput, "note"),
    ("decide-note-int", lambda w: _decide(w, note=5), InvalidInput, "note"),
    ("decide-goodwill-float", lambda w: _decide(w, goodwill=5.0), InvalidInput, "goodwill"),
    ("decide-goodwill-negative", lambda w: _decide(w, goodwill="-1"), InvalidInput, "goodwill"),
    (
        "decide-other-action",
        lambda w: _decide(w, "awaiting", action="decline"),
        InvalidTransition,
        "action",
    ),
    # --- approve -------------------------------------------------------------------------
    ("approve-id-malformed", lambda w: _approve(w, "nope"), InvalidInput, "incident_id"),
    ("approve-id-unknown", lambda w: _approve(w, UNKNOWN_ID), NotFound, "incident_id"),
    ("approve-manager-empty", lambda w: _approve(w, manager=""), InvalidInput, "manager"),
    ("approve-manager-unknown", lambda w: _approve(w, manager="M99"), NotFound, "manager"),
    ("approve-pin-short", lambda w: _approve(w, pin="12"), InvalidInput, "pin"),
    ("approve-pin-int", lambda w: _approve(w, pin=2468), InvalidInput, "pin"),
    ("approve-pin-none", lambda w: _approve(w, pin=None), InvalidInput, "pin"),
    ("approve-flag-text", lambda w: _approve(w, approve="yes"), InvalidInput, "approve"),
    ("approve-note-long", lambda w: _approve(w, note="n" * 501), InvalidInput, "note"),
    (
        "approve-outcome",
        lambda w: _approve(w, customer_outcome="happy"),
        InvalidInput,
        "customer_outcome",
    ),
    (
        "approve-cashier-role",
        lambda w: _approve(w, manager="C01", pin="5555"),
        NotPermitted,
        "manager",
    ),
    ("approve-ops-role", lambda w: _approve(w, manager="O01", pin="7777"), NotPermitted, "manager"),
    (
        "approve-own-request",
        lambda w: _approve(w, "own", manager="M02", pin="1122"),
        NotPermitted,
        "manager",
    ),
    ("approve-over-limit", lambda w: _approve(w, "big"), NotPermitted, "manager"),
    ("approve-honored", lambda w: _approve(w, "honored"), InvalidTransition, "incident_id"),
    ("approve-detected", lambda w: _approve(w, "detected"), InvalidTransition, "incident_id"),
    ("approve-fixed", lambda w: _approve(w, "fixed"), InvalidTransition, "incident_id"),
    # --- fix -----------------------------------------------------------------------------
    ("fix-id-malformed", lambda w: _fix(w, "nope"), InvalidInput, "incident_id"),
    ("fix-id-unknown", lambda w: _fix(w, UNKNOWN_ID), NotFound, "incident_id"),
    ("fix-staff-empty", lambda w: _fix(w, staff=""), InvalidInput, "staff"),
    ("fix-staff-none", lambda w: _fix(w, staff=None), InvalidInput, "staff"),
    ("fix-cause-unknown", lambda w: _fix(w, cause="aliens"), InvalidInput, "cause"),
    ("fix-twice", lambda w: _fix(w, "fixed"), InvalidTransition, "incident_id"),
    # --- reads -----------------------------------------------------------------------------
    (
        "get-id-malformed",
        lambda w: w.desk.get_incident("nope"),
        InvalidInput,
        "incident_id",
    ),
    ("get-id-unknown", lambda w: w.desk.get_incident(UNKNOWN_ID), NotFound, "incident_id"),
    ("pending-store-unknown", lambda w: w.desk.pending_approvals("S404"), NotFound, "store"),
    ("pending-store-int", lambda w: w.desk.pending_approvals(5), InvalidInput, "store"),
    # --- the rest of the desk --------------------------------------------------------------
    (
        "outcome-bad",
        lambda w: w.desk.record_outcome(w.ids["honored"], customer_outcome="x", staff="C07"),
        InvalidInput,
        "customer_outcome",
    ),
    (
        "outcome-undecided",
        lambda w: w.desk.record_outcome(
            w.ids["detected"], customer_outcome="purchased", staff="C07"
        ),
        InvalidTransition,
        "customer_outcome",
    ),
    (
        "fix-sku-none-open",
        lambda w: w.desk.fix_sku("S001", sku="4006381333931", staff="O01"),
        NotFound,
        "sku",
    ),
    (
        "fix-sku-store",
        lambda w: w.desk.fix_sku("S404", sku="4006381333931", staff="O01"),
        NotFound,
        "store",
    ),
    (
        "register-taken",
        lambda w: w.desk.add_register("S001", register="R1"),
        AlreadyExists,
        "register",
    ),
    (
        "register-empty",
        lambda w: w.desk.add_register("S001", register=""),
        InvalidInput,
        "register",
    ),
    ("list-staff-store", lambda w: w.desk.list_staff("S404"), NotFound, "store"),
    ("verify-store", lambda w: w.desk.verify_journal("S404"), NotFound, "store"),
]


@pytest.mark.parametrize(
    ("call", "error", "field"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_stores_nothing_and_names_the_field(
    world: World,
    snapshot: Callable[[Desk], dict[str, Any]],
    call: Callable[[World], Any],
    error: type[DiscrepancyError],
    field: str,
) -> None:
    before = snapshot(world.desk)
    with pytest.raises(DiscrepancyError) as caught:
        call(world)
    assert type(caught.value) is error, caught.value
    assert caught.value.field == field
    assert field in caught.value.message
    assert snapshot(world.desk) == before


def test_case_ids_are_unique() -> None:
    names = [c[0] for c in CASES]
    assert len(names) == len(set(names))

"""Helpers for the rule tables: build a discrepancy and run every rule plugin on it.

The tables call the real hook machinery (a plugin manager with the built-in defaults and
all six rule plugins registered, as a store that installed them all would have) but no
database, so hundreds of cases run in well under a second.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any, NamedTuple

import posdisc_au_scanning_code
import posdisc_ca_spac
import posdisc_us_ct
import posdisc_us_ma
import posdisc_us_ma_food
import posdisc_us_mi
import pytest

from pos_discrepancy.domain import (
    Cause,
    DisplayedPrice,
    Finding,
    OptionList,
    Policy,
    ScannedItem,
    ShelfClaim,
    StoreInfo,
    build_discrepancy,
)
from pos_discrepancy.money import Money
from pos_discrepancy.plugins import make_plugin_manager
from pos_discrepancy.service.check import options_for

#: The locale a store trading in each currency most likely uses.
HOME_LOCALES = {"CAD": "en_CA", "AUD": "en_AU"}
RULE_PLUGINS = (
    posdisc_ca_spac,
    posdisc_us_mi,
    posdisc_us_ma_food,
    posdisc_us_ma,
    posdisc_us_ct,
    posdisc_au_scanning_code,
)
RULE_NAMES = ("ca_spac", "us_mi", "us_ma_food", "us_ma", "us_ct", "au_scanning_code")
_PM = make_plugin_manager(plugins=RULE_PLUGINS, load_entrypoints=False)


class Case(NamedTuple):
    """One row of a rule table; money as literal decimal strings worked out by hand."""

    shelf: str
    scanned: str
    action: str
    charge: str | None  # None: the action is not offered at all
    available: bool = True
    decline: bool = False  # is "decline" (charge the scanned price) available?
    quantity: int = 1
    bonus: str | None = None
    first: bool = True  # is the action offered first when available?
    extra: dict[str, Any] = {}  # noqa: RUF012  (never mutated)


def row(case_id: str, shelf: str, scanned: str, action: str, charge: str | None, **kw: Any):
    """A ``pytest.param`` for one table row; ``kw`` are :class:`Case` fields or, for
    anything else (``attributes``, ``sign``, ``expired``, ``currency``), scenario input."""
    fields = {k: kw.pop(k) for k in list(kw) if k in Case._fields}
    return pytest.param(Case(shelf, scanned, action, charge, **fields, extra=kw), id=case_id)


def scenario(
    jurisdiction: str | None,
    currency: str,
    shelf: str,
    scanned: str,
    *,
    quantity: int = 1,
    attributes: tuple[str, ...] = (),
    sign: str | None = None,
    expired: bool = False,
    store_currency: str | None = None,
    policy: Policy | None = None,
    locale: str | None = None,
) -> OptionList:
    """The options every installed plugin produces for one scan at a store under
    ``jurisdiction`` (trading in ``store_currency``, by default the rule's currency; in
    ``locale``, by default the currency's home: en_CA for CAD, en_AU for AUD)."""
    money = store_currency or currency
    claim = ShelfClaim(
        shelf_price=Money.parse(shelf, money),
        displayed_prices=()
        if sign is None
        else (DisplayedPrice(source="sign", price=Money.parse(sign, money)),),
    )
    item = ScannedItem(
        sku="0001",
        scanned_price=Money.parse(scanned, money),
        quantity=quantity,
        scanned_at=datetime(2026, 11, 25, 15, 0, tzinfo=UTC),
        attributes=frozenset(attributes),
    )
    findings = (
        [Finding("promo_expired", "sale ended", cause=Cause.SALE_ENDED_TAG_LEFT_UP)]
        if expired
        else []
    )
    discrepancy = build_discrepancy(claim, item, findings)
    assert discrepancy is not None, "a table row must be a discrepancy"
    base = policy or Policy()
    store = StoreInfo(
        code="S001",
        name="Test store",
        currency=money,
        jurisdiction=jurisdiction,
        policy=base.updated({"jurisdiction": jurisdiction}, where="test"),
        locale=locale or HOME_LOCALES.get(money, "en_US"),
    )
    return options_for(SimpleNamespace(pm=_PM), discrepancy, store)  # type: ignore[arg-type]


def check_row(jurisdiction: str, currency: str, case: Case) -> OptionList:
    """Run one table row and assert its expected charge, bonus and availability."""
    extra = dict(case.extra)
    options = scenario(
        jurisdiction,
        currency,
        case.shelf,
        case.scanned,
        quantity=case.quantity,
        attributes=tuple(extra.pop("attributes", ())),
        sign=extra.pop("sign", None),
        expired=extra.pop("expired", False),
        store_currency=extra.pop("currency", None),
    )
    assert not extra, f"unknown scenario keys {extra}"
    option = options.get(case.action)
    if case.charge is None:
        assert option is None, f"{case.action} should not be offered"
        return options
    assert option is not None, f"{case.action} missing; offered {[o.action for o in options]}"
    assert option.charge.amount == Decimal(case.charge)
    assert option.available is case.available, option.reason
    if not option.available:
        assert option.reason, "an unavailable option must say why"
    else:
        assert option.script, "an available remedy has words for the cashier"
        assert not option.requires_approval, "the rule obliges the store: no manager needed"
        if case.first:
            assert next(iter(options)).action == case.action, "the remedy is offered first"
    assert (
        (option.bonus is None)
        if case.bonus is None
        else (option.bonus is not None and option.bonus.amount == Decimal(case.bonus))
    )
    decline = options.get("decline")
    if decline is not None:
        assert decline.available is case.decline, decline.reason
        if not decline.available:
            assert decline.reason
    return options

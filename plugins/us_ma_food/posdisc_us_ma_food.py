"""Massachusetts item pricing in food stores using scanners (``jurisdiction = "us_ma_food"``).

202 CMR 7.07: when an item scans above the lowest displayed price (``P_low``) the first
unit costs ``max(0, P_low - 10.00)`` (free up to $10); further units are charged
``P_low``. A gross error (``P_low`` below half the checkout price) is not covered, and
the store's own options apply. Not covered here (the register cannot know): whether a
gross error was intended in the prior 30 days, tampering, and repeat claims on the same
items within 24 hours; staff handle those by escalating. Confirm with counsel
(docs/jurisdictions.md).
"""

from __future__ import annotations

from pos_discrepancy import hookimpl
from pos_discrepancy import jurisdiction as rule
from pos_discrepancy.domain import Discrepancy, OptionList, StoreInfo

NAME = "us_ma_food"
CURRENCY = "USD"
ACTION = "ma_scanner_law"
RULE = "Massachusetts' food-store pricing rule"
ALLOWANCE = "10.00"


@hookimpl
def posdisc_jurisdictions() -> list[str]:
    """This plugin implements ``us_ma_food``."""
    return [NAME]


@hookimpl
def posdisc_adjust_options(options: OptionList, discrepancy: Discrepancy, store: StoreInfo) -> None:
    """Offer the remedy ($10 off, or free up to $10) first and make it binding."""
    if not rule.applies(store, NAME, discrepancy):
        return
    problem = rule.currency_problem(store, RULE, CURRENCY)
    low = rule.lowest_price(discrepancy)
    scanned = discrepancy.scanned.scanned_price
    if problem is None and low.amount * 2 < scanned.amount:
        problem = (
            f"Gross error: the shelf price {low.format()} is less than half the checkout "
            f"price {scanned.format()}, which {RULE} does not cover; the store's usual "
            "options apply."
        )
    if problem is not None:
        rule.not_applicable(
            options, discrepancy, action=ACTION, label="Price law (MA)", reason=problem
        )
        return
    rule.offer_free_item(
        options,
        discrepancy,
        action=ACTION,
        allowance=ALLOWANCE,
        intro="Massachusetts law",
        rule_name=RULE,
    )

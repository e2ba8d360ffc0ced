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
from pos_discrepancy.i18n import N_

NAME = "us_ma_food"
CURRENCY = "USD"
ACTION = "ma_scanner_law"
RULE = N_("Massachusetts' food-store pricing rule")
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
    say = rule.say_for(store)
    rule_name = say.gettext(RULE)
    problem = rule.currency_problem(store, rule_name, CURRENCY)
    low = rule.lowest_price(discrepancy)
    scanned = discrepancy.scanned.scanned_price
    if problem is None and low.amount * 2 < scanned.amount:
        problem = say.gettext(
            "Gross error: the shelf price %(low)s is less than half the checkout price "
            "%(scanned)s, which %(rule)s does not cover; the store's usual options apply.",
            low=say.money(low),
            scanned=say.money(scanned),
            rule=rule_name,
        )
    if problem is not None:
        rule.not_applicable(
            options, discrepancy, action=ACTION, label=say.gettext("Price law (MA)"), reason=problem
        )
        return
    rule.offer_free_item(
        options,
        discrepancy,
        action=ACTION,
        allowance=ALLOWANCE,
        intro=say.gettext("Massachusetts law"),
        rule_name=rule_name,
        say=say,
    )

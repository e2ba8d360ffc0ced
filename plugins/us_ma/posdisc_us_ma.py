"""Massachusetts pricing of other goods (policy ``jurisdiction = "us_ma"``).

940 CMR 3.13(5)(f), read from a secondary source (verify before relying on it): the
customer pays the lowest displayed price (``P_low``) on every unit. A gross error is
not covered: for items of $20.00 or less (checkout price), a marked price under half the
actual price; then the store's own options apply. Confirm with counsel
(docs/jurisdictions.md).
"""

from __future__ import annotations

from decimal import Decimal

from pos_discrepancy import hookimpl
from pos_discrepancy import jurisdiction as rule
from pos_discrepancy.domain import Discrepancy, OptionList, StoreInfo

NAME = "us_ma"
CURRENCY = "USD"
ACTION = "ma_price_law"
RULE = "Massachusetts' pricing rule"
GROSS_ERROR_LIMIT = Decimal("20.00")


@hookimpl
def posdisc_jurisdictions() -> list[str]:
    """This plugin implements ``us_ma``."""
    return [NAME]


@hookimpl
def posdisc_adjust_options(options: OptionList, discrepancy: Discrepancy, store: StoreInfo) -> None:
    """Honor the lowest displayed price at once and forbid charging the scanned price."""
    if not rule.applies(store, NAME, discrepancy):
        return
    problem = rule.currency_problem(store, RULE, CURRENCY)
    low = rule.lowest_price(discrepancy)
    scanned = discrepancy.scanned.scanned_price
    if problem is None and scanned.amount <= GROSS_ERROR_LIMIT and low.amount * 2 < scanned.amount:
        problem = (
            f"Gross error: the marked price {low.format()} is less than half the actual "
            f"price {scanned.format()}, which {RULE} does not cover; the store's usual "
            "options apply."
        )
    if problem is not None:
        rule.not_applicable(
            options, discrepancy, action=ACTION, label="Price law (MA)", reason=problem
        )
        return
    rule.lowest_price_required(
        options,
        discrepancy,
        label="Charge shelf price",
        script=f"Massachusetts law: you pay the lowest price shown, {low.format()} each, "
        f"so {discrepancy.claimed_line_total.format()} in all.",
        reason=f"{RULE}: the lowest displayed price must be charged.",
    )

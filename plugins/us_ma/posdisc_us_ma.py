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
from pos_discrepancy.i18n import N_

NAME = "us_ma"
CURRENCY = "USD"
ACTION = "ma_price_law"
RULE = N_("Massachusetts' pricing rule")
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
    say = rule.say_for(store)
    rule_name = say.gettext(RULE)
    problem = rule.currency_problem(store, rule_name, CURRENCY)
    low = rule.lowest_price(discrepancy)
    scanned = discrepancy.scanned.scanned_price
    if problem is None and scanned.amount <= GROSS_ERROR_LIMIT and low.amount * 2 < scanned.amount:
        problem = say.gettext(
            "Gross error: the marked price %(low)s is less than half the actual price "
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
    rule.lowest_price_required(
        options,
        discrepancy,
        label=say.gettext("Charge shelf price"),
        script=say.gettext(
            "Massachusetts law: you pay the lowest price shown, %(low)s each, so %(total)s in all.",
            low=say.money(low),
            total=say.money(discrepancy.claimed_line_total),
        ),
        reason=say.gettext("%(rule)s: the lowest displayed price must be charged.", rule=rule_name),
    )

"""Australian Scanning Code of Practice (policy ``jurisdiction = "au_scanning_code"``).

Code of Practice for Computerised Checkout Systems in Supermarkets: when an item scans
above the lowest displayed price (``P_low``) and the shelf price is under $50, the first
unit is free and further units are charged ``P_low``; from $50 the customer pays
``P_low``. Not covered: individually priced goods, liquor, tobacco and items without a
barcode or PLU (the store's own options apply). The code is voluntary; confirm with
counsel (docs/jurisdictions.md).
"""

from __future__ import annotations

from decimal import Decimal

from pos_discrepancy import hookimpl
from pos_discrepancy import jurisdiction as rule
from pos_discrepancy.domain import Discrepancy, OptionList, StoreInfo
from pos_discrepancy.i18n import N_
from pos_discrepancy.money import Money

NAME = "au_scanning_code"
CURRENCY = "AUD"
ACTION = "scanning_code"
RULE = N_("The Scanning Code of Practice")
FREE_BELOW = Decimal("50.00")
EXCLUDED = ("individually_priced", "alcohol", "tobacco", "no_barcode")


@hookimpl
def posdisc_jurisdictions() -> list[str]:
    """This plugin implements ``au_scanning_code``."""
    return [NAME]


@hookimpl
def posdisc_adjust_options(options: OptionList, discrepancy: Discrepancy, store: StoreInfo) -> None:
    """First item free under $50, the lowest price from $50, or say why not.

    Australian spelling ("honour") throughout, the store's own options included.
    """
    if not rule.applies(store, NAME, discrepancy):
        return
    _apply(options, discrepancy, store)
    rule.commonwealth_spelling(options, store)


def _apply(options: OptionList, discrepancy: Discrepancy, store: StoreInfo) -> None:
    say = rule.say_for(store)
    rule_name = say.gettext(RULE)
    problem = rule.currency_problem(store, rule_name, CURRENCY)
    flag = rule.excluded_by(discrepancy, EXCLUDED)
    if problem is None and flag is not None:
        problem = rule.not_covered(rule_name, flag, say)
    if problem is not None:
        rule.not_applicable(
            options, discrepancy, action=ACTION, label=say.gettext("Scanning code"), reason=problem
        )
        return
    low = rule.lowest_price(discrepancy)
    if low.amount >= FREE_BELOW:
        rule.lowest_price_required(
            options,
            discrepancy,
            label=say.gettext("Honor shelf price"),
            script=say.gettext(
                "Under our Scanning Code of Practice you pay the lowest price shown, %(low)s "
                "each, so %(total)s in all.",
                low=say.money(low),
                total=say.money(discrepancy.claimed_line_total),
            ),
            reason=say.gettext(
                "%(rule)s: items of %(limit)s or more are sold at the lowest price shown.",
                rule=rule_name,
                limit=rule.short_money(Money.parse(FREE_BELOW, CURRENCY), say),
            ),
        )
        return
    rule.offer_free_item(
        options,
        discrepancy,
        action=ACTION,
        allowance=str(FREE_BELOW),
        intro=say.gettext("Our Scanning Code of Practice"),
        rule_name=rule_name,
        say=say,
    )

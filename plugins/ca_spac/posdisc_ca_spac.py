"""Retail Council of Canada Scanner Price Accuracy Code (policy ``jurisdiction = "ca_spac"``).

When an item scans above the lowest displayed price (``P_low``) the first unit is free
if ``P_low`` is $10 or less, otherwise $10 comes off ``P_low``; further identical units
are charged ``P_low``. Not covered: prescription drugs, behind-the-counter items,
items sold by weight, government-regulated goods and expired sale tags (the store's own
options apply); individually price-ticketed goods get ``P_low`` but no free item.
Stores in Quebec are outside the code: do not configure it there. The code is voluntary;
a store confirms its participation and this reading with counsel (docs/jurisdictions.md).
"""

from __future__ import annotations

from pos_discrepancy import hookimpl
from pos_discrepancy import jurisdiction as rule
from pos_discrepancy.domain import Discrepancy, OptionList, StoreInfo

NAME = "ca_spac"
CURRENCY = "CAD"
ACTION = "scanner_code"
ALLOWANCE = "10.00"
#: Flags the code does not cover at all; individually price-ticketed goods get P_low.
EXCLUDED = ("prescription", "behind_counter", "sold_by_weight", "regulated")


@hookimpl
def posdisc_jurisdictions() -> list[str]:
    """This plugin implements ``ca_spac``."""
    return [NAME]


@hookimpl
def posdisc_adjust_options(options: OptionList, discrepancy: Discrepancy, store: StoreInfo) -> None:
    """Offer the code's remedy first and make it binding, or say why it does not apply.

    In the store's language; in English with Canadian spelling ("honour") throughout,
    the store's own options included.
    """
    if not rule.applies(store, NAME, discrepancy):
        return
    _apply(options, discrepancy, store)
    rule.commonwealth_spelling(options, store)


def _apply(options: OptionList, discrepancy: Discrepancy, store: StoreInfo) -> None:
    say = rule.say_for(store)
    label = say.gettext("Scanner code")
    code_name = say.gettext("The Scanner Price Accuracy Code")
    problem = rule.currency_problem(store, code_name, CURRENCY)
    flag = rule.excluded_by(discrepancy, EXCLUDED)
    if problem is None and flag is not None:
        problem = rule.not_covered(code_name, flag, say)
    if problem is None and rule.expired_sale_tag(discrepancy):
        problem = say.gettext(
            "The Scanner Price Accuracy Code does not cover sale tags left up after the "
            "sale ended; the store's usual options apply."
        )
    if problem is not None:
        rule.not_applicable(options, discrepancy, action=ACTION, label=label, reason=problem)
        return
    low = rule.lowest_price(discrepancy)
    intro = say.gettext("Our Scanner Price Accuracy Code")
    if "individually_priced" in discrepancy.scanned.attributes:
        rule.lowest_price_required(
            options,
            discrepancy,
            label=say.gettext("Honor lowest price"),
            script=say.gettext(
                "%(intro)s: this item is individually price-ticketed, so you pay the "
                "lowest price shown, %(price)s.",
                intro=intro,
                price=say.money(low),
            ),
            reason=say.gettext(
                "Scanner Price Accuracy Code: individually price-ticketed items are "
                "sold at the lowest price shown."
            ),
        )
        return
    rule.offer_free_item(
        options,
        discrepancy,
        action=ACTION,
        allowance=ALLOWANCE,
        intro=intro,
        rule_name=code_name,
        say=say,
    )

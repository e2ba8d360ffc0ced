"""Connecticut item-pricing law (policy ``jurisdiction = "us_ct"``).

Public Act 12-15 §2(b) and Regs. Conn. State Agencies §21a-79-6: when an item scans
above the lowest displayed price (``P_low``) the customer gets one unit free, up to a
value of $20: that unit costs ``max(0, P_low - 20.00)``; further units are charged
``P_low``. Alcoholic liquor and carbonated soft-drink containers are not covered (the
store's own options apply). Confirm with counsel (docs/jurisdictions.md).
"""

from __future__ import annotations

from pos_discrepancy import hookimpl
from pos_discrepancy import jurisdiction as rule
from pos_discrepancy.domain import Discrepancy, OptionList, StoreInfo
from pos_discrepancy.i18n import N_

NAME = "us_ct"
CURRENCY = "USD"
ACTION = "ct_free_item"
RULE = N_("Connecticut's item-pricing law")
ALLOWANCE = "20.00"
EXCLUDED = ("alcohol", "carbonated_soft_drink")


@hookimpl
def posdisc_jurisdictions() -> list[str]:
    """This plugin implements ``us_ct``."""
    return [NAME]


@hookimpl
def posdisc_adjust_options(options: OptionList, discrepancy: Discrepancy, store: StoreInfo) -> None:
    """Offer the free item (up to $20) first and make it binding, or say why not."""
    if not rule.applies(store, NAME, discrepancy):
        return
    say = rule.say_for(store)
    rule_name = say.gettext(RULE)
    problem = rule.currency_problem(store, rule_name, CURRENCY)
    flag = rule.excluded_by(discrepancy, EXCLUDED)
    if problem is None and flag is not None:
        problem = rule.not_covered(rule_name, flag, say)
    if problem is not None:
        rule.not_applicable(
            options, discrepancy, action=ACTION, label=say.gettext("Free item (CT)"), reason=problem
        )
        return
    rule.offer_free_item(
        options,
        discrepancy,
        action=ACTION,
        allowance=ALLOWANCE,
        intro=say.gettext("Connecticut law"),
        rule_name=rule_name,
        say=say,
    )

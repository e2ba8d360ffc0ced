"""Michigan's scanner law (policy ``jurisdiction = "us_mi"``).

Shopping Reform and Modernization Act (MCL 445.319 as our facts sheet cites it; confirm
the section with counsel): the customer pays the lowest displayed price (``P_low``).
When the price charged was higher and the customer gives notice (in person or in writing
within 30 days) they are owed the difference back on every unit plus a bonus of ten
times the difference, at least $1 and at most $5, once per line. Correcting the price
before the transaction ends avoids the bonus, so the register offers the corrected
price first and forbids charging the scanned price. ``after_sale`` settles a notice
given after the sale in one step; ``posdisc bonus claim`` records one against an
incident that was charged too much. Not covered: unposted sale prices (sale price owed,
no bonus). See docs/jurisdictions.md.
"""

from __future__ import annotations

from dataclasses import replace

from pos_discrepancy import hookimpl
from pos_discrepancy import jurisdiction as rule
from pos_discrepancy.domain import Action, Discrepancy, OptionList, StoreInfo
from pos_discrepancy.i18n import N_

NAME = "us_mi"
CURRENCY = "USD"
ACTION = "after_sale"
RULE = N_("Michigan's scanner law")


@hookimpl
def posdisc_jurisdictions() -> list[str]:
    """This plugin implements ``us_mi``."""
    return [NAME]


@hookimpl
def posdisc_adjust_options(options: OptionList, discrepancy: Discrepancy, store: StoreInfo) -> None:
    """Correct to the lowest price now (no bonus); price the bonus owed on notice."""
    if not rule.applies(store, NAME, discrepancy):
        return
    say = rule.say_for(store)
    rule_name = say.gettext(RULE)
    problem = rule.currency_problem(store, rule_name, CURRENCY)
    if problem is not None:
        rule.not_applicable(
            options, discrepancy, action=ACTION, label=say.gettext("Refund + bonus"), reason=problem
        )
        return
    low = rule.lowest_price(discrepancy)
    refund = discrepancy.line_difference
    bonus = rule.michigan_bonus(discrepancy.difference)
    owed = refund + bonus
    rule.lowest_price_required(
        options,
        discrepancy,
        label=say.gettext("Correct to shelf price"),
        script=say.gettext(
            "You're right, the shelf shows %(low)s. I've corrected it, so you pay %(total)s.",
            low=say.money(low),
            total=say.money(discrepancy.claimed_line_total),
        ),
        reason=say.gettext(
            "%(rule)s: the customer has pointed out the overcharge, so charge the lowest "
            "displayed price. Charging the scanned price would owe them %(owed)s (refund "
            "plus bonus).",
            rule=rule_name,
            owed=say.money(owed),
        ),
    )
    decline = options.get(Action.DECLINE)
    if decline is not None:  # what charging the scanned price would owe on notice
        options.replace(replace(decline, bonus=owed))
    options.replace(
        rule.remedy(
            action=ACTION,
            label=say.gettext("Paid already: refund + bonus"),
            charge=discrepancy.scanned.line_total,
            bonus=owed,
            script=say.gettext(
                "Thank you for letting us know. Under Michigan law you get back the "
                "%(refund)s you were overcharged plus a %(bonus)s bonus: %(owed)s in all.",
                refund=say.money(refund),
                bonus=say.money(bonus),
                owed=say.money(owed),
            ),
        )
    )

"""Shared helpers for jurisdiction rule plugins (``plugins/``): pure, no I/O.

A rule plugin acts only for stores whose policy names it (``jurisdiction = "ca_spac"``),
only on overcharges, and works from the lowest displayed price (``P_low``: shelf tag,
sign, flyer or advert, whichever is lowest). These helpers hold what the rules share:
the "first unit at X, the rest at P_low" line charge, exclusion checks on item flags,
the currency check, putting the remedy first, and the Michigan bonus formula.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from .domain import (
    Action,
    Cause,
    Direction,
    Discrepancy,
    Option,
    OptionList,
    Status,
    StoreInfo,
)
from .money import Money

#: How an item flag (``prices.ITEM_ATTRIBUTES``) reads in a reason shown to the cashier.
ATTRIBUTE_WORDS = {
    "sold_by_weight": "items sold by weight",
    "individually_priced": "individually price-ticketed items",
    "prescription": "prescription drugs",
    "behind_counter": "items sold from behind the counter",
    "alcohol": "alcoholic drinks",
    "tobacco": "tobacco",
    "regulated": "government-regulated goods",
    "carbonated_soft_drink": "carbonated soft-drink containers",
    "no_barcode": "items without a barcode or PLU",
}

MI_BONUS_FACTOR = 10
MI_BONUS_MIN = Decimal("1.00")
MI_BONUS_MAX = Decimal("5.00")


def applies(store: StoreInfo, name: str, discrepancy: Discrepancy) -> bool:
    """True when ``store`` is under rule ``name`` and the line is an overcharge.

    Undercharges give the customer nothing extra under any rule, so plugins leave them
    to the store's defaults (the lower scanned price, charged at once).
    """
    return store.policy.jurisdiction == name and discrepancy.direction is Direction.OVERCHARGE


def lowest_price(discrepancy: Discrepancy) -> Money:
    """``P_low``: the lowest unit price displayed anywhere for the item."""
    return discrepancy.claim.lowest_price


def excluded_by(discrepancy: Discrepancy, flags: Iterable[str]) -> str | None:
    """The first of ``flags`` (in the order given) that the scanned item carries."""
    attributes = discrepancy.scanned.attributes
    return next((flag for flag in flags if flag in attributes), None)


def expired_sale_tag(discrepancy: Discrepancy) -> bool:
    """True when the tag is a sale tag whose promotion has ended (left up by mistake)."""
    return discrepancy.cause is Cause.SALE_ENDED_TAG_LEFT_UP or discrepancy.has_finding(
        "promo_expired"
    )


def first_unit_line_charge(discrepancy: Discrepancy, first_unit: Money) -> Money:
    """The line charge when the first unit costs ``first_unit`` and the rest ``P_low``.

    Never more than the store's own claimed line total (a multi-buy tag can be lower).
    """
    charge = first_unit + lowest_price(discrepancy) * (discrepancy.quantity - 1)
    return min(charge, discrepancy.claimed_line_total)


def amount_off(price: Money, allowance: str) -> Money:
    """``max(0, price - allowance)``: a unit free up to ``allowance`` in value."""
    rest = price - Money.parse(allowance, price.currency, field="allowance")
    return rest if rest.amount > 0 else Money.zero(price.currency)


def michigan_bonus(difference: Money) -> Money:
    """Michigan's bonus for one unit: ten times the difference, at least $1, at most $5."""
    bonus = difference.amount * MI_BONUS_FACTOR
    bonus = max(MI_BONUS_MIN, min(MI_BONUS_MAX, bonus))
    return Money.parse(bonus.quantize(Decimal("0.01")), difference.currency, field="bonus")


def short_money(money: Money) -> str:
    """``"$10"`` for whole amounts, ``"$9.99"`` otherwise (button labels)."""
    text = money.format()
    return text[:-3] if text.endswith(".00") else text


def currency_problem(store: StoreInfo, rule: str, currency: str) -> str | None:
    """The reason shown when a rule defined in ``currency`` is set for another currency.

    A rule's dollar limits mean nothing in another currency, so the plugin refuses to
    apply it (multi-currency refusal) and the store's own options stay in force.
    """
    if store.currency == currency:
        return None
    return (
        f"{rule} is defined in {currency}, but store {store.code} trades in "
        f"{store.currency}; the store's own options apply. Ask an administrator to "
        "correct the store's jurisdiction setting."
    )


def not_applicable(
    options: OptionList, discrepancy: Discrepancy, *, action: str, label: str, reason: str
) -> None:
    """Show the rule's remedy greyed out with ``reason``; every other option stays."""
    options.replace(
        Option(
            action=action,
            label=label,
            charge=discrepancy.claimed_line_total,
            requires_approval=False,
            available=False,
            reason=reason,
            script="",
        )
    )


def put_first(options: OptionList, option: Option) -> None:
    """Offer ``option`` first (replacing an option with the same action)."""
    rest = [o for o in options if o.action != option.action]
    for existing in list(options):
        options.remove(existing.action)
    options.add(option)
    for existing in rest:
        options.add(existing)


def require_remedy(
    options: OptionList, discrepancy: Discrepancy, charge: Money, reason: str
) -> None:
    """Make the rule's remedy binding: decline (the scanned price) is unavailable with
    ``reason``, and a manager asked to confirm charges the remedy price too."""
    options.mark_unavailable(Action.DECLINE, reason)
    escalate = options.get(Action.ESCALATE)
    if escalate is not None:
        options.replace(replace(escalate, charge=charge))


def lowest_price_required(
    options: OptionList,
    discrepancy: Discrepancy,
    *,
    label: str,
    script: str,
    reason: str,
    bonus: Money | None = None,
) -> Option:
    """The rule requires the lowest displayed price on every unit: honor it at once
    (no manager needed, whatever the store's auto-honor limit), first in the list."""
    honor = remedy(
        action=Action.HONOR,
        label=label,
        charge=discrepancy.claimed_line_total,
        script=script,
        bonus=bonus,
    )
    put_first(options, honor)
    require_remedy(options, discrepancy, honor.charge, reason)
    return honor


def remedy(
    *, action: str, label: str, charge: Money, script: str, bonus: Money | None = None
) -> Option:
    """The rule's remedy: taken at once, no manager needed (the rule obliges the store)."""
    return Option(
        action=action,
        label=label,
        charge=charge,
        requires_approval=False,
        available=True,
        script=script,
        resolves_as=Status.HONORED,
        bonus=bonus,
    )


def others(quantity: int, lowest: Money) -> str:
    """Wording for the units after the first (empty for one unit)."""
    if quantity <= 1:
        return ""
    rest = quantity - 1
    noun = "one is" if rest == 1 else f"{rest} are"
    return f" The other {noun} at the lowest shelf price of {lowest.format()}."


def offer_free_item(
    options: OptionList,
    discrepancy: Discrepancy,
    *,
    action: str,
    allowance: str,
    intro: str,
    rule_name: str,
) -> Option:
    """Offer "first unit free up to ``allowance`` in value, the rest at ``P_low``" first,
    and make it binding (honor at the plain shelf price and decline are unavailable).

    :param intro: how the cashier introduces the rule ("Our Scanner Price Accuracy Code").
    :param rule_name: the rule's name in reasons ("The Scanner Price Accuracy Code").
    """
    low = lowest_price(discrepancy)
    limit = Money.parse(allowance, low.currency, field="allowance")
    first = amount_off(low, allowance)
    charge = first_unit_line_charge(discrepancy, first)
    if first.amount == 0:
        label = "First item free"
        script = f"{intro}: the first one is free because it rang up higher than the shelf price."
    else:
        label = f"{short_money(limit)} off"
        script = (
            f"{intro}: because it rang up higher than the shelf price, you get "
            f"{short_money(limit)} off the shelf price of {low.format()}, so you pay "
            f"{first.format()}."
        )
    option = remedy(
        action=action, label=label, charge=charge, script=script + others(discrepancy.quantity, low)
    )
    put_first(options, option)
    options.mark_unavailable(Action.HONOR, f"{rule_name} gives the customer more: {label.lower()}.")
    require_remedy(
        options,
        discrepancy,
        charge,
        f"{rule_name}: the customer is owed {label.lower()}; the scanned price cannot be charged.",
    )
    return option


_COMMONWEALTH = (("Honor", "Honour"), ("honor", "honour"))


def commonwealth_spelling(options: OptionList) -> None:
    """Rewrite every option's label, words and reason with Canadian/Australian spelling
    ("honour", "honoured"), so the store's default options read right there too."""

    def spell(text: str | None) -> str | None:
        if text is None:
            return None
        for american, commonwealth in _COMMONWEALTH:
            text = text.replace(american, commonwealth)
        return text

    for option in list(options):
        options.replace(
            replace(
                option,
                label=spell(option.label) or option.label,
                script=spell(option.script) or "",
                reason=spell(option.reason),
            )
        )

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

from babel.numbers import get_decimal_symbol

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
from .i18n import N_, Words, words
from .money import CURRENCY_DIGITS, Money

#: How an item flag (``prices.ITEM_ATTRIBUTES``) reads in a reason shown to the cashier.
#: Marked for the catalogs; translate with :func:`attribute_words`.
ATTRIBUTE_WORDS = {
    "sold_by_weight": N_("items sold by weight"),
    "individually_priced": N_("individually price-ticketed items"),
    "prescription": N_("prescription drugs"),
    "behind_counter": N_("items sold from behind the counter"),
    "alcohol": N_("alcoholic drinks"),
    "tobacco": N_("tobacco"),
    "regulated": N_("government-regulated goods"),
    "carbonated_soft_drink": N_("carbonated soft-drink containers"),
    "no_barcode": N_("items without a barcode or PLU"),
}

MI_BONUS_FACTOR = 10
MI_BONUS_MIN = Decimal("1.00")
MI_BONUS_MAX = Decimal("5.00")


def say_for(store: StoreInfo) -> Words:
    """The words of the store's language (its cashier reads them to the customer)."""
    return words(store.locale)


def attribute_words(flag: str, say: Words) -> str:
    """How an item flag reads in a reason, in the store's language."""
    return say.gettext(ATTRIBUTE_WORDS[flag])


def not_covered(rule_name: str, flag: str, say: Words) -> str:
    """The reason shown when the rule does not cover items carrying ``flag``."""
    return say.gettext(
        "%(rule)s does not cover %(goods)s; the store's usual options apply.",
        rule=rule_name,
        goods=attribute_words(flag, say),
    )


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


def short_money(money: Money, say: Words | None = None) -> str:
    """``"$10"`` for whole amounts, ``"$9.99"`` otherwise (button labels); ``10 $`` in
    ``fr_CA``."""
    locale = say.locale if say is not None else "en_US"
    text = money.format(locale)
    if money.amount != money.amount.to_integral_value():
        return text
    zeros = get_decimal_symbol(locale) + "0" * CURRENCY_DIGITS[money.currency]
    return text.replace(zeros, "", 1) if CURRENCY_DIGITS[money.currency] else text


def currency_problem(store: StoreInfo, rule: str, currency: str) -> str | None:
    """The reason shown when a rule defined in ``currency`` is set for another currency.

    A rule's dollar limits mean nothing in another currency, so the plugin refuses to
    apply it (multi-currency refusal) and the store's own options stay in force.
    """
    if store.currency == currency:
        return None
    return say_for(store).gettext(
        "%(rule)s is defined in %(currency)s, but store %(store)s trades in "
        "%(store_currency)s; the store's own options apply. Ask an administrator to "
        "correct the store's jurisdiction setting.",
        rule=rule,
        currency=currency,
        store=store.code,
        store_currency=store.currency,
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


def others(quantity: int, lowest: Money, say: Words | None = None) -> str:
    """Wording for the units after the first (empty for one unit)."""
    if quantity <= 1:
        return ""
    say = say or words()
    return " " + say.ngettext(
        "The other one is at the lowest shelf price of %(price)s.",
        "The other %(num)s are at the lowest shelf price of %(price)s.",
        quantity - 1,
        price=say.money(lowest),
    )


def offer_free_item(
    options: OptionList,
    discrepancy: Discrepancy,
    *,
    action: str,
    allowance: str,
    intro: str,
    rule_name: str,
    say: Words | None = None,
) -> Option:
    """Offer "first unit free up to ``allowance`` in value, the rest at ``P_low``" first,
    and make it binding (honor at the plain shelf price and decline are unavailable).

    :param intro: how the cashier introduces the rule ("Our Scanner Price Accuracy Code").
    :param rule_name: the rule's name in reasons ("The Scanner Price Accuracy Code").
    :param say: the store's words (default ``en_US``).
    """
    say = say or words()
    low = lowest_price(discrepancy)
    limit = Money.parse(allowance, low.currency, field="allowance")
    first = amount_off(low, allowance)
    charge = first_unit_line_charge(discrepancy, first)
    if first.amount == 0:
        label = say.gettext("First item free")
        script = say.gettext(
            "%(intro)s: the first one is free because it rang up higher than the shelf price.",
            intro=intro,
        )
    else:
        label = say.gettext("%(amount)s off", amount=short_money(limit, say))
        script = say.gettext(
            "%(intro)s: because it rang up higher than the shelf price, you get "
            "%(amount)s off the shelf price of %(price)s, so you pay %(charge)s.",
            intro=intro,
            amount=short_money(limit, say),
            price=say.money(low),
            charge=say.money(first),
        )
    option = remedy(
        action=action,
        label=label,
        charge=charge,
        script=script + others(discrepancy.quantity, low, say),
    )
    put_first(options, option)
    owed = label[:1].lower() + label[1:]
    options.mark_unavailable(
        Action.HONOR,
        say.gettext("%(rule)s gives the customer more: %(owed)s.", rule=rule_name, owed=owed),
    )
    require_remedy(
        options,
        discrepancy,
        charge,
        say.gettext(
            "%(rule)s: the customer is owed %(owed)s; the scanned price cannot be charged.",
            rule=rule_name,
            owed=owed,
        ),
    )
    return option


_COMMONWEALTH = (("Honor", "Honour"), ("honor", "honour"))


def commonwealth_spelling(options: OptionList, store: StoreInfo | None = None) -> None:
    """Rewrite every option's label, words and reason with Canadian/Australian spelling
    ("honour", "honoured"), so the store's default options read right there too.

    Only English is respelled: a ``fr_CA`` store's words are French already
    ("Honorer ..."), and an ``en_CA`` store's catalog spells "honour" itself.
    """
    if store is not None and not store.locale.startswith("en"):
        return

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

"""Built-in options: honor, escalate, decline (overcharge); honor the scan (undercharge)."""

from __future__ import annotations

from ..domain import Action, Direction, Discrepancy, Option, Policy, Status, StoreInfo
from ..hookspecs import hookimpl
from ..i18n import words


def honors_without_approval(discrepancy: Discrepancy, policy: Policy) -> bool:
    """True when the line difference is within ``auto_honor_max`` or its percentage.

    The percentage is of the scanned line total (what the register asked for).
    """
    given_away = discrepancy.line_difference.amount
    if given_away <= policy.auto_honor_max:
        return True
    scanned_total = discrepancy.scanned.line_total.amount
    if policy.auto_honor_max_percent > 0 and scanned_total > 0:
        return given_away * 100 <= policy.auto_honor_max_percent * scanned_total
    return False


@hookimpl
def posdisc_options(discrepancy: Discrepancy, policy: Policy, store: StoreInfo) -> list[Option]:
    """The store's default choices, with what each charges and what to say (in the
    store's language)."""
    say = words(store.locale)
    scanned_total = discrepancy.scanned.line_total
    if discrepancy.direction is Direction.UNDERCHARGE:
        return [
            Option(
                action=Action.HONOR,
                label=say.gettext("Charge scanned price"),
                charge=scanned_total,
                requires_approval=False,
                available=True,
                script=say.gettext(
                    "Good news: this rings up lower than the tag, so you pay %(price)s.",
                    price=say.money(scanned_total),
                ),
            )
        ]
    tag_total = discrepancy.claimed_line_total
    return [
        Option(
            action=Action.HONOR,
            label=say.gettext("Honor tag price"),
            charge=tag_total,
            requires_approval=not honors_without_approval(discrepancy, policy),
            available=True,
            script=say.gettext(
                "You're right, the shelf shows a lower price. I'll charge you %(price)s.",
                price=say.money(tag_total),
            ),
        ),
        Option(
            action=Action.ESCALATE,
            label=say.gettext("Call a manager"),
            charge=tag_total,
            requires_approval=True,
            available=True,
            script=say.gettext(
                "Let me ask a manager to confirm the shelf price of %(price)s; "
                "it will only take a moment.",
                price=say.money(tag_total),
            ),
        ),
        Option(
            action=Action.DECLINE,
            label=say.gettext("Charge scanned price"),
            charge=scanned_total,
            requires_approval=False,
            available=policy.decline_allowed,
            reason=None
            if policy.decline_allowed
            else say.gettext("Store policy: the shelf price is always honored."),
            resolves_as=Status.DECLINED,
            script=say.gettext(
                "I'm sorry, this item rings up at %(price)s; the shelf tag is wrong and "
                "we'll fix it. Would you still like it?",
                price=say.money(scanned_total),
            ),
        ),
    ]

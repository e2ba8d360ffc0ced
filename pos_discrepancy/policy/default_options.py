"""Built-in options: honor, escalate, decline (overcharge); honor the scan (undercharge)."""

from __future__ import annotations

from ..domain import Action, Direction, Discrepancy, Option, Policy, Status, StoreInfo
from ..hookspecs import hookimpl


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
    """The store's default choices, with what each charges and what to say."""
    scanned_total = discrepancy.scanned.line_total
    if discrepancy.direction is Direction.UNDERCHARGE:
        return [
            Option(
                action=Action.HONOR,
                label="Charge scanned price",
                charge=scanned_total,
                requires_approval=False,
                available=True,
                script=f"Good news: this rings up lower than the tag, so you pay "
                f"{scanned_total.format()}.",
            )
        ]
    tag_total = discrepancy.claimed_line_total
    return [
        Option(
            action=Action.HONOR,
            label="Honor tag price",
            charge=tag_total,
            requires_approval=not honors_without_approval(discrepancy, policy),
            available=True,
            script=f"You're right, the shelf shows a lower price. I'll charge you "
            f"{tag_total.format()}.",
        ),
        Option(
            action=Action.ESCALATE,
            label="Call a manager",
            charge=tag_total,
            requires_approval=True,
            available=True,
            script=f"Let me ask a manager to confirm the shelf price of {tag_total.format()}; "
            "it will only take a moment.",
        ),
        Option(
            action=Action.DECLINE,
            label="Charge scanned price",
            charge=scanned_total,
            requires_approval=False,
            available=policy.decline_allowed,
            reason=None
            if policy.decline_allowed
            else "Store policy: the shelf price is always honored.",
            resolves_as=Status.DECLINED,
            script=f"I'm sorry, this item rings up at {scanned_total.format()}; the "
            "shelf tag is wrong and we'll fix it. Would you still like it?",
        ),
    ]

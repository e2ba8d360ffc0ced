"""What the cashier sees for a check: pure functions from results to lines of text.

Nothing here prints or touches the database, so the wording can be tested directly;
:mod:`.check` adds colour (``tone``) and the prompts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ..domain import Direction, Option, Status
from ..i18n import N_, Words, words
from ..money import Money
from ..views import CheckResult, IncidentView

AGREE = N_("Prices agree — nothing to do.")
NEEDS_MANAGER = N_("[needs manager]")


class Line(NamedTuple):
    """One line of output and how to colour it: ``plain``, ``dim`` (not available),
    ``say`` (words for the customer), ``good``, ``bad``, ``warn`` or ``heading``."""

    text: str
    tone: str = "plain"


def texts(lines: Iterable[Line]) -> list[str]:
    """Just the words, for tests and logs."""
    return [line.text for line in lines]


def _money(value: Money | None, say: Words) -> str:
    return "?" if value is None else say.money(value)


def render_check(result: CheckResult, say: Words | None = None) -> list[Line]:
    """The check result as the cashier reads it (in ``say``'s language, default
    ``en_US``): direction, differences, findings, warnings, and (for an overcharge) the
    numbered options."""
    say = say or words()
    lines = [Line(f"! {w}", "warn") for w in result.warnings]
    if not result.discrepancy:
        return [*lines, Line(say.gettext(AGREE), "good")]
    lines.extend(_summary(result, say))
    lines.extend(Line(f"  • {finding}") for finding in result.findings)
    if result.status is Status.HONORED:  # resolved at the scan: no choice to make
        option = result.options[0] if result.options else None
        charge = _money(option.charge if option else None, say)
        if result.direction is Direction.UNDERCHARGE:
            text = say.gettext(
                "Undercharge: the customer pays the lower scanned price (%(price)s).",
                price=charge,
            )
        else:
            text = say.gettext("Honored automatically: charge %(price)s.", price=charge)
        done = say.gettext("Logged so the tag gets fixed — nothing else to do.")
        lines.append(Line(f"{text} {done}", "good"))
        if option is not None:
            lines.append(Line("  " + say.gettext('Say: "%(words)s"', words=option.script), "say"))
        return lines
    lines.append(Line(say.gettext("Options:"), "heading"))
    lines.extend(render_options(result.options, say))
    return lines


def _summary(result: CheckResult, say: Words) -> list[Line]:
    detail = result.detail
    over = result.direction is Direction.OVERCHARGE
    heading = say.gettext("OVERCHARGE") if over else say.gettext("UNDERCHARGE")
    lines = []
    if detail is not None:
        item = detail.scanned.description or detail.sku
        claim = detail.claim
        if claim.location:
            found = say.gettext(
                "%(heading)s: %(item)s (SKU %(sku)s) at %(location)s",
                heading=heading, item=item, sku=detail.sku, location=claim.location,
            )  # fmt: skip
        else:
            found = say.gettext(
                "%(heading)s: %(item)s (SKU %(sku)s)", heading=heading, item=item, sku=detail.sku
            )
        lines.append(Line(found, "bad"))
        shelf = _money(claim.shelf_price, say)
        if claim.lowest_price != claim.shelf_price:
            lowest = _money(claim.lowest_price, say)
            shelf += " " + say.gettext("(lowest shown: %(price)s)", price=lowest)
        lines.append(
            Line(
                "  "
                + say.gettext(
                    "Shelf tag %(shelf)s, scanned %(scanned)s, quantity %(quantity)s",
                    shelf=shelf,
                    scanned=_money(detail.scanned.scanned_price, say),
                    quantity=detail.quantity,
                )
            )
        )
        quantity = detail.quantity
    else:
        lines.append(Line(heading, "bad"))
        quantity = 1
    difference = _money(result.difference, say)
    if quantity != 1 or result.line_difference != result.difference:
        text = say.gettext(
            "Difference: %(difference)s per unit, %(line)s for the line",
            difference=difference,
            line=_money(result.line_difference, say),
        )
    else:
        text = say.gettext("Difference: %(difference)s per unit", difference=difference)
    lines.append(Line(f"  {text}"))
    return lines


def render_options(options: Sequence[Option], say: Words | None = None) -> list[Line]:
    """Numbered options (1, 2, …) with charge, approval marker, wording or the reason
    an option cannot be taken."""
    say = say or words()
    lines = []
    for number, option in enumerate(options, start=1):
        charge = say.gettext("charge %(price)s", price=say.money(option.charge))
        if option.bonus is not None:
            charge += " " + say.gettext("+ %(bonus)s back", bonus=say.money(option.bonus))
        if not option.available:
            reason = option.reason or say.gettext("not allowed here")
            unavailable = say.gettext("(not available: %(reason)s)", reason=reason)
            lines.append(Line(f"  {number}. {option.label} — {charge}  {unavailable}", "dim"))
            continue
        marker = f"  {say.gettext(NEEDS_MANAGER)}" if option.requires_approval else ""
        lines.append(Line(f"  {number}. {option.label} — {charge}{marker}"))
        lines.append(Line("     " + say.gettext('Say: "%(words)s"', words=option.script), "say"))
    return lines


def render_resolution(incident: IncidentView, say: Words | None = None) -> list[Line]:
    """How an incident ended at the register: status, charge, approver."""
    say = say or words()
    decision = incident.decision
    if incident.status is Status.AWAITING_APPROVAL:
        return [
            Line(
                say.gettext(
                    "Waiting for a manager (incident %(id)s); a manager decides it later: "
                    "posdisc approvals decide %(id)s --manager <code>",
                    id=incident.id,
                ),
                "warn",
            )
        ]
    charge = _money(decision.charge if decision else None, say)
    who = ""
    if decision is not None and decision.approved_by and decision.approval == "approved":
        who = say.gettext(" — approved by %(manager)s", manager=decision.approved_by)
    elif decision is not None and decision.approved_by and decision.approval == "denied":
        who = say.gettext(" — denied by %(manager)s", manager=decision.approved_by)
    elif decision is not None and decision.approved_by:
        who = f" — {decision.approval} by {decision.approved_by}"
    elif decision is not None and decision.approval == "timed_out":
        who = say.gettext(" — approval timed out, store policy applied")
    if incident.status is Status.HONORED:
        return [
            Line(say.gettext("Honored: charge %(price)s%(who)s.", price=charge, who=who), "good")
        ]
    if incident.status is Status.DECLINED:
        text = say.gettext(
            "Declined: charge %(price)s (the scanned price)%(who)s.", price=charge, who=who
        )
        return [Line(text, "warn")]
    return [
        Line(
            say.gettext(
                "Incident is %(status)s: charge %(price)s%(who)s.",
                status=incident.status.value,
                price=charge,
                who=who,
            )
        )
    ]

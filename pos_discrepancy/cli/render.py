"""What the cashier sees for a check: pure functions from results to lines of text.

Nothing here prints or touches the database, so the wording can be tested directly;
:mod:`.check` adds colour (``tone``) and the prompts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ..domain import Direction, Option, Status
from ..money import Money
from ..views import CheckResult, IncidentView

AGREE = "Prices agree — nothing to do."
NEEDS_MANAGER = "[needs manager]"


class Line(NamedTuple):
    """One line of output and how to colour it: ``plain``, ``dim`` (not available),
    ``say`` (words for the customer), ``good``, ``bad``, ``warn`` or ``heading``."""

    text: str
    tone: str = "plain"


def texts(lines: Iterable[Line]) -> list[str]:
    """Just the words, for tests and logs."""
    return [line.text for line in lines]


def _money(value: Money | None) -> str:
    return "?" if value is None else value.format()


def render_check(result: CheckResult) -> list[Line]:
    """The check result as the cashier reads it: direction, differences, findings,
    warnings, and (for an overcharge) the numbered options."""
    lines = [Line(f"! {w}", "warn") for w in result.warnings]
    if not result.discrepancy:
        return [*lines, Line(AGREE, "good")]
    lines.extend(_summary(result))
    lines.extend(Line(f"  • {finding}") for finding in result.findings)
    if result.status is Status.HONORED:  # resolved at the scan: no choice to make
        option = result.options[0] if result.options else None
        charge = _money(option.charge if option else None)
        if result.direction is Direction.UNDERCHARGE:
            text = f"Undercharge: the customer pays the lower scanned price ({charge})."
        else:
            text = f"Honored automatically: charge {charge}."
        lines.append(Line(f"{text} Logged so the tag gets fixed — nothing else to do.", "good"))
        if option is not None:
            lines.append(Line(f'  Say: "{option.script}"', "say"))
        return lines
    lines.append(Line("Options:", "heading"))
    lines.extend(render_options(result.options))
    return lines


def _summary(result: CheckResult) -> list[Line]:
    detail = result.detail
    heading = "OVERCHARGE" if result.direction is Direction.OVERCHARGE else "UNDERCHARGE"
    lines = []
    if detail is not None:
        item = detail.scanned.description or detail.sku
        where = f" at {detail.claim.location}" if detail.claim.location else ""
        lines.append(Line(f"{heading}: {item} (SKU {detail.sku}){where}", "bad"))
        claim = detail.claim
        shelf = _money(claim.shelf_price)
        if claim.lowest_price != claim.shelf_price:
            shelf += f" (lowest shown: {_money(claim.lowest_price)})"
        lines.append(
            Line(
                f"  Shelf tag {shelf}, scanned {_money(detail.scanned.scanned_price)}, "
                f"quantity {detail.quantity}"
            )
        )
        quantity = detail.quantity
    else:
        lines.append(Line(heading, "bad"))
        quantity = 1
    both = quantity != 1 or result.line_difference != result.difference
    per_line = f", {_money(result.line_difference)} for the line" if both else ""
    lines.append(Line(f"  Difference: {_money(result.difference)} per unit{per_line}"))
    return lines


def render_options(options: Sequence[Option]) -> list[Line]:
    """Numbered options (1, 2, …) with charge, approval marker, wording or the reason
    an option cannot be taken."""
    lines = []
    for number, option in enumerate(options, start=1):
        bonus = f" + {option.bonus.format()} back" if option.bonus is not None else ""
        if not option.available:
            lines.append(
                Line(
                    f"  {number}. {option.label} — charge {option.charge.format()}{bonus}"
                    f"  (not available: {option.reason or 'not allowed here'})",
                    "dim",
                )
            )
            continue
        marker = f"  {NEEDS_MANAGER}" if option.requires_approval else ""
        lines.append(
            Line(f"  {number}. {option.label} — charge {option.charge.format()}{bonus}{marker}")
        )
        lines.append(Line(f'     Say: "{option.script}"', "say"))
    return lines


def render_resolution(incident: IncidentView) -> list[Line]:
    """How an incident ended at the register: status, charge, approver."""
    decision = incident.decision
    if incident.status is Status.AWAITING_APPROVAL:
        return [
            Line(
                f"Waiting for a manager (incident {incident.id}); a manager decides it "
                f"later: posdisc approvals decide {incident.id} --manager <code>",
                "warn",
            )
        ]
    charge = _money(decision.charge if decision else None)
    who = ""
    if decision is not None and decision.approved_by:
        who = f" — {decision.approval} by {decision.approved_by}"
    elif decision is not None and decision.approval == "timed_out":
        who = " — approval timed out, store policy applied"
    if incident.status is Status.HONORED:
        return [Line(f"Honored: charge {charge}{who}.", "good")]
    if incident.status is Status.DECLINED:
        return [Line(f"Declined: charge {charge} (the scanned price){who}.", "warn")]
    return [Line(f"Incident is {incident.status.value}: charge {charge}{who}.")]

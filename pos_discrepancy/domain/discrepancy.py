"""Detecting a mismatch between the shelf claim and the scan."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from ..money import Money
from .claim import ScannedItem, ShelfClaim
from .incident import Cause


class Direction(StrEnum):
    """Which way the register is wrong, from the customer's point of view."""

    OVERCHARGE = "overcharge"  # scanned above the tag: the customer's case
    UNDERCHARGE = "undercharge"  # scanned below the tag: the store's loss


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a detector noticed about the claim (contributed via ``posdisc_detect``).

    ``claimed_line_total`` lets a finding lower what the customer may claim for the line
    (a multi-buy offer, a member price); ``cause`` names the probable cause.
    """

    code: str
    message: str
    cause: Cause | None = None
    claimed_line_total: Money | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.code, str) or not self.code:
            raise ValueError("Finding.code must be a non-empty string")
        total = self.claimed_line_total
        if total is not None and (not isinstance(total, Money) or total.amount < 0):
            raise ValueError("Finding.claimed_line_total must be Money of zero or more")
        if self.cause is not None:
            object.__setattr__(self, "cause", Cause(self.cause))


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """A confirmed mismatch. Differences are non-negative; ``direction`` gives the sign.

    ``line_difference`` is exactly ``|scanned line total - claimed line total|``.
    ``difference`` is the same per unit: ``line_difference`` shared over the quantity and
    rounded half up to the minor unit. Without an offer that is exactly
    ``|scanned_price - lowest displayed price|``; with a multi-buy it is the average
    (3 for $10.00 scanned at 3 × $4.00: line 2.00, per unit 0.67).
    """

    claim: ShelfClaim
    scanned: ScannedItem
    direction: Direction
    claimed_line_total: Money
    difference: Money  # per unit, between the scan and the lowest displayed price
    line_difference: Money  # for the whole line, after multi-buy and findings
    findings: tuple[Finding, ...] = field(default=())
    cause: Cause | None = None

    @property
    def sku(self) -> str:
        """The item's SKU."""
        return self.scanned.sku

    @property
    def quantity(self) -> int:
        """Units on the line."""
        return self.scanned.quantity

    @property
    def currency(self) -> str:
        """The currency of every amount here."""
        return self.scanned.scanned_price.currency

    def has_finding(self, code: str) -> bool:
        """True when a detector reported ``code`` (e.g. ``"promo_expired"``)."""
        return any(f.code == code for f in self.findings)


def build_discrepancy(
    claim: ShelfClaim, scanned: ScannedItem, findings: Iterable[Finding] = ()
) -> Discrepancy | None:
    """Compare the claim with the scan; ``None`` when the customer pays what they expect.

    The claimed line total is the lowest of: the lowest displayed unit price times the
    quantity and any ``claimed_line_total`` a finding offers (the built-in detector turns
    a multi-buy tag into such a finding). Equal line totals mean no discrepancy, even when
    a finding (an expired promotion) was reported. Otherwise the direction is
    ``overcharge`` when the scanned line total is higher, ``undercharge`` when lower, and
    the cause is the first finding's cause, if any.
    """
    findings = tuple(findings)
    claimed = claim.claimed_line_total(scanned.quantity)
    for finding in findings:
        if finding.claimed_line_total is not None:
            claimed = min(claimed, finding.claimed_line_total)
    scanned_total = scanned.line_total
    if scanned_total == claimed:
        return None
    direction = Direction.OVERCHARGE if scanned_total > claimed else Direction.UNDERCHARGE
    cause = next((f.cause for f in findings if f.cause is not None), None)
    line_difference = abs(scanned_total - claimed)
    return Discrepancy(
        claim=claim,
        scanned=scanned,
        direction=direction,
        claimed_line_total=claimed,
        difference=line_difference.split(scanned.quantity),
        line_difference=line_difference,
        findings=findings,
        cause=cause,
    )

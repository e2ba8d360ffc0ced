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


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """A confirmed mismatch. Differences are non-negative; ``direction`` gives the sign."""

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
    quantity, the claim's multi-buy offer, and any ``claimed_line_total`` a finding offers.
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
    return Discrepancy(
        claim=claim,
        scanned=scanned,
        direction=direction,
        claimed_line_total=claimed,
        difference=abs(scanned.scanned_price - claim.lowest_price),
        line_difference=abs(scanned_total - claimed),
        findings=findings,
        cause=cause,
    )

"""Built-in detectors: expired promotion tags and multi-buy offers."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from ..domain import Cause, Finding, ScannedItem, ShelfClaim, StoreInfo
from ..hookspecs import hookimpl


@hookimpl
def posdisc_detect(claim: ShelfClaim, scanned: ScannedItem, store: StoreInfo) -> list[Finding]:
    """Report an expired promotion tag and apply a multi-buy offer on the tag."""
    findings = []
    if claim.promo_ends is not None:
        local_day = scanned.scanned_at.astimezone(ZoneInfo(store.timezone)).date()
        if local_day > claim.promo_ends:
            findings.append(
                Finding(
                    code="promo_expired",
                    message=f"The promotion on this tag ended on {claim.promo_ends.isoformat()}; "
                    "the sale tag was left up.",
                    cause=Cause.SALE_ENDED_TAG_LEFT_UP,
                )
            )
    offer = claim.multi_buy
    if offer is not None and scanned.quantity >= offer.count:
        findings.append(
            Finding(
                code="multi_buy",
                message=f"Tag offers {offer.count} for {offer.total.format()}.",
                claimed_line_total=offer.line_total(scanned.quantity, claim.lowest_price),
            )
        )
    return findings

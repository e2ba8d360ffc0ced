"""Parsing the shelf claim a cashier sends with a check, and its stored record.

Kept apart from the hot path so the parsers can be tested (hypothesis) on their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from .domain import (
    Cause,
    Direction,
    Discrepancy,
    DisplayedPrice,
    Finding,
    MultiBuy,
    ScannedItem,
    ShelfClaim,
)
from .errors import N_, InvalidInput
from .money import Money


def shelf_claim(shelf_price: Money, fields: Mapping[str, Any]) -> ShelfClaim:
    """The :class:`ShelfClaim` of a tag at ``shelf_price`` with a check's optional claim
    fields, as :class:`~pos_discrepancy.schemas.CheckRequest` leaves them: ``location``,
    ``promo_ends`` and ``tag_barcode`` clean, ``multi_buy`` and ``displayed_prices`` as
    sent, read here in the shelf price's currency. A field left out is ``None``."""
    currency = shelf_price.currency
    return ShelfClaim(
        shelf_price=shelf_price,
        location=fields.get("location"),
        promo_ends=fields.get("promo_ends"),
        multi_buy=_multi_buy(fields.get("multi_buy"), currency),
        tag_barcode=fields.get("tag_barcode"),
        displayed_prices=_displayed(fields.get("displayed_prices"), currency),
    )


def _multi_buy(value: Any, currency: str) -> MultiBuy | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        count, sep, total = value.lower().replace("$", "").partition(" for ")
        if not sep or not count.strip().isdigit():
            raise InvalidInput.worded(
                "multi_buy", N_('%(value)s should read like "3 for 10.00"'), value=repr(value[:40])
            )
        value = (int(count), total.strip())
    if isinstance(value, dict):
        value = (value.get("count"), value.get("total"))
    if not isinstance(value, tuple | list) or len(value) != 2:
        raise InvalidInput.worded(
            "multi_buy", N_('give "3 for 10.00" or {"count": 3, "total": "10.00"}')
        )
    return MultiBuy(count=value[0], total=Money.parse(value[1], currency, field="multi_buy"))


def _displayed(value: Any, currency: str) -> tuple[DisplayedPrice, ...]:
    if value is None:
        return ()
    if not isinstance(value, list | tuple) or len(value) > 10:
        raise InvalidInput.worded(
            "displayed_prices",
            N_('give a list (at most 10) of {"source": "sign", "price": "8.99"}'),
        )
    prices = []
    for item in value:
        if not isinstance(item, dict):
            raise InvalidInput.worded("displayed_prices", N_("each entry needs source and price"))
        prices.append(
            DisplayedPrice(
                source=item.get("source", "other"),
                price=Money.parse(item.get("price"), currency, field="displayed_prices"),
            )
        )
    return tuple(prices)


def claim_record(discrepancy: Discrepancy) -> dict[str, Any]:
    """What is stored (incident ``claim_json`` and the detected event) about the claim."""
    claim = discrepancy.claim
    return {
        "shelf_price": claim.shelf_price,
        "lowest_price": claim.lowest_price,
        "location": claim.location,
        "promo_ends": claim.promo_ends,
        "multi_buy": None
        if claim.multi_buy is None
        else {"count": claim.multi_buy.count, "total": claim.multi_buy.total},
        "tag_barcode": claim.tag_barcode,
        "displayed_prices": [
            {"source": d.source, "price": d.price} for d in claim.displayed_prices
        ],
        "findings": [
            {"code": f.code, "message": f.message, "cause": f.cause} for f in discrepancy.findings
        ],
        "attributes": discrepancy.scanned.attributes,
    }


def stored_discrepancy(
    claim: Mapping[str, Any], *, scanned: ScannedItem, direction: str, totals: Mapping[str, Money]
) -> Discrepancy:
    """The :class:`Discrepancy` an incident recorded, from its stored claim (the inverse
    of :func:`claim_record`) and the scan and totals of its row.

    The totals are taken as recorded (``claimed_line_total``, ``difference``,
    ``line_difference``), not worked out again: they are what the cashier was shown.
    Findings come back without the line totals they may have lowered (those are in the
    recorded claimed total already).
    """
    currency = scanned.scanned_price.currency

    def money(value: object, field: str) -> Money:
        return Money.parse(value, currency, field=field, maximum=None)

    multi_buy = claim.get("multi_buy")
    promo_ends = claim.get("promo_ends")
    stored_claim = ShelfClaim(
        shelf_price=money(claim["shelf_price"], "shelf_price"),
        location=claim.get("location"),
        promo_ends=date.fromisoformat(promo_ends) if promo_ends else None,
        multi_buy=None
        if not multi_buy
        else MultiBuy(count=multi_buy["count"], total=money(multi_buy["total"], "multi_buy")),
        tag_barcode=claim.get("tag_barcode"),
        displayed_prices=tuple(
            DisplayedPrice(source=d["source"], price=money(d["price"], "displayed_prices"))
            for d in claim.get("displayed_prices") or ()
        ),
    )
    findings = tuple(
        Finding(code=f["code"], message=f.get("message", ""), cause=f.get("cause") or None)
        for f in claim.get("findings") or ()
    )
    cause = next((Cause(f.cause) for f in findings if f.cause is not None), None)
    attributes = frozenset(claim.get("attributes") or ())
    return Discrepancy(
        claim=stored_claim,
        scanned=ScannedItem(
            sku=scanned.sku,
            scanned_price=scanned.scanned_price,
            quantity=scanned.quantity,
            scanned_at=scanned.scanned_at,
            description=scanned.description,
            attributes=attributes or scanned.attributes,
        ),
        direction=Direction(direction),
        claimed_line_total=totals["claimed_line_total"],
        difference=totals["difference"],
        line_difference=totals["line_difference"],
        findings=findings,
        cause=cause,
    )

"""Parsing the shelf claim a cashier sends with a check, and its stored record.

Kept apart from the hot path so the parsers can be tested (hypothesis) on their own.
"""

from __future__ import annotations

from typing import Any

from .domain import Discrepancy, DisplayedPrice, MultiBuy, ShelfClaim
from .errors import InvalidInput
from .inputs import check_date, check_text
from .money import Money

CLAIM_FIELDS = frozenset(
    {"location", "promo_ends", "multi_buy", "displayed_prices", "tag_barcode", "description"}
)


def parse_claim(currency: str, shelf_price: Any, extra: dict[str, Any]) -> ShelfClaim:
    """The :class:`ShelfClaim` from a check's ``shelf_price`` and optional claim fields."""
    return ShelfClaim(
        shelf_price=Money.parse(shelf_price, currency, field="shelf_price"),
        location=check_text(extra.get("location"), field="location", max_length=64),
        promo_ends=check_date(extra.get("promo_ends"), field="promo_ends"),
        multi_buy=_multi_buy(extra.get("multi_buy"), currency),
        tag_barcode=check_text(extra.get("tag_barcode"), field="tag_barcode", max_length=40),
        displayed_prices=_displayed(extra.get("displayed_prices"), currency),
    )


def _multi_buy(value: Any, currency: str) -> MultiBuy | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        count, sep, total = value.lower().replace("$", "").partition(" for ")
        if not sep or not count.strip().isdigit():
            raise InvalidInput(
                f'multi_buy: {value[:40]!r} should read like "3 for 10.00"', field="multi_buy"
            )
        value = (int(count), total.strip())
    if isinstance(value, dict):
        value = (value.get("count"), value.get("total"))
    if not isinstance(value, tuple | list) or len(value) != 2:
        raise InvalidInput(
            'multi_buy: give "3 for 10.00" or {"count": 3, "total": "10.00"}', field="multi_buy"
        )
    return MultiBuy(count=value[0], total=Money.parse(value[1], currency, field="multi_buy"))


def _displayed(value: Any, currency: str) -> tuple[DisplayedPrice, ...]:
    if value is None:
        return ()
    if not isinstance(value, list | tuple) or len(value) > 10:
        raise InvalidInput(
            'displayed_prices: give a list (at most 10) of {"source": "sign", "price": "8.99"}',
            field="displayed_prices",
        )
    prices = []
    for item in value:
        if not isinstance(item, dict):
            raise InvalidInput(
                "displayed_prices: each entry needs source and price", field="displayed_prices"
            )
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

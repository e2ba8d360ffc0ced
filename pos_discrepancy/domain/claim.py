"""What the customer saw on the shelf and what the register scanned."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from ..errors import N_, InvalidInput
from ..money import Money

#: Where a displayed price can come from; the lowest one counts.
PRICE_SOURCES = ("shelf_tag", "sign", "flyer", "advert", "online", "other")


@dataclass(frozen=True, slots=True)
class DisplayedPrice:
    """A price the customer could have seen besides the shelf tag (sign, flyer, advert)."""

    source: str
    price: Money

    def __post_init__(self) -> None:
        if not isinstance(self.price, Money):
            raise TypeError("DisplayedPrice.price must be Money")
        if self.source not in PRICE_SOURCES:
            raise InvalidInput.worded(
                "displayed_prices",
                N_("%(value)s is not one of %(choices)s"),
                path="displayed_prices.source",
                value=repr(self.source),
                choices=", ".join(PRICE_SOURCES),
            )


@dataclass(frozen=True, slots=True)
class MultiBuy:
    """A multi-buy tag such as "3 for $10.00"."""

    count: int
    total: Money

    def __post_init__(self) -> None:
        if isinstance(self.count, bool) or not isinstance(self.count, int) or self.count < 2:
            raise InvalidInput.worded(
                "multi_buy", N_("must be a whole number of 2 or more"), path="multi_buy.count"
            )
        if not isinstance(self.total, Money):
            raise TypeError("MultiBuy.total must be Money")
        if not self.total:
            raise InvalidInput.worded(
                "multi_buy", N_("must be more than zero"), path="multi_buy.total"
            )

    def line_total(self, quantity: int, unit_price: Money) -> Money:
        """What ``quantity`` units cost under this offer.

        Every full group of ``count`` costs ``total``; leftover units cost ``unit_price``
        each (3 for $10.00 with 7 units at $4.00: 2 × 10.00 + 1 × 4.00 = $24.00).
        """
        groups, leftover = divmod(quantity, self.count)
        return self.total * groups + unit_price * leftover


@dataclass(frozen=True, slots=True)
class ShelfClaim:
    """The shelf tag: its price, location, optional promotion end and multi-buy offer."""

    shelf_price: Money
    location: str | None = None
    promo_ends: date | None = None
    multi_buy: MultiBuy | None = None
    tag_barcode: str | None = None
    displayed_prices: tuple[DisplayedPrice, ...] = ()

    def __post_init__(self) -> None:
        if not self.displayed_prices and self.multi_buy is None:
            return  # the usual tag: nothing to compare (this runs on every check)
        currency = self.shelf_price.currency
        others = [("displayed_prices", d.price) for d in self.displayed_prices]
        if self.multi_buy is not None:
            others.append(("multi_buy", self.multi_buy.total))
        for name, price in others:
            if price.currency != currency:
                raise InvalidInput.worded(
                    name,
                    N_("%(currency)s amount on a %(tag_currency)s shelf tag"),
                    currency=price.currency,
                    tag_currency=currency,
                )

    @property
    def lowest_price(self) -> Money:
        """The lowest unit price displayed anywhere: the reference every rule uses."""
        return min((self.shelf_price, *(d.price for d in self.displayed_prices)))

    def claimed_line_total(self, quantity: int) -> Money:
        """The lowest displayed unit price times ``quantity``.

        Offers such as multi-buy lower this through findings (``posdisc_detect``).
        """
        return self.lowest_price * quantity


@dataclass(frozen=True, slots=True)
class ScannedItem:
    """What the POS rang up: SKU, unit price, quantity, when, and the item's attributes.

    ``attributes`` are flags from the price file (``sold_by_weight``, ``alcohol``, …)
    that jurisdiction rules use as exclusions.
    """

    sku: str
    scanned_price: Money
    quantity: int
    scanned_at: datetime
    description: str | None = None
    attributes: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if isinstance(self.quantity, bool) or not isinstance(self.quantity, int):
            raise TypeError("ScannedItem.quantity must be an int")
        if self.quantity < 1:
            raise InvalidInput.worded("quantity", N_("must be at least 1"))

    @property
    def line_total(self) -> Money:
        """Scanned unit price times quantity."""
        return self.scanned_price * self.quantity

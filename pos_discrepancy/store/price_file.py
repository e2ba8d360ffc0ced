"""The built-in ``posdisc_price_lookup`` plugin: answers from the imported price file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import hookimpl
from ..domain import StoreInfo
from ..prices import PriceRecord
from . import repository

if TYPE_CHECKING:
    from ..desk import Desk


class PriceFilePlugin:
    """Looks SKUs up in the ``prices`` table. Registered by the desk; other plugins
    answering ``posdisc_price_lookup`` are asked first (``trylast``)."""

    def __init__(self, desk: Desk) -> None:
        self._desk = desk

    @hookimpl(trylast=True)
    def posdisc_price_lookup(self, sku: str, store: StoreInfo) -> PriceRecord | None:
        """The price-file record of ``sku``, or ``None``."""
        with self._desk.reading() as connection:
            return repository.get_price(
                connection=connection, store_id=store.code, sku=sku, currency=store.currency
            )

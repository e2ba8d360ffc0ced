"""The built-in ``posdisc_price_lookup`` plugin: answers from the imported price file.

A default plugin (see :data:`pos_discrepancy.plugins.DEFAULT_PLUGINS`) like the policy
plugins: it holds no state and reads the database through the ``desk`` the hook passes,
so one module serves every desk in the process. ``trylast`` lets any other price source
(a live POS feed, a chain price service) answer first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import hookimpl
from . import repository

if TYPE_CHECKING:
    from ..desk import Desk
    from ..domain import StoreInfo
    from ..prices import PriceRecord


@hookimpl(trylast=True)
def posdisc_price_lookup(sku: str, store: StoreInfo, desk: Desk) -> PriceRecord | None:
    """The price-file record of ``sku`` at ``store``, or ``None``."""
    with desk.reading() as connection:
        return repository.get_price(
            connection=connection, store_id=store.code, sku=sku, currency=store.currency
        )

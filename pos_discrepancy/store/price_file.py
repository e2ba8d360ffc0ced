"""The built-in ``posdisc_price_lookup`` plugin: answers from the imported price file.

A default plugin (see :data:`pos_discrepancy.plugins.DEFAULT_PLUGINS`) like the policy
plugins: it holds no state and reads the database through the ``context`` the hook passes,
so one module serves every desk in the process. ``trylast`` lets any other price source
(a live POS feed, a chain price service) answer first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..hookspecs import hookimpl
from . import repository
from .hot_path import hot_path

if TYPE_CHECKING:
    from ..domain import StoreInfo
    from ..prices import PriceRecord
    from ..service.context import Context


@hookimpl(trylast=True)
def posdisc_price_lookup(sku: str, store: StoreInfo, context: Context) -> PriceRecord | None:
    """The price-file record of ``sku`` at ``store``, or ``None``."""
    # The register path calls this on every mismatch: one prebuilt SELECT on the bare
    # driver, without a write lock (see store/hot_path.py).
    row = hot_path(context.engine).price_row(store_id=store.code, sku=sku)
    return None if row is None else repository.price_record(row, store.currency)

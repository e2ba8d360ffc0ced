"""The chain signal ranks SKUs in SQL first and reads the stores of the top ones only;
the answer is the one folding every (SKU, store) row gives, ties at the cut included."""

from __future__ import annotations

from datetime import date
from typing import Any

from pos_discrepancy.domain.chain_signal import chain_signal
from pos_discrepancy.reports.stats import gather_chain_signal
from pos_discrepancy.reports.stats_queries import iter_sku_at_stores


def test_the_top_skus_are_those_of_the_full_fold(store: Any, clock: Any) -> None:
    for code in ("S002", "S003", "S004"):
        store.add_store(code, name=code, currency="USD")
    # (sku, stores it is wrong in, incidents at the first): ties on stores and incidents
    plan = [("400000000017", 4, 1), ("400000000024", 3, 2), ("400000000031", 3, 1),
            ("400000000048", 3, 1), ("400000000055", 2, 3), ("400000000062", 2, 1),
            ("400000000079", 2, 1), ("400000000086", 1, 5)]  # fmt: skip
    for sku, stores, extra in plan:
        for n in range(stores):
            for _ in range(extra if n == 0 else 1):
                clock.advance(seconds=7)
                store.check(store=f"S00{n + 1}", register="R1", cashier="C07", sku=sku,
                            shelf_price="1.00", scanned_price="2.00",
                            description=f"Item {sku[-3:]}")  # fmt: skip
    request = store.report_request("summary", store=None, since=date(2026, 11, 1),
                                   until=date(2026, 11, 30))  # fmt: skip
    with store.context.reading() as connection:
        every = chain_signal(iter_sku_at_stores(connection, request, min_stores=2))
        assert len(every) == 7
        for limit in range(1, 9):
            assert gather_chain_signal(connection, request, limit=limit) == every[:limit]
        assert gather_chain_signal(connection, request, min_stores=5) == []

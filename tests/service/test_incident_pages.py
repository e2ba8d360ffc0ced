"""Pages of the incident list: past the middle they are read from the oldest end (so the
last page is as cheap as the first at 10M incidents); every page holds the same rows, in
the same order, as one newest-first read cut into pages."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from pos_discrepancy.service.incidents import page
from pos_discrepancy.store.repository import INCIDENTS


def test_every_page_matches_one_newest_first_read(store: Any, clock: Any) -> None:
    for n in range(23):
        if n % 5:  # some incidents share an instant: the id breaks the tie
            clock.advance(seconds=1)
        store.check(store="S001", register="R1", cashier="C07", sku=f"40000000{n:04d}",
                    shelf_price="1.00", scanned_price="2.00", description="Item")  # fmt: skip
    newest_first = (
        select(INCIDENTS.c.id)
        .where(INCIDENTS.c.store_id == "S001")
        .order_by(INCIDENTS.c.detected_at.desc(), INCIDENTS.c.id.desc())
    )
    with store.context.reading() as connection:
        everything = list(connection.execute(newest_first).scalars())
    assert len(everything) == 23
    for size in (1, 4, 5, 10, 23, 50):
        pages = -(-23 // size)
        for number in range(1, pages + 2):  # and one page past the end: empty
            found = page(store.context, "S001", status="all", page=number, page_size=size)
            assert found.total == 23 and found.pages == pages
            expected = everything[(number - 1) * size : number * size]
            assert [r.id for r in found.rows] == expected, (size, number)

"""The summary PDF prints the dashboard's outcome measures and charts, and the chain signal."""

from __future__ import annotations

import re
from typing import Any

from pos_discrepancy.reports.stats_words import measure_rows

from .. import outcome_fixture as fixture


def test_the_summary_pdf_shows_the_measures_and_the_charts(
    store: Any, clock: Any, build_report: Any, pdf_tools: Any
) -> None:
    fixture.build(store, clock)
    store.add_store("S002", name="Harbour", currency="USD")
    clock.now = fixture.at(29, 10)  # the novel's tag is wrong at S002 too
    store.check(store="S002", register="R9", cashier="C01", sku=fixture.NOVEL,
                shelf_price="18.95", scanned_price="19.95")  # fmt: skip
    pages = pdf_tools.read(build_report("summary", since=fixture.SINCE, until=fixture.UNTIL))
    text = re.sub(r"\s+", " ", " ".join(page.text for page in pages))
    assert "Outcomes: accuracy, cost and speed" in text
    measures = store.stats("S001", fixture.SINCE, fixture.UNTIL)
    for _, label, words in measure_rows(measures):
        assert label in text and words in text, (label, words)
    assert "1.18 (4 incidents over 3,400 scans on 3 days)" in text
    for title in ("Incidents per day", "Price accuracy, week by week",
                  "Cost of honoring vs walk-aways", "Time to fix the tag"):  # fmt: skip
        assert title in text
    assert "inspection line 98 %" in text
    assert "Wrong in several stores" in text and "S001 ×2, S002" in text
    pdf_tools.assert_clean(pages)


def test_the_chain_summary_lists_the_chain_signal_only(
    store: Any, clock: Any, build_report: Any, pdf_tools: Any
) -> None:
    fixture.build(store, clock)
    pages = pdf_tools.read(build_report("summary", store=None, since=fixture.SINCE,
                                        until=fixture.UNTIL))  # fmt: skip
    text = " ".join(page.text for page in pages)
    assert "Outcomes: accuracy" not in text
    assert "No SKU mismatched in more than one store in this period." in text
